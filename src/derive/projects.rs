//! Projects across reports: one entry per project id, with its state as each
//! report gave it and the latest state merged field by field.

use crate::messages::model::Model;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::keep::Stamps;
use crate::diag::Diagnostic;
use crate::load::frontmatter::Seg;
use crate::load::Status;
use crate::model::urls::slug_or_keep;
use crate::model::{CampaignId, IdVec, PageId, Site};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Project {
    pub id: String,
    pub path: String,
    /// Oldest first.
    pub history: Vec<ProjectState>,
    /// Every field's latest known value.
    pub latest: ProjectState,
    pub county: Option<String>,
    pub county_slug: Option<String>,
    pub county_path: Option<String>,
    /// Campaigns whose reports name it (ascending).
    pub campaigns: Vec<CampaignId>,
    /// (page, entry in its `projects`) of every mention, in history order.
    pub mentions: Vec<(PageId, usize)>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProjectState {
    #[serde(with = "super::cache::maybe_day")]
    pub date: Option<NaiveDate>,
    /// The report that said so.
    pub page: PageId,
    pub name: String,
    pub status: Option<Status>,
    pub progress: Option<f64>,
    pub investment: Option<f64>,
    pub completed_investment: Option<f64>,
    pub started: Option<String>,
    pub industry: Option<String>,
    pub township: Option<String>,
    pub responsible_unit: Option<String>,
}

/// A project with the key of what it was made from, its warnings, and whether it was made (not kept).
pub(super) type Made = (Project, u64, Vec<Diagnostic>, bool);

/// What `collect` may take again: the keys' inputs, the last build's
/// projects, and, where the mentions `collect` is given are the ones they
/// were made from (with those of pages added after), which pages' stamps
/// changed since or are new (`keep::mentions`).
pub(super) struct Memo<'a> {
    pub stamps: &'a Stamps<'a>,
    pub kept: &'a mut KeptProjects,
    pub changed: Option<&'a IdVec<PageId, bool>>,
}

/// Every project named by the site's pages, sorted by id; with `kept`, one
/// whose mentions digest as a kept one's is taken from it.
pub(super) fn collect(site: &Site, kept: Option<Memo>, by_id: &Mentions) -> Vec<Made> {
    use rayon::prelude::*;
    let stamps = kept.as_ref().map(|m| m.stamps);
    let todo = match kept {
        Some(Memo { kept, changed: Some(changed), .. }) if kept.len() == by_id.len() => in_order(by_id, kept, changed),
        Some(Memo { stamps, kept, .. }) => by_key(by_id, stamps, kept),
        None => by_id.iter().map(|(id, mentions)| Err((id, mentions, None))).collect(),
    };
    todo.into_par_iter()
        .map(|t| {
            t.unwrap_or_else(|(id, mentions, key)| {
                let key = key.or_else(|| stamps.map(|s| s.project(id, mentions))).unwrap_or(0);
                let (p, ds) = build(site, id.clone(), mentions.clone());
                (p, key, ds, true)
            })
        })
        .collect()
}

/// A project taken again, or the id and mentions of one to make (with its key, where known).
type Todo<'a> = Result<Made, (&'a String, &'a Vec<(PageId, usize)>, Option<u64>)>;

/// The projects of `by_id`, each taken from `kept` where no page it reads
/// changed its stamp or is new: its key is then the one kept, and is not
/// made again (the stamps of ~75,000 mentions at 10,000 reports). `kept`
/// are the last build's, made from these mentions but those of new pages:
/// as many, they are of the same ids, in this order.
fn in_order<'a>(by_id: &'a Mentions, kept: &mut KeptProjects, changed: &IdVec<PageId, bool>) -> Vec<Todo<'a>> {
    let todo = by_id.iter().zip(kept.iter_mut()).map(|((id, mentions), was)| {
        let same = !mentions.iter().any(|&(p, _)| changed[p]);
        match was.take_if(|_| same) {
            Some((key, p, ds)) => Ok((p, key, ds, false)),
            None => Err((id, mentions, None)),
        }
    });
    todo.collect()
}

/// The projects of `by_id`, each taken from `kept` where its key (made
/// from `stamps`) is a kept one's.
fn by_key<'a>(by_id: &'a Mentions, stamps: &Stamps, kept: &mut KeptProjects) -> Vec<Todo<'a>> {
    use rayon::prelude::*;
    let mut by_key: HashMap<u64, (Project, Vec<Diagnostic>)> =
        kept.iter_mut().filter_map(Option::take).map(|(k, p, ds)| (k, (p, ds))).collect();
    // The keys read every mention's page stamp (~75,000 at 10,000 reports): side by side.
    let ids: Vec<(&String, &Vec<(PageId, usize)>)> = by_id.iter().collect();
    let keys: Vec<u64> = ids.par_iter().map(|(id, mentions)| stamps.project(id, mentions)).collect();
    let todo = ids.into_iter().zip(keys).map(|((id, mentions), key)| match by_key.remove(&key) {
        Some((p, ds)) => Ok((p, key, ds, false)),
        None => Err((id, mentions, Some(key))),
    });
    let todo = todo.collect();
    // Those no one took stay, for their warnings (`keep::Rewarned`).
    kept.extend(by_key.into_iter().map(|(k, (p, ds))| Some((k, p, ds))));
    todo
}

/// The last build's projects in its order (sorted by id), each with its
/// key and warnings; `None` once taken.
pub(super) type KeptProjects = Vec<Option<(u64, Project, Vec<Diagnostic>)>>;

/// Each project id with its mentions (page, entry), by id.
pub type Mentions = BTreeMap<String, Vec<(PageId, usize)>>;

/// Every project's mentions in the site's pages.
pub(super) fn mentions(site: &Site) -> Mentions {
    mentions_in(site, site.pages.ids())
}

/// The projects' mentions in `pages` (ascending).
pub(super) fn mentions_in(site: &Site, pages: impl Iterator<Item = PageId>) -> Mentions {
    let mut by_id: Mentions = BTreeMap::new();
    // A project is named in many reports: make each name's slug (pinyin) once.
    let mut slugs: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (pi, page) in pages.map(|pi| (pi, &site.pages[pi])) {
        for (k, e) in page.meta.projects.iter().enumerate() {
            let key = e.id.as_deref().unwrap_or(&e.name);
            let id = slugs.entry(key).or_insert_with(|| slug_or_keep(key));
            if !id.is_empty() {
                match by_id.get_mut(id.as_str()) {
                    Some(list) => list.push((pi, k)),
                    None => drop(by_id.insert(id.clone(), vec![(pi, k)])),
                }
            }
        }
    }
    by_id
}

/// Digest of the project names page `pi` gives (what `mentions` reads of it).
pub(super) fn names_digest(site: &Site, pi: PageId) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::digest::hasher();
    for e in &site.pages[pi].meta.projects {
        h.write(e.id.as_deref().unwrap_or(&e.name).as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}

/// The project `id` from its mentions (any order), with the warnings of its history.
fn build(site: &Site, id: String, mut mentions: Vec<(PageId, usize)>) -> (Project, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    mentions.sort_by(|a, b| {
        let (pa, pb) = (&site.pages[a.0], &site.pages[b.0]);
        pa.date.cmp(&pb.date).then_with(|| pa.path.cmp(&pb.path)).then(a.1.cmp(&b.1))
    });
    let mut history: Vec<ProjectState> = Vec::with_capacity(mentions.len());
    let mut latest = ProjectState::default();
    let mut campaigns = Vec::new();
    let mut county = None;
    for &(pi, k) in &mentions {
        let page = &site.pages[pi];
        let e = &page.meta.projects[k];
        let state = ProjectState {
            date: page.date.map(|d| d.date()),
            page: pi,
            name: e.name.clone(),
            status: e.status,
            progress: e.progress,
            investment: e.investment,
            completed_investment: e.completed_investment,
            started: e.started.clone(),
            industry: e.industry.clone(),
            township: e.township.clone(),
            responsible_unit: e.responsible_unit.clone(),
        };
        if let (Some(prev), Some(now)) = (latest.status, e.status) {
            if now < prev {
                let f = site.source_of(page);
                diags.push(
                    Diagnostic::warning(
                        &f.path,
                        f.line_of(&[Seg::Key("projects"), Seg::Index(k), Seg::Key("status")]),
                        Model::ProjectGoesBack {
                            id: id.to_string(),
                            from: prev.key().to_string(),
                            to: now.key().to_string(),
                        },
                    )
                    .field(format!("projects[{k}].status")),
                );
            }
        }
        merge(&mut latest, &state);
        if let Some(c) = page.campaign {
            if !campaigns.contains(&c) {
                campaigns.push(c);
            }
        }
        if page.meta.county.is_some() {
            county = page.meta.county.clone().map(|n| (n, page.county_slug.clone(), page.county_path.clone()));
        }
        history.push(state);
    }
    campaigns.sort_unstable();
    let (county, county_slug, county_path) = match county {
        Some((n, s, p)) => (Some(n), s, p),
        None => (None, None, None),
    };
    let path = crate::model::urls::project(&id);
    (Project { path, id, history, latest, county, county_slug, county_path, campaigns, mentions }, diags)
}

pub(super) fn merge(latest: &mut ProjectState, s: &ProjectState) {
    latest.date = s.date.or(latest.date);
    latest.page = s.page;
    latest.name = s.name.clone();
    latest.status = s.status.or(latest.status);
    latest.progress = s.progress.or(latest.progress);
    latest.investment = s.investment.or(latest.investment);
    latest.completed_investment = s.completed_investment.or(latest.completed_investment);
    if s.started.is_some() {
        latest.started = s.started.clone();
    }
    if s.industry.is_some() {
        latest.industry = s.industry.clone();
    }
    if s.township.is_some() {
        latest.township = s.township.clone();
    }
    if s.responsible_unit.is_some() {
        latest.responsible_unit = s.responsible_unit.clone();
    }
}
