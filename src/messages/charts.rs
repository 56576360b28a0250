//! Messages about `chart(…)` calls and chart colours.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Charts {
    NoKind,
    UnknownKind { kind: String, kinds: String },
    UnknownKindNear { kind: String, near: String, kinds: String },
    UnknownArg { kind: String, arg: String, takes: String },
    UnknownBy { by: String, valid: String },
    BadColour { key: String, value: String, keys: String },
    NoSeriesColour { value: String },
}

impl Message for Charts {
    fn text(&self, lang: Lang) -> String {
        use Charts::*;
        match self {
            NoKind => tr!(lang, "chart() 需要写明图表种类 kind=\"…\"", "chart() needs kind=\"…\""),
            UnknownKind { kind, kinds } => {
                tr!(
                    lang,
                    "不认识的图表种类 {kind:?}；可用的种类：{kinds}",
                    "unknown chart kind {kind:?}; kinds are {kinds}"
                )
            }
            UnknownKindNear { kind, near, kinds } => tr!(
                lang,
                "不认识的图表种类 {kind:?}（是不是要写 `{near}`？）；可用的种类：{kinds}",
                "unknown chart kind {kind:?} (did you mean `{near}`?); kinds are {kinds}"
            ),
            UnknownArg { kind, arg, takes } => tr!(
                lang,
                "图表种类 \"{kind}\" 没有参数 `{arg}`；它的参数是 `kind`、{takes}",
                "chart kind \"{kind}\" takes no argument `{arg}`; it takes `kind`, {takes}"
            ),
            UnknownBy { by, valid } => {
                tr!(lang, "不能按 {by:?} 分组：by= 可用 {valid}", "breakdown by {by:?}: use by= {valid}")
            }
            BadColour { key, value, keys } => tr!(
                lang,
                "colors.{key}：{value:?} 不是 #rgb 或 #rrggbb 形式的颜色（可设置的颜色：{keys}）",
                "colors.{key}: {value:?} is not a #rgb or #rrggbb colour (keys: {keys})"
            ),
            NoSeriesColour { value } => tr!(
                lang,
                "colors.series：至少要有一种颜色（写的是 {value:?}）",
                "colors.series: needs at least one colour (got {value:?})"
            ),
        }
    }
}

catalogue!(Charts);

#[cfg(test)]
impl Charts {
    pub(crate) fn samples() -> Vec<Charts> {
        use Charts::*;
        let s = || "值".to_string();
        vec![
            NoKind,
            UnknownKind { kind: s(), kinds: s() },
            UnknownKindNear { kind: s(), near: s(), kinds: s() },
            UnknownArg { kind: s(), arg: s(), takes: s() },
            UnknownBy { by: s(), valid: s() },
            BadColour { key: s(), value: s(), keys: s() },
            NoSeriesColour { value: s() },
        ]
    }
}
