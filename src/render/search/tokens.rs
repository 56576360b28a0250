//! The search index's tokens: Han runs cut into bigrams, ASCII words whole
//! (the rules are in the module comment of `search`; `search.js` cuts a
//! query the same way).

use crate::text::is_han;

/// Longer words are cut to this many characters.
const MAX_WORD: usize = 32;

fn normalise(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Calls `f` with every token of `text` as a query is cut, in order
/// (repeats included).
pub fn tokenize(text: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::new();
    scan(text, Cut { join_breaks: false, unigrams: false }, |t| match t {
        Tok::Han(k) | Tok::Pair(k) => {
            buf.clear();
            buf.extend([(k >> 32) as u32, k as u32].into_iter().filter(|&c| c != 0).filter_map(char::from_u32));
            f(&buf);
        }
        Tok::Word(w) => f(w),
    });
}

/// A token as `scan` gives it.
pub(super) enum Tok<'a> {
    /// A Han character alone (a unigram), its code point in the top 32 bits.
    Han(u64),
    /// A Han bigram, its first code point in the top 32 bits, its second below.
    Pair(u64),
    Word(&'a str),
}

/// How `scan` cuts a text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cut {
    /// A line break (and the spaces around it) between two Han characters
    /// does not end their run: a soft break inside a Chinese sentence is no
    /// space for a reader.
    pub join_breaks: bool,
    /// Every Han character is also a token of its own (the index's way, so
    /// a one-character query finds it anywhere); otherwise only a lone one is.
    pub unigrams: bool,
}

/// Calls `f` with the tokens of `text` (see the module comment).
pub(super) fn scan(text: &str, cut: Cut, mut f: impl FnMut(Tok)) {
    let Cut { join_breaks, unigrams } = cut;
    // The current Han run: its last character and its length so far.
    let (mut last, mut run) = (0u32, 0usize);
    let mut w = String::new();
    // Whitespace after a Han character, held back until the next character
    // says whether it ends the run; `Some(true)` when it holds a line break.
    let mut gap: Option<bool> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Ideographs (nearly all of a report) skip the general decoder and
        // `is_han`: they are all Han.
        let (c, han) = if let Some(c) = crate::text::ideograph_at(bytes, i) {
            i += 3;
            (c, true)
        } else {
            let c = text[i..].chars().next().expect("a char starts here");
            i += c.len_utf8();
            if join_breaks && run > 0 && c.is_whitespace() {
                gap = Some(gap == Some(true) || c == '\n');
                continue;
            }
            let c = normalise(c);
            (c, is_han(c))
        };
        if han {
            if !w.is_empty() {
                f(Tok::Word(&w));
                w.clear();
            }
            if run > 0 && gap == Some(false) {
                if run == 1 && !unigrams {
                    f(Tok::Han(u64::from(last) << 32));
                }
                run = 0;
            }
            gap = None;
            if run > 0 {
                f(Tok::Pair((u64::from(last) << 32) | u64::from(c as u32)));
            }
            if unigrams {
                f(Tok::Han(u64::from(c as u32) << 32));
            }
            last = c as u32;
            run += 1;
            // The ideographs right after it (most of a report): no word or
            // gap is pending between them, so each gives its bigram (and
            // unigram) with none of the checks above.
            let (end, more) = match unigrams {
                true => han_run::<true>(bytes, &mut i, last, &mut f),
                false => han_run::<false>(bytes, &mut i, last, &mut f),
            };
            (last, run) = (end, run + more);
            continue;
        }
        gap = None;
        if run == 1 && !unigrams {
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
    if run == 1 && !unigrams {
        f(Tok::Han(u64::from(last) << 32));
    }
    if !w.is_empty() {
        f(Tok::Word(&w));
    }
}

/// Gives the bigram (and with `UNIGRAMS` the unigram) of each ideograph
/// from `bytes[*i]` on, `last` the Han character before them, and moves
/// `i` past them; the run's last character and how many were read.
#[inline(always)]
fn han_run<const UNIGRAMS: bool>(bytes: &[u8], i: &mut usize, mut last: u32, f: &mut impl FnMut(Tok)) -> (u32, usize) {
    let mut read = 0;
    while *i < bytes.len() {
        let Some(c) = crate::text::ideograph_at(bytes, *i) else { break };
        *i += 3;
        f(Tok::Pair((u64::from(last) << 32) | u64::from(c as u32)));
        if UNIGRAMS {
            f(Tok::Han(u64::from(c as u32) << 32));
        }
        (last, read) = (c as u32, read + 1);
    }
    (last, read)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char scan the byte fast paths replaced, as the reference.
    fn scan_by_char(text: &str, cut: Cut) -> Vec<String> {
        let Cut { join_breaks, unigrams } = cut;
        let mut out = Vec::new();
        let (mut last, mut run, mut gap) = (0u32, 0usize, None::<bool>);
        let mut w = String::new();
        let han = |k: u64| {
            [(k >> 32) as u32, k as u32].into_iter().filter(|&c| c != 0).filter_map(char::from_u32).collect::<String>()
        };
        for c in text.chars() {
            if join_breaks && run > 0 && c.is_whitespace() {
                gap = Some(gap == Some(true) || c == '\n');
                continue;
            }
            let c = normalise(c);
            if is_han(c) {
                if !w.is_empty() {
                    out.push(std::mem::take(&mut w));
                }
                if run > 0 && gap == Some(false) {
                    if run == 1 && !unigrams {
                        out.push(han(u64::from(last) << 32));
                    }
                    run = 0;
                }
                gap = None;
                if run > 0 {
                    out.push(han((u64::from(last) << 32) | u64::from(c as u32)));
                }
                if unigrams {
                    out.push(c.to_string());
                }
                (last, run) = (c as u32, run + 1);
                continue;
            }
            gap = None;
            if run == 1 && !unigrams {
                out.push(han(u64::from(last) << 32));
            }
            run = 0;
            if c.is_ascii_alphanumeric() {
                if w.len() < MAX_WORD {
                    w.push(c);
                }
            } else if !w.is_empty() {
                out.push(std::mem::take(&mut w));
            }
        }
        if run == 1 && !unigrams {
            out.push(han(u64::from(last) << 32));
        }
        if !w.is_empty() {
            out.push(w);
        }
        out
    }

    fn scanned_with(text: &str, cut: Cut) -> Vec<String> {
        let mut out = Vec::new();
        scan(text, cut, |t| {
            out.push(match t {
                Tok::Han(k) | Tok::Pair(k) => {
                    [(k >> 32) as u32, k as u32].into_iter().filter(|&c| c != 0).filter_map(char::from_u32).collect()
                }
                Tok::Word(w) => w.to_string(),
            })
        });
        out
    }

    /// Both ways of cutting (a query's, the index's) and both ways with line
    /// breaks, on runs of ideographs broken every way (`han_run` reads a
    /// run's ideographs after its first).
    #[test]
    fn byte_fast_paths_cut_as_the_char_by_char_scan() {
        let samples =
            "百日攻坚，东光县一丁丂乙䷀䷿㐀〇鿿 GDP增长８％ 2021年\n项目\n  建设 攻\n\n坚 한글 かな 𠀀𪚥 é ＡＢＣ１２ x项目一线";
        for s in crate::text::sample_slices(samples, &[1, 2, 3, 5, 12, 80]) {
            for join_breaks in [false, true] {
                for unigrams in [false, true] {
                    let cut = Cut { join_breaks, unigrams };
                    assert_eq!(scanned_with(&s, cut), scan_by_char(&s, cut), "{s:?} {cut:?}");
                }
            }
        }
    }

    #[test]
    fn the_index_also_holds_every_character_alone() {
        let cut = Cut { join_breaks: true, unigrams: true };
        assert_eq!(scanned_with("攻坚 县", cut), ["攻", "攻坚", "坚", "县"]);
        assert_eq!(scanned_with("项目\n建设", cut), ["项", "项目", "目", "目建", "建", "建设", "设"]);
    }
}
