//! CJK text rules and Chinese number/date formatting: character width,
//! punctuation classes, slugs, word counts, truncation and the `亿元`/`万元`
//! money style used on report pages. Everything here is a pure function.

use chrono::{Datelike, NaiveDate};

pub mod closest;
pub mod slug;
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
    let lead = bytes[i];
    if !((0xE5..=0xE9).contains(&lead) || (lead == 0xE4 && bytes[i + 1] >= 0xB8)) {
        return None;
    }
    let c = (u32::from(lead & 0x0F) << 12) | (u32::from(bytes[i + 1] & 0x3F) << 6) | u32::from(bytes[i + 2] & 0x3F);
    char::from_u32(c)
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

/// `2021年8月10日`.
pub fn date_cn(d: NaiveDate) -> String {
    let mut s = String::with_capacity(20);
    push_int(&mut s, i64::from(d.year()));
    s.push('年');
    push_int(&mut s, i64::from(d.month()));
    s.push('月');
    push_int(&mut s, i64::from(d.day()));
    s.push('日');
    s
}

/// `2021-08-10`, as `NaiveDate` displays it (years outside 0–9999 by it).
/// Written digit by digit: every project row and page reference shows dates.
pub fn iso_date(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.to_string();
    }
    let mut s = String::with_capacity(10);
    let (y, m, day) = (d.year() as u32, d.month(), d.day());
    for digit in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, day / 10, day % 10] {
        if s.len() == 4 || s.len() == 7 {
            s.push('-');
        }
        s.push(char::from(b'0' + digit as u8));
    }
    s
}

/// Appends `v` in decimal, without the formatting machinery (dates and
/// amounts are written for every row of every table).
pub fn push_int(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let (mut n, mut at) = (v.unsigned_abs(), digits.len());
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[at..].iter().for_each(|&d| out.push(char::from(d)));
}

/// `2021年8月`.
pub fn month_cn(year: i32, month: u32) -> String {
    format!("{year}年{month}月")
}

/// `v` rounded to `decimals` places with trailing zeros (and a bare `.`)
/// removed; `-0` prints as `0`.
fn trim_number(v: f64, decimals: usize) -> String {
    let mut s = fixed(v, decimals);
    if s.contains('.') {
        let keep = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(keep);
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

/// `format!("{v:.decimals$}")` for up to three decimals, without the
/// general float formatter where the rounding is plain: numbers are
/// written on every page and chart. The formatter rounds the exact binary
/// value half to even; `v * 10^decimals` is within 1e-7 of it below 1e9, so
/// away from a half it rounds the same way, and near one the formatter decides.
fn fixed(v: f64, decimals: usize) -> String {
    let scale = [1u64, 10, 100, 1000].get(decimals).copied();
    let x = scale.map(|s| v.abs() * s as f64);
    let (Some(scale), Some(x)) = (scale, x.filter(|x| *x < 1e9)) else { return format!("{v:.decimals$}") };
    let frac = x - x.floor();
    if (frac - 0.5).abs() < 1e-6 {
        return format!("{v:.decimals$}");
    }
    let n = x.floor() as u64 + u64::from(frac > 0.5);
    let mut s = String::with_capacity(16);
    if v.is_sign_negative() {
        s.push('-');
    }
    push_int(&mut s, (n / scale) as i64);
    if decimals > 0 {
        s.push('.');
        let frac = n % scale;
        // Leading zeros of the fraction: `.05` at two decimals.
        for place in (1..decimals).rev() {
            if frac < [1, 10, 100, 1000][place] {
                s.push('0');
            }
        }
        push_int(&mut s, frac as i64);
    }
    s
}

/// Money given in 亿元: `371.3亿元`, `93亿元`; amounts under one 亿 switch to
/// 万元 (`0.35` → `3500万元`); zero is `0元`; up to two decimals, trimmed.
/// Non-finite input gives `—` rather than `NaN亿元`.
pub fn amount_yi(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    if a < 1.0 {
        let wan = (a * 10_000.0 * 100.0).round() / 100.0;
        if wan == 0.0 {
            return "0元".to_string();
        }
        // 0.999999 rounds to 10000万, which reads better as 1亿.
        if wan < 10_000.0 {
            return [sign, &trim_number(wan, 2), "万元"].concat();
        }
    }
    [sign, &trim_number(a, 2), "亿元"].concat()
}

/// Plain number, up to two decimals, trailing zeros trimmed: `77`, `86.7`.
pub fn number_cn(v: f64) -> String {
    trim_number(v, 2)
}

/// The site's percent style (`numbers:` in site.yaml): decimals in the low
/// bits, bit 7 for fixed. Set once per build, before anything is rendered
/// (a process builds one site at a time), so the templates' `percent`
/// filter and the charts need no setting passed down to every call.
static PERCENT_STYLE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);

/// Makes `percent` write `decimals` places (0–3), always (`fixed`) or where needed.
pub fn set_percent_style(numbers: crate::config::NumbersConfig) {
    let bits = numbers.percent_decimals.min(3) | if numbers.percent_fixed { 0x80 } else { 0 };
    PERCENT_STYLE.store(bits, std::sync::atomic::Ordering::Relaxed);
}

/// `v` rounded to the decimals of the site's percent style.
pub fn round_percent(v: f64) -> f64 {
    let scale = 10f64.powi(i32::from(PERCENT_STYLE.load(std::sync::atomic::Ordering::Relaxed) & 0x0F));
    (v * scale).round() / scale
}

/// `p` is already a percentage, written in the site's style; by default
/// one decimal where needed: `86.66` → `86.7%`, `100` → `100%`.
pub fn percent(p: f64) -> String {
    let bits = PERCENT_STYLE.load(std::sync::atomic::Ordering::Relaxed);
    let decimals = usize::from(bits & 0x0F);
    // Half away from zero (四舍五入: 106.25 → 106.3), not `format!`'s half to even.
    let p = round_percent(p);
    let mut s = if bits & 0x80 != 0 { fixed(p, decimals) } else { trim_number(p, decimals) };
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s.remove(0);
    }
    s.push('%');
    s
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
        if ideograph_at(bytes, i).is_some() {
            count += 1;
            in_word = false;
            prev_digit = false;
            i += 3;
            continue;
        }
        let raw = text[i..].chars().next().expect("a char starts here");
        i += raw.len_utf8();
        let c = to_halfwidth(raw);
        // `32.98` and `1,200` are one number, not two words.
        let next_is_digit = || text[i..].chars().next().map(to_halfwidth).is_some_and(|n| n.is_ascii_digit());
        let joins_number = matches!(c, '.' | ',') && prev_digit && next_is_digit();
        prev_digit = c.is_ascii_digit();
        if joins_number {
            continue;
        }
        if is_wide(c) {
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
                       한글 かな 𠀀𪚥 é ñ 12.5% 0.3 ,. 攻坚120天 1,2,3 a.b x,1";
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
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2021, 8, 10).unwrap();
        assert_eq!(date_cn(d), "2021年8月10日");
        assert_eq!(month_cn(2021, 8), "2021年8月");
    }

    #[test]
    fn amounts() {
        assert_eq!(amount_yi(371.3), "371.3亿元");
        assert_eq!(amount_yi(93.0), "93亿元");
        assert_eq!(amount_yi(32.98), "32.98亿元");
        assert_eq!(amount_yi(1.1), "1.1亿元");
        assert_eq!(amount_yi(1.0), "1亿元");
        assert_eq!(amount_yi(0.8), "8000万元");
        assert_eq!(amount_yi(0.35), "3500万元");
        assert_eq!(amount_yi(0.0125), "125万元");
        assert_eq!(amount_yi(0.00005), "0.5万元");
        assert_eq!(amount_yi(0.0), "0元");
        assert_eq!(amount_yi(-0.0), "0元");
        assert_eq!(amount_yi(-2.5), "-2.5亿元");
        assert_eq!(amount_yi(-0.35), "-3500万元");
        assert_eq!(amount_yi(0.9999999), "1亿元");
        assert_eq!(amount_yi(12.344), "12.34亿元");
        assert_eq!(amount_yi(f64::NAN), "—");
    }

    #[test]
    fn fixed_writes_what_the_float_formatter_writes() {
        let mut rng = crate::test_rng::Rng(0x9e37_79b9_7f4a_7c15);
        let mut values = vec![0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 2.675, 1.005, 106.25, -0.04, 99.95, 1e9, 3e12, f64::NAN];
        values.extend([f64::INFINITY, f64::NEG_INFINITY, 999_999_999.999_6, 0.0005, 0.0015, 1234.5678]);
        for _ in 0..20_000 {
            let magnitude = 10f64.powi((rng.below(12) as i32) - 3);
            let v = (rng.below(2_000_001) as f64 - 1_000_000.0) / 1_000_000.0 * magnitude;
            values.extend([v, (v * 1000.0).round() / 1000.0 + 0.0005, (v * 100.0).round() / 100.0]);
        }
        for v in values {
            for d in 0..=4 {
                assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v:?} with {d} decimals");
            }
        }
    }

    #[test]
    fn dates_and_whole_numbers_are_written_as_the_formatter_writes_them() {
        for v in [0, 7, -7, 10, 480, -1234567, i64::MAX, i64::MIN] {
            let mut s = String::new();
            push_int(&mut s, v);
            assert_eq!(s, v.to_string());
        }
        for (y, m, d) in
            [(2021, 8, 10), (1, 1, 1), (999, 12, 31), (0, 2, 29), (9999, 12, 31), (-5, 3, 4), (10000, 1, 9)]
        {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_date(date), date.to_string());
            assert_eq!(date_cn(date), format!("{y}年{m}月{d}日"));
        }
    }

    #[test]
    fn numbers_and_percent() {
        assert_eq!(number_cn(77.0), "77");
        assert_eq!(number_cn(86.7), "86.7");
        assert_eq!(number_cn(32.98), "32.98");
        assert_eq!(number_cn(32.989), "32.99");
        assert_eq!(number_cn(-0.001), "0");
        assert_eq!(number_cn(100.0), "100");
        assert_eq!(percent(86.66), "86.7%");
        assert_eq!(percent(100.0), "100%");
        assert_eq!(percent(45.0), "45%");
        assert_eq!(percent(0.04), "0%");
        assert_eq!(percent(106.25), "106.3%", "四舍五入");
        assert_eq!(percent(-0.04), "0%");
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
