//! Diagnostics: content errors and warnings that name file, line, field, what
//! was expected and what was found. A build collects all of them and reports
//! them together instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the input, pointing at the place a writer must fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line in the file; 0 when the problem is about the whole file.
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    /// The front-matter field (dotted path such as `projects[1].progress`), if any.
    pub field: Option<String>,
    pub message: String,
    /// The offending line as written, quoted under the message.
    pub quote: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column: 0,
            severity: Severity::Error,
            field: None,
            message: message.into(),
            quote: None,
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, line, message) }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn column(mut self, column: usize) -> Self {
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Quotes line `self.line` of `source` (the whole file's text).
    pub fn quoting(mut self, source: &str) -> Self {
        if self.line > 0 {
            if let Some(l) = source.lines().nth(self.line - 1) {
                self.quote = Some(l.trim_end_matches('\r').to_string());
            }
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::messages::load::Label;
        let lang = crate::messages::lang();
        // Chinese text takes a full-width colon after a label.
        let colon = if lang == crate::messages::Lang::Zh { "：" } else { ": " };
        let kind = match self.severity {
            Severity::Error => Label::Error,
            Severity::Warning => Label::Warning,
        };
        write!(f, "{kind}{colon}{}", visible(&self.file.display().to_string()))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, "{colon}{} `{}`", Label::Field, visible(field))?;
        }
        write!(f, "{colon}{}", visible(&self.message))?;
        if let Some(q) = &self.quote {
            write!(f, "\n  {:>4} | {}", self.line, visible(q))?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  {}{colon}{}", Label::Hint, visible(h))?;
        }
        Ok(())
    }
}

/// Everything a stage found wrong; errors fail the build, warnings don't.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file and line so the report reads top to bottom and is deterministic.
    pub fn sorted(mut self) -> Self {
        self.items.sort();
        self.items.dedup();
        self
    }
}

/// `s` with control and invisible characters written as `\u{..}` escapes: a
/// message must never carry a terminal escape sequence from a content file,
/// and a zero-width space in a key must be seen to be fixed. Tabs and line
/// breaks stay (a template error spans lines).
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters a terminal acts on or shows as nothing.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// A display path relative to the site root, as writers see it.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on_or_hide() {
        assert_eq!(visible("co\u{200B}unty"), "co\\u{200B}unty");
        assert_eq!(visible("a\u{1b}[31mred"), "a\\u{001B}[31mred");
        assert_eq!(visible("东光县\t2021"), "东光县\t2021");
        let d = Diagnostic::error("a.md", 2, "x").quoting("---\ntitle: \u{1b}]0;pwned\u{7}\n");
        assert!(!d.to_string().contains('\u{1b}'), "{d}");
    }
}
