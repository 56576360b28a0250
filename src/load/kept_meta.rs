//! The stored form of a report's front-matter in the kept parses
//! (`kept_parses`): a mirror of `PageMeta` with every field in place and
//! no field names, encoded with postcard. `PageMeta` itself reads unknown
//! keys and one-or-many values, which such a format cannot give back, and
//! in a self-describing one its flattened map of unknown keys makes serde
//! buffer each record whole before reading a field. Free `extra` values
//! (YAML values, read by their type) are kept as JSON inside the record.
//!
//! Each mirror is built by naming every field of its struct, so a field
//! added to the front-matter does not compile until it is stored too.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::meta::{PageMeta, ProjectEntry, RankEntry, Status, Target};
use super::schema::UnknownKeys;

/// `PageMeta`, field for field.
#[derive(Serialize, Deserialize)]
struct StoredMeta {
    title: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    expires: Option<String>,
    draft: bool,
    slug: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    county: Option<String>,
    campaign: Option<String>,
    tags: Vec<String>,
    authors: Vec<String>,
    editor: Option<String>,
    source: Option<String>,
    metrics: Vec<(String, f64)>,
    projects_file: Option<String>,
    sheet: Option<String>,
    targets: Vec<(String, f64, f64, Option<String>)>,
    projects: Vec<StoredProject>,
    rankings: Vec<(String, f64, Option<String>)>,
    corrections: Vec<String>,
    template: Option<String>,
    weight: Option<i64>,
    /// `extra` as JSON; empty when it is.
    extra: String,
    unknown: Vec<String>,
}

/// `ProjectEntry`, field for field.
#[derive(Serialize, Deserialize)]
struct StoredProject {
    id: Option<String>,
    name: String,
    investment: Option<f64>,
    completed_investment: Option<f64>,
    status: Option<Status>,
    progress: Option<f64>,
    started: Option<String>,
    industry: Option<String>,
    township: Option<String>,
    responsible_unit: Option<String>,
}

/// `meta` in its stored form (`None`: `extra` does not go into JSON).
pub(super) fn encode(meta: &PageMeta) -> Option<Vec<u8>> {
    let PageMeta {
        title,
        date,
        updated,
        expires,
        draft,
        slug,
        summary,
        description,
        county,
        campaign,
        tags,
        authors,
        editor,
        source,
        metrics,
        projects_file,
        sheet,
        targets,
        projects,
        rankings,
        corrections,
        template,
        weight,
        extra,
        unknown,
    } = meta.clone();
    let extra = if extra.is_empty() { String::new() } else { serde_json::to_string(&extra).ok()? };
    let stored = StoredMeta {
        title,
        date,
        updated,
        expires,
        draft,
        slug,
        summary,
        description,
        county,
        campaign,
        tags,
        authors,
        editor,
        source,
        metrics: metrics.into_iter().collect(),
        projects_file,
        sheet,
        targets: targets
            .into_iter()
            .map(|Target { name, target, actual, unit }| (name, target, actual, unit))
            .collect(),
        projects: projects.into_iter().map(stored_project).collect(),
        rankings: rankings.into_iter().map(|RankEntry { name, score, grade }| (name, score, grade)).collect(),
        corrections,
        template,
        weight,
        extra,
        unknown: unknown.0,
    };
    postcard::to_stdvec(&stored).ok()
}

fn stored_project(p: ProjectEntry) -> StoredProject {
    let ProjectEntry {
        id,
        name,
        investment,
        completed_investment,
        status,
        progress,
        started,
        industry,
        township,
        responsible_unit,
    } = p;
    StoredProject {
        id,
        name,
        investment,
        completed_investment,
        status,
        progress,
        started,
        industry,
        township,
        responsible_unit,
    }
}

/// The front-matter stored as `bytes` (`None`: they are not a stored form).
pub(super) fn decode(bytes: &[u8]) -> Option<PageMeta> {
    let s: StoredMeta = postcard::from_bytes(bytes).ok()?;
    let extra = if s.extra.is_empty() { Default::default() } else { serde_json::from_str(&s.extra).ok()? };
    Some(PageMeta {
        title: s.title,
        date: s.date,
        updated: s.updated,
        expires: s.expires,
        draft: s.draft,
        slug: s.slug,
        summary: s.summary,
        description: s.description,
        county: s.county,
        campaign: s.campaign,
        tags: s.tags,
        authors: s.authors,
        editor: s.editor,
        source: s.source,
        metrics: s.metrics.into_iter().collect::<IndexMap<_, _>>(),
        projects_file: s.projects_file,
        sheet: s.sheet,
        targets: s
            .targets
            .into_iter()
            .map(|(name, target, actual, unit)| Target { name, target, actual, unit })
            .collect(),
        projects: s.projects.into_iter().map(project).collect(),
        rankings: s.rankings.into_iter().map(|(name, score, grade)| RankEntry { name, score, grade }).collect(),
        corrections: s.corrections,
        template: s.template,
        weight: s.weight,
        extra,
        unknown: UnknownKeys(s.unknown),
    })
}

fn project(s: StoredProject) -> ProjectEntry {
    ProjectEntry {
        id: s.id,
        name: s.name,
        investment: s.investment,
        completed_investment: s.completed_investment,
        status: s.status,
        progress: s.progress,
        started: s.started,
        industry: s.industry,
        township: s.township,
        responsible_unit: s.responsible_unit,
    }
}
