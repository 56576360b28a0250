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
    NoCampaign { id: String },
    NeedsCampaign { kind: String },
    NoReport { path: String },
    NoPaceYet { id: String },
    NoMetric { id: String, metric: String, declared: String },
    NoMetrics,
    RankingNeedsReport,
    NoRankings { path: String },
    NoSeries { id: String },
    NotInSeries,
    HistoryNeedsProject,
    NoProject { id: String },
    NoCounty { slug: String },
    LowContrast { key: String, colour: String, ratio: String, background: String, min: String },
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
            NoCampaign { id } => tr!(lang, "没有攻坚行动 {id:?}", "no campaign {id:?}"),
            NeedsCampaign { kind } => {
                tr!(
                    lang,
                    "图表种类 \"{kind}\" 需要写 `campaign=\"<id>\"`",
                    "chart kind \"{kind}\" needs `campaign=\"<id>\"`"
                )
            }
            NoReport { path } => tr!(lang, "没有报道 {path:?}", "no report {path:?}"),
            NoPaceYet { id } => tr!(
                lang,
                "攻坚行动 {id:?} 还没有进度：需要一篇报道写有它的主指标，并有目标值",
                "campaign {id:?} has no pace yet: it needs a report with its headline metric and a target"
            ),
            NoMetric { id, metric, declared } => tr!(
                lang,
                "攻坚行动 {id:?} 没有声明指标 `{metric}`；已声明的指标：{declared}",
                "campaign {id:?} declares no metric `{metric}`; declared: {declared}"
            ),
            NoMetrics => tr!(lang, "这个攻坚行动没有声明指标", "the campaign declares no metrics"),
            RankingNeedsReport => tr!(
                lang,
                "图表种类 \"ranking\" 需要一篇写有 `rankings` 的报道（report=\"reports/<slug>/\"）",
                "chart kind \"ranking\" needs a report with `rankings` (report=\"reports/<slug>/\")"
            ),
            NoRankings { path } => tr!(lang, "报道 {path:?} 没有 `rankings`", "report {path:?} has no `rankings`"),
            NoSeries { id } => tr!(lang, "没有系列 {id:?}", "no series {id:?}"),
            NotInSeries => tr!(lang, "这个攻坚行动不属于任何系列", "the campaign belongs to no series"),
            HistoryNeedsProject => tr!(
                lang,
                "图表种类 \"history\" 需要写 `project=\"<id>\"`",
                "chart kind \"history\" needs `project=\"<id>\"`"
            ),
            NoProject { id } => tr!(lang, "没有项目 {id:?}", "no project {id:?}"),
            NoCounty { slug } => tr!(lang, "没有县区 {slug:?}", "no county {slug:?}"),
            LowContrast { key, colour, ratio, background, min } => tr!(
                lang,
                "colors.{key} {colour} 在 {background} 上的对比度为 {ratio}:1，低于 {min}:1",
                "colors.{key} {colour} has contrast {ratio}:1 on {background}, below {min}:1"
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
            NoCampaign { id: s() },
            NeedsCampaign { kind: s() },
            NoReport { path: s() },
            NoPaceYet { id: s() },
            NoMetric { id: s(), metric: s(), declared: s() },
            NoMetrics,
            RankingNeedsReport,
            NoRankings { path: s() },
            NoSeries { id: s() },
            NotInSeries,
            HistoryNeedsProject,
            NoProject { id: s() },
            NoCounty { slug: s() },
            LowContrast { key: s(), colour: s(), ratio: s(), background: s(), min: s() },
        ]
    }
}
