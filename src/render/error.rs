//! The render layer's one error type: what stops a shortcode, a template's
//! `load_data` or the 繁體 mirror from giving its part of a page. Callers
//! turn it into a diagnostic (a body's line) or a template error.

use std::fmt;

use crate::charts::ChartError;
use crate::load::LoadError;
use crate::messages::render::Render;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// `{{ name(…) }}` for a shortcode there is not (only `chart` is).
    UnknownShortcode { name: String },
    /// A chart call that cannot be drawn.
    Chart(ChartError),
    /// `load_data(path=…)` of a file not in the site folder.
    DataMissing { path: String },
    /// A data file that is not UTF-8 text (the system's reason).
    DataNotText { path: String, why: String },
    /// A JSON, YAML or TOML file that does not parse (the parser's reason).
    DataSyntax { path: String, line: Option<usize>, why: String },
    /// A data file of a kind `load_data` does not read.
    DataKind { path: String, ext: String },
    /// A table (CSV or workbook) that could not be read.
    DataTable { path: String, error: LoadError },
    /// OpenCC's 简/繁 tables did not load (its reason).
    ConversionTables { why: String },
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = |path: &String, why: String| Render::LoadData { path: path.clone(), why };
        let message = match self {
            RenderError::UnknownShortcode { name } => Render::UnknownShortcode { name: name.clone() },
            RenderError::Chart(e) => return e.fmt(f),
            RenderError::DataMissing { path } => data(path, Render::NoSuchDataFile.to_string()),
            RenderError::DataNotText { path, why } => data(path, Render::NotUtf8Text { why: why.clone() }.to_string()),
            RenderError::DataSyntax { path, line: Some(line), why } => {
                data(path, Render::AtLine { line: *line, why: why.clone() }.to_string())
            }
            RenderError::DataSyntax { path, line: None, why } => data(path, why.clone()),
            RenderError::DataKind { path, ext } => data(path, Render::UnreadableData { ext: ext.clone() }.to_string()),
            RenderError::DataTable { path, error } => data(path, error.to_string()),
            RenderError::ConversionTables { why } => Render::ConversionTables { why: why.clone() },
        };
        message.fmt(f)
    }
}

impl std::error::Error for RenderError {}

impl From<ChartError> for RenderError {
    fn from(e: ChartError) -> Self {
        RenderError::Chart(e)
    }
}
