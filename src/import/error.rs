//! The import layer's one error type: why the command cannot run (no site,
//! a wrong section or campaign) or why one file was not imported (its
//! format, its encoding, nothing to take from it, a draft that would not
//! build). Every reader (.docx, .html, text) reports through it.

use std::fmt;
use std::path::PathBuf;

use crate::messages::import::Import;
use crate::messages::scaffold::Scaffold;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// `--root` holds neither `site.yaml` nor `content/`.
    NoSite {
        root: PathBuf,
    },
    /// `--section` is empty, leaves `content/` or names the campaigns.
    BadSection {
        section: String,
    },
    UnknownCampaign {
        id: String,
        known: Vec<String>,
    },
    /// `--campaign` given in a site that has none.
    NoCampaigns {
        id: String,
    },
    /// The 繁→简 tables did not load (OpenCC's reason).
    ConversionTables {
        why: String,
    },
    /// An input path that is neither a file nor a folder.
    NoSuchFile,
    /// A binary .doc, .wps or .rtf: it must be saved as .docx first.
    OldFormat {
        ext: String,
    },
    NotImportable {
        ext: String,
    },
    /// The file could not be read (the system's reason).
    Unreadable {
        why: String,
    },
    /// A UTF-8 byte-order mark before text that is not UTF-8.
    NotUtf8AfterMark {
        why: String,
    },
    NotUtf16,
    UnknownEncoding,
    /// Not a zip archive (the reader's reason).
    NotDocx {
        why: String,
    },
    /// A zip without `word/document.xml`.
    NotWordDocument,
    /// A part of the archive that could not be unpacked.
    DocxPart {
        name: String,
        why: String,
    },
    NoText,
    /// No date in the text, none given, and the file has none.
    NoDate,
    /// The draft as written would fail the build (the build's message).
    WouldNotBuild {
        why: String,
    },
    /// The draft or one of its pictures could not be written.
    Write(Scaffold),
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |x: &String| x.clone();
        let message = match self {
            ImportError::NoSite { root } => Import::NoSite { root: root.display().to_string() },
            ImportError::BadSection { section } => Import::BadSection { section: s(section) },
            ImportError::UnknownCampaign { id, known } => {
                Import::UnknownCampaign { id: s(id), known: known.join(", ") }
            }
            ImportError::NoCampaigns { id } => Import::NoCampaigns { id: s(id) },
            ImportError::ConversionTables { why } => Import::ConversionTables { why: s(why) },
            ImportError::NoSuchFile => Import::NoSuchFile,
            ImportError::OldFormat { ext } => Import::OldFormat { ext: s(ext) },
            ImportError::NotImportable { .. } => Import::NotImportable,
            ImportError::Unreadable { why } => Import::CannotRead { why: s(why) },
            ImportError::NotUtf8AfterMark { why } => Import::NotUtf8AfterMark { why: s(why) },
            ImportError::NotUtf16 => Import::NotUtf16,
            ImportError::UnknownEncoding => Import::UnknownEncoding,
            ImportError::NotDocx { why } => Import::NotDocx { why: s(why) },
            ImportError::NotWordDocument => Import::NotWordDocument,
            ImportError::DocxPart { name, why } => Import::CannotReadPart { name: s(name), why: s(why) },
            ImportError::NoText => Import::NoText,
            ImportError::NoDate => Import::NoDate,
            ImportError::WouldNotBuild { why } => Import::WouldNotBuild { why: s(why) },
            ImportError::Write(m) => return m.fmt(f),
        };
        message.fmt(f)
    }
}

impl std::error::Error for ImportError {}

impl From<Scaffold> for ImportError {
    fn from(m: Scaffold) -> Self {
        ImportError::Write(m)
    }
}
