//! Which pages a build renders (`all`) and which pages show a given page in
//! their lists (`listing`, for `serve`'s re-render after a save).

pub(super) use super::job_lists::with_lists;
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
    for (i, s) in site.sections.iter().enumerate().skip(1) {
        if s.dir == "campaigns" {
            continue;
        }
        for pager in 1..=pager_count(s.pages.len(), s.paginate_by) {
            jobs.push(Job::Section { section: i, pager });
        }
    }
    jobs.extend((0..site.campaigns.len()).map(Job::Campaign));
    jobs.extend((0..inp.derived.projects.len()).map(Job::Project));
    jobs.extend((0..site.counties.terms.len()).map(Job::County));
    jobs.extend((0..inp.derived.series.len()).map(Job::Series));
    for (i, t) in site.tags.terms.iter().enumerate() {
        for pager in 1..=pager_count(t.pages.len(), site.config.paginate_by) {
            jobs.push(Job::Tag { term: i, pager });
        }
    }
    for (y, a) in site.archives.iter().enumerate() {
        jobs.push(Job::Year(y));
        for (m, month) in a.months.iter().enumerate() {
            jobs.push(Job::Month { year: y, month: m, alias: false });
            if month.month < 10 {
                jobs.push(Job::Month { year: y, month: m, alias: true });
            }
        }
    }
    with_lists(inp, jobs)
}

/// The list pages that show page `i` (with its summary and reading time).
pub(super) fn listing(inp: &Inputs, i: usize) -> Vec<Job> {
    let site = inp.site;
    let p = &site.pages[i];
    let pager = |list: &[usize], per: usize| list.iter().position(|&x| x == i).map(|n| n / per.max(1) + 1);
    let mut jobs = Vec::new();
    if site.chronological.iter().take(site.config.paginate_by).any(|&x| x == i) {
        jobs.push(Job::Home);
    }
    let s = &site.sections[p.section];
    if p.section > 0 && s.dir != "campaigns" {
        jobs.extend(pager(&s.pages, s.paginate_by).map(|pager| Job::Section { section: p.section, pager }));
    }
    jobs.extend(p.campaign.map(Job::Campaign));
    for (k, t) in site.counties.terms.iter().enumerate() {
        if t.pages.contains(&i) {
            jobs.push(Job::County(k));
        }
    }
    for (k, t) in site.tags.terms.iter().enumerate() {
        jobs.extend(pager(&t.pages, site.config.paginate_by).map(|pager| Job::Tag { term: k, pager }));
    }
    for (y, a) in site.archives.iter().enumerate() {
        if a.pages.contains(&i) {
            jobs.push(Job::Year(y));
        }
        for (m, month) in a.months.iter().enumerate() {
            if month.pages.contains(&i) {
                jobs.push(Job::Month { year: y, month: m, alias: false });
                if month.month < 10 {
                    jobs.push(Job::Month { year: y, month: m, alias: true });
                }
            }
        }
    }
    with_lists(inp, jobs)
}
