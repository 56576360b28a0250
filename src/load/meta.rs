//! Typed front-matter of the three kinds of content file: pages (reports),
//! campaigns and section `_index.md` files, as the content model names them.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Front-matter of a page in any section (a report when it has a date).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PageMeta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    /// Taken down after this date (YYYY-MM-DD).
    pub expires: Option<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub county: Option<String>,
    pub campaign: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub authors: Vec<String>,
    pub editor: Option<String>,
    pub source: Option<String>,
    #[serde(deserialize_with = "unique_keys")]
    pub metrics: IndexMap<String, f64>,
    pub targets: Vec<Target>,
    pub projects: Vec<ProjectEntry>,
    /// A project ledger (xlsx, xls, ods, csv) whose rows join `projects`.
    pub projects_file: Option<String>,
    /// The ledger's sheet (default: the first).
    pub sheet: Option<String>,
    pub rankings: Vec<RankEntry>,
    /// Cumulative metrics this report corrects downwards (shown as 数据更正).
    #[serde(deserialize_with = "one_or_many")]
    pub corrections: Vec<String>,
    /// Extension: a template of the theme to render this page with.
    pub template: Option<String>,
    /// Extension: order for `sort_by: weight`.
    pub weight: Option<i64>,
    /// Extension: free values for templates.
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Target {
    pub name: String,
    pub target: f64,
    pub actual: f64,
    #[serde(default)]
    pub unit: Option<String>,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectEntry {
    pub id: Option<String>,
    pub name: String,
    pub investment: Option<f64>,
    /// Investment completed so far (完成投资), in 亿元 like `investment`.
    pub completed_investment: Option<f64>,
    pub status: Option<Status>,
    pub progress: Option<f64>,
    pub started: Option<String>,
    pub industry: Option<String>,
    pub township: Option<String>,
    /// The unit answerable for the project (责任单位/牵头单位).
    pub responsible_unit: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RankEntry {
    pub name: String,
    pub score: f64,
    #[serde(default)]
    pub grade: Option<String>,
}

/// Front-matter of a campaign page (`content/campaigns/<id>.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CampaignMeta {
    pub title: Option<String>,
    pub county: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub series: Option<String>,
    pub round: Option<u32>,
    #[serde(deserialize_with = "unique_keys")]
    pub metrics: IndexMap<String, MetricDecl>,
    /// Ledger headers of this campaign's reports mapped to project fields
    /// (`进展情况: progress`), beyond the names recognised by default.
    #[serde(deserialize_with = "unique_keys")]
    pub columns: IndexMap<String, String>,
    /// The ledger of every report of this campaign that names none itself.
    pub projects_file: Option<String>,
    /// That ledger's sheet (a report's own `sheet:` wins).
    pub sheet: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub draft: bool,
    #[serde(deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub template: Option<String>,
    /// Overrides site.yaml's `verdicts` for this campaign.
    pub verdicts: Option<crate::config::Verdicts>,
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

#[derive(Debug, Clone, Deserialize)]
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

/// Front-matter of a section's `_index.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SectionMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: Option<SortBy>,
    pub paginate_by: Option<usize>,
    pub template: Option<String>,
    pub weight: Option<i64>,
    pub extra: BTreeMap<String, serde_yaml::Value>,
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

/// Top-level keys the model knows, to warn about typos such as `tittle`.
pub const PAGE_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "expires",
    "draft",
    "slug",
    "summary",
    "description",
    "county",
    "campaign",
    "tags",
    "authors",
    "editor",
    "source",
    "metrics",
    "targets",
    "projects",
    "projects_file",
    "sheet",
    "rankings",
    "corrections",
    "template",
    "weight",
    "extra",
];
pub const CAMPAIGN_KEYS: &[&str] = &[
    "title",
    "county",
    "start",
    "end",
    "series",
    "round",
    "metrics",
    "columns",
    "projects_file",
    "sheet",
    "summary",
    "description",
    "draft",
    "tags",
    "date",
    "updated",
    "template",
    "extra",
    "slug",
    "verdicts",
];
pub const SECTION_KEYS: &[&str] = &["title", "description", "sort_by", "paginate_by", "template", "weight", "extra"];

/// Whether the users' reference names `key` as a field (`key:` or `` `key` ``).
#[cfg(test)]
pub(crate) fn documented(key: &str) -> bool {
    const DOC: &str = include_str!("../../docs/content-model.md");
    DOC.contains(&format!("\n{key}:")) || DOC.contains(&format!(" {key}:")) || DOC.contains(&format!("`{key}`"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_front_matter_field_is_in_the_content_model() {
        for key in super::PAGE_KEYS.iter().chain(super::CAMPAIGN_KEYS).chain(super::SECTION_KEYS) {
            assert!(super::documented(key), "docs/content-model.md does not describe `{key}`");
        }
    }
}
