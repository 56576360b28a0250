//! CJK text rules: character width, punctuation classes, slugs, word
//! counts, truncation; Chinese numbers and dates (the `亿元`/`万元` money
//! style) in `numbers`. Everything here is a pure function.

pub mod closest;
mod numbers;
pub mod slug;

pub use numbers::{
    amount_yi, date_cn, iso_date, month_cn, number_cn, percent, push_hex, push_int, push_number, push_padded,
    push_units, round_percent, set_percent_style,
};
pub use slug::{slugify, MAX_SLUG_BYTES};

/// Whether `c` is an East Asian wide character.
///
/// Covers CJK ideographs (unified, extensions A and later, compatibility),
/// CJK symbols and punctuation, full-width forms, kana, bopomofo, hangul,
/// Yi and CJK vertical/compatibility forms. The curly quotes `“ ” ‘ ’`, the
/// dash `—` and the ellipsis `…` are Unicode "ambiguous" width; in Chinese
/// text they are set full-width, so they count as wide here.
pub fn is_wide(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x115F          // hangul jamo
            | 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026
            | 0x2E80..=0x303F    // radicals, kangxi, ideographic description, CJK punctuation
            | 0x3040..=0x33FF    // kana, bopomofo, hangul compat jamo, enclosed/compat CJK
            | 0x3400..=0x4DBF    // ext A
            | 0x4E00..=0x9FFF    // unified ideographs
            | 0xA000..=0xA4CF    // Yi
            | 0xA960..=0xA97F    // hangul jamo ext A
            | 0xAC00..=0xD7A3    // hangul syllables
            | 0xF900..=0xFAFF    // compatibility ideographs
            | 0xFE10..=0xFE19    // vertical forms
            | 0xFE30..=0xFE6F    // CJK compatibility and small forms
            | 0xFF00..=0xFF60    // full-width forms
            | 0xFFE0..=0xFFE6
            | 0x1B000..=0x1B16F  // kana supplement/extended
            | 0x20000..=0x2FFFD  // ext B..F, compat supplement
            | 0x30000..=0x3FFFD // ext G..
    )
}

/// Whether a source line break between two such characters disappears
/// instead of becoming a space: wide characters of Chinese and Japanese
/// text, and the narrow signs set inside it (`·` in 阿卜杜拉·买买提, `℃`, `‰`,
/// `①`, `Ⅱ`). Not Hangul: Korean separates words with spaces.
pub fn joins_across_line_break(c: char) -> bool {
    match c as u32 {
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF => false,
        0xB7 | 0x2027 | 0x2030 | 0x2103 | 0x2150..=0x218F | 0x2460..=0x24FF | 0x2776..=0x2793 => true,
        _ => is_wide(c),
    }
}

/// Whether `c` is wide punctuation or a wide symbol that carries no word
/// content (`，。、“”《》…—` and friends). Ideographic number marks such as
/// `〇` and `々` are not punctuation.
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(
        c as u32,
        0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026
            | 0x3000..=0x3004
            | 0x3008..=0x3020
            | 0x302A..=0x3037
            | 0x303C..=0x303F
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE6F
            | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF60
            | 0xFFE0..=0xFFE6
    )
}

/// Maps full-width ASCII variants (`Ａ`, `１`, `＃`) and the ideographic space
/// to their ASCII forms; everything else is returned unchanged.
pub fn to_halfwidth(c: char) -> char {
    match c as u32 {
        0x3000 => ' ',
        // The full-width block mirrors ASCII 0x21..=0x7E at a fixed offset.
        u @ 0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether `c` is a Han character: U+3007 〇 and the CJK Unified Ideographs
/// with their extensions and compatibility forms (the search index cuts
/// runs of them into bigrams; they have no case).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// The character at byte `i` of `bytes` (valid UTF-8, `i` on a boundary)
/// when it is one of U+4E00..=U+9FFF, read from its three bytes without the
/// general decoder: lead byte E5-E9, or E4 with a second byte from B8.
/// Nearly every character of a report is one; word counts and the search
/// tokenizer run over every page's text.
#[inline]
pub fn ideograph_at(bytes: &[u8], i: usize) -> Option<char> {
    if !is_ideograph_at(bytes, i) {
        return None;
    }
    char::from_u32(three_byte_at(bytes, i))
}

/// The code point of the three-byte UTF-8 character starting at `bytes[i]`.
#[inline(always)]
fn three_byte_at(bytes: &[u8], i: usize) -> u32 {
    (u32::from(bytes[i] & 0x0F) << 12) | (u32::from(bytes[i + 1] & 0x3F) << 6) | u32::from(bytes[i + 2] & 0x3F)
}

/// Whether `ideograph_at(bytes, i)` is one, without decoding it (a word
/// count needs only that).
#[inline(always)]
fn is_ideograph_at(bytes: &[u8], i: usize) -> bool {
    let lead = bytes[i];
    (0xE5..=0xE9).contains(&lead) || (lead == 0xE4 && bytes[i + 1] >= 0xB8)
}

/// `s.find(char::is_whitespace)`. A whitespace character starts with a
/// byte that no other UTF-8 sequence has inside it (`may_start_whitespace`),
/// so the bytes are tested each alone, 32 at a time, and only those
/// characters are decoded: a report's text is long runs of ideographs and
/// full-width punctuation.
pub fn find_whitespace(s: &str) -> Option<usize> {
    const LANES: usize = 32;
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        // Whole blocks without a candidate are passed by one test each.
        let blocks = bytes[from..].chunks_exact(LANES);
        let passed = blocks.take_while(|b| !b.iter().fold(false, |any, &c| any | may_start_whitespace(c))).count();
        from += passed * LANES;
        let at = from + bytes[from..].iter().position(|&c| may_start_whitespace(c))?;
        if whitespace_at(bytes, at) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Whether a character starting with byte `b` may be whitespace: ASCII up
/// to the space, C2 (U+0085, U+00A0), E1 (U+1680), E2 (U+2000–U+205F), E3
/// (U+3000). None of these is ever a continuation byte (80–BF).
#[inline(always)]
fn may_start_whitespace(b: u8) -> bool {
    b <= b' ' || b == 0xC2 || b.wrapping_sub(0xE1) < 3
}

/// `char::is_whitespace` of the character at `i` (its first byte passed
/// `may_start_whitespace`), by its bytes: `。`, `、` and `“` share those
/// lead bytes and are checked without being decoded.
#[inline(always)]
fn whitespace_at(bytes: &[u8], i: usize) -> bool {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        0x09..=0x0D | b' ' => true,
        0xC2 => matches!(next(1), 0x85 | 0xA0),
        0xE1 => (next(1), next(2)) == (0x9A, 0x80),
        0xE2 => matches!((next(1), next(2)), (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F)),
        0xE3 => (next(1), next(2)) == (0x80, 0x80),
        _ => false,
    }
}

/// `hay.find(needle)` for a needle starting with an ASCII byte: candidates
/// come from a byte scan for that first byte (`find_byte`), then are compared.
/// Much faster than the general substring search on Chinese text, where the
/// first byte (`{`, `<`, `G`) is rare; used on every body and page.
pub fn find_ascii(hay: &str, needle: &str) -> Option<usize> {
    let first = *needle.as_bytes().first()?;
    debug_assert!(first.is_ascii());
    let mut from = 0;
    while let Some(i) = find_byte(&hay[from..], first) {
        let at = from + i;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `hay.find(b as char)` for an ASCII byte `b`, by a vector scan (the
/// `memchr` crate): std's scan goes a word at a time, several times slower
/// over the long runs of Chinese text between two `<` or `{`.
#[inline]
pub fn find_byte(hay: &str, b: u8) -> Option<usize> {
    debug_assert!(b.is_ascii());
    memchr::memchr(b, hay.as_bytes())
}

/// `String::from_utf8`, checked by `simdutf8` (std's check takes its slow
/// path on Chinese text: every character is three bytes).
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: the bytes were checked to be UTF-8 just above.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        // std's error says where the bytes go wrong.
        Err(_) => String::from_utf8(bytes),
    }
}

/// Anchor id for a heading: letters (Chinese kept as is), digits and `_`
/// stay, ASCII is lowercased, whitespace and `-` runs become one `-`, other
/// punctuation is dropped. Never empty: falls back to `section`.
pub fn anchor_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !id.is_empty() {
                id.push('-');
            }
            dash = false;
            id.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    if id.is_empty() {
        id.push_str("section");
    }
    id
}

/// Cuts `s` to at most `max_chars` characters (a Chinese character counts
/// one) and appends `…` when anything was cut. Trailing spaces and
/// punctuation are dropped before the ellipsis so it never reads `，…`.
/// The ellipsis is extra: the result may be `max_chars + 1` characters.
pub fn truncate_cjk(s: &str, max_chars: usize) -> String {
    let cut = match s.char_indices().nth(max_chars) {
        Some((i, _)) => i,
        None => return s.to_string(),
    };
    let head =
        s[..cut].trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || is_cjk_punctuation(c));
    let mut out = String::with_capacity(head.len() + 3);
    out.push_str(head);
    out.push('…');
    out
}

/// CJK-aware word count: each wide non-punctuation character counts one,
/// each run of other letters or digits (an English word, a number) counts
/// one, punctuation and spaces count nothing. Full-width letters and digits
/// count like their ASCII forms, so `２０２１年` is two.
pub fn count_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut prev_digit = false;
    let mut i = 0;
    while i < bytes.len() {
        if is_ideograph_at(bytes, i) {
            count += 1;
            in_word = false;
            prev_digit = false;
            i += 3;
            continue;
        }
        // ASCII and the other three-byte characters (full-width punctuation,
        // nearly all the rest of a report) are decoded by hand: the general
        // decoder on every `，` and `。` was most of the count.
        let (raw, len) = match bytes[i] {
            b @ 0..=0x7F => (char::from(b), 1),
            0xE0..=0xEF => (char::from_u32(three_byte_at(bytes, i)).unwrap_or(char::REPLACEMENT_CHARACTER), 3),
            _ => {
                let c = text[i..].chars().next().expect("a char starts here");
                (c, c.len_utf8())
            }
        };
        i += len;
        let c = to_halfwidth(raw);
        // `32.98` and `1,200` are one number, not two words.
        let next_is_digit = || text[i..].chars().next().map(to_halfwidth).is_some_and(|n| n.is_ascii_digit());
        let joins_number = matches!(c, '.' | ',') && prev_digit && next_is_digit();
        prev_digit = c.is_ascii_digit();
        if joins_number {
            continue;
        }
        if c.is_ascii() {
            count += usize::from(c.is_ascii_alphanumeric() && !in_word);
            in_word = c.is_ascii_alphanumeric();
        } else if is_wide(c) {
            in_word = false;
            if !is_cjk_punctuation(c) {
                count += 1;
            }
        } else if c.is_alphanumeric() {
            if !in_word {
                count += 1;
                in_word = true;
            }
        } else {
            in_word = false;
        }
    }
    count
}

/// Reading time at about 400 characters a minute, rounded up, at least 1.
pub fn reading_minutes(count: usize) -> u32 {
    let minutes = count.div_ceil(400).max(1);
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

/// Every run of `lens` characters (shorter at the end) starting at each
/// character of `samples`: the inputs the byte-wise fast paths are checked
/// on against their char-by-char references.
#[cfg(test)]
pub(crate) fn sample_slices(samples: &str, lens: &[usize]) -> Vec<String> {
    let chars: Vec<char> = samples.chars().collect();
    let slice = |start: usize, len: usize| chars[start..(start + len).min(chars.len())].iter().collect();
    (0..chars.len()).flat_map(|start| lens.iter().map(move |&len| slice(start, len))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char count `count_chars` replaced, as the reference.
    fn count_by_char(text: &str) -> usize {
        let (mut count, mut in_word, mut prev_digit) = (0, false, false);
        let mut chars = text.chars().map(to_halfwidth).peekable();
        while let Some(c) = chars.next() {
            let joins_number = matches!(c, '.' | ',') && prev_digit && chars.peek().is_some_and(|n| n.is_ascii_digit());
            prev_digit = c.is_ascii_digit();
            if joins_number {
                continue;
            }
            if is_wide(c) {
                in_word = false;
                count += usize::from(!is_cjk_punctuation(c));
            } else if c.is_alphanumeric() {
                count += usize::from(!in_word);
                in_word = true;
            } else {
                in_word = false;
            }
        }
        count
    }

    #[test]
    fn count_chars_matches_the_char_by_char_count() {
        let samples = "东光县一二三丁丂七万丈三上下亍丌乘乙九乞也习乡书鿿䷿一㐀 R7攻坚2021年, 1,200 items. ３２.９８亿元；“引号”—…\
                       한글 かな 𠀀𪚥 é ñ 12.5% 0.3 ,. 攻坚120天 1,2,3 a.b x,1 １，２００ ７,5 Ａ，Ｂ〇々ー·Ω";
        for s in super::sample_slices(samples, &[1, 2, 3, 7, 40]) {
            assert_eq!(count_chars(&s), count_by_char(&s), "{s:?}");
        }
    }

    #[test]
    fn find_whitespace_finds_what_find_finds() {
        let samples = "东光县 一二三\u{3000}鿿䷿一\t㐀\u{a0}R7攻坚\n2021年\u{2028}𠀀 é\u{85}x\u{202f}中\r，。“”、\u{1680}\u{2000}\u{200a}\u{200b}\u{2029}\u{205f}\u{180e}\u{a1}\u{3001}\u{b}\u{c}\u{1c}\u{7f}ｿ";
        for s in super::sample_slices(samples, &[1, 2, 3, 7, 40, 80]) {
            assert_eq!(find_whitespace(&s), s.find(char::is_whitespace), "{s:?}");
        }
    }

    #[test]
    fn whitespace_is_told_by_its_bytes_as_by_the_char() {
        for c in (0..=0x3100).chain(0xFEFF..=0xFFFF).filter_map(char::from_u32) {
            let mut utf8 = [0; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            let ours = may_start_whitespace(bytes[0]) && whitespace_at(bytes, 0);
            assert_eq!(ours, c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn find_ascii_finds_what_find_finds() {
        for (hay, needle) in [
            ("正文{{ chart() }}", "{{"),
            ("{ {{", "{{"),
            ("没有", "{{"),
            ("", "{{"),
            ("GJSCPGJSCPH0END", "GJSCPH"),
            ("a<!-- x -->", "<!--"),
            ("  　    x", "    "),
        ] {
            assert_eq!(find_ascii(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
        }
    }

    #[test]
    fn string_from_utf8_answers_as_std() {
        let samples: [&[u8]; 5] = [b"", "攻坚 gdp".as_bytes(), b"\xe6\x94", b"ab\xffcd", b"\xc0\x80"];
        for bytes in samples {
            let ours = string_from_utf8(bytes.to_vec()).map_err(|e| e.utf8_error());
            assert_eq!(ours, String::from_utf8(bytes.to_vec()).map_err(|e| e.utf8_error()), "{bytes:?}");
        }
    }

    #[test]
    fn wide_classes() {
        for c in ['中', '，', '。', '“', '”', '‘', '’', '—', '…', 'Ａ', '１', 'あ', 'ア', '한', '㐀', '𠀀']
        {
            assert!(is_wide(c), "{c} should be wide");
        }
        for c in ['a', 'Z', '1', ' ', ',', 'é', '-', '·'] {
            assert!(!is_wide(c), "{c} should not be wide");
        }
        assert!(is_cjk_punctuation('，') && is_cjk_punctuation('《') && is_cjk_punctuation('—'));
        assert!(!is_cjk_punctuation('中') && !is_cjk_punctuation('〇') && !is_cjk_punctuation('１'));
    }

    #[test]
    fn anchor_ids() {
        assert_eq!(anchor_id("项目概况"), "项目概况");
        assert_eq!(anchor_id("一、项目概况"), "一项目概况");
        assert_eq!(anchor_id("Hello, World!"), "hello-world");
        assert_eq!(anchor_id("R7 攻坚 -- 进度"), "r7-攻坚-进度");
        assert_eq!(anchor_id("snake_case"), "snake_case");
        assert_eq!(anchor_id("？！"), "section");
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate_cjk("东光县重点项目建设", 20), "东光县重点项目建设");
        assert_eq!(truncate_cjk("东光县重点项目建设", 9), "东光县重点项目建设");
        assert_eq!(truncate_cjk("东光县重点项目建设", 5), "东光县重点…");
        assert_eq!(truncate_cjk("东光县，重点项目", 4), "东光县…");
        assert_eq!(truncate_cjk("项目“攻坚”行动", 5), "项目“攻坚…");
        assert_eq!(truncate_cjk("hello, world", 6), "hello…");
        assert_eq!(truncate_cjk("中文English", 3), "中文E…");
        assert_eq!(truncate_cjk("。。。。", 2), "…");
        assert_eq!(truncate_cjk("", 3), "");
    }

    #[test]
    fn counting() {
        assert_eq!(count_chars("东光县重点项目"), 7);
        assert_eq!(count_chars("东光县，重点项目。"), 7);
        assert_eq!(count_chars("R7 攻坚 2021 年"), 5);
        assert_eq!(count_chars("hello world"), 2);
        assert_eq!(count_chars("完成投资32.98亿元"), 7);
        assert_eq!(count_chars("1,200 items. Done"), 3);
        assert_eq!(count_chars("２０２１年"), 2);
        assert_eq!(count_chars("“攻坚”——行动…"), 4);
        assert_eq!(count_chars("  ,.;  "), 0);
        assert_eq!(count_chars(""), 0);
    }

    #[test]
    fn minutes() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(400), 1);
        assert_eq!(reading_minutes(401), 2);
        assert_eq!(reading_minutes(4000), 10);
    }
}
