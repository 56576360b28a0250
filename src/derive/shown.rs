//! What the pages showing a campaign or a project see of it, one digest
//! each (`Shown`): its derived values and, of each report it is made from,
//! the model's entry but the front-matter (title, path, dates, …: what its
//! views and boxes quote of a report; what they take of its front-matter
//! is in the derived values). `serve` compares them with the last build's
//! (`analysis`): a report's front-matter saved so that a campaign's or a
//! project's values stay as they were (a project's investment: the
//! campaign's numbers are the same) leaves the pages showing it unchecked.

use std::hash::{Hash, Hasher};

use super::{CampaignProgress, Derived, Project};
use crate::digest::{digest_bytes, digest_value, hasher};
use crate::model::{CampaignId, Id, IdVec, Page, PageId, ProjectId, Site};

/// Each campaign's and project's digest (`campaign`, `project`), projects
/// with the digest of their id (a project added moves the others' places).
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub campaigns: IdVec<CampaignId, u64>,
    pub projects: IdVec<ProjectId, (u64, u64)>,
}

impl Shown {
    /// The digests of `d`'s values: those of `again` (made again, or whose
    /// values made from other campaigns differ) and of projects not in the
    /// place they had made now, the others taken from `last`, the last
    /// build's (of a model with the same campaign files). Without `last`,
    /// every one is made.
    pub fn of(site: &Site, d: &Derived, last: Option<&Shown>, again: (&[CampaignId], &[ProjectId])) -> Shown {
        let last = last.filter(|l| l.campaigns.len() == d.campaigns.len());
        let mut campaigns: IdVec<CampaignId, u64> = match last {
            Some(l) => l.campaigns.clone(),
            None => d.campaigns.iter_enumerated().map(|(c, p)| campaign(site, c, p)).collect(),
        };
        if last.is_some() {
            again.0.iter().for_each(|&c| campaigns[c] = campaign(site, c, &d.campaigns[c]));
        }
        let mut fresh = vec![last.is_none(); d.projects.len()];
        again.1.iter().for_each(|p| fresh[p.index()] = true);
        let projects = d
            .projects
            .iter_enumerated()
            .map(|(p, project)| {
                let id = digest_bytes(project.id.as_bytes());
                match last.and_then(|l| l.projects.get(p)) {
                    Some(&(was, digest)) if was == id && !fresh[p.index()] => (id, digest),
                    _ => (id, self::project(site, project)),
                }
            })
            .collect();
        Shown { campaigns, projects }
    }

    /// The digest of project `id` at `p` in the build these are of, if it is there.
    pub fn project_at(&self, p: ProjectId, id: &str) -> Option<u64> {
        let &(was, digest) = self.projects.get(p)?;
        (was == digest_bytes(id.as_bytes())).then_some(digest)
    }
}

/// Campaign `c`'s values (those `derive` fills in from other campaigns too
/// included) and the entries of its reports, in order.
fn campaign(site: &Site, c: CampaignId, p: &CampaignProgress) -> u64 {
    let mut h = hasher();
    h.write_u64(digest_value(p));
    (&p.projects, p.series, &p.project_since).hash(&mut h);
    for &r in &site.campaigns[c].reports {
        entry(site, r, &mut h);
    }
    h.finish()
}

/// Project `p`'s values and the entries of the reports naming it.
fn project(site: &Site, p: &Project) -> u64 {
    let mut h = hasher();
    h.write_u64(digest_value(p));
    for &(r, _) in &p.mentions {
        entry(site, r, &mut h);
    }
    h.finish()
}

/// Page `i`'s entry but its front-matter, fed to `h`. (Taken apart whole:
/// a field added to `Page` is a compile error here until it is digested.)
fn entry(site: &Site, i: PageId, h: &mut impl Hasher) {
    let Page {
        source,
        section,
        meta: _,
        title,
        slug,
        path,
        date,
        updated,
        campaign,
        county_slug,
        tag_slugs,
        county_path,
        tag_paths,
        project_paths,
        assets,
        scheduled,
    } = &site.pages[i];
    (i, &site.sources[*source].path, section, title, slug, path, campaign).hash(h);
    (county_slug, tag_slugs).hash(h);
    (county_path, tag_paths, project_paths, assets, scheduled).hash(h);
    for when in [date, updated] {
        // The instant and the offset it is shown in.
        let at = when.map(|w| (w.at.timestamp(), w.at.timestamp_subsec_nanos(), w.at.offset().local_minus_utc()));
        at.hash(h);
    }
}
