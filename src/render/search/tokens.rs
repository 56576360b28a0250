//! The search index's tokens: Han runs cut into bigrams, ASCII words whole
//! (the rules are in the module comment of `search`; `search.js` cuts a
//! query the same way).

/// Longer words are cut to this many characters.
const MAX_WORD: usize = 32;

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn normalise(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Calls `f` with every token of `text`, in order (repeats included).
pub fn tokenize(text: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::new();
    scan(text, false, |t| match t {
        Tok::Han(k) => {
            buf.clear();
            buf.extend([(k >> 32) as u32, k as u32].into_iter().filter(|&c| c != 0).filter_map(char::from_u32));
            f(&buf);
        }
        Tok::Word(w) => f(w),
    });
}

/// A token as `scan` gives it.
pub(super) enum Tok<'a> {
    /// A Han unigram or bigram, packed as in `Key::Han`.
    Han(u64),
    Word(&'a str),
}

/// Calls `f` with the tokens of `text` (see the module comment). With
/// `join_breaks`, a line break (and the spaces around it) between two Han
/// characters does not end their run: a soft break inside a Chinese
/// sentence is no space for a reader.
pub(super) fn scan(text: &str, join_breaks: bool, mut f: impl FnMut(Tok)) {
    // The current Han run: its last character and its length so far.
    let (mut last, mut run) = (0u32, 0usize);
    let mut w = String::new();
    // Whitespace after a Han character, held back until the next character
    // says whether it ends the run; `Some(true)` when it holds a line break.
    let mut gap: Option<bool> = None;
    for c in text.chars() {
        if join_breaks && run > 0 && c.is_whitespace() {
            gap = Some(gap == Some(true) || c == '\n');
            continue;
        }
        let c = normalise(c);
        if is_han(c) {
            if !w.is_empty() {
                f(Tok::Word(&w));
                w.clear();
            }
            if run > 0 && gap == Some(false) {
                if run == 1 {
                    f(Tok::Han(u64::from(last) << 32));
                }
                run = 0;
            }
            gap = None;
            if run > 0 {
                f(Tok::Han((u64::from(last) << 32) | u64::from(c as u32)));
            }
            last = c as u32;
            run += 1;
            continue;
        }
        gap = None;
        if run == 1 {
            f(Tok::Han(u64::from(last) << 32));
        }
        run = 0;
        if c.is_ascii_alphanumeric() {
            if w.len() < MAX_WORD {
                w.push(c);
            }
        } else if !w.is_empty() {
            f(Tok::Word(&w));
            w.clear();
        }
    }
    if run == 1 {
        f(Tok::Han(u64::from(last) << 32));
    }
    if !w.is_empty() {
        f(Tok::Word(&w));
    }
}
