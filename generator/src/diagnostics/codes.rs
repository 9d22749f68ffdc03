//! The registry of diagnostic codes. Each code has a stable id (used in
//! `--format json`, GitHub annotations and `gongshi explain`) and a severity.
//! The texts `gongshi explain` prints (title, meaning, example and fix, in
//! Chinese and English) are in `explain.rs`, which must cover every code.

use super::Severity;

macro_rules! codes {
    ($( $variant:ident = $id:literal, $severity:ident; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable id, such as `GS103`.
            pub fn id(self) -> &'static str {
                match self { $( Code::$variant => $id, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }
        }
    };
}

codes! {
    FileUnreadable = "GS001", Error;
    NotUtf8 = "GS002", Error;
    FileTooLarge = "GS003", Error;
    BadSymlink = "GS004", Error;
    LimitExceeded = "GS005", Error;
    ConfigInvalid = "GS010", Error;
    FrontMatterMissing = "GS101", Error;
    FrontMatterSyntax = "GS102", Error;
    FieldMissing = "GS103", Error;
    FieldType = "GS104", Error;
    UnknownKind = "GS105", Error;
    BadDate = "GS106", Error;
    UnknownField = "GS107", Warning;
    ElectionNotFound = "GS108", Error;
    SupersedesNotFound = "GS109", Error;
    AttachmentMissing = "GS110", Error;
    DataFileMissing = "GS111", Error;
    UrlCollision = "GS112", Error;
    UnsafePath = "GS113", Error;
    SlugEmpty = "GS114", Error;
    BrokenLink = "GS115", Error;
    BrokenAnchor = "GS116", Error;
    RegionInvalid = "GS201", Error;
    DuplicateElection = "GS202", Error;
    OrphanNotice = "GS203", Warning;
    HtmlRemoved = "GS301", Warning;
    ShortcodeInvalid = "GS302", Error;
    DataFileInvalid = "GS303", Error;
    TotalMismatch = "GS304", Warning;
    ResultsTableInvalid = "GS500", Error;
    VoterListLate = "GS501", Error;
    CandidateListLate = "GS502", Error;
    ResultLate = "GS503", Error;
    TurnoutTooLow = "GS504", Error;
    WinnerWithoutMajority = "GS505", Error;
    VotesExceedCast = "GS506", Error;
    TooManyElected = "GS507", Error;
    CommitteeSize = "GS508", Error;
    NoWomanElected = "GS509", Error;
    NotContested = "GS510", Error;
    ElectionOutOfOrder = "GS511", Error;
    ValidUntilBeforeDate = "GS512", Error;
    FewerElected = "GS513", Warning;
    LoserOutpolledWinner = "GS514", Warning;
    PiiFound = "GS601", Error;
    PiiMasked = "GS602", Warning;
    TemplateError = "GS401", Error;
    StylesheetNotMinified = "GS402", Warning;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.id()), "duplicate id {}", code.id());
            assert!(code.id().starts_with("GS") && code.id().len() == 5);
        }
    }
}
