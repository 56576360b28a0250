//! Shortcodes in Markdown bodies: `{{ name(k="v", n=3) }}` found outside
//! code, swapped for ASCII tokens before parsing, and spliced back in as
//! trusted HTML after rendering and sanitising.

use crate::messages::render::Wanted;
use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::{parser_options, MarkdownError, Shortcode, ShortcodeArg};
use crate::text::find_ascii;

/// The body with shortcodes swapped for tokens (`GJSCPH3END`): plain ASCII
/// that survives Markdown and ammonia, replaced by `outputs[3]` at the end.
#[derive(Default)]
pub(super) struct Expanded<'b> {
    pub(super) src: Cow<'b, str>,
    pub(super) prefix: String,
    pub(super) outputs: Vec<String>,
    /// The body line of each call, for errors found after parsing.
    pub(super) lines: Vec<usize>,
}

impl Expanded<'_> {
    /// The token in `s`, as its output's index, if the first prefix there is one.
    pub(super) fn token_in(&self, s: &str) -> Option<usize> {
        if self.outputs.is_empty() {
            return None;
        }
        let at = find_ascii(s, &self.prefix)? + self.prefix.len();
        let digits = s[at..].bytes().take_while(u8::is_ascii_digit).count();
        let i = s[at..at + digits].parse().ok().filter(|&i| i < self.outputs.len())?;
        s[at + digits..].starts_with("END").then_some(i)
    }

    /// Whether output `i` is block content (a chart's `<figure>`), which
    /// cannot stand inside a paragraph.
    pub(super) fn is_block(&self, i: usize) -> bool {
        let html = self.outputs[i].trim_start();
        ["<figure", "<div", "<table", "<section", "<p>", "<p "].iter().any(|t| html.starts_with(t))
    }

    pub(super) fn token(&self, i: usize) -> String {
        format!("{}{i}END", self.prefix)
    }
}

pub(super) fn expand_shortcodes<'b, E>(
    body: &'b str,
    render: &mut dyn FnMut(&Shortcode) -> Result<String, E>,
) -> Result<Expanded<'b>, MarkdownError<E>> {
    let mut ex = Expanded { src: Cow::Borrowed(body), ..Default::default() };
    if find_ascii(body, "{{").is_none() {
        return Ok(ex);
    }
    // A prefix the author never typed, so every later match is ours.
    ex.prefix = "GJSCPH".into();
    while find_ascii(body, &ex.prefix).is_some() {
        ex.prefix.insert(4, 'X');
    }
    // Without these there is no code or comment, and no need for a second parse.
    // A comment hides a call only where a `{{` stands inside one (`<!--more-->`
    // is in most reports, and the second parse cost a twentieth of a build).
    let may_hide = ["`", "~~~", "    ", "\t"].iter().any(|m| find_ascii(body, m).is_some()) || comment_may_hide(body);
    let literal = if may_hide { literal_ranges(body) } else { Vec::new() };
    let mut out = String::with_capacity(body.len() + 64);
    let (mut copied, mut search, mut lit) = (0, 0, 0);
    let (mut line, mut line_pos, mut line_start) = (1, 0, 0);
    while let Some(off) = find_ascii(&body[search..], "{{") {
        let pos = search + off;
        while literal.get(lit).is_some_and(|r| r.end <= pos) {
            lit += 1;
        }
        if let Some(r) = literal.get(lit).filter(|r| r.start <= pos) {
            search = r.end;
            continue;
        }
        // `\{{` is how a writer shows the syntax itself; Markdown then drops the `\`.
        if body.as_bytes()[..pos].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1 {
            search = pos + 2;
            continue;
        }
        let seen = &body[line_pos..pos];
        line += seen.bytes().filter(|&b| b == b'\n').count();
        line_start = seen.rfind('\n').map_or(line_start, |i| line_pos + i + 1);
        line_pos = pos;
        let Some((end, sc)) = parse_shortcode(body, pos, line)? else {
            search = pos + 1;
            continue;
        };
        ex.outputs.push(render(&sc).map_err(|error| MarkdownError::Shortcode { line, error })?);
        ex.lines.push(line);
        // Alone on its line: blank lines around the token make it a
        // paragraph of its own, `<p>TOKEN</p>`, which `splice` unwraps.
        let blank = |b: u8| b == b' ' || b == b'\t' || b == b'\r';
        let own_line =
            body[line_start..pos].bytes().all(blank) && body[end..].bytes().take_while(|&b| b != b'\n').all(blank);
        let split = if own_line { line_start } else { pos };
        out.push_str(&body[copied..split]);
        out.push_str(if own_line { "\n" } else { "" });
        out.push_str(&body[split..pos]);
        out.push_str(&ex.token(ex.outputs.len() - 1));
        out.push_str(if own_line { "\n" } else { "" });
        (copied, search) = (end, end);
    }
    if !ex.outputs.is_empty() {
        out.push_str(&body[copied..]);
        ex.src = Cow::Owned(out);
    }
    Ok(ex)
}

/// Whether a `{{` stands between a `<!--` and the end of the line where
/// the comment closes: the most an HTML comment (inline, or a block, which
/// runs to the end of its closing line) can hide.
fn comment_may_hide(body: &str) -> bool {
    let mut from = 0;
    while let Some(i) = find_ascii(&body[from..], "<!--") {
        let start = from + i;
        let close = find_ascii(&body[start + 4..], "-->").map_or(body.len(), |j| start + 4 + j + 3);
        let end = body[close..].find('\n').map_or(body.len(), |j| close + j);
        if find_ascii(&body[start..end], "{{").is_some() {
            return true;
        }
        from = end;
    }
    false
}

/// Byte ranges where `{{` is literal text: code spans, code blocks and HTML
/// comments, found by the real parser so fences and backticks follow CommonMark.
fn literal_ranges(body: &str) -> Vec<Range<usize>> {
    let comment = |r: &Range<usize>| body[r.clone()].trim_start().starts_with("<!--");
    Parser::new_ext(body, parser_options())
        .into_offset_iter()
        .filter_map(|(ev, r)| match ev {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(r),
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) if comment(&r) => Some(r),
            _ => None,
        })
        .collect()
}

/// Parses `{{ name(k=v, ...) }}` at `pos` into (end offset, call). `Ok(None)`
/// when `{{` is not followed by `name(`: then it is plain text.
fn parse_shortcode<E>(s: &str, pos: usize, line: usize) -> Result<Option<(usize, Shortcode)>, MarkdownError<E>> {
    let b = s.as_bytes();
    let ws = |i: &mut usize| *i += s[*i..].len() - s[*i..].trim_start().len();
    let ident = |i: &mut usize| {
        let len = b[*i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        *i += len;
        (len > 0 && !b[*i - len].is_ascii_digit()).then(|| &s[*i - len..*i])
    };
    let mut i = pos + 2;
    ws(&mut i);
    let Some(name) = ident(&mut i) else {
        return Ok(None);
    };
    ws(&mut i);
    if b.get(i) != Some(&b'(') {
        return Ok(None);
    }
    let fail = |i: usize, wanted: Wanted| {
        let name = name.to_string();
        match s[i..].chars().next() {
            Some(c) => MarkdownError::Expected { line, name, wanted, found: c.to_string() },
            None => MarkdownError::NotClosed { line, name, wanted },
        }
    };
    let mut args: Vec<(String, ShortcodeArg)> = Vec::new();
    i += 1;
    loop {
        ws(&mut i);
        if b.get(i) == Some(&b')') {
            break;
        }
        let key = ident(&mut i).ok_or_else(|| fail(i, Wanted::ArgumentName))?;
        ws(&mut i);
        if b.get(i) != Some(&b'=') {
            return Err(fail(i, Wanted::Equals { key: key.to_string() }));
        }
        i += 1;
        ws(&mut i);
        let value = parse_value(s, &mut i).ok_or_else(|| fail(i, Wanted::Value { key: key.to_string() }))?;
        if args.iter().any(|(k, _)| k == key) {
            return Err(MarkdownError::ArgumentTwice { line, name: name.to_string(), key: key.to_string() });
        }
        args.push((key.to_string(), value));
        ws(&mut i);
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b')') => {}
            _ => return Err(fail(i, Wanted::CommaOrClose)),
        }
    }
    i += 1;
    ws(&mut i);
    if !s[i..].starts_with("}}") {
        return Err(fail(i, Wanted::Braces));
    }
    let sc = Shortcode { name: name.to_string(), args, line };
    Ok(Some((i + 2, sc)))
}

/// A `"string"` or `'string'` (`\` takes the next character literally), a
/// number or a boolean at `*i`; advances `*i` past it only on success.
fn parse_value(s: &str, i: &mut usize) -> Option<ShortcodeArg> {
    let rest = &s[*i..];
    let quote = rest.chars().next().filter(|&c| c == '"' || c == '\'');
    if let Some(quote) = quote {
        let (mut v, mut chars) = (String::new(), rest.char_indices().skip(1));
        while let Some((o, c)) = chars.next() {
            match c {
                '\\' => v.push(chars.next()?.1),
                '\n' => return None,
                c if c == quote => {
                    *i += o + 1;
                    return Some(ShortcodeArg::Str(v));
                }
                c => v.push(c),
            }
        }
        return None;
    }
    let len = rest.find(|c: char| !c.is_ascii_alphanumeric() && !"+-.".contains(c));
    let word = &rest[..len.unwrap_or(rest.len())];
    let value = match word {
        "true" | "false" => ShortcodeArg::Bool(word == "true"),
        _ => ShortcodeArg::Num(word.parse().ok().filter(|v: &f64| v.is_finite())?),
    };
    *i += word.len();
    Some(value)
}

/// Replaces shortcode tokens by their output (by nothing when `strip`).
/// `<p>TOKEN</p>` is a block shortcode and loses the paragraph. A chart used
/// again on the page gets its ids suffixed (`-2`, `-3`) to keep them unique.
pub(super) fn splice(html: String, ex: &Expanded, strip: bool) -> String {
    if ex.outputs.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + ex.outputs.iter().map(String::len).sum::<usize>());
    let mut ids_seen: Vec<(&str, usize)> = Vec::new();
    let mut rest = html.as_str();
    while let Some(p) = find_ascii(rest, &ex.prefix) {
        let at = p + ex.prefix.len();
        let digits = rest[at..].bytes().take_while(u8::is_ascii_digit).count();
        let idx = rest[at..at + digits].parse::<usize>().ok().filter(|&i| i < ex.outputs.len());
        let (Some(idx), true) = (idx, rest[at + digits..].starts_with("END")) else {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            continue;
        };
        let (mut start, mut end) = (p, at + digits + 3);
        if rest[..start].ends_with("<p>") && rest[end..].starts_with("</p>") {
            (start, end) = (start - 3, end + 4);
        }
        out.push_str(&rest[..start]);
        if !strip {
            let output = &ex.outputs[idx];
            match first_id(output) {
                Some(id) => match ids_seen.iter_mut().find(|(seen, _)| *seen == id) {
                    Some((_, uses)) => {
                        *uses += 1;
                        out.push_str(&rename_id(output, id, &format!("{id}-{uses}")));
                    }
                    None => {
                        ids_seen.push((id, 1));
                        out.push_str(output);
                    }
                },
                None => out.push_str(output),
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The value of the first `id="…"` in `html`.
fn first_id(html: &str) -> Option<&str> {
    let at = find_ascii(html, " id=\"")? + 5;
    html[at..].find('"').map(|len| &html[at..at + len])
}

/// `html` with `id` and the ids derived from it (`id-t`, `id-d`) renamed,
/// in `id="…"` and in the attributes that refer to them.
fn rename_id(html: &str, id: &str, new: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(i) = rest.find(id) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + id.len()..].chars().next();
        let token = matches!(before, Some('"' | ' ' | '#')) && matches!(after, Some('"' | '-' | ' '));
        out.push_str(&rest[..i]);
        out.push_str(if token { new } else { id });
        rest = &rest[i + id.len()..];
    }
    out.push_str(rest);
    out
}
