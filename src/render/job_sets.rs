//! Which list and aggregate pages a build makes (`all`), and what decides
//! which there are and what each lists (`shape`); report and plain pages
//! are made with their Markdown (`render_page`). A new page type is
//! one `Job` variant, its context in `job_kinds::context`, and its line here.

use std::hash::{Hash, Hasher};

use super::job_kinds::Job;
use super::job_lists::with_lists;
use super::jobs::Inputs;
use super::pager::pager_count;
use crate::derive::Derived;
use crate::model::Site;

/// Every job but the pages of sections (`render_page` renders those).
pub(super) fn all(inp: &Inputs) -> Vec<Job> {
    let site = inp.site;
    let mut jobs = vec![
        Job::Home,
        Job::Campaigns,
        Job::Counties,
        Job::SeriesList,
        Job::Tags,
        Job::Archives,
        Job::Search,
        Job::NotFound,
    ];
    for (i, s) in site.sections.iter_enumerated().skip(1) {
        if s.dir == "campaigns" {
            continue;
        }
        for pager in 1..=pager_count(s.pages.len(), s.paginate_by) {
            jobs.push(Job::Section { section: i, pager });
        }
    }
    // The pages with project tables one after another: a row they share
    // is kept from the first that shows it to the last (`job_rows`).
    jobs.extend(site.campaigns.ids().map(Job::Campaign));
    jobs.push(Job::Projects);
    jobs.extend(site.counties.terms.ids().map(Job::County));
    jobs.extend(inp.derived.projects.ids().map(Job::Project));
    jobs.extend(inp.derived.series.ids().map(Job::Series));
    for (i, t) in site.tags.terms.iter_enumerated() {
        for pager in 1..=pager_count(t.pages.len(), site.config.paginate_by) {
            jobs.push(Job::Tag { term: i, pager });
        }
    }
    for (y, a) in site.archives.iter_enumerated() {
        jobs.push(Job::Year(y));
        for (m, month) in a.months.iter_enumerated() {
            jobs.push(Job::Month { year: y, month: m, alias: false });
            if month.month < 10 {
                jobs.push(Job::Month { year: y, month: m, alias: true });
            }
        }
    }
    with_lists(inp, jobs)
}

/// Which lists there are and what each shows, in order, as one digest:
/// while it is the same, what a list page shows differs only where the
/// views it shows differ, which its reads name (`engine::Dep::Made`, the
/// bodies of the pages it shows). Ids are indexes: it is compared only
/// between models whose pages have the same indexes and paths.
pub(super) fn shape(site: &Site, d: &Derived) -> u64 {
    let mut h = crate::digest::hasher();
    site.chronological.hash(&mut h);
    for s in site.sections.iter() {
        (&s.path, s.paginate_by, &s.pages).hash(&mut h);
    }
    for t in site.tags.terms.iter().chain(site.counties.terms.iter()) {
        (&t.slug, &t.name, &t.path, &t.pages).hash(&mut h);
    }
    for a in site.archives.iter() {
        (&a.path, &a.pages).hash(&mut h);
        a.months.iter().for_each(|m| (&m.path, &m.alias_path, &m.pages).hash(&mut h));
    }
    site.campaigns.iter().for_each(|c| (&c.path, &c.reports).hash(&mut h));
    d.projects.iter().for_each(|p| (&p.id, &p.path).hash(&mut h));
    d.campaigns.iter().for_each(|c| c.projects.hash(&mut h));
    d.counties.iter().for_each(|k| (&k.campaigns, &k.projects).hash(&mut h));
    d.series.iter().for_each(|s| (&s.id, &s.title, &s.path, &s.rounds).hash(&mut h));
    d.live.hash(&mut h);
    h.finish()
}
