//! The CJK-friendly amendment to CommonMark's emphasis rule
//! (github.com/tats-u/markdown-cjk-friendly, commonmark-spec#650) for `*`,
//! `_` and `~~`, ahead of a pulldown-cmark release that has it.
//!
//! Every delimiter run next to CJK text is judged by the amendment; where
//! that disagrees with what pulldown-cmark would decide, an invisible
//! placeholder (a private-use "letter" or a rare "punctuation" character) is
//! put beside the run so the parser reaches the amendment's answer, and the
//! walker drops the placeholders from the text. Runs away from CJK text are
//! never touched, so other text parses exactly as CommonMark.

use std::ops::Range;

use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};
use icu_properties::CodePointMapData;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::text::{find_ascii, find_byte};

/// The characters put beside delimiter runs; neither occurs in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Placeholders {
    pub letter: char,
    pub punct: char,
}

impl Placeholders {
    pub fn is_placeholder(&self, c: char) -> bool {
        c == self.letter || c == self.punct
    }

    /// Whether `t` holds a placeholder, by a byte scan for their lead bytes
    /// (which Chinese text hardly has) before the exact look.
    pub fn in_text(&self, t: &str) -> bool {
        contains_char(t, self.letter) || contains_char(t, self.punct)
    }
}

/// Private-use letters and rarely used punctuation marks (Sutton SignWriting)
/// to choose from; their UTF-8 lead bytes (EE, EF, F0) are rare in Chinese
/// text, where E4-E9 lead nearly every character.
const LETTERS: &[char] = &['\u{E000}', '\u{E001}', '\u{F8FF}'];
const PUNCTS: &[char] = &['\u{1DA87}', '\u{1DA88}', '\u{1DA89}'];

fn contains_char(s: &str, c: char) -> bool {
    let mut utf8 = [0; 4];
    let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
    memchr::memchr(lead, s.as_bytes()).is_some() && s.contains(c)
}

/// `src` with placeholders where the amendment changes a run's reading, or
/// `None` when it changes nothing.
pub(super) fn apply(src: &str) -> Option<(String, Placeholders)> {
    // Placeholders are picked only once a run needs one: most bodies need none.
    let kind = Placeholders { letter: LETTERS[0], punct: PUNCTS[0] };
    let fixes = candidate_fixes(src, kind);
    if fixes.is_empty() {
        return None;
    }
    let ph = Placeholders {
        letter: *LETTERS.iter().find(|c| !contains_char(src, **c))?,
        punct: *PUNCTS.iter().find(|c| !contains_char(src, **c))?,
    };
    let pick = |c: Option<char>| c.map(|c| if c == kind.letter { ph.letter } else { ph.punct });
    let inline = may_hide_runs(src).then(|| inline_text_ranges(src));
    let mut out = String::with_capacity(src.len() + fixes.len() * 6);
    let mut copied = 0;
    for fix in fixes.iter().filter(|f| inline.as_ref().is_none_or(|r| touches(r, &f.run))) {
        out.push_str(&src[copied..fix.run.start]);
        out.extend(pick(fix.before));
        out.push_str(&src[fix.run.clone()]);
        out.extend(pick(fix.after));
        copied = fix.run.end;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&src[copied..]);
    Some((out, ph))
}

/// A delimiter run and what to put before and after it.
struct Fix {
    run: Range<usize>,
    before: Option<char>,
    after: Option<char>,
}

/// The runs next to CJK text whose opening/closing differs under the
/// amendment, each with the placeholders that give the amendment's answer.
fn candidate_fixes(src: &str, ph: Placeholders) -> Vec<Fix> {
    const DELIMITERS: [char; 3] = ['*', '_', '~'];
    let bytes = src.as_bytes();
    let mut fixes = Vec::new();
    // The next of each delimiter, by byte search (memchr): Chinese text has
    // few of them, far apart.
    let mut next = DELIMITERS.map(|d| find_byte(src, d as u8));
    while let Some(at) = next.iter().flatten().min().copied() {
        let b = bytes[at];
        let end = at + bytes[at..].iter().take_while(|&&c| c == b).count();
        let resume = if escaped(bytes, at) {
            at + 1
        } else {
            if let Some((before, after)) = Context::at(src, at, end).placeholders(b, end - at, ph) {
                fixes.push(Fix { run: at..end, before, after });
            }
            end
        };
        for (pos, d) in next.iter_mut().zip(DELIMITERS) {
            if pos.is_some_and(|p| p < resume) {
                *pos = find_byte(&src[resume..], d as u8).map(|i| resume + i);
            }
        }
    }
    fixes
}

/// Whether the byte at `i` follows an odd number of backslashes.
fn escaped(bytes: &[u8], i: usize) -> bool {
    bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// Whether a delimiter run could stand somewhere other than in text: in
/// code, author HTML, a link address or a reference definition. Without
/// any of their markers (most reports have only `<!-- more -->`), every run
/// is text and the parse that finds out is skipped.
fn may_hide_runs(src: &str) -> bool {
    let html = src.match_indices('<').any(|(i, _)| !src[i..].starts_with("<!--"));
    // Four spaces anywhere stand for an indented code line (rare in Chinese text).
    let markers = ["`", "](", "]:", "~~~", "\t", "    "].iter().any(|m| find_ascii(src, m).is_some());
    html || markers || comment_may_hide(src)
}

/// Whether a delimiter stands between a `<!--` and the end of the line where
/// the comment closes: a comment opening a line makes an HTML block that
/// runs to the end of that line.
fn comment_may_hide(src: &str) -> bool {
    let mut from = 0;
    while let Some(i) = find_ascii(&src[from..], "<!--") {
        let start = from + i;
        let close = find_ascii(&src[start + 4..], "-->").map_or(src.len(), |j| start + 4 + j + 3);
        let end = src[close..].find('\n').map_or(src.len(), |j| close + j);
        if src[start..end].contains(['*', '_', '~']) {
            return true;
        }
        from = end;
    }
    false
}

/// Byte ranges where a delimiter run is inline text: text events outside
/// code blocks, and the markers of emphasis the parser already matched.
fn inline_text_ranges(src: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut in_code = false;
    for (ev, r) in Parser::new_ext(src, super::parser_options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => ranges.push(r),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                ranges.push(r.start..r.start + 1);
                ranges.push(r.end - 1..r.end);
            }
            _ => {}
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

fn touches(ranges: &[Range<usize>], run: &Range<usize>) -> bool {
    ranges.iter().any(|r| r.start < run.end && run.start < r.end)
}

/// The characters around a delimiter run (`None`: start or end of the text).
struct Context {
    before_prev: Option<char>,
    prev: Option<char>,
    next: Option<char>,
}

impl Context {
    fn at(src: &str, start: usize, end: usize) -> Context {
        let mut back = src[..start].chars().rev();
        let prev = back.next();
        Context { before_prev: back.next(), prev, next: src[end..].chars().next() }
    }

    /// Placeholders to put before and after a run of `len` × `delim` so that
    /// pulldown-cmark decides as the amendment does; `None` when nothing is
    /// needed or the run is left as CommonMark reads it.
    fn placeholders(&self, delim: u8, len: usize, ph: Placeholders) -> Option<(Option<char>, Option<char>)> {
        if !self.near_cjk() || [self.prev, self.next].iter().flatten().any(|c| "*_~|".contains(*c)) {
            return None;
        }
        let wanted = self.amended(delim, len);
        let parser = |prev, next| parser_flags(delim, len, prev, next);
        if parser(self.prev, self.next) == wanted {
            return None;
        }
        let sides = [None, Some(ph.letter), Some(ph.punct)];
        sides.iter().flat_map(|b| sides.iter().map(move |a| (*b, *a))).find(|&(before, after)| {
            (before.is_some() || after.is_some()) && parser(before.or(self.prev), after.or(self.next)) == wanted
        })
    }

    fn near_cjk(&self) -> bool {
        let related = |c: Option<char>| c.is_some_and(|c| is_cjk(c) || is_variation_selector(c) || is_ivs(c));
        related(self.prev)
            || related(self.next)
            || (self.prev.is_some_and(is_variation_selector) && related(self.before_prev))
    }

    /// (can open, can close) by the amendment's flanking definitions.
    fn amended(&self, delim: u8, len: usize) -> (bool, bool) {
        let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let non_cjk_punct = |c: Option<char>| c.is_some_and(|c| is_punctuation(c) && !is_cjk(c));
        let prev_non_cjk_punct = match (self.before_prev, self.prev) {
            (Some(base), Some(vs)) if is_variation_selector(vs) => {
                is_punctuation(base) && !is_cjk(base) && !is_cjk_ambiguous_sequence(base, vs)
            }
            (_, prev) => non_cjk_punct(prev),
        };
        let prev_cjk = self.prev.is_some_and(|p| {
            is_cjk(p) || is_ivs(p) || (is_variation_selector(p) && self.before_prev.is_some_and(is_cjk))
        });
        let prev_punct = self.prev.is_some_and(|p| {
            is_punctuation(p) || (is_variation_selector(p) && self.before_prev.is_some_and(is_punctuation))
        });
        let left = !ws(self.next) && (!non_cjk_punct(self.next) || ws(self.prev) || prev_non_cjk_punct || prev_cjk);
        let right = !ws(self.prev)
            && (!prev_non_cjk_punct || ws(self.next) || non_cjk_punct(self.next) || self.next.is_some_and(is_cjk));
        match (delim, len) {
            (b'*', _) => (left, right),
            (b'_', _) => (left && (!right || prev_punct), right && (!left || self.next.is_some_and(is_punctuation))),
            (b'~', 2..) => (parser_flags(delim, len, self.prev, self.next).0, right),
            _ => parser_flags(delim, len, self.prev, self.next),
        }
    }
}

/// pulldown-cmark 0.13's own decision (`delim_run_can_open`/`_close` in its
/// firstpass.rs), with `None` for the start or end of the text.
fn parser_flags(delim: u8, len: usize, prev: Option<char>, next: Option<char>) -> (bool, bool) {
    let open = match (prev, next) {
        (_, None) => false,
        (_, Some(n)) if n.is_whitespace() => false,
        (None, _) => true,
        (_, Some(n)) if delim == b'*' && !is_punctuation(n) => true,
        _ if delim == b'~' && len > 1 => true,
        (Some(p), Some(n)) => {
            (delim == b'~' && p == '~' && !is_punctuation(n)) || p.is_whitespace() || is_punctuation(p)
        }
    };
    let close = match (prev, next) {
        (None, _) => false,
        (Some(p), _) if p.is_whitespace() => false,
        (_, None) => true,
        (Some(p), _) if (delim == b'*' || (delim == b'~' && len > 1)) && !is_punctuation(p) => true,
        (Some(p), Some(n)) => (delim == b'~' && p == '~') || n.is_whitespace() || is_punctuation(n),
    };
    (open, close)
}

/// CommonMark's Unicode punctuation: general category P or S.
pub(super) fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    let gc = CodePointMapData::<GeneralCategory>::new().get(c);
    GeneralCategoryGroup::Punctuation.contains(gc) || GeneralCategoryGroup::Symbol.contains(gc)
}

fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0E}')
}

fn is_ivs(c: char) -> bool {
    matches!(c, '\u{E0100}'..='\u{E01EF}')
}

/// Curly quotes with U+FE01, the standardized full-width form.
fn is_cjk_ambiguous_sequence(base: char, vs: char) -> bool {
    vs == '\u{FE01}' && matches!(base, '‘' | '’' | '“' | '”')
}

/// The amendment's "CJK character": East Asian Width W, F or H and not an
/// emoji by default, or Hangul (Unicode 16 ranges from the amendment's
/// ranges.md).
pub(super) fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x11FF
            | 0x20A9
            | 0x2329..=0x232A
            | 0x2630..=0x2637
            | 0x268A..=0x268F
            | 0x2E80..=0x2E99
            | 0x2E9B..=0x2EF3
            | 0x2F00..=0x2FD5
            | 0x2FF0..=0x303E
            | 0x3041..=0x3096
            | 0x3099..=0x30FF
            | 0x3105..=0x312F
            | 0x3131..=0x318E
            | 0x3190..=0x31E5
            | 0x31EF..=0x321E
            | 0x3220..=0x3247
            | 0x3250..=0xA48C
            | 0xA490..=0xA4C6
            | 0xA960..=0xA97C
            | 0xAC00..=0xD7A3
            | 0xD7B0..=0xD7C6
            | 0xD7CB..=0xD7FB
            | 0xF900..=0xFAFF
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE52
            | 0xFE54..=0xFE66
            | 0xFE68..=0xFE6B
            | 0xFF01..=0xFFBE
            | 0xFFC2..=0xFFC7
            | 0xFFCA..=0xFFCF
            | 0xFFD2..=0xFFD7
            | 0xFFDA..=0xFFDC
            | 0xFFE0..=0xFFE6
            | 0xFFE8..=0xFFEE
            | 0x16FE0..=0x16FE4
            | 0x16FF0..=0x16FF6
            | 0x17000..=0x18CD5
            | 0x18CFF..=0x18D1E
            | 0x18D80..=0x18DF2
            | 0x1AFF0..=0x1AFF3
            | 0x1AFF5..=0x1AFFB
            | 0x1AFFD..=0x1AFFE
            | 0x1B000..=0x1B122
            | 0x1B132
            | 0x1B150..=0x1B152
            | 0x1B155
            | 0x1B164..=0x1B167
            | 0x1B170..=0x1B2FB
            | 0x1D300..=0x1D356
            | 0x1D360..=0x1D376
            | 0x1F200
            | 0x1F202
            | 0x1F210..=0x1F219
            | 0x1F21B..=0x1F22E
            | 0x1F230..=0x1F231
            | 0x1F237
            | 0x1F23B
            | 0x1F240..=0x1F248
            | 0x1F260..=0x1F265
            | 0x20000..=0x3FFFD
    )
}
