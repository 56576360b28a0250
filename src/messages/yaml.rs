//! The YAML parser's and serde's messages, read into a typed message and
//! said in plain words: "应为数字" rather than "expected f64".

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Yaml {
    /// `invalid type: <found>, expected <expected>`.
    WrongType {
        found: String,
        expected: String,
    },
    /// `invalid value: <found>, expected <expected>`.
    WrongValue {
        found: String,
        expected: String,
    },
    /// `invalid length <n>, expected <expected>`.
    WrongLength {
        found: String,
        expected: String,
    },
    MissingField {
        field: String,
    },
    UnknownField {
        field: String,
        expected: String,
    },
    UnknownVariant {
        found: String,
        expected: String,
    },
    DuplicateField {
        field: String,
    },
    DidNotFindExpected {
        what: String,
    },
    ColonInValue,
    BadCharacter,
    UnexpectedEnd,
    TabIndent,
    RecursionLimit,
    /// Anything else the parser says, kept as written.
    Other {
        message: String,
    },
}

impl Yaml {
    /// Reads a serde_yaml message (its location already cut off).
    pub fn from_serde(msg: &str) -> Yaml {
        let msg = msg.trim();
        let between = |pre: &str| msg.strip_prefix(pre).and_then(|r| r.rsplit_once(", expected "));
        let tick = |pre: &str| {
            msg.strip_prefix(pre).and_then(|r| r.split_once('`')).map(|(f, rest)| (f.to_string(), rest.to_string()))
        };
        if let Some((found, expected)) = between("invalid type: ") {
            return Yaml::WrongType { found: found.into(), expected: expected.into() };
        }
        if let Some((found, expected)) = between("invalid value: ") {
            return Yaml::WrongValue { found: found.into(), expected: expected.into() };
        }
        if let Some((found, expected)) = between("invalid length ") {
            return Yaml::WrongLength { found: found.into(), expected: expected.into() };
        }
        if let Some((field, _)) = tick("missing field `") {
            return Yaml::MissingField { field };
        }
        if let Some((field, rest)) = tick("unknown field `") {
            let expected = rest.trim_start_matches(", expected ").trim_start_matches("one of ").to_string();
            return Yaml::UnknownField { field, expected };
        }
        if let Some((found, rest)) = tick("unknown variant `") {
            let expected = rest.trim_start_matches(", expected ").trim_start_matches("one of ").to_string();
            return Yaml::UnknownVariant { found, expected };
        }
        if let Some((field, _)) = tick("duplicate field `") {
            return Yaml::DuplicateField { field };
        }
        if let Some(key) = msg.strip_prefix("duplicate entry with key \"").and_then(|r| r.split_once('"')) {
            return Yaml::DuplicateField { field: key.0.to_string() };
        }
        if let Some((_, what)) = msg.split_once("did not find expected ") {
            return Yaml::DidNotFindExpected { what: what.to_string() };
        }
        if let Some((_, what)) = msg.split_once("could not find expected ") {
            return Yaml::DidNotFindExpected { what: what.to_string() };
        }
        if msg.contains("mapping values are not allowed") {
            return Yaml::ColonInValue;
        }
        if msg.contains("found character that cannot start any token") {
            return if msg.contains("tab") { Yaml::TabIndent } else { Yaml::BadCharacter };
        }
        if msg.contains("unexpected end") {
            return Yaml::UnexpectedEnd;
        }
        if msg.contains("recursion limit exceeded") {
            return Yaml::RecursionLimit;
        }
        Yaml::Other { message: msg.to_string() }
    }

    /// Whether a `[`, `{` or quote left open is the likely cause.
    pub fn is_unclosed(&self) -> bool {
        matches!(self, Yaml::DidNotFindExpected { .. } | Yaml::UnexpectedEnd)
    }
}

/// What serde says a value is or should be (`f64`, `a string`, `struct
/// PageMeta`, `string "18.5亿元"`), in plain Chinese.
fn kind_zh(s: &str) -> String {
    let s = s.trim();
    let (word, rest) = match s.split_once([' ', '`']) {
        Some((w, r)) => (w, r.replace('`', "")),
        None => (s, String::new()),
    };
    // "a string", "an integer": the article carries no value.
    let (word, rest) = match word {
        "a" | "an" => (rest.split(' ').next().unwrap_or(word).to_string(), String::new()),
        w => (w.to_string(), rest.trim().to_string()),
    };
    let rest = rest.trim_start_matches("point").trim().to_string();
    let name = match word.as_str() {
        "f64" | "f32" | "float" | "floating" | "number" | "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32"
        | "u64" | "usize" | "isize" | "integer" => "数字",
        "string" | "str" | "char" | "character" => "文字",
        // A value found shows itself (`true`); one expected is named.
        "boolean" | "bool" if !rest.is_empty() => return rest,
        "boolean" | "bool" => "true 或 false",
        "sequence" | "seq" | "list" | "tuple" => "列表（每项以 - 开头，或写成 [甲, 乙]）",
        "map" | "mapping" | "struct" | "enum" => "一组“键: 值”",
        "unit" | "null" => "空值",
        "YYYY-MM-DD" | "date" => "日期 YYYY-MM-DD",
        _ => return s.to_string(),
    };
    match word.as_str() {
        "struct" | "map" | "mapping" | "enum" | "unit" => name.to_string(),
        _ if rest.is_empty() => name.to_string(),
        _ => format!("{name} {rest}"),
    }
}

impl Message for Yaml {
    fn text(&self, lang: Lang) -> String {
        use Yaml::*;
        match self {
            WrongType { found, expected } => {
                let (f, e) = (kind_zh(found), kind_zh(expected));
                tr!(lang, "类型不对：应为{e}，写的是{f}", "wrong type: found {found}, expected {expected}")
            }
            WrongValue { found, expected } => {
                let (f, e) = (kind_zh(found), kind_zh(expected));
                tr!(lang, "值不对：应为{e}，写的是{f}", "invalid value: {found}, expected {expected}")
            }
            WrongLength { found, expected } => {
                tr!(lang, "个数不对：应为{expected}，写了 {found} 个", "invalid length {found}, expected {expected}")
            }
            MissingField { field } => tr!(lang, "缺少字段 `{field}`", "missing field `{field}`"),
            UnknownField { field, expected } => tr!(
                lang,
                "不认识的字段 `{field}`，可用的有：{expected}",
                "unknown field `{field}`, expected one of {expected}"
            ),
            UnknownVariant { found, expected } => tr!(
                lang,
                "不认识的取值 `{found}`，可用的有：{expected}",
                "unknown variant `{found}`, expected one of {expected}"
            ),
            DuplicateField { field } => tr!(lang, "字段 `{field}` 写了两次", "duplicate field `{field}`"),
            DidNotFindExpected { what } => tr!(lang, "格式不完整：缺少 {what}", "did not find expected {what}"),
            ColonInValue => tr!(lang, "这里不能出现“冒号+空格”", "mapping values are not allowed in this context"),
            BadCharacter => tr!(lang, "这里有一个不能开始取值的字符", "found character that cannot start any token"),
            UnexpectedEnd => tr!(lang, "文件头意外结束", "unexpected end of stream"),
            TabIndent => tr!(
                lang,
                "用了 Tab 缩进；YAML 只能用空格缩进",
                "found character that cannot start any token (a tab used for indentation)"
            ),
            RecursionLimit => tr!(lang, "嵌套层次太深", "recursion limit exceeded"),
            Other { message } => tr!(lang, "文件头格式有误（{message}）", "{message}"),
        }
    }
}

catalogue!(Yaml);

#[cfg(test)]
impl Yaml {
    pub(crate) fn samples() -> Vec<Yaml> {
        [
            "invalid type: string \"18.5亿元\", expected f64",
            "invalid type: sequence, expected a string",
            "invalid type: map, expected struct PageMeta",
            "invalid type: floating point `1.5`, expected usize",
            "invalid value: integer `-5`, expected u32",
            "invalid length 3, expected 2 elements",
            "missing field `title`",
            "unknown field `x`, expected one of `a`, `b`",
            "unknown variant `x`, expected `a` or `b`",
            "duplicate field `title`",
            "duplicate entry with key \"a\"",
            "while parsing a flow sequence, did not find expected ',' or ']'",
            "mapping values are not allowed in this context",
            "found character that cannot start any token",
            "unexpected end of stream",
            "recursion limit exceeded",
            "something else",
        ]
        .iter()
        .map(|m| Yaml::from_serde(m))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_types_are_said_in_plain_chinese() {
        let zh = |m: &str| Yaml::from_serde(m).text(Lang::Zh);
        assert_eq!(
            zh("invalid type: string \"18.5亿元\", expected f64"),
            "类型不对：应为数字，写的是文字 \"18.5亿元\""
        );
        assert_eq!(
            zh("invalid type: string \"x\", expected struct PageMeta"),
            "类型不对：应为一组“键: 值”，写的是文字 \"x\""
        );
        assert_eq!(
            zh("invalid type: sequence, expected a string"),
            "类型不对：应为文字，写的是列表（每项以 - 开头，或写成 [甲, 乙]）"
        );
        assert_eq!(zh("invalid type: floating point `1.5`, expected usize"), "类型不对：应为数字，写的是数字 1.5");
        assert_eq!(zh("invalid type: boolean `true`, expected a string"), "类型不对：应为文字，写的是true");
        assert_eq!(
            zh("invalid type: unit value, expected a sequence"),
            "类型不对：应为列表（每项以 - 开头，或写成 [甲, 乙]），写的是空值"
        );
        assert_eq!(
            Yaml::from_serde("invalid type: string \"x\", expected f64").text(Lang::En),
            "wrong type: found string \"x\", expected f64"
        );
    }
}
