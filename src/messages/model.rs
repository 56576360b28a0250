//! Messages of the model and of the derived figures: URLs, campaigns and
//! their metrics, counties, drafts, figures that go down or jump.

use super::{catalogue, Lang, Message};
use crate::tr;

/// What the generator itself writes at a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generated {
    TagPages,
    ProjectPages,
    CountyPages,
    SeriesPages,
    ArchivePages,
    Search,
    HantMirror,
    HansMirror,
    WechatArticles,
    File,
    Page,
}

impl Message for Generated {
    fn text(&self, lang: Lang) -> String {
        use Generated::*;
        match self {
            TagPages => tr!(lang, "标签页", "the tag pages"),
            ProjectPages => tr!(lang, "项目页", "the project pages"),
            CountyPages => tr!(lang, "县区页", "the county pages"),
            SeriesPages => tr!(lang, "系列页", "the series pages"),
            ArchivePages => tr!(lang, "归档页", "the archive pages"),
            Search => tr!(lang, "搜索页及其索引", "the search page and its index"),
            HantMirror => tr!(lang, "繁体镜像", "the Traditional Chinese mirror"),
            HansMirror => tr!(lang, "简体镜像", "the Simplified Chinese mirror"),
            WechatArticles => {
                tr!(lang, "公众号文章（outputs 中的 wechat）", "the WeChat articles (`wechat` in outputs)")
            }
            File => tr!(lang, "生成器自己写的文件", "a file the generator writes"),
            Page => tr!(lang, "网站生成的页面", "a page the site builds"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Model {
    NoSlug,
    NoSlugHint,
    MetricsNeedCampaign,
    MetricsNeedCampaignHint,
    UnknownCampaign { id: String },
    NoCampaignsHint,
    KnownCampaignsHint { known: String },
    UndeclaredMetric { key: String, id: String },
    UndeclaredMetricHint { keys: Option<String>, file: String },
    CountyClash { name: String, slug: String, was: String, file: String },
    CountyClashHint { name: String, was: String },
    NewestDraft { id: String },
    NewestDraftHint,
    GeneratedUrl { path: String, what: Generated },
    GeneratedUrlHint,
    SameUrl { path: String, first: String },
    SameUrlHint,
    BeforeStart { date: String, field: String, id: String, start: String },
    BeforeStartHint { file: String },
    AfterEnd { field: String, date: String, days: i64, id: String, end: String },
    AfterEndHint { file: String },
    CorrectionNotGiven { key: String },
    CorrectionNotGivenHint { keys: Option<String> },
    GoesDown { key: String, was: String, file: String, date: String, value: String },
    GoesDownHint { key: String },
    Jumps { key: String, was: String, file: String, value: String },
    JumpsHint,
    SameDay { key: String, date: String, value: String, file: String, was: String },
    ProjectGoesBack { id: String, from: String, to: String },
}

impl Message for Model {
    fn text(&self, lang: Lang) -> String {
        use Model::*;
        let none = || tr!(lang, "（没有）", "(none)");
        match self {
            NoSlug => tr!(lang, "无法从这个文件名生成网址名", "cannot make a URL slug from this file name"),
            NoSlugHint => tr!(lang, "在文件头中加上 `slug: some-name`（a-z、0-9、-）", "add `slug: some-name` (a-z, 0-9, -) to the front-matter"),
            MetricsNeedCampaign => tr!(lang, "metrics 需要一个声明了这些指标的攻坚行动", "metrics need a campaign that declares them"),
            MetricsNeedCampaignHint => tr!(lang, "加上 `campaign: <id>`，写 content/campaigns/ 中的文件名", "add `campaign: <id>` naming a file in content/campaigns/"),
            UnknownCampaign { id } => tr!(lang, "没有攻坚行动 {id:?}", "unknown campaign {id:?}"),
            NoCampaignsHint => tr!(lang, "还没有攻坚行动：用 `gongjian new campaigns/<id>` 新建 content/campaigns/<id>.md", "there are no campaigns: add content/campaigns/<id>.md"),
            KnownCampaignsHint { known } => tr!(lang, "攻坚行动以 content/campaigns/ 中的文件名（不含 .md）指代；已有：{known}", "a campaign is named by its file stem in content/campaigns/; known: {known}"),
            UndeclaredMetric { key, id } => tr!(lang, "攻坚行动 {id:?} 没有声明指标 `{key}`", "metric `{key}` is not declared by campaign {id:?}"),
            UndeclaredMetricHint { keys, file } => {
                let keys = keys.clone().unwrap_or_else(none);
                tr!(lang, "已声明的指标：{keys}；如需新指标，在 {file} 的 `metrics:` 下声明", "declared keys: {keys}; declare it under `metrics:` in {file}")
            }
            CountyClash { name, slug, was, file } => tr!(lang, "县区 {name:?} 与 {was:?}（{file}）生成相同的网址 `counties/{slug}/`：两者会共用一个县区页面", "county {name:?} makes the same URL `counties/{slug}/` as {was:?} ({file}): they would share one county page"),
            CountyClashHint { name, was } => tr!(lang, "如果是同一个县区，各处都写 {was:?}；如果不是，在名称中区分，如 \"{name}（所属市）\"", "if both are one county, write {was:?} everywhere; if not, tell them apart in the name, e.g. \"{name}（所属市）\""),
            NewestDraft { id } => tr!(lang, "这篇草稿会是攻坚行动 {id:?} 最新的报道：它还是草稿时，其中的数字不发布", "this draft would be the newest report of campaign {id:?}: its figures are not published while it is a draft"),
            NewestDraftHint => tr!(lang, "审定后改为 `draft: false`；如果应当沿用之前的数字，可以不改", "set `draft: false` when it is approved, or leave it if the older figures are meant to stand"),
            GeneratedUrl { path, what } => {
                let what = what.text(lang);
                tr!(lang, "这个页面的网址 /{path} 是生成器写{what}的位置", "this page's URL /{path} is where the generator writes {what}")
            }
            GeneratedUrlHint => tr!(lang, "把文件移到别的文件夹，或给它另一个 `slug:`", "move the file to another folder, or give it another `slug:`"),
            SameUrl { path, first } => tr!(lang, "两个页面的网址都是 /{path}：这一个和 {first}", "two pages have the URL /{path}: this one and {first}"),
            SameUrlHint => tr!(lang, "给其中一个换一个 `slug:`", "give one of them a different `slug:`"),
            BeforeStart { date, field, id, start } => tr!(lang, "这篇报道的日期是 {date}，带有攻坚行动的数字（`{field}`），但攻坚行动 {id:?} {start} 才开始", "this report, dated {date}, carries campaign figures (`{field}`) but campaign {id:?} starts on {start}"),
            BeforeStartHint { file } => tr!(lang, "检查报道的 `date` 和攻坚行动的 `start`（{file}）；开始前的动员报道可以不写数字", "check the report's `date` and the campaign's `start` ({file}); a kickoff report before the start may have no figures"),
            AfterEnd { field, date, days, id, end } => tr!(lang, "数字（`{field}`）的日期是 {date}，在攻坚行动 {id:?} 结束（{end}）之后 {days} 天", "figures (`{field}`) dated {date}, {days} days after campaign {id:?} ended on {end}"),
            AfterEndHint { file } => tr!(lang, "检查报道的 `date` 和 `campaign`，以及攻坚行动的 `end`（{file}）", "check the report's `date` and `campaign`, and the campaign's `end` ({file})"),
            CorrectionNotGiven { key } => tr!(lang, "`corrections` 列出了 `{key}`，但本篇的 `metrics` 中没有它", "`corrections` names `{key}`, which this report's `metrics` do not give"),
            CorrectionNotGivenHint { keys } => {
                let keys = keys.clone().unwrap_or_else(none);
                tr!(lang, "只列出本篇更正的指标；本篇给出的有：{keys}", "list only metrics this report corrects; it gives: {keys}")
            }
            GoesDown { key, was, file, date, value } => tr!(lang, "累计指标 `{key}` 从 {was}（{file}，{date}）降到了 {value}", "cumulative metric `{key}` goes down from {was} ({file}, {date}) to {value}"),
            GoesDownHint { key } => tr!(lang, "改正这个数字；如果是之前的数字错了，加上 `corrections: [{key}]`（页面会显示“数据更正”），或把该指标声明为 `cumulative: false`", "correct the figure; if the earlier one was wrong, add `corrections: [{key}]` (the page then shows a 数据更正 note), or declare the metric `cumulative: false`"),
            Jumps { key, was, file, value } => tr!(lang, "指标 `{key}` 从 {was}（{file}）跳到 {value}：小数点位置错了？", "metric `{key}` jumps from {was} ({file}) to {value}: a misplaced decimal point?"),
            JumpsHint => tr!(lang, "与原始材料核对；如果没错，不用改动", "check the figure against the source; if it is right, nothing needs to change"),
            SameDay { key, date, value, file, was } => tr!(lang, "两篇报道都给出了 {date} 的 `{key}`：采用这一篇的（{value}），不用 {file} 的（{was}）", "two reports give `{key}` for {date}: this one ({value}) wins over {file} ({was})"),
            ProjectGoesBack { id, from, to } => tr!(lang, "项目 `{id}` 的状态从 {from} 倒退到 {to}", "project `{id}` goes back from {from} to {to}"),
        }
    }
}

catalogue!(Generated, Model);

#[cfg(test)]
impl Model {
    pub(crate) fn samples() -> Vec<Model> {
        use Model::*;
        let s = || "值".to_string();
        vec![
            NoSlug,
            NoSlugHint,
            MetricsNeedCampaign,
            MetricsNeedCampaignHint,
            UnknownCampaign { id: s() },
            NoCampaignsHint,
            KnownCampaignsHint { known: s() },
            UndeclaredMetric { key: s(), id: s() },
            UndeclaredMetricHint { keys: None, file: s() },
            CountyClash { name: s(), slug: s(), was: s(), file: s() },
            CountyClashHint { name: s(), was: s() },
            NewestDraft { id: s() },
            NewestDraftHint,
            GeneratedUrl { path: s(), what: Generated::TagPages },
            GeneratedUrlHint,
            SameUrl { path: s(), first: s() },
            SameUrlHint,
            BeforeStart { date: s(), field: s(), id: s(), start: s() },
            BeforeStartHint { file: s() },
            AfterEnd { field: s(), date: s(), days: 1, id: s(), end: s() },
            AfterEndHint { file: s() },
            CorrectionNotGiven { key: s() },
            CorrectionNotGivenHint { keys: None },
            GoesDown { key: s(), was: s(), file: s(), date: s(), value: s() },
            GoesDownHint { key: s() },
            Jumps { key: s(), was: s(), file: s(), value: s() },
            JumpsHint,
            SameDay { key: s(), date: s(), value: s(), file: s(), was: s() },
            ProjectGoesBack { id: s(), from: s(), to: s() },
        ]
    }
}
