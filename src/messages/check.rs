//! Messages of `gongjian check`: links, stale sections, and the items of a
//! government-site inspection (the categories keep their official Chinese
//! names in both languages: they are what the inspection report says).

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Link { dest: String, problem: Box<Check> },
    BrokenLink { dest: String, problem: Box<Check> },
    NoContentFile { file: String },
    NoContentFileHint,
    NotPublished { file: String },
    NotPublishedHint,
    DomainRoot { base: String },
    DomainRootHint { fixed: String },
    NoPage { shown: String },
    CheckSlugHint,
    MdLinkHint,
    DatedSlugHint { fixed: String },
    StaleSection { title: String, newest: String, age: i64, today: String, limit: i64 },
    StaleOwnHint,
    StaleSiteHint,
    BannedTerm { term: String },
    BannedTermHint,
    Oversized { dest: String, mb: String, limit: String },
    OversizedHint,
    StaleHome { date: String, age: i64, today: String, limit: i64 },
    StaleHomeHint,
    EmptyColumn { title: String },
    EmptyColumnHint,
    FooterMissing { what: String },
    FooterMissingHint { field: String },
    NoAlt { dest: String },
    NoAltHint,
    Undated { title: String, section: String },
    UndatedHint,
    FutureDate { title: String, date: String, today: String },
    FutureDateHint,
}

impl Message for Check {
    fn text(&self, lang: Lang) -> String {
        use Check::*;
        match self {
            Link { dest, problem } => {
                let p = problem.text(lang);
                tr!(lang, "链接 `{dest}`：{p}", "link `{dest}`: {p}")
            }
            BrokenLink { dest, problem } => {
                let p = problem.text(lang);
                tr!(lang, "链接不可用 `{dest}`：{p}", "broken link `{dest}`: {p}")
            }
            NoContentFile { file } => tr!(lang, "没有文件 content/{file}", "there is no file content/{file}"),
            NoContentFileHint => tr!(lang, "按文件在 content/ 下的路径写，如 `@/reports/2021-08-10-kickoff.md`", "name a file as it lies under content/, e.g. `@/reports/2021-08-10-kickoff.md`"),
            NotPublished { file } => tr!(lang, "content/{file} 没有发布（是草稿，或是栏目的 _index.md）", "content/{file} is not published (a draft, or a section's _index.md)"),
            NotPublishedHint => tr!(lang, "链接到已发布的报道，或把这篇改为 `draft: false` 发布", "link to a published report, or publish this one with `draft: false`"),
            DomainRoot { base } => tr!(lang, "从域名根目录开始，但网站发布在 {base} 下", "starts at the domain root, but the site is published under {base}"),
            DomainRootHint { fixed } => tr!(lang, "写成 `{fixed}` 或相对链接", "write `{fixed}` or a relative link"),
            NoPage { shown } => tr!(lang, "{shown} 没有页面或文件", "no page or file at {shown}"),
            CheckSlugHint => tr!(lang, "检查网址名：报道的网址是文件名去掉开头的日期", "check the slug: a report's address is its file name without the leading date"),
            MdLinkHint => tr!(lang, "链接到内容文件请写 `@/` 加它在 content/ 下的路径，如 `@/reports/2021-08-10-kickoff.md`", "to link to a content file, write `@/` and its path under content/, e.g. `@/reports/2021-08-10-kickoff.md`"),
            DatedSlugHint { fixed } => tr!(lang, "页面在 {fixed}（网址名去掉了开头的日期）", "the page is at {fixed} (slugs drop the leading date)"),
            StaleSection { title, newest, age, today, limit } => tr!(lang, "栏目“{title}”更新不及时：最新报道是 {newest}，距 {today} 已 {age} 天（上限 {limit} 天）", "section “{title}” is stale: its newest report is from {newest}, {age} days before {today} (limit {limit} days)"),
            StaleOwnHint => tr!(lang, "在该栏目发布报道，或修改这个 _index.md 中的 `extra: {{stale_days: N}}`", "publish a report there, or change `extra: {{stale_days: N}}` in this _index.md"),
            StaleSiteHint => tr!(lang, "在该栏目发布报道，或修改 site.yaml 中的 `check: {{stale_days: N}}`", "publish a report there, or change `check: {{stale_days: N}}` in site.yaml"),
            BannedTerm { term } => tr!(lang, "禁用词“{term}”", "banned term “{term}”"),
            BannedTermHint => tr!(lang, "该词列在 site.yaml 的 `check: banned_terms` 中；请改写", "the term is listed under `check: banned_terms` in site.yaml; reword it"),
            Oversized { dest, mb, limit } => tr!(lang, "`{dest}` 有 {mb} MB，超过 {limit} MB", "`{dest}` is {mb} MB, over {limit} MB"),
            OversizedHint => tr!(lang, "另存一个小些的副本（照片宽 4000 像素足够），或调高 site.yaml 中的 `images: {{max_mb: N}}`", "save a smaller copy (photos: 4000 px wide is plenty), or raise `images: {{max_mb: N}}` in site.yaml"),
            StaleHome { date, age, today, limit } => tr!(lang, "首页更新不及时：首页最新内容是 {date}，距 {today} 已 {age} 天（上限 {limit} 天）", "首页更新不及时: the newest item on the home page is from {date}, {age} days before {today} (limit {limit} days)"),
            StaleHomeHint => tr!(lang, "发布一篇报道，或修改 site.yaml 中的 `check: {{stale_days: N}}`", "publish a report, or change `check: {{stale_days: N}}` in site.yaml"),
            EmptyColumn { title } => tr!(lang, "空白栏目：栏目“{title}”没有已发布的页面", "空白栏目: section “{title}” has no published page"),
            EmptyColumnHint => tr!(lang, "在该栏目发布页面，或删除这个文件夹（空白栏目会被检查扣分）", "publish a page there, or remove the folder (an empty column is counted by inspections)"),
            FooterMissing { what } => tr!(lang, "页脚信息缺失：页脚没有{what}", "页脚信息缺失: no {what} in the footer"),
            FooterMissingHint { field } => tr!(lang, "在 site.yaml 中加上 `{field}`（见 README 的“Footer, logo, colours”一节）", "add `{field}` to site.yaml (see README, “Footer and colours”)"),
            NoAlt { dest } => tr!(lang, "图片缺少替代文字：图片 `{dest}` 没有替代文字", "图片缺少替代文字: image `{dest}` has no alternative text"),
            NoAltHint => tr!(lang, "在方括号中写出图片内容：![县长察看项目现场](photo.jpg)", "say what the picture shows between the brackets: ![县长察看项目现场](photo.jpg)"),
            Undated { title, section } => tr!(lang, "缺少发布日期：新闻栏目“{section}”中的“{title}”没有日期", "缺少发布日期: “{title}” in the news column “{section}” has no date"),
            UndatedHint => tr!(lang, "在文件头中加上 `date: YYYY-MM-DD`", "add `date: YYYY-MM-DD` to its front matter"),
            FutureDate { title, date, today } => tr!(lang, "未来日期：“{title}”的日期是 {date}，晚于今天（{today}）", "未来日期: “{title}” is dated {date}, after today ({today})"),
            FutureDateHint => tr!(lang, "如是笔误请改正；有意定时发布的报道会在那一天发布", "correct the date if it is a slip; a report scheduled on purpose is published on that day"),
        }
    }
}

catalogue!(Check);

#[cfg(test)]
impl Check {
    pub(crate) fn samples() -> Vec<Check> {
        use Check::*;
        let s = || "值".to_string();
        vec![
            Link { dest: s(), problem: Box::new(NoPage { shown: s() }) },
            BrokenLink { dest: s(), problem: Box::new(NoPage { shown: s() }) },
            NoContentFile { file: s() },
            NoContentFileHint,
            NotPublished { file: s() },
            NotPublishedHint,
            DomainRoot { base: s() },
            DomainRootHint { fixed: s() },
            NoPage { shown: s() },
            CheckSlugHint,
            MdLinkHint,
            DatedSlugHint { fixed: s() },
            StaleSection { title: s(), newest: s(), age: 1, today: s(), limit: 1 },
            StaleOwnHint,
            StaleSiteHint,
            BannedTerm { term: s() },
            BannedTermHint,
            Oversized { dest: s(), mb: s(), limit: s() },
            OversizedHint,
            StaleHome { date: s(), age: 1, today: s(), limit: 1 },
            StaleHomeHint,
            EmptyColumn { title: s() },
            EmptyColumnHint,
            FooterMissing { what: s() },
            FooterMissingHint { field: s() },
            NoAlt { dest: s() },
            NoAltHint,
            Undated { title: s(), section: s() },
            UndatedHint,
            FutureDate { title: s(), date: s(), today: s() },
            FutureDateHint,
        ]
    }
}
