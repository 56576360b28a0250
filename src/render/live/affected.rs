//! Which pages a front-matter save can touch: whether the site kept its
//! shape (every list holds the same entries in the same order), and the
//! list pages that show a changed entry, campaign or project.

use std::collections::BTreeSet;

use crate::derive::Derived;
use crate::model::Site;
use crate::render::job_sets;
use crate::render::jobs::{self, Job};

/// Same URLs, dates, lists and memberships: every list page holds the same
/// entries in the same order, so only entries' contents can differ.
pub(super) fn same_shape(a: &Site, ad: &Derived, b: &Site, bd: &Derived) -> bool {
    let pages = a.pages.len() == b.pages.len()
        && a.pages.iter().zip(&b.pages).all(|(x, y)| {
            x.path == y.path
                && x.date == y.date
                && x.updated == y.updated
                && x.campaign == y.campaign
                && x.section == y.section
                && x.county_slug == y.county_slug
                && x.tag_slugs == y.tag_slugs
                && x.meta.draft == y.meta.draft
        });
    let terms = |s: &crate::model::Taxonomy, t: &crate::model::Taxonomy| {
        s.terms.len() == t.terms.len()
            && s.terms.iter().zip(&t.terms).all(|(x, y)| x.name == y.name && x.pages == y.pages)
    };
    pages
        && a.chronological == b.chronological
        && a.sections.iter().map(|s| &s.pages).eq(b.sections.iter().map(|s| &s.pages))
        && a.campaigns.iter().map(|c| &c.reports).eq(b.campaigns.iter().map(|c| &c.reports))
        && terms(&a.tags, &b.tags)
        && terms(&a.counties, &b.counties)
        && a.archives
            .iter()
            .map(|y| (&y.pages, y.months.iter().map(|m| &m.pages).collect::<Vec<_>>()))
            .eq(b.archives.iter().map(|y| (&y.pages, y.months.iter().map(|m| &m.pages).collect::<Vec<_>>())))
        && ad
            .projects
            .iter()
            .map(|p| (&p.id, &p.campaigns, &p.county_slug))
            .eq(bd.projects.iter().map(|p| (&p.id, &p.campaigns, &p.county_slug)))
        && ad.series.iter().map(|s| &s.rounds).eq(bd.series.iter().map(|s| &s.rounds))
        && ad.live == bd.live
        && ad.campaigns.iter().map(|c| &c.projects).eq(bd.campaigns.iter().map(|c| &c.projects))
        && ad
            .counties
            .iter()
            .map(|c| (&c.projects, &c.campaigns))
            .eq(bd.counties.iter().map(|c| (&c.projects, &c.campaigns)))
}

/// The pages that show a changed entry (`refs`), campaign or project as
/// lists show it (`projects`), the pages of projects (`project_pages`), and
/// `more`, each once.
pub(super) fn affected_jobs(
    inp: &jobs::Inputs,
    refs: &BTreeSet<usize>,
    campaigns: &BTreeSet<usize>,
    projects: &BTreeSet<usize>,
    project_pages: &BTreeSet<usize>,
    more: Vec<Job>,
) -> Vec<Job> {
    let (site, d) = (inp.site, inp.derived);
    let mut set: Vec<Job> = more;
    for &i in refs {
        set.extend(job_sets::listing(inp, i));
    }
    let any = |list: &[usize], changed: &BTreeSet<usize>| list.iter().any(|i| changed.contains(i));
    if !campaigns.is_empty() {
        set.extend([Job::Campaigns, Job::SeriesList]);
        set.extend((0..d.series.len()).filter(|&s| any(&d.series[s].rounds, campaigns)).map(Job::Series));
        if any(&d.live, campaigns) {
            set.push(Job::Home);
        }
    }
    set.extend(campaigns.iter().map(|&c| Job::Campaign(c)));
    set.extend((0..site.campaigns.len()).filter(|&c| any(&d.campaigns[c].projects, projects)).map(Job::Campaign));
    if !projects.is_empty() {
        set.push(Job::Projects);
    }
    set.extend(projects.union(project_pages).map(|&p| Job::Project(p)));
    let counties: Vec<usize> = (0..site.counties.terms.len())
        .filter(|&k| any(&d.counties[k].projects, projects) || any(&d.counties[k].campaigns, campaigns))
        .collect();
    if !counties.is_empty() {
        set.push(Job::Counties);
    }
    set.extend(counties.into_iter().map(Job::County));
    let mut seen = std::collections::HashSet::new();
    set.retain(|j| seen.insert(j.clone()));
    job_sets::with_lists(inp, set)
}
