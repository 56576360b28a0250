//! Which list and aggregate pages a build makes (`all`); report and plain
//! pages are made with their Markdown (`render_page`). A new page type is
//! one `Job` variant, its context in `jobs::context`, and its line here.

use super::job_lists::with_lists;
use super::jobs::{pager_count, Inputs, Job};

/// Every job but the pages of sections (`render_page` renders those).
pub(super) fn all(inp: &Inputs) -> Vec<Job> {
    let site = inp.site;
    let mut jobs = vec![
        Job::Home,
        Job::Campaigns,
        Job::Projects,
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
    jobs.extend(site.campaigns.ids().map(Job::Campaign));
    jobs.extend(inp.derived.projects.ids().map(Job::Project));
    jobs.extend(site.counties.terms.ids().map(Job::County));
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
