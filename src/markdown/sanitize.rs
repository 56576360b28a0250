//! Turning the walked events into HTML: author HTML is sanitised block by
//! block with ammonia (so an unclosed tag cannot spread past its own block),
//! link schemes are checked, and shortcode output is spliced in afterwards.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::sync::OnceLock;

use pulldown_cmark::{html, Event};

use super::shortcode::{splice, Expanded};

/// HTML of `events`, with shortcode output spliced in afterwards so it is
/// never sanitised. When they hold raw HTML, each top-level block holding
/// some goes through ammonia on its own (ammonia is the slow step, and our
/// own events are safe by construction).
pub(super) fn to_html<'a>(evs: impl Iterator<Item = Event<'a>>, raw: bool, ex: &Expanded, strip: bool) -> String {
    let mut html = String::with_capacity(ex.src.len() * 3 / 2);
    if !raw {
        html::push_html(&mut html, evs);
        return splice(html, ex, strip);
    }
    // One writer for the whole body (footnote numbers run across blocks);
    // the blocks' byte ranges in its output are noted as it goes.
    let out = RefCell::new(html);
    let mut blocks: Vec<(usize, bool)> = Vec::new();
    let (mut depth, mut has_raw) = (0usize, false);
    let noted = evs.inspect(|ev| {
        if depth == 0 {
            blocks.push((out.borrow().len(), std::mem::take(&mut has_raw)));
        }
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => has_raw = true,
            _ => {}
        }
    });
    html::write_html_fmt(SharedString(&out), noted).expect("writing to a String cannot fail");
    blocks.push((out.borrow().len(), has_raw));
    let html = out.into_inner();
    let mut clean = String::with_capacity(html.len());
    // Each entry holds where a block starts and whether the one before it had raw HTML.
    for pair in blocks.windows(2) {
        let part = &html[pair[0].0..pair[1].0];
        if pair[1].1 {
            // The newline after the block stays outside, or an unclosed
            // inline tag would be reopened around it.
            let body = part.trim_end_matches('\n');
            clean.push_str(&sanitizer().clean(body).to_string());
            clean.push_str(&part[body.len()..]);
        } else {
            clean.push_str(part);
        }
    }
    splice(clean, ex, strip)
}

/// A `fmt::Write` into a `RefCell<String>`, so the output's length can be
/// read between events while the writer holds it.
struct SharedString<'s>(&'s RefCell<String>);

impl fmt::Write for SharedString<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
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
            // Same link markup and schemes whether or not a body went through ammonia.
            .link_rel(None)
            .url_schemes(SAFE_SCHEMES.iter().copied().collect())
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

pub(super) fn is_safe_url(url: &str) -> bool {
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
