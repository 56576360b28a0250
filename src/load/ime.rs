//! The mistakes a Chinese input method makes in YAML front-matter, found
//! before the YAML parser sees them (which would report them on the wrong
//! line, or not at all): a full-width colon after a key, indentation made
//! of full-width or ideographic spaces, Word's curly quotes around a key or
//! a value, and a zero-width character inside a key. Full-width digits in a
//! number (`７７`, `５．６`) are accepted and read as ASCII, with a warning.

use std::borrow::Cow;

use crate::messages::load::Load;

/// One finding: 1-based line (within the YAML) and column (in characters).
#[derive(Debug, Clone, PartialEq)]
pub struct Slip {
    pub line: usize,
    pub column: usize,
    pub message: Load,
    pub hint: Load,
    /// An error stops the file; a warning was fixed as it was read.
    pub error: bool,
}

/// What the front-matter pass made of a YAML text.
pub struct Read<'a> {
    /// The YAML as serde should read it (same lines as written).
    pub yaml: Cow<'a, str>,
    pub slips: Vec<Slip>,
    /// Metric values written with a unit, converted once the declared unit is known.
    pub units: Vec<super::units::Written>,
}

/// Every input-method slip in `yaml`, and the YAML as serde should read it:
/// full-width digits in ASCII, figures written with separators or units
/// (`2,450`, `52亿元`) in `metrics:` and a project's `investment:` as plain
/// numbers (same lines, so line numbers hold).
pub fn read(yaml: &str) -> Read<'_> {
    let mut slips = Vec::new();
    let mut units = Vec::new();
    let mut fixed: Option<String> = None;
    let mut block_indent: Option<usize> = None;
    let mut top = "";
    for (i, line) in yaml.split_inclusive('\n').enumerate() {
        let text = line.trim_end_matches(['\n', '\r']);
        let indent = text.len() - text.trim_start_matches(' ').len();
        // Lines of a `|` or `>` block are text, not keys.
        if let Some(b) = block_indent {
            if text.trim().is_empty() || indent > b {
                push_line(&mut fixed, line);
                continue;
            }
            block_indent = None;
        }
        let lineno = i + 1;
        let mut out = Cow::Borrowed(line);
        if let Some(slip) = odd_indent(text, lineno) {
            slips.push(slip);
        } else if let Some((key, after)) = key_of(text) {
            slips.extend(key_slips(text, key, after, lineno));
            let value = text[after..].trim();
            if value.starts_with(['|', '>']) {
                block_indent = Some(indent);
            }
            if indent == 0 {
                top = key;
            }
            // Most lines are read as written: a copy only of those that are not.
            let mut now = Cow::Borrowed(text);
            if let Some((ascii, slip)) = full_width_number(text, after, lineno) {
                slips.push(slip);
                now = Cow::Owned(ascii);
            }
            if indent > 0
                && (top == "metrics" || (top == "projects" && matches!(key, "investment" | "completed_investment")))
            {
                if let Some(plain) = figure(&now, after, key, top == "metrics", lineno, &mut units, &mut slips) {
                    now = Cow::Owned(plain);
                }
            }
            if now != text {
                out = Cow::Owned(format!("{}{}", now, &line[text.len()..]));
            }
        }
        match out {
            Cow::Owned(s) => fixed.get_or_insert_with(|| prefix(yaml, i)).push_str(&s),
            Cow::Borrowed(s) => push_line(&mut fixed, s),
        }
    }
    Read { yaml: fixed.map_or(Cow::Borrowed(yaml), Cow::Owned), slips, units }
}

/// The line with a figure written with separators or a unit made a plain
/// number: a metric keeps its written unit (noted in `units`), a project's
/// investment is converted to 亿元 here (its unit is fixed).
fn figure(
    text: &str,
    after: usize,
    key: &str,
    metric: bool,
    line: usize,
    units: &mut Vec<super::units::Written>,
    slips: &mut Vec<Slip>,
) -> Option<String> {
    let value = plain_value(&text[after..]);
    let (n, unit) = super::units::parse(value)?;
    let number = match (unit, metric) {
        (Some(u), true) => {
            units.push(super::units::Written {
                key: key.to_string(),
                unit: u.to_string(),
                line,
                text: value.to_string(),
            });
            n
        }
        (Some(u), false) => match super::units::convert(n, u, "亿元") {
            Some(v) => v,
            None => {
                slips.push(Slip {
                    line,
                    column: text[..after].chars().count() + 2,
                    message: Load::InvestmentUnit { value: value.to_string() },
                    hint: Load::InvestmentUnitHint,
                    error: true,
                });
                return None;
            }
        },
        (None, _) => n,
    };
    let at = after + text[after..].find(value)?;
    Some(format!("{}{}{}", &text[..at], number, &text[at + value.len()..]))
}

fn prefix(yaml: &str, lines: usize) -> String {
    yaml.split_inclusive('\n').take(lines).collect()
}

fn push_line(fixed: &mut Option<String>, line: &str) {
    if let Some(f) = fixed {
        f.push_str(line);
    }
}

/// Indentation made of anything but ASCII spaces (U+3000, U+00A0, U+2000…).
fn odd_indent(text: &str, line: usize) -> Option<Slip> {
    let lead = text.chars().take_while(|c| c.is_whitespace());
    let (col, c) = lead.enumerate().find(|(_, c)| *c != ' ' && *c != '\t')?;
    let rest = text.trim_start();
    if rest.is_empty() || rest.starts_with('#') {
        return None;
    }
    let name = if c == '\u{3000}' { Load::IdeographicSpace.to_string() } else { format!("U+{:04X}", c as u32) };
    Some(Slip { line, column: col + 1, message: Load::OddIndent { name }, hint: Load::OddIndentHint, error: true })
}

/// The key of a `key: value` or `key：value` line (also after `- `), and
/// the byte offset just past its colon. `None` for list items without a key,
/// comments and lines whose first colon-like mark sits inside quotes.
fn key_of(text: &str) -> Option<(&str, usize)> {
    let body = text.trim_start_matches([' ', '-']).trim_start();
    if body.is_empty() || body.starts_with(['#', '[', '{', '"', '\'']) {
        return None;
    }
    let start = text.len() - body.len();
    // The first ASCII `: ` (or `:` at the end) or full-width `：`, whichever comes first.
    let ascii = body
        .match_indices(':')
        .find(|(i, _)| body[i + 1..].is_empty() || body[i + 1..].starts_with([' ', '\t']))
        .map(|(i, _)| (i, 1));
    let wide = body.find('：').map(|i| (i, '：'.len_utf8()));
    let (at, len) = match (ascii, wide) {
        (Some(a), Some(w)) => {
            if w.0 < a.0 {
                w
            } else {
                a
            }
        }
        (a, w) => a.or(w)?,
    };
    Some((&body[..at], start + at + len))
}

fn key_slips(text: &str, key: &str, after: usize, line: usize) -> Vec<Slip> {
    let mut slips = Vec::new();
    let key_col = |byte: usize| text[..byte].chars().count() + 1;
    let key_at = after - text[..after].chars().last().map_or(1, char::len_utf8) - key.len();
    if text[..after].ends_with('：') && !key.contains(char::is_whitespace) {
        slips.push(Slip {
            line,
            column: key_col(after - '：'.len_utf8()),
            message: Load::FullWidthColon { key: key.to_string() },
            hint: Load::FullWidthColonHint { key: key.to_string() },
            error: true,
        });
    }
    if let Some((i, q)) = key.char_indices().find(|(_, c)| matches!(c, '“' | '”' | '‘' | '’')) {
        slips.push(Slip {
            line,
            column: key_col(key_at + i),
            message: Load::CurlyQuoteInKey { quote: q.to_string(), key: key.to_string() },
            hint: Load::CurlyQuoteInKeyHint,
            error: true,
        });
    }
    if let Some((i, z)) = key.char_indices().find(|(_, c)| crate::diag::is_invisible(*c)) {
        slips.push(Slip {
            line,
            column: key_col(key_at + i),
            message: Load::InvisibleInKey {
                code: format!("U+{:04X}", z as u32),
                key: crate::diag::visible(key).into_owned(),
            },
            hint: Load::InvisibleInKeyHint,
            error: true,
        });
    }
    let value = text[after..].trim();
    let curly = |o: char, c: char| value.starts_with(o) && value.ends_with(c) && value.chars().count() > 1;
    if curly('“', '”') || curly('‘', '’') {
        slips.push(Slip {
            line,
            column: key_col(after + (text[after..].len() - text[after..].trim_start().len())),
            message: Load::CurlyQuotedValue { key: key.to_string(), quote: value[..3].to_string() },
            hint: Load::CurlyQuotedValueHint,
            error: false,
        });
    }
    slips
}

/// A plain value without the `# comment` after it (`new` writes one on
/// every line), trimmed.
fn plain_value(rest: &str) -> &str {
    let cut = rest.char_indices().find(|&(i, c)| c == '#' && (i == 0 || rest[..i].ends_with([' ', '\t'])));
    cut.map_or(rest, |(i, _)| &rest[..i]).trim()
}

/// A plain number written with full-width digits or signs (`７７`, `－５．６`):
/// the line with them in ASCII, and a warning naming what was read.
fn full_width_number(text: &str, after: usize, line: usize) -> Option<(String, Slip)> {
    let value = plain_value(&text[after..]);
    let is_part = |c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '０'..='９' | '．' | '－' | '＋');
    if value.is_empty() || !value.chars().all(is_part) || value.is_ascii() || !value.chars().any(|c| c.is_numeric()) {
        return None;
    }
    let ascii: String = value.chars().map(crate::text::to_halfwidth).collect();
    let at = after + text[after..].find(value)?;
    let fixed = format!("{}{}{}", &text[..at], ascii, &text[at + value.len()..]);
    let slip = Slip {
        line,
        column: text[..at].chars().count() + 1,
        message: Load::FullWidthDigits { written: value.to_string(), read: ascii.clone() },
        hint: Load::FullWidthDigitsHint,
        error: false,
    };
    Some((fixed, slip))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slips(yaml: &str) -> Vec<(usize, usize, bool)> {
        read(yaml).slips.iter().map(|s| (s.line, s.column, s.error)).collect()
    }

    #[test]
    fn input_method_slips_are_found_where_they_are() {
        assert_eq!(slips("title: 攻坚：开局\ncounty：东光县\n"), [(2, 7, true)]);
        assert_eq!(slips("metrics:\n\u{3000}\u{3000}a: 1\n"), [(2, 1, true)]);
        assert_eq!(slips("“title”: x\n"), [(1, 1, true)]);
        assert_eq!(slips("co\u{200b}unty: 东光县\n"), [(1, 3, true)]);
        assert_eq!(slips("title: “项目为王”\n"), [(1, 8, false)]);
        assert_eq!(slips("summary: |\n  重点项目：东光县\n  “引号”: 不是键\ntitle: x\n"), []);
        assert_eq!(slips("projects:\n  - name：某项目\n"), [(2, 9, true)]);
        assert_eq!(slips("title: \"攻坚：开局\"\ntags: [a：b]\n"), []);
    }

    #[test]
    fn figures_with_units_and_separators_are_read_as_numbers() {
        let r =
            read("title: 2,450\nmetrics:\n  a: 2,450\n  b: 52亿元\nprojects:\n  - name: x\n    investment: 8000万元\n");
        assert_eq!(r.yaml, "title: 2,450\nmetrics:\n  a: 2450\n  b: 52\nprojects:\n  - name: x\n    investment: 0.8\n");
        assert_eq!(r.units.len(), 1);
        assert_eq!((r.units[0].key.as_str(), r.units[0].unit.as_str(), r.units[0].line), ("b", "亿元", 4));
        let r = read("metrics:\n  完成投资: 56000万元   # 完成投资（亿元）\n  a: ５．６ # 注释\n");
        assert_eq!(r.yaml, "metrics:\n  完成投资: 56000   # 完成投资（亿元）\n  a: 5.6 # 注释\n");
        assert_eq!((r.units.len(), r.units[0].unit.as_str()), (1, "万元"));
        let r = read("projects:\n  - {name: x}\n  - name: y\n    investment: 30个\n");
        assert_eq!(r.slips.iter().map(|s| (s.line, s.error)).collect::<Vec<_>>(), [(4, true)]);
    }

    #[test]
    fn full_width_numbers_are_read_as_ascii() {
        let Read { yaml: fixed, slips: s, .. } = read("title: x\nmetrics:\n  a: ５．６\n  b: －７７\n  c: 第７期\n");
        assert_eq!(fixed, "title: x\nmetrics:\n  a: 5.6\n  b: -77\n  c: 第７期\n");
        assert_eq!(s.iter().map(|s| (s.line, s.column, s.error)).collect::<Vec<_>>(), [(3, 6, false), (4, 6, false)]);
        assert!(s[0].message.to_string().contains("５．６") && s[0].message.to_string().contains("5.6"));
        assert!(matches!(read("a: 1\n").yaml, Cow::Borrowed(_)));
    }
}
