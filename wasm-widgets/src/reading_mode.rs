//! The reading mode a resident chose: standard, or the elderly-friendly large
//! text mode (长辈模式). The choice is remembered across pages under
//! [`STORAGE_KEY`] and applied as [`ROOT_CLASS`] on `<html>`, which the theme's
//! stylesheet enlarges.

/// `localStorage` key holding the resident's choice.
pub const STORAGE_KEY: &str = "gongshi.reading-mode";

/// Class set on the root element while large text is on.
pub const ROOT_CLASS: &str = "gs-large";

/// Id of the switch button every page carries (hidden until the widget runs);
/// its label stays 长辈模式 and `aria-pressed` tells whether it is on.
pub const TOGGLE_ID: &str = "gs-reading-mode";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadingMode {
    #[default]
    Standard,
    LargeText,
}

impl ReadingMode {
    /// Reads a stored value; anything unknown (an old or tampered value, or
    /// nothing stored) falls back to the standard mode.
    pub fn from_stored(value: Option<&str>) -> Self {
        match value {
            Some("large") => ReadingMode::LargeText,
            _ => ReadingMode::Standard,
        }
    }

    pub fn stored_value(self) -> &'static str {
        match self {
            ReadingMode::Standard => "standard",
            ReadingMode::LargeText => "large",
        }
    }

    pub fn toggled(self) -> Self {
        match self {
            ReadingMode::Standard => ReadingMode::LargeText,
            ReadingMode::LargeText => ReadingMode::Standard,
        }
    }

    pub fn is_large(self) -> bool {
        self == ReadingMode::LargeText
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_value_round_trips() {
        for mode in [ReadingMode::Standard, ReadingMode::LargeText] {
            assert_eq!(ReadingMode::from_stored(Some(mode.stored_value())), mode);
        }
    }

    #[test]
    fn unknown_or_missing_value_is_standard() {
        assert_eq!(ReadingMode::from_stored(None), ReadingMode::Standard);
        assert_eq!(
            ReadingMode::from_stored(Some("huge")),
            ReadingMode::Standard
        );
    }

    #[test]
    fn toggle_switches_mode() {
        let large = ReadingMode::Standard.toggled();
        assert!(large.is_large());
        assert_eq!(large.toggled(), ReadingMode::Standard);
    }
}
