//! The language of what the command line prints for people: Chinese for
//! editors, English for the IT helpers and CI maintainers who do not read
//! it. Chosen by `--lang`, otherwise from the locale, in this one place.

use super::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 中文
    Zh,
    /// English
    En,
}

impl Lang {
    /// `--lang` when given, otherwise the locale of the environment.
    pub fn choose(flag: Option<Lang>) -> Lang {
        flag.unwrap_or_else(Lang::from_env)
    }

    /// Chinese when the locale is Chinese, English otherwise. The locale is
    /// the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not
    /// empty (the POSIX order); it is Chinese when it starts with `zh`
    /// (`zh_CN.UTF-8`, `zh_TW`, `zh`).
    pub fn from_env() -> Lang {
        Lang::from_locale(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|value| !value.trim().is_empty());
        match locale {
            Some(value) if value.trim().to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }
}

impl Severity {
    /// The severity as a word of `lang`: 错误/警告, error/warning.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Severity::Error) => "错误",
            (Lang::Zh, Severity::Warning) => "警告",
            (Lang::En, severity) => severity.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(vars: &[(&str, &str)]) -> Lang {
        Lang::from_locale(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn locale_decides_when_no_flag() {
        assert_eq!(detect(&[("LANG", "zh_CN.UTF-8")]), Lang::Zh);
        assert_eq!(detect(&[("LANG", "zh_TW.Big5")]), Lang::Zh);
        assert_eq!(detect(&[("LANG", "C")]), Lang::En);
        assert_eq!(detect(&[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(detect(&[]), Lang::En);
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        assert_eq!(
            detect(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]),
            Lang::En
        );
        assert_eq!(
            detect(&[("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "C")]),
            Lang::Zh
        );
        assert_eq!(
            detect(&[("LC_ALL", "zh_CN.UTF-8"), ("LC_MESSAGES", "C")]),
            Lang::Zh
        );
        // An empty variable counts as not set.
        assert_eq!(detect(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")]), Lang::Zh);
    }

    #[test]
    fn flag_overrides_locale() {
        assert_eq!(Lang::choose(Some(Lang::En)), Lang::En);
        assert_eq!(Lang::choose(Some(Lang::Zh)), Lang::Zh);
    }

    #[test]
    fn severity_names() {
        assert_eq!(Severity::Error.name(Lang::Zh), "错误");
        assert_eq!(Severity::Warning.name(Lang::Zh), "警告");
        assert_eq!(Severity::Error.name(Lang::En), "error");
        assert_eq!(Severity::Warning.name(Lang::En), "warning");
    }
}
