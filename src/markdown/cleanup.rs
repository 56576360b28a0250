//! Source clean-up before parsing: the Office namespace tags Word and WPS
//! paste (`<o:p></o:p>`, `<st1:chsdate …>`), which are not HTML to a Markdown
//! parser and would show as text, and, in safe mode, the raw-text tags
//! (`<textarea>`, `<title>`, `<iframe>`, `<noscript>`, `<xmp>`, `<plaintext>`,
//! `<style>`, `<script>`, …) that the sanitiser would drop anyway but that,
//! left unclosed, make the parser and the sanitiser swallow the rest of the
//! article. Each such tag is removed on its own (a `<script>` or `<style>`
//! with its content when it is closed), so a bad tag can only lose itself.
//! Code spans and code blocks are left as they are.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// Elements whose content the HTML parser reads as raw text up to their end tag.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "iframe", "noscript", "xmp", "plaintext", "noembed", "noframes"];

/// Namespace prefixes of Office markup (Word, WPS, Excel, VML, smart tags).
const OFFICE: &[&str] = &["o", "v", "w", "x", "st1", "st2", "wp", "w10"];

/// Elements removed with their content when closed.
const DROP_CONTENT: &[&str] = &["script", "style"];

/// `src` without the tags above, or `None` when it has none.
pub(super) fn clean(src: &str, safe: bool) -> Option<String> {
    if !tags(src, safe).any(|_| true) {
        return None;
    }
    let mut src = Cow::Borrowed(src);
    // One raw-text tag per round: removing it can end an HTML block and put
    // later tags into code or text, so the code ranges are found again.
    // Each round removes at least one tag, so this ends.
    for _ in 0..64 {
        let code = code_ranges(&src);
        let outside = |t: &FoundTag| !code.iter().any(|r| r.start <= t.range.start && t.range.start < r.end);
        let found: Vec<FoundTag> = tags(&src, safe).filter(outside).collect();
        let first_raw = found.iter().position(|t| !t.office);
        let mut removals: Vec<Range<usize>> = found.iter().filter(|t| t.office).map(|t| t.range.clone()).collect();
        if let Some(raw) = first_raw.map(|i| &found[i]) {
            let element = raw.name.filter(|n| DROP_CONTENT.contains(n) && !raw.closing).and_then(|n| {
                let close = find_tag(&src[raw.range.end..], n, true)?;
                Some(raw.range.start..raw.range.end + close.end)
            });
            let cut = element.unwrap_or(raw.range.clone());
            removals.retain(|r| r.end <= cut.start || r.start >= cut.end);
            removals.push(cut);
        }
        if removals.is_empty() {
            break;
        }
        removals.sort_by_key(|r| r.start);
        let mut out = String::with_capacity(src.len());
        let mut copied = 0;
        for r in removals {
            // A tag running to the next `>` can cover another one.
            if r.start >= copied {
                out.push_str(&src[copied..r.start]);
            }
            copied = copied.max(r.end);
        }
        out.push_str(&src[copied..]);
        // Another round even without a raw-text tag: `<scr<o:p>ipt>` makes one.
        src = Cow::Owned(out);
    }
    Some(src.into_owned())
}

/// A tag found in the source.
struct FoundTag {
    range: Range<usize>,
    /// An Office namespace tag (`o:p`); else a raw-text tag named `name`.
    office: bool,
    name: Option<&'static str>,
    closing: bool,
}

/// Office tags, and raw-text tags when `safe`, in source order.
fn tags(src: &str, safe: bool) -> impl Iterator<Item = FoundTag> + '_ {
    memchr_iter(src, b'<').filter_map(move |at| {
        let rest = &src[at + 1..];
        let closing = rest.starts_with('/');
        let name_at = &rest[usize::from(closing)..];
        let name_len = name_at.bytes().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            return None;
        }
        let after = &name_at[name_len..];
        let office = after.starts_with(':')
            && after[1..].starts_with(|c: char| c.is_ascii_alphabetic())
            && OFFICE.iter().any(|p| name_at[..name_len].eq_ignore_ascii_case(p));
        let name = RAW_TEXT.iter().find(|n| name_at[..name_len].eq_ignore_ascii_case(n)).copied();
        let ends_name =
            after.is_empty() || after.starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>');
        if !(office || safe && name.is_some() && ends_name) {
            return None;
        }
        Some(FoundTag { range: at..at + 1 + tag_len(rest), office, name, closing })
    })
}

/// Length of a tag after its `<`: through the first `>`, else to the end of
/// its line.
fn tag_len(rest: &str) -> usize {
    match rest.find(['>', '\n']) {
        Some(i) if rest.as_bytes()[i] == b'>' => i + 1,
        Some(i) => i,
        None => rest.len(),
    }
}

/// The first `<name` (or `</name` when `closing`) tag in `s`.
fn find_tag(s: &str, name: &str, closing: bool) -> Option<Range<usize>> {
    let open = if closing { "</" } else { "<" };
    memchr_iter(s, b'<').find_map(|at| {
        let rest = s[at..].strip_prefix(open)?;
        let matches = rest.get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name));
        matches.then(|| at..at + 1 + tag_len(&s[at + 1..]))
    })
}

/// Positions of an ASCII byte, found by `str::find` (memchr).
fn memchr_iter(s: &str, needle: u8) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + s[from..].find(char::from(needle))?;
        from = at + 1;
        Some(at)
    })
}

/// Code spans and code blocks, where tags are text to show.
fn code_ranges(src: &str) -> Vec<Range<usize>> {
    Parser::new_ext(src, super::parser_options())
        .into_offset_iter()
        .filter_map(|(ev, r)| matches!(ev, Event::Code(_) | Event::Start(Tag::CodeBlock(_))).then_some(r))
        .collect()
}
