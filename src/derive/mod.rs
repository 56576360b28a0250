//! Derive stage: the numbers across reports — campaign progress per metric,
//! pace (时间过半、任务过半), projects with their history, series of rounds
//! and county totals. Plain data, computed once, read by every renderer.

mod as_of;
mod cache;
mod figures;
mod keep;
mod links;
mod projects;
mod shown;

use crate::messages::model::Model;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::frontmatter::Seg;
use crate::model::{CampaignId, CountyId, Id, IdVec, MetricId, PageId, ProjectId, SeriesId, Site};
pub use as_of::{CampaignState, Snapshot};
pub use cache::{forget as forget_kept_values, written as kept_values_written};
pub use keep::{KeptDerived, Rewarned, Stamps};
pub use links::CampaignLinks;
pub use projects::{Project, ProjectState};
pub use shown::Shown;

#[derive(Debug, Default)]
pub struct Derived {
    /// By the campaigns of `site.campaigns`.
    pub campaigns: IdVec<CampaignId, CampaignProgress>,
    /// Sorted by id.
    pub projects: IdVec<ProjectId, Project>,
    pub series: IdVec<SeriesId, Series>,
    /// By the terms of `site.counties`.
    pub counties: IdVec<CountyId, CountyStats>,
    /// Campaigns under way today (start ≤ today ≤ end).
    pub live: Vec<CampaignId>,
    /// The day the build counts as today.
    pub today: NaiveDate,
    /// The digests of what each page and project was made from, where the
    /// build keyed them (`serve`'s): a later stage may keep what it made of
    /// one whose key is the same (`render`'s views of them).
    pub keys: Keys,
}

/// Digests of what values were made from (`Stamps`): a page's stamp (its
/// file under the site-wide inputs) and a project's key (the stamps of
/// the reports that name it). Empty where the build keyed nothing.
#[derive(Debug, Default, Clone)]
pub struct Keys {
    /// The site-wide inputs (`model::site_inputs`), in every key below.
    pub inputs: u64,
    pub pages: IdVec<PageId, u64>,
    pub projects: IdVec<ProjectId, u64>,
    /// A campaign's key: the stamps of its reports.
    pub campaigns: IdVec<CampaignId, u64>,
}

impl Derived {
    /// The project with this id (projects are sorted by id).
    pub fn project(&self, id: &str) -> Option<&Project> {
        self.project_id(id).map(|i| &self.projects[i])
    }

    /// The id of the project with this id (projects are sorted by id).
    pub fn project_id(&self, id: &str) -> Option<ProjectId> {
        self.projects.binary_search_by(|p| p.id.as_str().cmp(id))
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CampaignProgress {
    pub metrics: IdVec<MetricId, MetricProgress>,
    pub headline: Option<MetricId>,
    pub pace: Option<Pace>,
    /// Projects named in its reports.
    #[serde(skip)]
    pub projects: Vec<ProjectId>,
    pub latest_report: Option<PageId>,
    #[serde(skip)]
    pub series: Option<SeriesId>,
    /// The date each of its projects is first named by one of its reports,
    /// ascending (how many projects it had as of a day).
    #[serde(skip)]
    pub project_since: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MetricProgress {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub target: Option<f64>,
    pub cumulative: bool,
    pub headline: bool,
    pub points: Vec<Point>,
    pub latest: Option<f64>,
    /// latest / target as a percent.
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    #[serde(with = "cache::day")]
    pub date: NaiveDate,
    pub value: f64,
    pub page: PageId,
}

/// "时间过半、任务过半": time elapsed against headline task done.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pace {
    #[serde(with = "cache::day")]
    pub as_of: NaiveDate,
    pub time_pct: f64,
    pub task_pct: f64,
    pub ahead: bool,
    pub finished: bool,
    pub days_elapsed: i64,
    pub days_total: i64,
    pub metric: MetricId,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub id: String,
    /// The programme's name: the first round's title without "第N轮".
    pub title: String,
    pub path: String,
    /// Campaigns by round.
    pub rounds: Vec<CampaignId>,
}

#[derive(Debug, Clone, Default)]
pub struct CountyStats {
    pub campaigns: Vec<CampaignId>,
    pub projects: Vec<ProjectId>,
    pub total_investment: f64,
    /// (status key, project count, investment), in status order.
    pub by_status: Vec<(crate::load::Status, usize, f64)>,
}

pub fn derive(site: &Site, diags: &mut Diagnostics) -> Derived {
    let kept = derive_with(site, None, Warned::Out, false, diags);
    Arc::into_inner(kept.derived).unwrap_or_default()
}

/// The campaigns and projects a derive made again rather than took.
pub type Again = (Vec<CampaignId>, Vec<ProjectId>);

/// `derive` with the keys of what each value was made from under `stamps`
/// (`Derived::keys`), for the render stage to take what an earlier build
/// made of the same inputs (`build` with its cache); the values the last
/// such build kept in the state folder `state` (`cache`) are taken again
/// where their keys are the same, and this build's are kept for the next;
/// with the ids of the campaigns and projects it made again, where
/// values were kept (else it made all).
pub fn derive_cached(
    site: &Site,
    stamps: Stamps,
    state: &std::path::Path,
    diags: &mut Diagnostics,
) -> (Arc<Derived>, Option<Again>) {
    let kept = cache::read(state, stamps.inputs);
    let stored = kept.as_ref().map(|k| (k.campaigns.len(), k.projects.len()));
    let mut made = derive_with(site, Some((stamps, kept.unwrap_or_default())), Warned::Stay, false, diags);
    // All stored values were taken and no other made: the file stands.
    let same = stored == Some((made.campaigns.len(), made.projects.len()))
        && made.campaigns_again.is_empty()
        && made.projects_again.is_empty();
    let again = stored.map(|_| (std::mem::take(&mut made.campaigns_again), std::mem::take(&mut made.projects_again)));
    let derived = made.derived.clone();
    if same {
        for (_, ds) in made.campaigns.iter_mut() {
            diags.extend(std::mem::take(ds));
        }
        for (_, ds) in made.projects.iter_mut() {
            ds.drain(..).for_each(|d| diags.push(d));
        }
        return (derived, again);
    }
    // The file keeps the warnings with their values: the build reports copies.
    for (_, ds) in made.campaigns.iter() {
        diags.extend_copied(ds);
    }
    for (_, ds) in made.projects.iter() {
        ds.iter().for_each(|d| diags.push_copy(d));
    }
    // Without the file the next build derives everything again, as this one would have.
    cache::write_later(state, stamps.inputs, made);
    (derived, again)
}

/// `derive`, taking from `kept` the campaigns and projects whose inputs
/// digest the same under `stamps`; what it made, keyed for the next build.
/// (Without `stamps`, nothing is kept and the keys mean nothing.) The
/// warnings stay with the values they came with, not in `diags`: a save
/// takes what changed of them (`KeptDerived::warnings`), or collects them
/// all (`KeptDerived::all_warnings`). `structure_kept`: every page is in
/// the campaign and on the day it was when `keys` were made (the model's
/// structure is theirs): the campaigns' links may then be taken again.
pub fn derive_keeping(
    site: &Site,
    keys: Option<(Stamps, KeptDerived)>,
    structure_kept: bool,
    diags: &mut Diagnostics,
) -> KeptDerived {
    let warned = if keys.is_some() { Warned::Rewarned } else { Warned::Out };
    derive_with(site, keys, warned, structure_kept, diags)
}

/// Where a derive puts the values' warnings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Warned {
    /// Into `diags`.
    Out,
    /// They stay with their values.
    Stay,
    /// They stay with their values, and those of the values made again and
    /// of the kept ones not taken are gathered (`KeptDerived::warnings`).
    Rewarned,
}

/// `derive_keeping`, the values' warnings put as `warned` says.
fn derive_with(
    site: &Site,
    keys: Option<(Stamps, KeptDerived)>,
    warned: Warned,
    structure_kept: bool,
    diags: &mut Diagnostics,
) -> KeptDerived {
    let today = site.publish.today;
    use rayon::prelude::*;
    let (stamps, mut taken, before) = match keys {
        Some((s, mut kept)) => {
            let before = if structure_kept { links::Before::take(&mut kept.derived) } else { None };
            (Some(s), keep::Taken::from(kept, s.pages), before)
        }
        None => (None, keep::Taken::default(), None),
    };
    let campaign_keys: Vec<u64> =
        site.campaigns.iter_enumerated().map(|(ci, c)| stamps.map_or(0, |s| s.campaign(ci, &c.reports))).collect();
    let mut kept_campaigns: Vec<Option<(CampaignProgress, Diagnostics)>> =
        campaign_keys.iter().map(|k| stamps.and_then(|_| taken.campaigns.remove(k))).collect();
    // Projects and campaigns are derived side by side; the warnings are
    // pushed in the order a serial pass would give them.
    let (mentions, names, changed) = keep::mentions(site, stamps.as_ref(), &mut taken);
    // The projects are the last build's, at the same ids, each taken or
    // left where it was (`projects::collect`'s walk in order).
    let same_projects = changed.is_some() && taken.projects.len() == mentions.len();
    let memo =
        stamps.as_ref().map(|s| projects::Memo { stamps: s, kept: &mut taken.projects, changed: changed.as_ref() });
    let (made, progress) = rayon::join(
        || projects::collect(site, memo, &mentions),
        || {
            site.campaigns
                .par_iter_enumerated()
                .zip(kept_campaigns.par_iter_mut())
                .map(|((_, c), kept)| {
                    kept.take().map(|(p, d)| (links::fresh_links(p), d, false)).unwrap_or_else(|| {
                        let mut d = Diagnostics::default();
                        (campaign_progress(site, c, today, &mut d), d, true)
                    })
                })
                .collect::<Vec<(CampaignProgress, Diagnostics, bool)>>()
        },
    );
    let mut projects = IdVec::with_capacity(made.len());
    let (mut project_keys, mut projects_again) = (IdVec::with_capacity(made.len()), Vec::new());
    // Kept for a next build, the warnings stay with their values (the
    // caller collects them: `KeptDerived::warnings`); else they move.
    let mut made_warnings = Vec::new();
    for (p, key, mut ds, again) in made {
        if warned == Warned::Out {
            ds.drain(..).for_each(|d| diags.push(d));
        } else if again && warned == Warned::Rewarned {
            made_warnings.extend(ds.iter().cloned());
        }
        if again {
            projects_again.push(projects.next_id());
        }
        projects.push(p);
        project_keys.push((key, ds));
    }
    let mut campaigns = IdVec::with_capacity(progress.len());
    let (mut campaign_keys_kept, mut campaigns_again) = (IdVec::with_capacity(progress.len()), Vec::new());
    for ((c, mut d, again), key) in progress.into_iter().zip(campaign_keys) {
        if warned == Warned::Out {
            diags.extend(std::mem::take(&mut d));
        } else if again && warned == Warned::Rewarned {
            made_warnings.extend(d.iter().cloned());
        }
        if again {
            campaigns_again.push(campaigns.next_id());
        }
        campaigns.push(c);
        campaign_keys_kept.push((key, d));
    }
    let warnings = match warned {
        Warned::Rewarned => keep::Rewarned::of(&taken, made_warnings),
        _ => keep::Rewarned::default(),
    };
    let was = |p: ProjectId| taken.projects.get(p.index()).and_then(Option::as_ref).map(|(_, w, _)| w);
    let before = before.filter(|b| same_projects && b.hold((&projects, &projects_again), site.campaigns.len(), was));
    let mut derived = links::links(site, projects, campaigns, today, before);
    if let Some(s) = stamps {
        let projects = project_keys.iter().map(|(k, _)| *k).collect();
        let campaigns = campaign_keys_kept.iter().map(|(k, _)| *k).collect();
        derived.keys = Keys { inputs: s.inputs, pages: s.pages.clone(), projects, campaigns };
    }
    let derived = Arc::new(derived);
    KeptDerived {
        derived,
        campaigns: campaign_keys_kept,
        projects: project_keys,
        mentions,
        names,
        campaigns_again,
        projects_again,
        warnings,
    }
}

fn campaign_progress(
    site: &Site,
    c: &crate::model::Campaign,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> CampaignProgress {
    let mut metrics: IdVec<MetricId, MetricProgress> = c
        .meta
        .metrics
        .iter()
        .map(|(key, d)| MetricProgress {
            key: key.clone(),
            label: d.label.clone().unwrap_or_else(|| key.clone()),
            unit: d.unit.clone().unwrap_or_default(),
            target: d.target,
            cumulative: d.cumulative,
            headline: d.headline,
            points: Vec::new(),
            latest: None,
            percent: None,
        })
        .collect();
    // Reports are oldest first; on one date the later file wins.
    for &pi in &c.reports {
        let page = &site.pages[pi];
        let Some(date) = page.date.map(|d| d.date()) else { continue };
        figures::dated_within(site, c, pi, date, diags);
        for m in metrics.iter_mut() {
            let Some(&value) = page.meta.metrics.get(&m.key) else { continue };
            let point = Point { date, value, page: pi };
            match m.points.last_mut() {
                Some(last) if last.date == date => {
                    let f = site.source_of(page);
                    let earlier = &site.sources[site.pages[last.page].source].path;
                    diags.push(
                        Diagnostic::warning(
                            &f.path,
                            f.line_of(&[Seg::Key("metrics"), Seg::Key(&m.key)]),
                            Model::SameDay {
                                key: m.key.clone(),
                                date: date.to_string(),
                                value: value.to_string(),
                                file: earlier.display().to_string(),
                                was: last.value.to_string(),
                            },
                        )
                        .field(format!("metrics.{}", m.key)),
                    );
                    *last = point;
                }
                Some(last) => {
                    let last = *last;
                    figures::step(site, m, &last, &point, diags);
                    m.points.push(point);
                }
                None => m.points.push(point),
            }
        }
    }
    for m in metrics.iter_mut() {
        m.latest = m.points.last().map(|p| p.value);
        m.percent = match (m.latest, m.target) {
            (Some(v), Some(t)) if t > 0.0 => Some(v / t * 100.0),
            _ => None,
        };
    }
    let headline = metrics.position(|m| m.headline).or(metrics.ids().next());
    let latest_report = c.reports.iter().rev().find(|&&i| site.pages[i].date.is_some()).copied();
    let pace = headline.and_then(|h| pace(c, &metrics[h], h, latest_report.and_then(|i| site.pages[i].date), today));
    let project_since = Vec::new();
    CampaignProgress { metrics, headline, pace, projects: Vec::new(), latest_report, series: None, project_since }
}

fn pace(
    c: &crate::model::Campaign,
    m: &MetricProgress,
    index: MetricId,
    latest: Option<crate::dates::When>,
    today: NaiveDate,
) -> Option<Pace> {
    Some(pace_at(c, index, latest?.date(), m.percent?, today))
}

/// The pace on `day` of campaign `c` whose latest report (on `as_of`) puts
/// its headline metric (`index`) at `task` percent of target.
pub(crate) fn pace_at(
    c: &crate::model::Campaign,
    index: MetricId,
    as_of: NaiveDate,
    task: f64,
    day: NaiveDate,
) -> Pace {
    let total = (c.end - c.start).num_days().max(1);
    let elapsed = (as_of - c.start).num_days().clamp(0, total);
    let time_pct = elapsed as f64 / total as f64 * 100.0;
    Pace {
        as_of,
        time_pct,
        task_pct: task,
        ahead: task >= time_pct,
        // The end date is the campaign's last day (a 百日攻坚 counts it): under way until it is over.
        finished: as_of > c.end || day > c.end,
        days_elapsed: elapsed,
        days_total: total,
        metric: index,
    }
}
