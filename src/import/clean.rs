//! Cleaning applied to every imported text, whatever its format: pinyin
//! readings bracketed after characters, Traditional → Simplified, Chinese
//! typesetting punctuation, Word's manual line breaks and indents.

use crate::text::{is_cjk_punctuation, is_wide};

/// Letters a pinyin syllable is written with (tone marks and ü included).
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ".contains(c)
}

fn has_tone_mark(s: &str) -> bool {
    !s.is_ascii()
}

/// A character a reading may follow: an ideograph, or the `?`/`�` a lost
/// character left behind.
fn reading_follows(c: char) -> bool {
    (is_wide(c) && !is_cjk_punctuation(c)) || c == '?' || c == '\u{FFFD}'
}

/// A bracketed reading: byte range, the syllable, and whether it follows a character.
struct Reading<'t> {
    start: usize,
    end: usize,
    syllable: &'t str,
    after_character: bool,
}

/// Every bracketed pinyin syllable in `text`. A `?` that swallowed the
/// character and its opening bracket (`奋勇?lián)`) starts one too; the `?`
/// itself stays, for the editor to fix.
fn readings(text: &str) -> Vec<Reading<'_>> {
    let mut found = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let open = matches!(c, '(' | '（');
        let lost_open = c == '\u{FFFD}';
        if open || lost_open {
            let from = i + c.len_utf8();
            let rest = &text[from..];
            let len: usize = rest.chars().take_while(|&c| is_pinyin_letter(c)).map(char::len_utf8).sum();
            let close = rest[len..].chars().next();
            if (1..=12).contains(&len) && matches!(close, Some(')' | '）')) && (open || has_tone_mark(&rest[..len])) {
                let end = from + len + close.map_or(0, char::len_utf8);
                let start = if open { i } else { from };
                let after_character = !open || prev.is_some_and(reading_follows);
                found.push(Reading { start, end, syllable: &rest[..len], after_character });
                while iter.peek().is_some_and(|&(j, _)| j < end) {
                    iter.next();
                }
                prev = Some(')');
                continue;
            }
        }
        prev = Some(c);
    }
    found
}

/// Whether the readings of a document form the pattern worth removing: a
/// reading with a tone mark after a character is one in any case. Beside
/// three of them, toneless ones (`(xian)`, else possibly an abbreviation)
/// and toned ones after mojibake (`崿F(xiàn)`) go too.
pub struct PinyinPattern {
    pattern: bool,
    pub toned: usize,
}

pub fn pinyin_pattern<'a>(texts: impl Iterator<Item = &'a str>) -> PinyinPattern {
    let toned =
        texts.map(|t| readings(t).iter().filter(|r| r.after_character && has_tone_mark(r.syllable)).count()).sum();
    PinyinPattern { pattern: toned >= 3, toned }
}

/// `text` without the readings the pattern says to remove; returns how many went.
pub fn strip_pinyin(text: &mut String, pattern: &PinyinPattern) -> usize {
    let found = readings(text);
    let mut out = String::with_capacity(text.len());
    let (mut at, mut n) = (0, 0);
    for r in found {
        let toned = has_tone_mark(r.syllable);
        if (r.after_character && toned) || (pattern.pattern && (toned || r.after_character)) {
            out.push_str(&text[at..r.start]);
            at = r.end;
            n += 1;
        }
    }
    if n > 0 {
        out.push_str(&text[at..]);
        *text = out;
    }
    n
}

/// Marks as `�` each `?` standing for a character the source lost: `??`
/// after a character, or a `?` followed by a reading (`奋勇?lián)`,
/// `?(lián)`). A single `?` between words stays a question mark.
pub fn mark_lost(text: &mut String) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let reading_after = |i: usize| {
        let from = if chars.get(i) == Some(&'(') { i + 1 } else { i };
        let n = chars[from.min(chars.len())..].iter().take_while(|&&c| is_pinyin_letter(c)).count();
        n > 0 && matches!(chars.get(from + n), Some(')' | '）'))
    };
    let mut lost = vec![false; chars.len()];
    for i in 0..chars.len() {
        if chars[i] != '?' {
            continue;
        }
        let after_char = i > 0 && (reading_follows(chars[i - 1]) || lost[i - 1]);
        let doubled = chars.get(i + 1) == Some(&'?') || (i > 0 && chars[i - 1] == '?' && lost[i - 1]);
        lost[i] = reading_after(i + 1) || (after_char && doubled);
    }
    let n = lost.iter().filter(|&&l| l).count();
    if n > 0 {
        *text = chars.iter().zip(&lost).map(|(&c, &l)| if l { '\u{FFFD}' } else { c }).collect();
    }
    n
}

fn cjk(c: Option<char>) -> bool {
    c.is_some_and(is_wide)
}

fn digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

/// Punctuation the way Chinese typesetting sets it: full-width `，。：；！？`,
/// `“”` and `（）` inside Chinese, ASCII digits and Latin letters, ASCII
/// separators inside numbers (`1，500` → `1,500`, `３．５` → `3.5`).
pub fn punctuate(text: &str) -> String {
    let chars: Vec<char> = text.chars().map(halfwidth_alnum).collect();
    let mut out = String::with_capacity(text.len());
    let mut double_open = false;
    let mut single_open = false;
    let mut parens: Vec<bool> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let in_number = digit(prev) && digit(next);
        let beside_cjk = cjk(prev) || (cjk(next) && !prev.is_some_and(|p| p.is_ascii_alphanumeric()));
        let mapped = match c {
            '，' | '．' | '：' if in_number => match c {
                '，' => ',',
                '．' => '.',
                _ => ':',
            },
            '％' if digit(prev) => '%',
            ',' if beside_cjk && !in_number => '，',
            ';' if beside_cjk => '；',
            ':' if beside_cjk && !in_number => '：',
            '!' if cjk(prev) => '！',
            '?' if cjk(prev) => '？',
            '.' if cjk(prev) && !next.is_some_and(|n| n.is_ascii_alphanumeric()) => '。',
            '"' if cjk(prev) || cjk(next) => {
                double_open = !double_open;
                if double_open {
                    '“'
                } else {
                    '”'
                }
            }
            '\'' if cjk(prev) || cjk(next) => {
                single_open = !single_open;
                if single_open {
                    '‘'
                } else {
                    '’'
                }
            }
            '(' => {
                // `](` opens a link target, never a Chinese aside.
                let wide = prev != Some(']') && (cjk(prev) || cjk(next));
                parens.push(wide);
                if wide {
                    '（'
                } else {
                    '('
                }
            }
            ')' => match parens.pop() {
                Some(true) => '）',
                _ => ')',
            },
            c => c,
        };
        out.push(mapped);
    }
    out
}

/// Full-width digits and Latin letters become ASCII; full-width punctuation stays.
fn halfwidth_alnum(c: char) -> char {
    match c as u32 {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Word's manual line breaks (`\n` inside a paragraph): a break followed by
/// an indent of full-width spaces, or two breaks, start a new paragraph (how
/// editors type paragraphs with Shift+Enter, and old pages with `<br><br>`);
/// any other break joins the lines, with no space between two Chinese
/// characters. Indents are dropped.
pub fn split_breaks(text: &str) -> Vec<String> {
    let mut paras = Vec::new();
    let mut cur = String::new();
    for (n, line) in text.split('\n').enumerate() {
        let indented = line.starts_with('\u{3000}') || line.starts_with("  ");
        let line = trim_indent(line);
        if n > 0 && (indented || line.is_empty()) && !cur.trim().is_empty() {
            paras.push(std::mem::take(&mut cur));
        }
        if line.is_empty() {
            continue;
        }
        if !cur.is_empty() {
            let (a, b) = (cur.chars().last(), line.chars().next());
            if !(cjk(a) && cjk(b)) {
                cur.push(' ');
            }
        }
        cur.push_str(line);
    }
    if !cur.trim().is_empty() {
        paras.push(cur);
    }
    paras
}

/// A paragraph without its indent (full-width spaces, no-break spaces) and trailing blanks.
pub fn trim_indent(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{A0}')
}

/// The Simplified form of `text` (OpenCC `t2s`: characters and phrases).
pub struct Simplifier(ferrous_opencc::OpenCC);

impl Simplifier {
    pub fn new() -> Result<Simplifier, super::ImportError> {
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
            .map(Simplifier)
            .map_err(|e| super::ImportError::ConversionTables { why: e.to_string() })
    }

    /// Converts in place, 「」『』 quotes to “”‘’ too; returns whether anything changed.
    pub fn convert(&self, text: &mut String) -> bool {
        let s = self.0.convert(text).replace('「', "“").replace('」', "”").replace('『', "‘").replace('』', "’");
        let changed = s != *text;
        *text = s;
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        let mut t = s.to_string();
        mark_lost(&mut t);
        let p = pinyin_pattern(std::iter::once(t.as_str()));
        strip_pinyin(&mut t, &p);
        t
    }

    #[test]
    fn readings_after_characters_go_other_brackets_stay() {
        assert_eq!(strip("項(xiàng)目建設(shè)"), "項目建設");
        assert_eq!(strip("东（dōng）光"), "东光");
        assert_eq!(strip("奮勇?lián)?dāng)"), "奮勇\u{FFFD}\u{FFFD}");
        assert_eq!(strip("項(xiàng)目(mù)建(jiàn)?qū)崿F(xiàn)"), "項目建\u{FFFD}崿F");
        assert_eq!(strip("起好步?东阿县"), "起好步?东阿县");
        assert_eq!(strip("镇(街)现场 GDP(a) 方案(de)"), "镇(街)现场 GDP(a) 方案(de)");
        assert_eq!(strip("項(xiàng)目(mù)建(jiàn)設(shè)的(de)"), "項目建設的");
    }

    #[test]
    fn punctuation_follows_chinese_typesetting() {
        assert_eq!(punctuate("项目77个,总投资93亿元;完成."), "项目77个，总投资93亿元；完成。");
        assert_eq!(punctuate("投资１，５００万元，增长３．５％"), "投资1,500万元，增长3.5%");
        assert_eq!(punctuate("他说\"干\"字"), "他说“干”字");
        assert_eq!(punctuate("见[链接](http://a.cn/x,y) 和 v1.2, ok"), "见[链接](http://a.cn/x,y) 和 v1.2, ok");
        assert_eq!(punctuate("镇(街)办公"), "镇（街）办公");
    }

    #[test]
    fn simplified_text_stays_as_it_is() {
        let s = Simplifier::new().unwrap();
        let mut text = "著名企业显著增长，乾隆年间的后街，干部说了算，头发、面条、一只羊，钟表和公里数。".to_string();
        let before = text.clone();
        assert!(!s.convert(&mut text), "{text}");
        assert_eq!(text, before);
        let mut trad = "「東光縣」項目建設".to_string();
        assert!(s.convert(&mut trad));
        assert_eq!(trad, "“东光县”项目建设");
    }

    #[test]
    fn manual_breaks_join_and_indents_split() {
        assert_eq!(split_breaks("\u{3000}\u{3000}第一段\n接着\n\u{3000}\u{3000}第二段"), vec!["第一段接着", "第二段"]);
        assert_eq!(split_breaks("GDP\n增长"), vec!["GDP 增长"]);
        assert_eq!(split_breaks("第一段\n\n第二段\n"), vec!["第一段", "第二段"]);
    }
}
