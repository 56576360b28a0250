//! What Chinese news text says about itself: the dateline (2021年8月10日,
//! 8月10日, 2021-08-10), the 记者/通讯员/来源/编辑 lines and the trailing
//! (姓名) byline. Recognised lines leave the body and become front-matter.

use crate::messages::import::Import;
use chrono::NaiveDate;

use super::article::{Article, Block};

/// A date as written: with its year, or only month and day (the year comes
/// from `--date` or the file's date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Full(NaiveDate),
    MonthDay(u32, u32),
}

impl Written {
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        match self {
            Written::Full(d) => Some(d),
            Written::MonthDay(m, d) => NaiveDate::from_ymd_opt(year, m, d),
        }
    }
}

#[derive(Debug, Default)]
pub struct Byline {
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub editor: Option<String>,
    pub date: Option<Written>,
}

fn number_at(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let n = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > max {
        return None;
    }
    let v = chars[i..i + n].iter().collect::<String>().parse().ok()?;
    Some((v, i + n))
}

/// The first date written in `s` and the char index where it starts.
pub fn find_date(s: &str) -> Option<(Written, usize)> {
    let chars: Vec<char> = s.chars().collect();
    for i in 0..chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            continue;
        }
        if let Some(w) = date_at(&chars, i) {
            return Some((w, i));
        }
    }
    None
}

fn date_at(chars: &[char], i: usize) -> Option<Written> {
    let (first, j) = number_at(chars, i, 4)?;
    let sep = *chars.get(j)?;
    if j - i == 4 && matches!(sep, '年' | '-' | '/' | '.') {
        let (m, k) = number_at(chars, j + 1, 2)?;
        let sep2 = *chars.get(k)?;
        let ok = if sep == '年' { sep2 == '月' } else { sep2 == sep };
        let (d, l) = number_at(chars, k + 1, 2).filter(|_| ok)?;
        if sep == '年' && chars.get(l) != Some(&'日') {
            return None;
        }
        return NaiveDate::from_ymd_opt(first as i32, m, d).map(Written::Full);
    }
    if j - i <= 2 && sep == '月' {
        let (d, k) = number_at(chars, j + 1, 2)?;
        if chars.get(k) == Some(&'日') && (1..=12).contains(&first) && (1..=31).contains(&d) {
            return Some(Written::MonthDay(first, d));
        }
    }
    None
}

/// Whether a paragraph has words, not only pictures (`![alt](file)`).
pub fn has_words(t: &str) -> bool {
    let mut rest = t.trim();
    while let Some(after) = rest.strip_prefix("![") {
        match after.find("](").and_then(|at| after[at..].find(')').map(|end| at + end + 1)) {
            Some(end) => rest = after[end..].trim_start(),
            None => return true,
        }
    }
    !rest.is_empty()
}

/// Role words of a byline, longest first so 责任编辑 is not read as 编辑.
const ROLES: [&str; 12] =
    ["责任编辑", "见习记者", "稿件来源", "信息来源", "通讯员", "记者", "编辑", "责编", "来源", "作者", "摄影", "摄"];

fn plain(s: &str) -> String {
    s.replace('\\', "")
}

fn unbracket(s: &str) -> &str {
    let t = s.trim();
    let open = t.starts_with(['（', '(', '【', '[']);
    let close = t.ends_with(['）', ')', '】', ']']);
    if open && close {
        let a = t.chars().next().map_or(0, char::len_utf8);
        let b = t.chars().last().map_or(0, char::len_utf8);
        t[a..t.len() - b].trim()
    } else {
        t
    }
}

/// A person's name: 2–4 Chinese characters, a longer one joined by `·`
/// (阿依古丽·买买提), or a Latin name.
fn is_name(s: &str) -> bool {
    let n = s.chars().count();
    let letters = s.chars().all(|c| c.is_alphabetic() || c == '·' || c == '•');
    let fits = if s.is_ascii() { (2..=20).contains(&n) } else { (2..=4).contains(&n) || (s.contains('·') && n <= 12) };
    letters && fits
}

/// A newspaper or media centre named before 记者 (福州日报记者): letters only, short.
fn is_outlet(s: &str) -> bool {
    (2..=12).contains(&s.chars().count()) && s.chars().all(char::is_alphabetic)
}

/// Reads a line made only of bylines (`福州日报记者 谭湘竹 通讯员 林一青`,
/// `责任编辑：赵睿`, `来源：东光县融媒体中心`) into `b`; false (and `b`
/// untouched) when the line is anything else.
pub fn read_byline(line: &str, b: &mut Byline) -> bool {
    let line = unbracket(line).replace(['：', ':', '，', '、', ',', '/'], " ");
    if line.chars().count() > 60 || line.contains('。') || !ROLES.iter().any(|r| line.contains(r)) {
        return false;
    }
    let mut out = Byline::default();
    let mut role: Option<&str> = None;
    for token in line.split_whitespace() {
        if let Some((at, r)) = ROLES.iter().filter_map(|r| token.find(r).map(|at| (at, *r))).min_by_key(|x| x.0) {
            let (prefix, rest) = (&token[..at], &token[at + r.len()..]);
            // A name may follow 记者 directly (本报记者张三); 来源 and 编辑 take a colon.
            let glued_ok = matches!(r, "记者" | "见习记者" | "通讯员" | "摄影");
            if !rest.is_empty() && !glued_ok {
                return false;
            }
            if !prefix.is_empty() {
                if !matches!(r, "记者" | "见习记者" | "通讯员") || !is_outlet(prefix) {
                    return false;
                }
                if !prefix.starts_with("本报") {
                    out.source = Some(prefix.to_string());
                }
            }
            role = Some(r);
            if !rest.is_empty() && !assign(r, rest, &mut out) {
                return false;
            }
        } else if !role.is_some_and(|r| assign(r, token, &mut out)) {
            return false;
        }
    }
    if out.authors.is_empty() && out.source.is_none() && out.editor.is_none() {
        return false;
    }
    b.authors.extend(out.authors);
    b.source = b.source.take().or(out.source);
    b.editor = b.editor.take().or(out.editor);
    true
}

fn assign(role: &str, value: &str, b: &mut Byline) -> bool {
    match role {
        "来源" | "稿件来源" | "信息来源" => b.source = Some(value.to_string()),
        _ if !is_name(value) => return false,
        "责任编辑" | "编辑" | "责编" => b.editor = Some(value.to_string()),
        "作者" => b.authors.push(value.to_string()),
        r => b.authors.push(format!("{r} {value}")),
    }
    true
}

/// Takes the dateline and bylines out of `a`'s blocks. Blocks after a
/// 责任编辑 line are the page's link lists and leave too (noted).
pub fn take_byline(a: &mut Article) -> Byline {
    let mut b = Byline::default();
    take_date_lines(a, &mut b);
    let mut editor_at = None;
    let mut i = 0;
    while i < a.blocks.len() {
        if let Block::Para(t) | Block::Heading(_, t) = &a.blocks[i] {
            let had_editor = b.editor.is_some();
            if read_byline(&plain(t), &mut b) {
                a.blocks.remove(i);
                if !had_editor && b.editor.is_some() {
                    editor_at = Some(i);
                }
                continue;
            }
        }
        i += 1;
    }
    if let Some(at) = editor_at.filter(|&at| at * 2 >= a.blocks.len() && at < a.blocks.len()) {
        let dropped = a.blocks.split_off(at);
        let lines: Vec<String> = dropped.iter().map(dropped_text).collect();
        let message = Import::AfterEditor { n: lines.len() };
        a.note(message, lines.join(" / "));
    }
    take_lead(a, &mut b);
    take_trailing_names(a, &mut b);
    if b.date.is_none() {
        // A dateline opens the first paragraph; a date further on is an event's.
        b.date = a
            .blocks
            .iter()
            .find_map(|bl| match bl {
                Block::Para(t) if has_words(t) => Some(find_date(t).filter(|&(_, at)| at <= 12).map(|(w, _)| w)),
                _ => None,
            })
            .flatten();
    }
    b
}

fn dropped_text(b: &Block) -> String {
    match b {
        Block::Heading(_, t) | Block::Para(t) | Block::Quote(t) | Block::Item { text: t, .. } => plain(t),
        Block::Table(rows) => rows.iter().map(|r| r.join(" | ")).collect::<Vec<_>>().join(" / "),
    }
}

/// A short line near the top holding the date (`发布时间：2021-09-08 来源：福州日报`).
fn take_date_lines(a: &mut Article, b: &mut Byline) {
    let mut i = 0;
    while i < a.blocks.len().min(4) {
        let Block::Para(t) = &a.blocks[i] else {
            i += 1;
            continue;
        };
        let t = plain(t);
        let found = find_date(&t).filter(|_| t.chars().count() <= 40 && !t.contains('，') && !t.contains('。'));
        if let Some((w, at)) = found {
            let label: String = t.chars().take(at).collect();
            let label = label.trim().trim_end_matches(['：', ':']).trim();
            if label.is_empty() || ["发布时间", "时间", "日期", "发布日期", "发表时间"].contains(&label)
            {
                let rest: String = t.chars().skip(at).skip_while(|c| !c.is_whitespace()).collect();
                let rest = rest.trim();
                if rest.is_empty() || read_byline(rest, b) || rest.chars().all(|c| c.is_ascii_digit() || c == ':') {
                    b.date = b.date.or(Some(w));
                    a.blocks.remove(i);
                    continue;
                }
            }
        }
        i += 1;
    }
}

/// `本报讯（记者 张三）`, `新华社北京8月10日电` at the start of the first paragraph.
fn take_lead(a: &mut Article, b: &mut Byline) {
    let Some(Block::Para(t)) = a.blocks.iter_mut().find(|bl| matches!(bl, Block::Para(t) if has_words(t))) else {
        return;
    };
    let head: String = t.chars().take(14).collect();
    let Some(xun) = head.find('讯').or_else(|| head.find("日电").map(|at| at + '日'.len_utf8())) else {
        return;
    };
    let mut rest = t[xun + 3..].trim_start().to_string();
    if rest.starts_with(['（', '(']) {
        if let Some(close) = rest.find(['）', ')']) {
            let inner = rest[..close].to_string();
            let width = rest[close..].chars().next().map_or(1, char::len_utf8);
            if read_byline(&inner, b) {
                rest = rest[close + width..].trim_start().to_string();
            }
        }
    }
    if let Some((w, _)) = find_date(&head) {
        b.date = b.date.or(Some(w));
    }
    *t = rest;
}

/// `……增长20%。（ 韩晓寒 ）`: the writers' names closing the last paragraph.
fn take_trailing_names(a: &mut Article, b: &mut Byline) {
    let Some(Block::Para(t)) = a.blocks.iter_mut().rev().find(|bl| matches!(bl, Block::Para(t) if has_words(t))) else {
        return;
    };
    let trimmed = t.trim_end();
    if !trimmed.ends_with(['）', ')']) {
        return;
    }
    let Some(open) = trimmed.rfind(['（', '(']) else {
        return;
    };
    let inner = unbracket(&trimmed[open..]);
    let names: Vec<&str> = inner.split_whitespace().collect();
    let all_names = !names.is_empty() && names.iter().all(|n| (2..=4).contains(&n.chars().count()) && is_name(n));
    if all_names {
        b.authors.extend(names.iter().map(|n| n.to_string()));
        let kept = trimmed[..open].trim_end().to_string();
        *t = kept;
    } else if read_byline(inner, b) {
        *t = trimmed[..open].trim_end().to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_news_writes_them() {
        let d = |y, m, d| Written::Full(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(find_date("2021年8月10日，走进").map(|x| x.0), Some(d(2021, 8, 10)));
        assert_eq!(find_date("8月10日，走进").map(|x| x.0), Some(Written::MonthDay(8, 10)));
        assert_eq!(find_date("发布时间：2021-09-08 10:20").map(|x| x.0), Some(d(2021, 9, 8)));
        assert_eq!(find_date("2021年8月").map(|x| x.0), None);
        assert_eq!(find_date("13月40日"), None);
    }

    #[test]
    fn pictures_are_not_words() {
        assert!(!has_words("![现场](a.png) ![b](b.png)"));
        assert!(has_words("![现场](a.png) 8月10日，开工"));
    }

    #[test]
    fn bylines_become_fields() {
        let mut b = Byline::default();
        assert!(read_byline("福州日报记者 谭湘竹 通讯员 林一青 李煜晗", &mut b));
        assert_eq!(b.authors, ["记者 谭湘竹", "通讯员 林一青", "通讯员 李煜晗"]);
        assert_eq!(b.source.as_deref(), Some("福州日报"));
        assert!(read_byline("（责任编辑：卢相汀）", &mut b));
        assert_eq!(b.editor.as_deref(), Some("卢相汀"));
        assert!(!read_byline("记者在现场看到，项目正在施工。", &mut b));
        assert!(!read_byline("全县新开工项目77个", &mut b));
        assert!(!read_byline("记者走访重点项目现场", &mut b));
        assert!(!read_byline("来源于群众的智慧", &mut b));
        assert!(read_byline("本报记者王小明", &mut b) && b.authors.last().unwrap() == "记者 王小明");
        assert_eq!(b.source.as_deref(), Some("福州日报"), "本报 is not a source");
    }
}
