//! The load layer's one error type: what stops a file (or a ledger it
//! names) from being read. Callers put it into a diagnostic with the file,
//! line and field.

use std::fmt;

use crate::messages::ledger::Ledger;
use crate::messages::load::Load;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// `---` on line 1 without a closing fence.
    UnclosedFrontMatter,
    /// A ledger file of another type.
    NotALedger {
        ext: String,
    },
    /// The workbook could not be opened (the reader's reason).
    Workbook(String),
    NoSuchSheet {
        sheet: String,
        sheets: Vec<String>,
    },
    NoSheets,
    /// A sheet could not be read (the reader's reason).
    Sheet {
        sheet: String,
        why: String,
    },
    /// The file could not be read (the system's reason).
    Unreadable(String),
    NeitherUtf8NorGbk,
    /// A CSV file that does not parse (the reader's reason).
    Csv(String),
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |x: &String| x.clone();
        match self {
            LoadError::UnclosedFrontMatter => Load::Unclosed.fmt(f),
            LoadError::NotALedger { ext } => Ledger::NotLedger { ext: s(ext) }.fmt(f),
            LoadError::Workbook(why) => Ledger::CannotOpen { why: s(why) }.fmt(f),
            LoadError::NoSuchSheet { sheet, sheets } => {
                Ledger::NoSheet { sheet: s(sheet), sheets: sheets.join("、") }.fmt(f)
            }
            LoadError::NoSheets => Ledger::NoSheets.fmt(f),
            LoadError::Sheet { sheet, why } => Ledger::CannotReadSheet { sheet: s(sheet), why: s(why) }.fmt(f),
            LoadError::Unreadable(why) => Ledger::CannotRead { why: s(why) }.fmt(f),
            LoadError::NeitherUtf8NorGbk => Ledger::CsvEncoding.fmt(f),
            LoadError::Csv(why) => Ledger::CannotReadCsv { why: s(why) }.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {}
