//! Markdown to HTML for report bodies: CommonMark plus GFM tables, footnotes,
//! strikethrough and task lists; CJK-aware soft line breaks; heading ids;
//! `{{ name(k=v) }}` shortcodes; the `<!-- more -->` summary; plain text and
//! counts for search and meta descriptions; sanitising of author HTML and URLs.
//!
//! One render: shortcode pre-pass (outside code) swaps each call for an ASCII
//! token → one parse, one walk over its events → HTML → ammonia (only when the
//! body has raw HTML) → tokens replaced by the trusted shortcode output.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

use crate::text;
use cjk_emphasis::Placeholders;
use shortcode::{expand_shortcodes, splice, Expanded};

mod cjk_emphasis;
mod shortcode;

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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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

/// A body that cannot be rendered; `line` is 1-based within the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for MarkdownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for MarkdownError {}

/// Renders a Markdown body. `shortcode` turns each call into trusted HTML; its
/// `Err(message)` becomes a [`MarkdownError`] at the call's line.
pub fn render(
    body: &str,
    opts: &MarkdownOptions,
    shortcode: &mut dyn FnMut(&Shortcode) -> Result<String, String>,
) -> Result<Rendered, MarkdownError> {
    let ex = expand_shortcodes(body, shortcode)?;
    let cjk = if opts.cjk_friendly { cjk_emphasis::apply(&ex.src) } else { None };
    let (src, placeholders) = match &cjk {
        Some((src, ph)) => (src.as_str(), Some(*ph)),
        None => (&*ex.src, None),
    };
    let mut w = Walker { ex: Some(&ex), unsafe_html: opts.unsafe_html, placeholders, ..Default::default() };
    Parser::new_ext(src, parser_options()).for_each(|ev| w.event(ev));
    w.flush_soft_break(None);
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

/// HTML of `events`, through ammonia when they hold raw HTML (ammonia is the
/// slow step, and our own events are safe by construction), with shortcode
/// output spliced in afterwards so it is never sanitised.
fn to_html<'a>(evs: impl Iterator<Item = Event<'a>>, raw: bool, ex: &Expanded, strip: bool) -> String {
    let mut html = String::with_capacity(ex.src.len() * 3 / 2);
    html::push_html(&mut html, evs);
    if raw {
        html = sanitizer().clean(&html).to_string();
    }
    splice(html, ex, strip)
}

/// Ammonia policy: defaults plus what our renderer emits (heading ids,
/// footnote classes and ids, code language classes, table alignment, disabled
/// task checkboxes, `<details open>`). Built once, read-only afterwards.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        for tag in ["h1", "h2", "h3", "h4", "h5", "h6", "div", "sup"] {
            b.add_tag_attributes(tag, &["id", "class"]);
        }
        b.add_tags(&["input"])
            .add_tag_attributes("input", &["type", "checked"])
            .set_tag_attribute_value("input", "disabled", "")
            .add_tag_attributes("span", &["class"])
            .add_tag_attributes("code", &["class"])
            .add_tag_attributes("th", &["style"])
            .add_tag_attributes("td", &["style"])
            .add_tag_attributes("details", &["open"])
            .filter_style_properties(["text-align"].into_iter().collect())
            // Same link markup whether or not a body went through ammonia.
            .link_rel(None)
            .attribute_filter(filter_attribute);
        b
    })
}

fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let class_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ');
    match (element, attribute) {
        ("input", "type") => Some(value.into()).filter(|_| value.eq_ignore_ascii_case("checkbox")),
        (_, "class") => Some(value.chars().filter(|&c| class_char(c)).collect()),
        _ => Some(value.into()),
    }
}

/// Schemes a link or image may use; scheme-less (relative) URLs are fine.
const SAFE_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "ftp", "ftps", "sms", "geo", "irc", "ircs", "magnet", "news", "nntp", "sip",
    "ssh", "webcal", "xmpp",
];

fn is_safe_url(url: &str) -> bool {
    // Browsers skip leading controls and spaces and drop tabs and newlines
    // before reading the scheme, so `java\tscript:` is still a scheme.
    let mut scheme = String::new();
    let chars = url.trim_start_matches(|c: char| c <= ' ').chars();
    for c in chars.filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => return scheme.is_empty() || SAFE_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(&scheme)),
            'a'..='z' | 'A'..='Z' => scheme.push(c),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            _ => return true,
        }
    }
    true
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

/// One pass over the parser events: rewrites them for output and gathers
/// plain text, headings and the summary cut. Positions are indices in `out`
/// or byte offsets in `plain`.
#[derive(Default)]
struct Walker<'a, 'x> {
    ex: Option<&'x Expanded<'x>>,
    unsafe_html: bool,
    /// Characters the CJK emphasis pass put into the source, dropped from text.
    placeholders: Option<Placeholders>,
    out: Vec<Event<'a>>,
    /// Plain text with whitespace collapsed; `space` is a pending separator.
    plain: String,
    space: bool,
    first: String,
    first_start: Option<usize>,
    /// Open heading (start event, text start); closed ones with level and text.
    heading: Option<(usize, usize)>,
    headings: Vec<(usize, u8, String)>,
    custom_ids: HashSet<String>,
    last_char: Option<char>,
    /// Soft break waiting for the next character, and whether the one
    /// before it was wide.
    soft: Option<(usize, bool)>,
    more_at: Option<usize>,
    raw_html: bool,
    raw_html_in_summary: bool,
}

impl<'a> Walker<'a, '_> {
    fn event(&mut self, mut ev: Event<'a>) {
        match &mut ev {
            Event::Text(t) => {
                if let Some(ph) = self.placeholders.filter(|ph| t.contains(|c| ph.is_placeholder(c))) {
                    *t = t.replace(|c| ph.is_placeholder(c), "").into();
                    if t.is_empty() {
                        return;
                    }
                }
                if let Some(c) = t.chars().next() {
                    self.flush_soft_break(Some(c));
                }
                self.last_char = t.chars().next_back().or(self.last_char);
                self.push_text(t);
                return self.out.push(ev);
            }
            Event::Code(t) => {
                // Opaque to the soft-break rule, yet no word boundary.
                self.flush_soft_break(None);
                self.last_char = None;
                self.push_text(t);
                return self.out.push(ev);
            }
            Event::SoftBreak => {
                self.flush_soft_break(None);
                let wide = self.last_char.take().is_some_and(text::is_wide);
                self.soft = Some((self.out.len(), wide));
                return self.out.push(ev);
            }
            Event::Html(h) | Event::InlineHtml(h) if self.more_at.is_none() && is_more_marker(h) => {
                self.flush_soft_break(None);
                self.more_at = Some(self.out.len());
                return;
            }
            Event::InlineHtml(h) if is_transparent_html(h) => {
                self.note_raw_html();
                return self.out.push(ev);
            }
            Event::Html(_) | Event::InlineHtml(_) => self.note_raw_html(),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if !self.unsafe_html && !is_safe_url(dest_url) {
                    *dest_url = "".into();
                }
                return self.out.push(ev);
            }
            Event::Start(Tag::Heading { id, attrs, .. }) => {
                self.heading = Some((self.out.len(), self.plain.len()));
                self.custom_ids.extend(id.as_ref().map(|id| id.to_string()));
                if !self.unsafe_html {
                    attrs.clear(); // `{onclick=...}` would reach the page unchecked
                }
            }
            Event::Start(Tag::Paragraph) if self.first.is_empty() => {
                self.first_start = Some(self.plain.len());
            }
            Event::Start(tag) if is_inline(&tag.to_end()) => return self.out.push(ev),
            Event::End(end) if is_inline(end) => return self.out.push(ev),
            Event::End(TagEnd::Paragraph) => {
                if let Some(start) = self.first_start.take() {
                    self.first = self.plain[start..].trim().to_string();
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, start)) = self.heading.take() {
                    let text = self.plain[start..].trim().to_string();
                    self.headings.push((at, *level as u8, text));
                }
            }
            _ => {}
        }
        // Everything else ends a word and the look for the character after a
        // soft break (which then stays).
        self.flush_soft_break(None);
        self.last_char = None;
        self.space = true;
        if let Event::Html(h) = &ev {
            self.raw_text(h);
        }
        self.out.push(ev);
    }

    fn note_raw_html(&mut self) {
        self.raw_html = !self.unsafe_html;
        self.raw_html_in_summary |= self.raw_html && self.more_at.is_none();
    }

    /// Settles a pending soft break once the next character is known: the
    /// key CJK rule, no space between two wide characters joined by a source
    /// line break, even across emphasis or link markup.
    fn flush_soft_break(&mut self, next: Option<char>) {
        let Some((at, prev_wide)) = self.soft.take() else {
            return;
        };
        if prev_wide && next.is_some_and(text::is_wide) {
            self.out.remove(at);
        } else {
            self.space = true;
        }
    }

    /// Appends to `plain`, collapsing whitespace and leaving out shortcodes.
    fn push_text(&mut self, t: &str) {
        let stripped;
        let mut t = t;
        if let Some(ex) = self.ex.filter(|ex| !ex.outputs.is_empty() && text::find_ascii(t, &ex.prefix).is_some()) {
            stripped = splice(t.to_string(), ex, true);
            t = &stripped;
        }
        // Word by word, not char by char: a report's text is long runs of
        // Chinese without a space, copied whole.
        let mut rest = t;
        while !rest.is_empty() {
            let word_start = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
            if word_start > 0 {
                self.space = true;
                rest = &rest[word_start..];
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if std::mem::take(&mut self.space) && !self.plain.is_empty() {
                self.plain.push(' ');
            }
            self.plain.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }

    /// Visible text of a raw HTML block line: what is outside `<...>`.
    fn raw_text(&mut self, h: &str) {
        for (i, part) in h.split('<').enumerate() {
            self.push_text(part.split_once('>').map_or(if i == 0 { part } else { "" }, |p| p.1));
            self.space = true;
        }
    }

    /// Custom ids are taken first so an earlier automatic id never collides
    /// with one; automatic ids follow in order, made unique with `-1`, `-2`.
    fn heading_ids(&mut self) -> Vec<Heading> {
        let mut used = std::mem::take(&mut self.custom_ids);
        let mut headings = Vec::with_capacity(self.headings.len());
        for (at, level, text) in std::mem::take(&mut self.headings) {
            let Some(Event::Start(Tag::Heading { id, .. })) = self.out.get_mut(at) else {
                continue;
            };
            let id = id.get_or_insert_with(|| {
                let base = text::anchor_id(&text);
                let (mut unique, mut n) = (base.clone(), 0);
                while !used.insert(unique.clone()) {
                    n += 1;
                    unique = format!("{base}-{n}");
                }
                unique.into()
            });
            let id = id.to_string();
            headings.push(Heading { level, id, text });
        }
        headings
    }
}

#[cfg(test)]
mod tests;
