//! Derived values of the last build taken again: each campaign's progress
//! and each project, with the warnings they gave, keyed by the digest of
//! what they read — the site-wide inputs (`model::site_inputs`) and the
//! stamp (`model::page_stamp`, which names the report's file) of every
//! report they were made from. Page ids are positions in path order, so a
//! report added or removed shifts the ids of the reports after it: the keys
//! hold stamps, not ids, and the values taken are given this build's ids
//! (`Renumber`). A report inserted anywhere then leaves the values of the
//! campaigns and projects it does not touch taken, not made again.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

use super::projects::Mentions;
use super::{CampaignProgress, Derived};
use crate::diag::{Diagnostic, Diagnostics};
use crate::digest::hasher;
use crate::model::{CampaignId, Id, IdVec, PageId, ProjectId, Site};

/// What the values of one build were keyed by, to be taken by the next.
#[derive(Debug, Default)]
pub struct KeptDerived {
    pub derived: Arc<Derived>,
    pub campaigns: IdVec<CampaignId, (u64, Diagnostics)>,
    pub projects: IdVec<ProjectId, (u64, Vec<Diagnostic>)>,
    /// Every project's mentions, with the digest of the project names each
    /// page gave (by page: its stamp and that digest) they were grouped from.
    pub mentions: super::projects::Mentions,
    pub names: IdVec<PageId, (u64, u64)>,
    /// Campaigns and projects this build made rather than took.
    pub campaigns_again: Vec<CampaignId>,
    pub projects_again: Vec<ProjectId>,
    /// The warnings of the kept values not taken and of the values made
    /// in their place (where values were kept: else of all values made).
    pub warnings: Rewarned,
}

impl KeptDerived {
    /// The warnings of every campaign and project, in no particular order.
    pub fn all_warnings(&self) -> Diagnostics {
        let mut all = Diagnostics::default();
        for (_, ds) in self.campaigns.iter() {
            all.extend(ds.clone());
        }
        for (_, ds) in self.projects.iter() {
            ds.iter().cloned().for_each(|d| all.push(d));
        }
        all
    }
}

/// The warnings a derive replaced: those of the kept values no one took
/// and those of the values made again (in any order).
#[derive(Debug, Default)]
pub struct Rewarned {
    pub dropped: Vec<Diagnostic>,
    pub added: Vec<Diagnostic>,
}

impl Rewarned {
    /// The warnings of the kept values `left` no one took, and `made`.
    pub(super) fn of(left: &Taken, made: Vec<Diagnostic>) -> Rewarned {
        let mut dropped: Vec<Diagnostic> = left.campaigns.values().flat_map(|(_, d)| d.iter().cloned()).collect();
        dropped.extend(left.projects.iter().flatten().flat_map(|(_, _, d)| d.iter().cloned()));
        Rewarned { dropped, added: made }
    }

    /// Whether the values made warn as the ones they replace did.
    pub fn same(&self) -> bool {
        // Values made again mostly warn as they did, in the same order: no sorting then.
        if self.dropped == self.added {
            return true;
        }
        fn sorted(list: &[Diagnostic]) -> Vec<&Diagnostic> {
            let mut l: Vec<&Diagnostic> = list.iter().collect();
            l.sort_unstable();
            l
        }
        self.dropped.len() == self.added.len() && sorted(&self.dropped) == sorted(&self.added)
    }
}

/// The inputs of this build's keys: the site-wide digest and each page's stamp.
#[derive(Clone, Copy)]
pub struct Stamps<'a> {
    pub inputs: u64,
    pub pages: &'a IdVec<PageId, u64>,
}

/// The last build's values, moved out of its `Derived` (copied when it is
/// still shared): campaigns by key, projects in its order (`KeptProjects`).
#[derive(Default)]
pub(super) struct Taken {
    pub campaigns: HashMap<u64, (CampaignProgress, Diagnostics)>,
    pub projects: super::projects::KeptProjects,
    pub mentions: Mentions,
    pub names: IdVec<PageId, (u64, u64)>,
    /// This build's ids of the last build's pages, where some moved.
    renumber: Option<Renumber>,
}

impl Taken {
    /// The values of `kept`, given the ids of this build's pages (`stamps`).
    pub fn from(kept: KeptDerived, stamps: &IdVec<PageId, u64>) -> Taken {
        let (mentions, names) = (kept.mentions, kept.names);
        let derived = Arc::try_unwrap(kept.derived).unwrap_or_else(|shared| Derived {
            campaigns: shared.campaigns.clone(),
            projects: shared.projects.clone(),
            ..Derived::default()
        });
        let campaigns = kept.campaigns.into_iter().zip(derived.campaigns).map(|((k, d), c)| (k, (c, d))).collect();
        let projects = kept.projects.into_iter().zip(derived.projects).map(|((k, d), p)| Some((k, p, d))).collect();
        let renumber = Renumber::between(&names, stamps);
        let mut taken = Taken { campaigns, projects, mentions, names, renumber };
        if let Some(r) = &taken.renumber {
            taken.campaigns.values_mut().for_each(|(c, _)| r.campaign(c));
            taken.projects.iter_mut().flatten().for_each(|(_, p, _)| r.project(p));
        }
        taken
    }
}

/// Up to this many pages at an id whose stamp differs, `Renumber` looks
/// for them among this build's pages rather than mapping every page.
const FEW_DIFFER: usize = 8;

/// This build's id of each page of the last build, found by its stamp (a
/// page whose file changed or is gone has none). A value holding such a
/// page keeps that page's old id: its key, which holds the page's old
/// stamp, is no key of this build, so it is not taken.
struct Renumber(IdVec<PageId, Option<PageId>>);

impl Renumber {
    /// From the last build's pages (`was`: by id, their stamps first) to
    /// this build's; `None` when every page still here kept its id.
    fn between(was: &IdVec<PageId, (u64, u64)>, now: &IdVec<PageId, u64>) -> Option<Renumber> {
        // A save in `serve` edits a page or two, or adds one after the
        // others: no page moved then, and no map of 10,000 stamps is made.
        let differ = was.iter_enumerated().filter(|&(pi, &(stamp, _))| now.get(pi) != Some(&stamp));
        let differ: Vec<u64> = differ.map(|(_, &(stamp, _))| stamp).take(FEW_DIFFER + 1).collect();
        if differ.len() <= FEW_DIFFER && !now.iter().any(|s| differ.contains(s)) {
            return None;
        }
        let by_stamp: ahash::HashMap<u64, PageId> = now.iter_enumerated().map(|(pi, &s)| (s, pi)).collect();
        Some(Renumber(was.iter().map(|(stamp, _)| by_stamp.get(stamp).copied()).collect()))
    }

    /// `kept`, the last build's mentions, given this build's ids, with
    /// those of the pages no page of the last build became (added, or
    /// changed), and which pages those are; `None` when a page that named a
    /// project changed or is gone (what it named may be named no more).
    fn mentions(&self, site: &Site, kept: &mut Mentions) -> Option<(Mentions, IdVec<PageId, bool>)> {
        let mut grouped = std::mem::take(kept);
        for (pi, _) in grouped.values_mut().flatten() {
            *pi = (*self.0.get(*pi)?)?;
        }
        let mut fresh: IdVec<PageId, bool> = site.pages.iter().map(|_| true).collect();
        self.0.iter().flatten().for_each(|&now| fresh[now] = false);
        let pages = fresh.iter_enumerated().filter(|&(_, &f)| f).map(|(pi, _)| pi);
        for (id, mentions) in super::projects::mentions_in(site, pages) {
            let all = grouped.entry(id).or_default();
            all.extend(mentions);
            all.sort_unstable();
        }
        Some((grouped, fresh))
    }

    fn page(&self, pi: &mut PageId) {
        if let Some(&Some(now)) = self.0.get(*pi) {
            *pi = now;
        }
    }

    fn campaign(&self, c: &mut CampaignProgress) {
        c.metrics.iter_mut().flat_map(|m| m.points.iter_mut()).for_each(|p| self.page(&mut p.page));
        if let Some(pi) = &mut c.latest_report {
            self.page(pi);
        }
    }

    fn project(&self, p: &mut super::Project) {
        p.mentions.iter_mut().for_each(|(pi, _)| self.page(pi));
        p.history.iter_mut().for_each(|s| self.page(&mut s.page));
        self.page(&mut p.latest.page);
    }
}

impl Stamps<'_> {
    /// Key of campaign `ci` made from `reports` (in order).
    pub fn campaign(&self, ci: CampaignId, reports: &[PageId]) -> u64 {
        let mut h = hasher();
        h.write_u64(self.inputs);
        h.write_u64(ci.index() as u64);
        for &r in reports {
            h.write_u64(self.pages[r]);
        }
        h.finish()
    }

    /// Key of project `id` made from its mentions (page, entry).
    pub fn project(&self, id: &str, mentions: &[(PageId, usize)]) -> u64 {
        let mut h = hasher();
        h.write_u64(self.inputs);
        h.write(id.as_bytes());
        h.write_u8(0xff);
        for &(p, k) in mentions {
            h.write_u64(self.pages[p]);
            h.write_usize(k);
        }
        h.finish()
    }
}

/// What `mentions` found: every project's mentions, each page's stamp and
/// names digest, and, where the mentions are the kept ones, whether each
/// page's stamp differs from the last build's (or the page is new).
pub(super) type Found = (Mentions, IdVec<PageId, (u64, u64)>, Option<IdVec<PageId, bool>>);

/// Every project's mentions: the kept ones while every page gives the
/// project names it gave (by the digest of its names, made again only for
/// a page whose stamp changed), with those of pages added after them, or,
/// where pages moved, while every page that named a project is still here
/// unchanged, with those of the pages added or changed (`Renumber`); with
/// each page's stamp and names digest, and with the kept ones, which pages'
/// stamps changed or are new (the last build's projects were made from the
/// kept mentions, in their order: a project none of whose pages changed or
/// is new has its key, `projects::collect`).
pub(super) fn mentions(site: &crate::model::Site, stamps: Option<&Stamps>, taken: &mut Taken) -> Found {
    let Some(stamps) = stamps else { return (super::projects::mentions(site), IdVec::new(), None) };
    let names: IdVec<PageId, (u64, u64)> = site
        .pages
        .ids()
        .map(|pi| match taken.names.get(pi) {
            Some(&(stamp, names)) if stamp == stamps.pages[pi] => (stamp, names),
            _ => (stamps.pages[pi], super::projects::names_digest(site, pi)),
        })
        .collect();
    // The last build's pages name what they named, at the same ids: only
    // pages after them (reports added last by path) may name more.
    let kept = names.len() >= taken.names.len() && names.iter().zip(taken.names.iter()).all(|(a, b)| a.1 == b.1);
    if kept && !taken.mentions.is_empty() {
        let mut grouped = std::mem::take(&mut taken.mentions);
        // After every kept mention (their ids are all lower), in page order.
        for (id, mentions) in super::projects::mentions_in(site, site.pages.ids().skip(taken.names.len())) {
            grouped.entry(id).or_default().extend(mentions);
        }
        // A page after the last build's is new: the projects it names changed.
        let changed = names.iter_enumerated().map(|(pi, now)| taken.names.get(pi).is_none_or(|was| was.0 != now.0));
        let changed = changed.collect();
        return (grouped, names, Some(changed));
    }
    // Pages moved (a report added or removed before others): the kept
    // mentions given their new ids, while no page that named a project is gone.
    let renumbered = taken.renumber.as_ref().filter(|_| !taken.mentions.is_empty());
    if let Some((grouped, changed)) = renumbered.and_then(|r| r.mentions(site, &mut taken.mentions)) {
        return (grouped, names, Some(changed));
    }
    (super::projects::mentions(site), names, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn was(stamps: &[u64]) -> IdVec<PageId, (u64, u64)> {
        IdVec::from_vec(stamps.iter().map(|&s| (s, 0)).collect())
    }

    fn ids(r: &Renumber) -> Vec<Option<usize>> {
        r.0.iter().map(|p| p.map(|p| p.index())).collect()
    }

    #[test]
    fn pages_edited_or_added_last_keep_their_ids_and_pages_after_an_insert_are_renumbered() {
        let before = was(&[10, 20, 30, 40]);
        // Edited in place (20 → 21), one added last, the last removed: no page moved.
        assert!(Renumber::between(&before, &IdVec::from_vec(vec![10, 21, 30, 40, 50])).is_none());
        assert!(Renumber::between(&before, &IdVec::from_vec(vec![10, 20, 30])).is_none());
        // One added before 30: 30 and 40 move up; 20 edited at the same time has no id.
        let r = Renumber::between(&before, &IdVec::from_vec(vec![10, 21, 25, 30, 40])).expect("pages moved");
        assert_eq!(ids(&r), [Some(0), None, Some(3), Some(4)]);
        // One removed before 30: they move down.
        let r = Renumber::between(&before, &IdVec::from_vec(vec![10, 30, 40])).expect("pages moved");
        assert_eq!(ids(&r), [Some(0), None, Some(1), Some(2)]);
    }

    #[test]
    fn many_pages_edited_in_place_are_mapped_to_the_ids_they_keep() {
        let before = was(&(0..20).collect::<Vec<u64>>());
        let now: Vec<u64> = (0..20).map(|s| if s % 2 == 0 { s + 100 } else { s }).collect();
        let r = Renumber::between(&before, &IdVec::from_vec(now)).expect("more than a few differ");
        let expected: Vec<Option<usize>> = (0..20).map(|i| (i % 2 == 1).then_some(i)).collect();
        assert_eq!(ids(&r), expected);
    }
}
