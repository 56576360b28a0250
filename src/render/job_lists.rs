//! Long lists on pages of their own, so no page grows with the site: a
//! campaign's or county's projects and reports (`campaigns/<id>/projects/`,
//! `…/reports/`, paged) and the later pages of the project index and of a
//! year's or month's archive (`projects/page/2/`, `archives/2023/page/2/`).
//! The campaign and county pages show the first rows and link to the rest.

use serde::Serialize;

use crate::model::{urls, CampaignId, CountyId, MonthId, PageId, ProjectId, YearId};

use super::job_kinds::{base_ctx, Job};
use super::job_parts::{Ctx, Part};
use super::jobs::Inputs;
use super::pager::{pager_count, pager_path, paginator};

/// Rows of a project table page: ~35 KB of HTML.
pub(super) const TABLE_ROWS: usize = 100;

/// A list paged on pages of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Listing {
    /// Every project (`projects/`); page 1 is `Job::Projects`.
    Projects,
    /// A year's reports; page 1 is `Job::Year`.
    Year(YearId),
    /// A month's reports; page 1 is `Job::Month`.
    Month(YearId, MonthId),
    CampaignProjects(CampaignId),
    CampaignReports(CampaignId),
    CountyProjects(CountyId),
    CountyReports(CountyId),
}

impl Listing {
    /// Entries `skip..skip + take` in the order shown, as the part the
    /// page shows them by: projects for project lists, pages else; a
    /// campaign's reports newest first.
    fn rows(self, inp: &Inputs, skip: usize, take: usize) -> Part {
        let (site, d) = (inp.site, inp.derived);
        let pages =
            |items: &mut dyn Iterator<Item = PageId>| Part::refs(&items.skip(skip).take(take).collect::<Vec<_>>());
        let projects = |items: &mut dyn Iterator<Item = ProjectId>| {
            Part::projects(&items.skip(skip).take(take).collect::<Vec<_>>())
        };
        match self {
            Listing::Projects => projects(&mut d.projects.ids()),
            Listing::Year(y) => pages(&mut site.archives[y].pages.iter().copied()),
            Listing::Month(y, m) => pages(&mut site.archives[y].months[m].pages.iter().copied()),
            Listing::CampaignProjects(c) => projects(&mut d.campaigns[c].projects.iter().copied()),
            Listing::CampaignReports(c) => pages(&mut site.campaigns[c].reports.iter().rev().copied()),
            Listing::CountyProjects(k) => projects(&mut d.counties[k].projects.iter().copied()),
            Listing::CountyReports(k) => pages(&mut site.counties.terms[k].pages.iter().copied()),
        }
    }

    fn len(self, inp: &Inputs) -> usize {
        let (site, d) = (inp.site, inp.derived);
        match self {
            Listing::Projects => d.projects.len(),
            Listing::Year(y) => site.archives[y].pages.len(),
            Listing::Month(y, m) => site.archives[y].months[m].pages.len(),
            Listing::CampaignProjects(c) => d.campaigns[c].projects.len(),
            Listing::CampaignReports(c) => site.campaigns[c].reports.len(),
            Listing::CountyProjects(k) => d.counties[k].projects.len(),
            Listing::CountyReports(k) => site.counties.terms[k].pages.len(),
        }
    }

    fn is_projects(self) -> bool {
        matches!(self, Listing::Projects | Listing::CampaignProjects(_) | Listing::CountyProjects(_))
    }

    fn per_page(self, inp: &Inputs) -> usize {
        if self.is_projects() {
            TABLE_ROWS
        } else {
            inp.site.config.paginate_by.max(1)
        }
    }

    /// Site path of the list's first page.
    fn path(self, inp: &Inputs) -> String {
        let site = inp.site;
        match self {
            Listing::Projects => urls::fixed::PROJECTS.into(),
            Listing::Year(y) => site.archives[y].path.clone(),
            Listing::Month(y, m) => site.archives[y].months[m].path.clone(),
            Listing::CampaignProjects(c) => urls::projects_of(&site.campaigns[c].path),
            Listing::CampaignReports(c) => urls::reports_of(&site.campaigns[c].path),
            Listing::CountyProjects(k) => urls::projects_of(&site.counties.terms[k].path),
            Listing::CountyReports(k) => urls::reports_of(&site.counties.terms[k].path),
        }
    }

    /// Its own pages: 2.. for the lists whose first page is another job's,
    /// every page for a campaign's or county's, when longer than its page shows.
    fn jobs(self, inp: &Inputs) -> impl Iterator<Item = Job> {
        let total = pager_count(self.len(inp), self.per_page(inp));
        let first = match self {
            Listing::Projects | Listing::Year(_) | Listing::Month(..) => 2,
            _ if self.len(inp) > shown(inp) => 1,
            _ => total + 1,
        };
        (first..=total).map(move |pager| Job::List { of: self, pager })
    }
}

/// Rows of a list a campaign or county page shows before "all N".
pub(super) fn shown(inp: &Inputs) -> usize {
    inp.site.config.paginate_by.max(1)
}

/// The first rows of a campaign's or county's list, and the link to all
/// of them when there are more.
#[derive(Serialize)]
pub(super) struct More {
    pub total: usize,
    pub url: Option<String>,
}

pub(super) fn more(inp: &Inputs, of: Listing) -> More {
    let total = of.len(inp);
    More { total, url: (total > shown(inp)).then(|| inp.links.url(&of.path(inp))) }
}

/// `jobs` and the paged lists that belong with them (`job_sets::all`, and
/// `serve`, which renders a campaign's list pages with the campaign).
pub(super) fn with_lists(inp: &Inputs, jobs: Vec<Job>) -> Vec<Job> {
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        let lists: &[Listing] = match job {
            Job::Projects => &[Listing::Projects],
            Job::Year(y) => &[Listing::Year(y)],
            Job::Month { year, month, alias: false } => &[Listing::Month(year, month)],
            Job::Campaign(c) => &[Listing::CampaignProjects(c), Listing::CampaignReports(c)],
            Job::County(k) => &[Listing::CountyProjects(k), Listing::CountyReports(k)],
            _ => &[],
        };
        let extra: Vec<Job> = lists.iter().flat_map(|l| l.jobs(inp)).collect();
        out.push(job);
        out.extend(extra);
    }
    out
}

/// Page `pager` of `of`: template, path, context.
pub(super) fn context(inp: &Inputs, of: Listing, pager: usize, values: bool) -> (&'static str, String, Ctx) {
    let per = of.per_page(inp);
    let base = of.path(inp);
    let path = pager_path(&base, pager);
    let mut c = base_ctx(&path, inp.links, values);
    c.insert("paginator", &paginator(inp.links, &base, pager, pager_count(of.len(inp), per)));
    let rows = of.rows(inp, (pager - 1) * per, per);
    c.part(if of.is_projects() { "projects" } else { "pages" }, rows);
    if let Listing::Projects | Listing::Year(_) | Listing::Month(..) = of {
        return first_page_context(inp, of, path, c);
    }
    let site = inp.site;
    let (owner, owner_url, what) = match of {
        Listing::CampaignProjects(c) => (&site.campaigns[c].title, &site.campaigns[c].path, "项目"),
        Listing::CampaignReports(c) => (&site.campaigns[c].title, &site.campaigns[c].path, "报道"),
        Listing::CountyProjects(k) => (&site.counties.terms[k].name, &site.counties.terms[k].path, "项目"),
        Listing::CountyReports(k) => (&site.counties.terms[k].name, &site.counties.terms[k].path, "报道"),
        Listing::Projects | Listing::Year(_) | Listing::Month(..) => unreachable!("returned above"),
    };
    c.insert(
        "listing",
        &ListingView {
            title: format!("{owner}：全部{what}"),
            owner: owner.clone(),
            owner_url: inp.links.url(owner_url),
            total: of.len(inp),
            projects: of.is_projects(),
        },
    );
    ("list.html", path, c)
}

/// A later page of the project index or of a year or month: its own template, as page 1.
fn first_page_context(inp: &Inputs, of: Listing, path: String, mut c: Ctx) -> (&'static str, String, Ctx) {
    match of {
        Listing::Year(y) => {
            let a = &inp.site.archives[y];
            super::job_kinds::archive_nav(&mut c, false);
            c.insert(
                "archive",
                &super::job_views::ArchiveView {
                    title: format!("{}年", a.year),
                    kind: "year",
                    year: Some(a.year),
                    month: None,
                },
            );
            c.insert("page_count", &a.pages.len());
            ("archive.html", path, c)
        }
        Listing::Month(y, m) => {
            let m = &inp.site.archives[y].months[m];
            super::job_kinds::archive_nav(&mut c, false);
            c.insert(
                "archive",
                &super::job_views::ArchiveView {
                    title: crate::text::month_cn(m.year, m.month),
                    kind: "month",
                    year: Some(m.year),
                    month: Some(m.month),
                },
            );
            c.insert("page_count", &m.pages.len());
            ("archive.html", path, c)
        }
        _ => {
            c.insert("project_count", &inp.derived.projects.len());
            ("projects.html", path, c)
        }
    }
}

/// What a list page says about itself.
#[derive(Serialize)]
struct ListingView {
    title: String,
    owner: String,
    owner_url: String,
    total: usize,
    /// A project table, else a list of reports.
    projects: bool,
}

/// The first rows of `of` (those a campaign or county page shows, or page 1
/// of the project index and of a year) and the paginator of page 1.
pub(super) fn first_page(inp: &Inputs, of: Listing, rows: usize) -> Part {
    of.rows(inp, 0, rows)
}

/// The paginator of page 1 of the project index or a year.
pub(super) fn first_paginator(inp: &Inputs, of: Listing) -> impl Serialize {
    let base = of.path(inp);
    paginator(inp.links, &base, 1, pager_count(of.len(inp), of.per_page(inp)))
}

/// Rows on each page of `of`.
pub(super) fn per_page(inp: &Inputs, of: Listing) -> usize {
    of.per_page(inp)
}
