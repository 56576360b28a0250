//! The markdown layer's one error type: a body that cannot be rendered,
//! at a line of the body. Calls that do not parse and calls where no
//! shortcode may stand are the layer's own; what the caller's shortcode
//! renderer reports (`E`) is carried as it is, at its call's line.

use std::fmt;

use crate::messages::render::{Place, Render, Wanted};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkdownError<E> {
    /// `{{ name(` followed by something other than what comes next.
    Expected { line: usize, name: String, wanted: Wanted, found: String },
    /// The body ends inside a call.
    NotClosed { line: usize, name: String, wanted: Wanted },
    /// One argument given twice.
    ArgumentTwice { line: usize, name: String, key: String },
    /// A call inside a heading or a link, where its HTML would land in markup.
    Misplaced { line: usize, place: Place },
    /// What the shortcode renderer said about its call.
    Shortcode { line: usize, error: E },
}

impl<E> MarkdownError<E> {
    /// The 1-based line within the body.
    pub fn line(&self) -> usize {
        match self {
            MarkdownError::Expected { line, .. }
            | MarkdownError::NotClosed { line, .. }
            | MarkdownError::ArgumentTwice { line, .. }
            | MarkdownError::Misplaced { line, .. }
            | MarkdownError::Shortcode { line, .. } => *line,
        }
    }
}

impl<E: fmt::Display> MarkdownError<E> {
    /// What is wrong, without the line (a diagnostic shows that apart).
    pub fn message(&self) -> String {
        let message = match self {
            MarkdownError::Expected { name, wanted, found, .. } => {
                Render::ShortcodeExpected { name: name.clone(), wanted: wanted.clone(), found: found.clone() }
            }
            MarkdownError::NotClosed { name, wanted, .. } => {
                Render::ShortcodeNotClosed { name: name.clone(), wanted: wanted.clone() }
            }
            MarkdownError::ArgumentTwice { name, key, .. } => {
                Render::ShortcodeTwice { name: name.clone(), key: key.clone() }
            }
            MarkdownError::Misplaced { place, .. } => Render::ShortcodeMisplaced { place: *place },
            MarkdownError::Shortcode { error, .. } => return error.to_string(),
        };
        message.to_string()
    }
}

/// The text is the catalogue's, in the language of the run, after the line.
impl<E: fmt::Display> fmt::Display for MarkdownError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Render::AtLine { line: self.line(), why: self.message() }.fmt(f)
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for MarkdownError<E> {}
