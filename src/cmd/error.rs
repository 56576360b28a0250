//! The command line's own error type: a value of an option that cannot be
//! read, found before any command runs (exit status 2).

use std::fmt;

use gongjian::messages::cli::Cli as Msg;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// `--lang` with neither `zh` nor `en`.
    BadLang { found: String },
    /// A date option not written `YYYY-MM-DD`.
    BadDate { found: String },
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::BadLang { found } => Msg::BadLang { found: found.clone() }.fmt(f),
            UsageError::BadDate { found } => Msg::BadDate { found: found.clone() }.fmt(f),
        }
    }
}

impl std::error::Error for UsageError {}
