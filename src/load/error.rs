//! The load layer's one error type: what stops a file (or a ledger it
//! names) from being read. Callers put it into a diagnostic with the file,
//! line and field.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// `---` on line 1 without a closing fence.
    UnclosedFrontMatter,
    /// A figure written in a unit that measures something else than the declared one.
    UnitMismatch {
        written: String,
        declared: String,
    },
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

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::UnclosedFrontMatter => f.write_str("the front-matter opened by `---` on line 1 is never closed"),
            LoadError::UnitMismatch { written, declared } => {
                write!(f, "written in {written}, but the metric is declared in {declared}")
            }
            LoadError::NotALedger { ext } => write!(f, "not a ledger file: .{ext} (use xlsx, xls, ods or csv)"),
            LoadError::Workbook(why) => write!(f, "cannot open the workbook: {why}"),
            LoadError::NoSuchSheet { sheet, sheets } => {
                write!(f, "no sheet named “{sheet}”; the sheets are: {}", sheets.join("、"))
            }
            LoadError::NoSheets => f.write_str("the workbook has no sheets"),
            LoadError::Sheet { sheet, why } => write!(f, "cannot read sheet “{sheet}”: {why}"),
            LoadError::Unreadable(why) => write!(f, "cannot read: {why}"),
            LoadError::NeitherUtf8NorGbk => {
                f.write_str("the CSV is neither UTF-8 nor GBK; save it again as “CSV UTF-8”")
            }
            LoadError::Csv(why) => write!(f, "cannot read the CSV: {why}"),
        }
    }
}

impl std::error::Error for LoadError {}
