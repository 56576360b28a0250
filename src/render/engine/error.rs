//! The engine's one error type: why the build cache in `.gongjian/cache/`
//! was not used. Never fatal: the build renders every page and writes a
//! new cache; the caller says so in a warning.

use std::fmt;
use std::path::PathBuf;

use crate::messages::output::Output;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheError {
    /// Written by another version of gongjian (its first line).
    OtherVersion { version: String },
    /// The memory file could not be read or decoded (the reason).
    Unreadable { why: String },
    /// The file of page texts it points into is gone or shorter.
    TextsMissing { file: PathBuf },
    /// It decoded but does not hold together.
    Damaged,
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::OtherVersion { version } => Output::CacheOtherVersion { version: version.clone() }.fmt(f),
            CacheError::Unreadable { why } => Output::CacheUnreadable { why: why.clone() }.fmt(f),
            CacheError::TextsMissing { file } => Output::CacheTextsMissing { file: file.display().to_string() }.fmt(f),
            CacheError::Damaged => Output::CacheDamaged.fmt(f),
        }
    }
}

impl std::error::Error for CacheError {}
