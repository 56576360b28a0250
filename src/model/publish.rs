//! What a build publishes on its day: reports dated after today wait
//! (scheduled), pages past their `expires` date come down; and the checks
//! of names and drafts that span files (two county names making one slug,
//! a draft that would be a campaign's newest report).

use crate::messages::model::Model;
use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Campaign, CampaignId, IdVec, Page, PageId, SourceId};
use crate::dates;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::frontmatter::Seg;
use crate::load::{FileKind, PageMeta, SourceFile};

/// Which pages a build publishes, and the day it counts as today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publish {
    pub drafts: bool,
    /// Also reports dated after today (`--future`, and `serve`).
    pub future: bool,
    pub today: NaiveDate,
}

impl Publish {
    /// Drafts left out, nothing scheduled shown, on `today`.
    pub fn on(today: NaiveDate) -> Publish {
        Publish { drafts: false, future: false, today }
    }
}

/// A report dated after today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub file: PathBuf,
    pub line: usize,
    pub date: NaiveDate,
    pub title: String,
}

pub(super) enum Decision {
    Publish,
    Scheduled(Scheduled),
    Expired,
}

/// Whether the page of `f` (front-matter `m`) is out today.
pub(super) fn decide(p: &Publish, f: &SourceFile, m: &PageMeta) -> Decision {
    let day = |v: &Option<String>| v.as_deref().and_then(dates::parse).map(|w| w.date());
    if let Some(date) = day(&m.date).filter(|d| *d > p.today) {
        return Decision::Scheduled(Scheduled {
            file: f.path.clone(),
            line: f.line_of(&[Seg::Key("date")]),
            date,
            title: m.title.clone().unwrap_or_default(),
        });
    }
    match day(&m.expires) {
        Some(e) if e < p.today => Decision::Expired,
        _ => Decision::Publish,
    }
}

/// Two different county names that make one slug would share one county
/// page (清远县 and 清源县 are both `qing-yuan-xian`): an error, on every
/// file naming the second spelling.
pub(super) fn county_names(
    sources: &IdVec<SourceId, SourceFile>,
    pages: &IdVec<PageId, Page>,
    campaigns: &IdVec<CampaignId, Campaign>,
    diags: &mut Diagnostics,
) {
    // (source, name, slug), in file order so the first spelling met wins.
    let mut named: Vec<(SourceId, &str, &str)> = Vec::new();
    for p in pages {
        if let (Some(n), Some(s)) = (&p.meta.county, &p.county_slug) {
            named.push((p.source, n, s));
        }
    }
    for c in campaigns {
        if let (Some(n), Some(s)) = (&c.meta.county, &c.county_slug) {
            named.push((c.source, n, s));
        }
    }
    named.sort_by_key(|&(src, _, _)| src);
    let mut first: BTreeMap<&str, (&str, SourceId)> = BTreeMap::new();
    // Files in a row mostly name one county: one spelling found to be the
    // first of its slug is not looked up again right after.
    let mut agreed: Option<(&str, &str)> = None;
    for (src, name, slug) in named {
        if slug.is_empty() || agreed == Some((slug, name)) {
            continue;
        }
        let &mut (was, at) = first.entry(slug).or_insert((name, src));
        if was == name {
            agreed = Some((slug, name));
        } else {
            let f = &sources[src];
            diags.push(
                Diagnostic::error(
                    &f.path,
                    f.line_of(&[Seg::Key("county")]),
                    Model::CountyClash {
                        name: name.to_string(),
                        slug: slug.to_string(),
                        was: was.to_string(),
                        file: sources[at].path.display().to_string(),
                    },
                )
                .field("county")
                .quoting(&f.source)
                .hint(Model::CountyClashHint { name: name.to_string(), was: was.to_string() }),
            );
        }
    }
}

/// A draft dated after every published report of its campaign: while it is
/// a draft, the campaign's figures stop at the older report (a warning).
pub(super) fn newest_drafts(
    sources: &IdVec<SourceId, SourceFile>,
    drafts: &[SourceId],
    pages: &IdVec<PageId, Page>,
    campaigns: &IdVec<CampaignId, Campaign>,
    diags: &mut Diagnostics,
) {
    let by_id: BTreeMap<&str, &Campaign> = campaigns.iter().map(|c| (c.id.as_str(), c)).collect();
    for &src in drafts {
        let f = &sources[src];
        let meta = match pages.iter().find(|p| p.source == src) {
            Some(p) => &p.meta,
            None => match &f.kind {
                FileKind::Page(m) => &**m,
                _ => continue,
            },
        };
        let (Some(id), Some(date)) = (&meta.campaign, meta.date.as_deref().and_then(dates::parse)) else { continue };
        let Some(c) = by_id.get(id.as_str()) else { continue };
        let newest = c.reports.iter().filter(|&&r| !pages[r].meta.draft).filter_map(|&r| pages[r].date).max();
        if newest.is_none_or(|n| date > n) {
            diags.push(
                Diagnostic::warning(&f.path, f.line_of(&[Seg::Key("draft")]), Model::NewestDraft { id: id.clone() })
                    .field("draft")
                    .hint(Model::NewestDraftHint),
            );
        }
    }
}
