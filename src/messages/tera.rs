//! Tera's messages about a theme's templates, read into a typed message and
//! said in the editor's language: "变量 `pgae` 不存在" rather than
//! "Variable `pgae` is not defined". Tera keeps its own pointer to the line
//! (the `-->` excerpt); only its sentence is translated. A wording this
//! table does not know is shown as Tera wrote it, after a Chinese lead.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tera {
    /// `Found <found> but expected <expected>.`
    Found {
        found: String,
        expected: String,
    },
    /// `Unknown filter|test|function|component|template `<name>``.
    Unknown {
        what: Kind,
        name: String,
    },
    /// `Variable `<name>` is not defined.` and the variables there are.
    NoVariable {
        name: String,
        available: String,
    },
    /// `Field `<name>` is not defined.` and the fields there are.
    NoField {
        name: String,
        available: String,
    },
    /// `Closing tag '<closing>' doesn't match opening tag '<opening>'`.
    Unmatched {
        closing: String,
        opening: String,
    },
    /// `Unknown tag`: a `{% … %}` Tera does not know, often an end tag with no opening one.
    UnknownTag,
    MissingArgument {
        name: String,
    },
    WrongType {
        expected: String,
        found: String,
    },
    TemplateNotFound {
        name: String,
    },
    MissingParent {
        current: String,
        parent: String,
    },
    CircularExtend {
        template: String,
    },
    CircularInclude {
        template: String,
    },
    /// Anything else Tera says, kept as written.
    Other {
        message: String,
    },
}

/// What a template named that Tera does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Filter,
    Test,
    Function,
    Component,
    Template,
}

/// A template mistake's sentence, led by which kind of mistake it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateLead {
    /// The template cannot be read as Tera (a brace, tag or name is wrong).
    Syntax { detail: String },
    /// It reads, but making a page with it failed.
    Rendering { detail: String },
    /// What to check first after a syntax mistake.
    SyntaxHint,
}

impl Tera {
    /// Reads Tera's sentence (without its `-->` excerpt).
    pub fn from_tera(msg: &str) -> Tera {
        let msg = msg.trim();
        let ticked = |pre: &str| msg.strip_prefix(pre).and_then(|r| r.split_once('`'));
        if let Some((found, expected)) = msg.strip_prefix("Found ").and_then(|r| r.split_once(" but expected ")) {
            return Tera::Found { found: found.into(), expected: expected.trim_end_matches('.').into() };
        }
        if let Some((found, expected)) = msg.strip_prefix("Found ").and_then(|r| r.split_once(" but was expecting ")) {
            return Tera::Found { found: found.into(), expected: expected.trim_end_matches('.').into() };
        }
        let kinds = [
            ("Unknown filter `", Kind::Filter),
            ("Unknown test `", Kind::Test),
            ("Unknown function `", Kind::Function),
            ("Unknown component `", Kind::Component),
            ("Unknown template `", Kind::Template),
        ];
        for (pre, what) in kinds {
            if let Some((name, _)) = ticked(pre) {
                return Tera::Unknown { what, name: name.into() };
            }
        }
        let listed = |rest: &str, label: &str| rest.split_once(label).map_or(String::new(), |(_, l)| l.trim().into());
        if let Some((name, rest)) = ticked("Variable `") {
            return Tera::NoVariable { name: name.into(), available: listed(rest, "Available variables:") };
        }
        if let Some((name, rest)) = ticked("Field `") {
            return Tera::NoField { name: name.into(), available: listed(rest, "Available fields:") };
        }
        if let Some((closing, rest)) = msg.strip_prefix("Closing tag '").and_then(|r| r.split_once('\'')) {
            let opening = rest.split_once("opening tag '").map_or("", |(_, o)| o.trim_end_matches('\''));
            return Tera::Unmatched { closing: closing.into(), opening: opening.into() };
        }
        if msg == "Unknown tag" {
            return Tera::UnknownTag;
        }
        if let Some((name, _)) = ticked("Missing keyword argument `") {
            return Tera::MissingArgument { name: name.into() };
        }
        if let Some((expected, rest)) = ticked("Invalid type for the value, expected `") {
            let found = rest.split('`').nth(1).unwrap_or_default();
            return Tera::WrongType { expected: expected.into(), found: found.into() };
        }
        Tera::Other { message: msg.to_string() }
    }

    /// Reads one of Tera's errors that has no excerpt of its own.
    pub fn from_kind(kind: &tera::ErrorKind) -> Tera {
        use tera::ErrorKind as K;
        match kind {
            K::TemplateNotFound(name) => Tera::TemplateNotFound { name: name.clone() },
            K::MissingParent { current, parent } => {
                Tera::MissingParent { current: current.clone(), parent: parent.clone() }
            }
            K::CircularExtend { tpl, .. } => Tera::CircularExtend { template: tpl.clone() },
            K::CircularInclude { tpl, .. } => Tera::CircularInclude { template: tpl.clone() },
            K::MissingArgument { arg_name } => Tera::MissingArgument { name: arg_name.clone() },
            K::InvalidArgument { expected_type, actual_type } => {
                Tera::WrongType { expected: expected_type.clone(), found: actual_type.clone() }
            }
            other => Tera::from_tera(&other.to_string()),
        }
    }
}

/// Tera's name of a value's type, in plain Chinese.
fn type_zh(t: &str) -> String {
    match t {
        "string" | "str" => "文字".into(),
        "number" | "integer" | "float" | "i64" | "u64" | "f64" => "数字".into(),
        "bool" | "boolean" => "true 或 false".into(),
        "array" | "vec" | "list" => "列表".into(),
        "map" | "object" => "一组“键: 值”".into(),
        "none" | "null" | "undefined" => "空值".into(),
        other => format!("`{other}`"),
    }
}

impl Message for Kind {
    fn text(&self, lang: Lang) -> String {
        match self {
            Kind::Filter => tr!(lang, "过滤器", "filter"),
            Kind::Test => tr!(lang, "测试", "test"),
            Kind::Function => tr!(lang, "函数", "function"),
            Kind::Component => tr!(lang, "组件", "component"),
            Kind::Template => tr!(lang, "模板", "template"),
        }
    }
}

impl Message for Tera {
    fn text(&self, lang: Lang) -> String {
        use Tera::*;
        match self {
            Found { found, expected } => {
                tr!(lang, "这里是 {found}，应为 {expected}", "Found {found} but expected {expected}.")
            }
            Unknown { what, name } => {
                let w = what.text(lang);
                tr!(lang, "没有名为 `{name}` 的{w}", "Unknown {w} `{name}`")
            }
            NoVariable { name, available } if available.is_empty() => {
                tr!(lang, "变量 `{name}` 不存在", "Variable `{name}` is not defined.")
            }
            NoVariable { name, available } => tr!(
                lang,
                "变量 `{name}` 不存在。这里可用的变量：{available}",
                "Variable `{name}` is not defined. Available variables: {available}"
            ),
            NoField { name, available } if available.is_empty() => {
                tr!(lang, "字段 `{name}` 不存在", "Field `{name}` is not defined.")
            }
            NoField { name, available } => tr!(
                lang,
                "字段 `{name}` 不存在。这里可用的字段：{available}",
                "Field `{name}` is not defined. Available fields: {available}"
            ),
            Unmatched { closing, opening } => tr!(
                lang,
                "结束标签 {closing} 与开始标签 {opening} 不配对",
                "Closing tag '{closing}' doesn't match opening tag '{opening}'"
            ),
            UnknownTag => tr!(lang, "不认识的标签：可能是写错了，或是多出一个没有开头的 end 标签", "Unknown tag"),
            MissingArgument { name } => tr!(lang, "缺少参数 `{name}`", "Missing keyword argument `{name}`"),
            WrongType { expected, found } => {
                let (e, f) = (type_zh(expected), type_zh(found));
                tr!(
                    lang,
                    "值的类型不对：应为{e}，实为{f}",
                    "Invalid type for the value, expected `{expected}` but got `{found}`"
                )
            }
            TemplateNotFound { name } => tr!(lang, "找不到模板 {name}", "Template '{name}' not found"),
            MissingParent { current, parent } => tr!(
                lang,
                "模板 {current} 继承的 {parent} 不存在",
                "Template '{current}' is inheriting from '{parent}', which doesn't exist or isn't loaded."
            ),
            CircularExtend { template } => {
                tr!(
                    lang,
                    "模板 {template} 的继承（extends）绕成了环",
                    "Circular extend detected for template '{template}'"
                )
            }
            CircularInclude { template } => {
                tr!(
                    lang,
                    "模板 {template} 的引用（include）绕成了环",
                    "Circular include detected for template '{template}'"
                )
            }
            Other { message } => tr!(lang, "Tera 报告：{message}", "{message}"),
        }
    }
}

impl Message for TemplateLead {
    fn text(&self, lang: Lang) -> String {
        match self {
            TemplateLead::Syntax { detail } => tr!(lang, "模板写法有误：{detail}", "template syntax error: {detail}"),
            TemplateLead::Rendering { detail } => {
                tr!(lang, "用模板生成页面时出错：{detail}", "error rendering the template: {detail}")
            }
            TemplateLead::SyntaxHint => tr!(
                lang,
                "检查标出的位置：{{{{ }}}} 与 {{% %}} 是否成对，{{% if %}}、{{% for %}}、{{% block %}} 是否都有对应的 end 标签",
                "check the marked place: are {{{{ }}}} and {{% %}} paired, and does every {{% if %}}, {{% for %}} and {{% block %}} have its end tag?"
            ),
        }
    }
}

catalogue!(Tera, Kind, TemplateLead);

#[cfg(test)]
impl Tera {
    pub(crate) fn samples() -> Vec<Tera> {
        [
            "Found `}` but expected }}.",
            "Found `endfor` but was expecting `elif`, `else` or `endif`.",
            "Unknown filter `nosuch`",
            "Unknown function `url_fro`",
            "Variable `pgae` is not defined. Available variables: page, site",
            "Field `titel` is not defined. Available fields: title, date",
            "Field `x` is not defined",
            "Closing tag 'endfor' doesn't match opening tag 'if'",
            "Unknown tag",
            "Missing keyword argument `path`",
            "Invalid type for the value, expected `number` but got `string`",
            "Slice step must be an integer, got `a`",
        ]
        .into_iter()
        .map(Tera::from_tera)
        .chain([
            Tera::TemplateNotFound { name: "x.html".into() },
            Tera::MissingParent { current: "a.html".into(), parent: "b.html".into() },
            Tera::CircularExtend { template: "a.html".into() },
            Tera::CircularInclude { template: "a.html".into() },
        ])
        .collect()
    }
}

#[cfg(test)]
impl TemplateLead {
    pub(crate) fn samples() -> Vec<TemplateLead> {
        let detail = || "变量 `pgae` 不存在".to_string();
        vec![
            TemplateLead::Syntax { detail: detail() },
            TemplateLead::Rendering { detail: detail() },
            TemplateLead::SyntaxHint,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teras_common_wordings_are_read_and_said_in_chinese() {
        let zh = |m: &str| Tera::from_tera(m).text(Lang::Zh);
        assert_eq!(zh("Found `}` but expected }}."), "这里是 `}`，应为 }}");
        assert_eq!(zh("Unknown filter `nosuch`"), "没有名为 `nosuch` 的过滤器");
        assert_eq!(
            zh("Field `titel` is not defined. Available fields: title, date"),
            "字段 `titel` 不存在。这里可用的字段：title, date"
        );
        assert_eq!(zh("Variable `pgae` is not defined."), "变量 `pgae` 不存在");
        assert_eq!(zh("Closing tag 'endfor' doesn't match opening tag 'if'"), "结束标签 endfor 与开始标签 if 不配对");
        assert_eq!(zh("Slice step must be an integer, got `a`"), "Tera 报告：Slice step must be an integer, got `a`");
    }

    #[test]
    fn english_keeps_teras_own_wording() {
        for m in ["Found `}` but expected }}.", "Unknown filter `nosuch`", "Missing keyword argument `path`"] {
            assert_eq!(Tera::from_tera(m).text(Lang::En), m);
        }
    }
}
