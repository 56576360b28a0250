//! Markdown to HTML for report bodies: CommonMark plus GFM tables, footnotes,
//! strikethrough and task lists; the CJK-friendly emphasis rule; CJK-aware
//! soft line breaks; Word/WPS paste clean-up; heading ids; `{{ name(k=v) }}`
//! shortcodes; the `<!-- more -->` summary; plain text and counts for search
//! and meta descriptions; sanitising of author HTML and URLs.
//!
//! One render: shortcode pre-pass (outside code) swaps each call for an ASCII
//! token → source clean-up (`cleanup`) and emphasis placeholders
//! (`cjk_emphasis`), each only when needed → one parse, one walk over its
//! events (`walker`) → HTML, ammonia per block holding raw HTML (`sanitize`)
//! → tokens replaced by the trusted shortcode output.

use pulldown_cmark::{Event, Options, Parser, TagEnd};

use crate::text;
use sanitize::{is_safe_url, to_html};
use shortcode::expand_shortcodes;
use walker::Walker;

pub use error::MarkdownError;

mod cjk_emphasis;
mod cleanup;
mod error;
mod sanitize;
mod shortcode;
mod walker;

/// Rendering switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Pass author HTML and every URL through untouched (trusted content).
    pub unsafe_html: bool,
    /// Emphasis next to CJK punctuation by the CJK-friendly amendment
    /// (`**“项目为王”**理念`); off, plain CommonMark.
    pub cjk_friendly: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions { unsafe_html: false, cjk_friendly: true }
    }
}

/// A shortcode call found in the body, handed to the caller's renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    pub name: String,
    pub args: Vec<(String, ShortcodeArg)>,
    /// 1-based line within the body where `{{` stands.
    pub line: usize,
}

/// A shortcode argument: `"text"` or `'text'`, a number, `true`/`false`.
#[derive(Debug, Clone, PartialEq)]
pub enum ShortcodeArg {
    Str(String),
    Num(f64),
    Bool(bool),
}

/// A heading of the body, for tables of contents (serialised into templates).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Everything a page needs from its body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    /// HTML before `<!-- more -->` with shortcodes removed; `None` without marker.
    pub summary_html: Option<String>,
    /// Plain text of the first paragraph (default summary, meta description).
    pub first_paragraph: String,
    /// The whole body as plain text with single spaces (search index).
    pub plain_text: String,
    /// [`text::count_chars`] of `plain_text`.
    pub char_count: usize,
    pub reading_minutes: u32,
    pub headings: Vec<Heading>,
}

/// Renders a Markdown body. `shortcode` turns each call into trusted HTML; its
/// `Err` becomes a [`MarkdownError::Shortcode`] at the call's line.
pub fn render<E>(
    body: &str,
    opts: &MarkdownOptions,
    shortcode: &mut dyn FnMut(&Shortcode) -> Result<String, E>,
) -> Result<Rendered, MarkdownError<E>> {
    let ex = expand_shortcodes(body, shortcode)?;
    let cleaned = cleanup::clean(&ex.src, !opts.unsafe_html);
    let src = cleaned.as_deref().unwrap_or(&ex.src);
    let cjk = if opts.cjk_friendly { cjk_emphasis::apply(src) } else { None };
    let (src, placeholders) = match &cjk {
        Some((src, ph)) => (src.as_str(), Some(*ph)),
        None => (src, None),
    };
    let mut w = Walker::new(&ex, opts.unsafe_html, placeholders);
    Parser::new_ext(src, parser_options()).for_each(|ev| w.event(ev));
    w.flush_soft_break(None);
    if let Some((line, place)) = w.misplaced.take() {
        return Err(MarkdownError::Misplaced { line, place });
    }
    let headings = w.heading_ids();
    let summary_html = w.more_at.map(|at| {
        let closers = open_tags(&w.out[..at]).into_iter().rev().map(Event::End);
        let events = w.out[..at].iter().cloned().chain(closers);
        to_html(events, w.raw_html_in_summary, &ex, true)
    });
    let char_count = text::count_chars(&w.plain);
    Ok(Rendered {
        html: to_html(w.out.into_iter(), w.raw_html, &ex, false),
        summary_html,
        first_paragraph: w.first,
        plain_text: w.plain,
        char_count,
        reading_minutes: text::reading_minutes(char_count),
        headings,
    })
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn is_more_marker(h: &str) -> bool {
    let h = h.trim();
    h.len() >= 7 && h.starts_with("<!--") && h.ends_with("-->") && h[4..h.len() - 3].trim() == "more"
}

fn is_inline(end: &TagEnd) -> bool {
    use TagEnd::*;
    matches!(end, Emphasis | Strong | Strikethrough | Superscript | Subscript | Link | Image)
}

/// Inline HTML that only wraps text (`<span>`, `</b>`, a comment), unlike
/// elements that stand for content of their own.
fn is_transparent_html(h: &str) -> bool {
    let name = h.trim_start().trim_start_matches(['<', '/']);
    let name = &name[..name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len())];
    !["br", "img", "input", "hr", "wbr"].iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Tags still open after `events`, innermost last.
fn open_tags(events: &[Event]) -> Vec<TagEnd> {
    let mut stack = Vec::new();
    for ev in events {
        match ev {
            Event::Start(tag) => stack.push(tag.to_end()),
            Event::End(_) => _ = stack.pop(),
            _ => {}
        }
    }
    stack
}

#[cfg(test)]
mod tests;
