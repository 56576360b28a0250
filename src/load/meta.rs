//! Typed front-matter of the three kinds of content file: pages (reports),
//! campaigns and section `_index.md` files, as the content model names them.
//! Each field is one schema line (`front_matter!`, see `schema.rs`): its
//! type, example and notes, from which the docs and `gongjian new` are made.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::schema::{front_matter, Field};

front_matter! {
    /// Front-matter of a page in any section (a report when it has a date).
    /// (Serialize: the engine digests it, `engine::Digester::page_digest`.)
    #[derive(Debug, Clone, Default, Deserialize, Serialize)]
    #[serde(default)]
    pub struct PageMeta (open) => PAGE_FIELDS {
        title: Option<String> = Field::doc("东光县第七轮项目建设百日攻坚强势开局", "required", "标题（必填）"),
        date: Option<String> = Field::doc("2021-08-10", "required for reports; see \"Dates\"", "发布日期（必填），YYYY-MM-DD，或 RFC 3339 带时间"),
        updated: Option<String> = Field::doc("2021-08-12", "optional", "更新日期"),
        /// Taken down after this date (YYYY-MM-DD).
        expires: Option<String> = Field::doc("2022-08-10", "optional: the page is taken down after this date", "下线日期：此日之后不再发布（临时通知等）"),
        draft: bool = Field::doc("false", "drafts are built only with --drafts (serve shows them)", "草稿：serve 预览时显示，build 不发布；定稿后改为 false"),
        slug: Option<String> = Field::doc("dongguang-r7-kickoff", "optional; a-z, 0-9, -; at most 80 characters", "网址名（a-z、0-9、-），默认取文件名去掉开头的日期"),
        summary: Option<String> = Field::doc("一句话摘要", "optional; default: text before <!-- more -->, else the first paragraph", "默认取 <!-- more --> 之前的文字，否则取第一段"),
        description: Option<String> = Field::doc("页面描述", "optional; for <meta name=\"description\">", "页面描述（搜索引擎摘要）").not_in_new(),
        county: Option<String> = Field::doc("东光县", "taxonomy \"counties\"", "县区"),
        campaign: Option<String> = Field::doc("dongguang-2021-r7", "id (file stem) of a campaign page; must exist", "所属攻坚行动：content/campaigns/ 下的文件名"),
        #[serde(deserialize_with = "one_or_many")]
        tags: Vec<String> = Field::doc("[项目建设, 招商引资]", "taxonomy \"tags\" (a single value also works)", "标签"),
        #[serde(deserialize_with = "one_or_many")]
        authors: Vec<String> = Field::doc("[记者 谭湘竹, 通讯员 林一青]", "", "作者"),
        editor: Option<String> = Field::doc("赵睿", "责任编辑", "责任编辑"),
        source: Option<String> = Field::doc("福州日报", "", "来源"),
        #[serde(deserialize_with = "unique_keys")]
        metrics: IndexMap<String, f64> = Field::doc("\nnew_projects: 77\ntotal_investment: 93", "values as of this report's date, keys declared by the campaign", "截至本期的数值；键由攻坚行动声明"),
        /// A project ledger (xlsx, xls, ods, csv) whose rows join `projects`.
        projects_file: Option<String> = Field::doc("data/台账-2021-10-25.xlsx", "a project ledger whose rows join `projects` (see README, \"Project ledgers\")", "项目台账（xlsx、xls、ods、csv），每行一个项目"),
        /// The ledger's sheet (default: the first).
        sheet: Option<String> = Field::doc("十月", "the ledger's sheet (default: the first)", "台账的工作表（默认第一个）").not_in_new(),
        targets: Vec<Target> = Field::records(TARGET_FIELDS, "target vs actual, shown as a chart", "目标与完成对比，正文中可用 chart(kind=\"targets\") 画图"),
        projects: Vec<ProjectEntry> = Field::records(PROJECT_FIELDS, "projects named in this report", "本期涉及的项目；同一 id 在各篇报道中是同一个项目"),
        rankings: Vec<RankEntry> = Field::records(RANK_FIELDS, "a league table (e.g. townships ranked monthly)", "排名，如各乡镇月度考核"),
        /// Cumulative metrics this report corrects downwards (shown as 数据更正).
        #[serde(deserialize_with = "one_or_many")]
        corrections: Vec<String> = Field::doc("[total_investment]", "metrics corrected downward on purpose (shown as a 数据更正 note)", "本期更正了此前公布的累计数（数值下降时必填），页面显示“数据更正”"),
        /// Extension: a template of the theme to render this page with.
        template: Option<String> = Field::doc("report.html", "optional: another template of the theme", "使用主题中的另一个模板").not_in_new(),
        /// Extension: order for `sort_by: weight`.
        weight: Option<i64> = Field::doc("10", "optional: order for `sort_by: weight`", "排序权重（sort_by: weight）").not_in_new(),
        /// Extension: free values for templates.
        extra: BTreeMap<String, serde_yaml::Value> = Field::doc("{}", "free values for templates (page.extra.x)", "模板可用的自定义值").not_in_new(),
    }
}

front_matter! {
    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct Target (closed) => TARGET_FIELDS {
        name: String = Field::doc("工业重点项目开工", "required", "指标名称（必填）"),
        target: f64 = Field::doc("20", "required", "目标"),
        actual: f64 = Field::doc("12", "required", "完成"),
        #[serde(default)]
        unit: Option<String> = Field::doc("个", "", "单位"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    // Editors also write the Chinese words they use in bulletins.
    #[serde(alias = "筹备", alias = "前期")]
    Planned,
    #[serde(alias = "在建", alias = "新开工", alias = "开工")]
    Started,
    #[serde(alias = "竣工")]
    Completed,
    #[serde(alias = "投产", alias = "运营")]
    Operating,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "筹备",
            Status::Started => "在建",
            Status::Completed => "竣工",
            Status::Operating => "投产",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Started => "started",
            Status::Completed => "completed",
            Status::Operating => "operating",
        }
    }
}

front_matter! {
    /// (Absent values are left out of its serialised form: of a warm
    /// build's ~10 projects a report, each leaves several out, and the kept
    /// parses, `kept_parses`, are read back field by field.)
    #[derive(Debug, Clone, Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    pub struct ProjectEntry (closed) => PROJECT_FIELDS {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String> = Field::doc("gre-steel", "optional; default: derived from name; the same id across reports is the same project", "可选，默认由名称生成"),
        name: String = Field::doc("格锐恩绿色钢能循环利用项目", "required", "项目名称（必填）"),
        #[serde(skip_serializing_if = "Option::is_none")]
        investment: Option<f64> = Field::doc("20", "亿元", "投资额，亿元"),
        /// Investment completed so far (完成投资), in 亿元 like `investment`.
        #[serde(skip_serializing_if = "Option::is_none")]
        completed_investment: Option<f64> = Field::doc("8.5", "亿元 completed so far (完成投资)", "已完成投资，亿元"),
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<Status> = Field::doc("started", "planned | started | completed | operating  (筹备/在建/竣工/投产)", "planned | started | completed | operating（筹备/在建/竣工/投产）"),
        #[serde(skip_serializing_if = "Option::is_none")]
        progress: Option<f64> = Field::doc("45", "percent, 0..100", "进度，百分比 0..100"),
        #[serde(skip_serializing_if = "Option::is_none")]
        started: Option<String> = Field::doc("2021-02", "YYYY-MM or YYYY-MM-DD", "开工时间 YYYY-MM 或 YYYY-MM-DD"),
        #[serde(skip_serializing_if = "Option::is_none")]
        industry: Option<String> = Field::doc("钢铁", "", "行业"),
        #[serde(skip_serializing_if = "Option::is_none")]
        township: Option<String> = Field::doc("磁县经济开发区", "", "乡镇或园区"),
        /// The unit answerable for the project (责任单位/牵头单位).
        #[serde(skip_serializing_if = "Option::is_none")]
        responsible_unit: Option<String> = Field::doc("县发改局", "责任单位/牵头单位", "责任单位或牵头单位"),
    }
}

front_matter! {
    #[derive(Debug, Clone, Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    pub struct RankEntry (closed) => RANK_FIELDS {
        name: String = Field::doc("甘蔗街道", "required", "名称（必填）"),
        score: f64 = Field::doc("96", "required", "得分"),
        #[serde(default)]
        grade: Option<String> = Field::doc("优", "优, 中, 差, or absent", "优、中、差，可省略"),
    }
}

front_matter! {
    /// Front-matter of a campaign page (`content/campaigns/<id>.md`); its id is the file stem.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(default)]
    pub struct CampaignMeta (open) => CAMPAIGN_FIELDS {
        title: Option<String> = Field::doc("东光县第七轮项目建设百日攻坚", "required", "标题（必填）"),
        county: Option<String> = Field::doc("东光县", "", "县区"),
        start: Option<String> = Field::doc("2021-08-01", "required", "开始日期（必填）"),
        end: Option<String> = Field::doc("2021-11-08", "required; a \"百日攻坚\" is 100 days, \"攻坚120天\" is 120", "结束日期（必填）"),
        series: Option<String> = Field::doc("dongguang-100-days", "campaigns of one series are rounds of one programme", "系列：同一系列的攻坚行动是同一项工作的各轮"),
        round: Option<u32> = Field::doc("7", "", "轮次"),
        /// Overrides site.yaml's `verdicts` for this campaign.
        verdicts: Option<crate::config::Verdicts> = Field::doc("full", "optional: overrides site.yaml's `verdicts` for this campaign", "本轮的进度表述，覆盖 site.yaml 的 verdicts"),
        #[serde(deserialize_with = "unique_keys")]
        metrics: IndexMap<String, MetricDecl> = Field::doc("\nnew_projects:     {label: 新开工项目, unit: 个,   target: 77}\ntotal_investment: {label: 总投资,     unit: 亿元, target: 93}\ncompleted_investment: {label: 完成投资, unit: 亿元, target: 60, headline: true}", "the campaign's declared metrics", "本轮声明的指标；报道的 metrics 只能用这些键"),
        /// Ledger headers of this campaign's reports mapped to project fields
        /// (`进展情况: progress`), beyond the names recognised by default.
        #[serde(deserialize_with = "unique_keys")]
        columns: IndexMap<String, String> = Field::doc("\n进展情况: progress", "optional: ledger headers of its reports mapped to project fields", "台账表头与项目字段的对应"),
        /// The ledger of every report of this campaign that names none itself.
        projects_file: Option<String> = Field::doc("data/攻坚项目台账.xlsx", "optional: the ledger of each of its reports that names none", "本轮报道默认使用的项目台账"),
        /// That ledger's sheet (a report's own `sheet:` wins).
        sheet: Option<String> = Field::doc("十月", "that ledger's sheet (a report's own `sheet:` wins)", "台账的工作表（报道自己的 sheet 优先）"),
        summary: Option<String> = Field::doc("一句话摘要", "", "一句话摘要"),
        description: Option<String> = Field::doc("页面描述", "", "页面描述"),
        draft: bool = Field::doc("false", "", "草稿"),
        #[serde(deserialize_with = "one_or_many")]
        tags: Vec<String> = Field::doc("[重点项目]", "", "标签"),
        date: Option<String> = Field::doc("2021-08-01", "optional: when the campaign page was published", "发布日期"),
        updated: Option<String> = Field::doc("2021-08-05", "", "更新日期"),
        template: Option<String> = Field::doc("campaign.html", "", "使用主题中的另一个模板"),
        extra: BTreeMap<String, serde_yaml::Value> = Field::doc("{}", "", "模板可用的自定义值"),
    }
}

/// (Serialize: the engine digests a campaign's declarations, `engine::Digester::page_digest`.)
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDecl {
    pub label: Option<String>,
    pub unit: Option<String>,
    pub target: Option<f64>,
    #[serde(default)]
    pub headline: bool,
    #[serde(default = "yes")]
    pub cumulative: bool,
}

fn yes() -> bool {
    true
}

front_matter! {
    /// Front-matter of a section's `_index.md`.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(default)]
    pub struct SectionMeta (open) => SECTION_FIELDS {
        title: Option<String> = Field::doc("工作动态", "", "栏目名称"),
        description: Option<String> = Field::doc("栏目说明", "", "栏目说明"),
        sort_by: Option<SortBy> = Field::doc("date", "date (default) | title | weight | none", "排序：date（默认）、title、weight、none"),
        paginate_by: Option<usize> = Field::doc("10", "this section's page size", "每页条数"),
        template: Option<String> = Field::doc("section.html", "", "使用主题中的另一个模板"),
        weight: Option<i64> = Field::doc("1", "order among sections", "栏目排序"),
        extra: BTreeMap<String, serde_yaml::Value> = Field::doc("{stale_days: 30}", "`check`'s staleness limit for this column (0: off)", "模板可用的自定义值；stale_days 为 check 的栏目更新期限"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Date,
    Title,
    Weight,
    None,
}

/// Accepts `tags: 项目建设` as well as `tags: [项目建设, 招商引资]`.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// A mapping whose keys must differ: a second `new_projects:` would
/// otherwise silently replace the first figure.
fn unique_keys<'de, D, V>(d: D) -> Result<IndexMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = IndexMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a mapping of names to values")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(IndexMap::new())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(k) = map.next_key::<String>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!("duplicate entry with key \"{k}\"")));
                }
                let v = map.next_value()?;
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_any(Unique(std::marker::PhantomData))
}
