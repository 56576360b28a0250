//! The images layer's one error type: why a photo could not be read,
//! resized or kept in the image cache. The caller publishes the file as it
//! is and warns with the text and the hint.

use std::fmt;
use std::path::PathBuf;

use crate::messages::images::Images;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// The photo's file could not be read (the system's reason).
    Unreadable { path: PathBuf, why: String },
    /// The bytes are in no format the decoder knows (its reason).
    UnknownFormat { why: String },
    /// A known format whose pixels do not decode (the decoder's reason).
    Undecodable { why: String },
    /// Resizing to `width` failed (the resizer's reason).
    Resize { width: u32, why: String },
    /// Encoding one size failed (the encoder's reason).
    Encode { format: &'static str, why: String },
    /// The processed sizes could not be written into the cache folder.
    CacheWrite { dir: PathBuf, why: String },
}

impl ImageError {
    /// The catalogue's message.
    pub fn message(&self) -> Images {
        let s = |x: &String| x.clone();
        match self {
            ImageError::Unreadable { path, why } => {
                Images::Unreadable { path: path.display().to_string(), why: s(why) }
            }
            ImageError::UnknownFormat { why } => Images::UnknownFormat { why: s(why) },
            ImageError::Undecodable { why } => Images::Undecodable { why: s(why) },
            ImageError::Resize { width, why } => Images::Resize { width: *width, why: s(why) },
            ImageError::Encode { format, why } => Images::Encode { format: format.to_string(), why: s(why) },
            ImageError::CacheWrite { dir, why } => Images::CacheWrite { dir: dir.display().to_string(), why: s(why) },
        }
    }

    /// What the writer can do about it.
    pub fn hint(&self) -> Images {
        match self {
            ImageError::Unreadable { .. } => Images::UnreadableHint,
            ImageError::UnknownFormat { .. }
            | ImageError::Undecodable { .. }
            | ImageError::Resize { .. }
            | ImageError::Encode { .. } => Images::SaveAgainHint,
            ImageError::CacheWrite { .. } => Images::CacheWriteHint,
        }
    }
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for ImageError {}
