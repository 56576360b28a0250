//! The raster layer's one error type: why an SVG could not become a PNG.
//! Callers put it into a warning (a chart of a WeChat article) or an error
//! (a share card) about the page it was drawn for.

use std::fmt;

use crate::messages::outputs::Outputs;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RasterError {
    /// The SVG does not parse (the parser's reason).
    SvgUnreadable { why: String },
    /// Drawn `width` pixels wide, the picture has no pixels.
    EmptyImage { width: u32 },
    /// The PNG encoder failed (its reason).
    PngUnencodable { why: String },
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for RasterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RasterError::SvgUnreadable { why } => Outputs::SvgUnreadable { why: why.clone() }.fmt(f),
            RasterError::EmptyImage { width } => Outputs::EmptyImage { width: *width }.fmt(f),
            RasterError::PngUnencodable { why } => Outputs::PngUnencodable { why: why.clone() }.fmt(f),
        }
    }
}

impl std::error::Error for RasterError {}
