//! Every kind of HTML page as a job (`Job`), and each one's context
//! recipe (`context`): its template, site path, and the values and parts
//! (`job_parts`) it shows. A new page type is a variant and its arm here,
//! and its line in `job_sets`.

use tera::Value;

use super::job_lists::{self, Listing};
use super::job_parts::{Ctx, Entity, Part};
use super::job_views::*;
use super::jobs::Inputs;
use super::pager::{pager_count, pager_path, paginator};
use super::Links;
use crate::model::urls::fixed;
use crate::model::{CampaignId, CountyId, IdVec, MonthId, PageId, ProjectId, SectionId, SeriesId, TagId, YearId};
use crate::text;

/// An HTML page to render: its kind, and which campaign, term, year or
/// list page of that kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Job {
    Home,
    Section {
        section: SectionId,
        pager: usize,
    },
    Campaigns,
    Campaign(CampaignId),
    /// Page 1 of the project index (later pages are `List`s).
    Projects,
    Project(ProjectId),
    Counties,
    County(CountyId),
    SeriesList,
    Series(SeriesId),
    Tags,
    Tag {
        term: TagId,
        pager: usize,
    },
    Archives,
    /// Page 1 of a year's archive (later pages are `List`s).
    Year(YearId),
    Month {
        year: YearId,
        month: MonthId,
        alias: bool,
    },
    Search,
    NotFound,
    /// A page of a long list (job_lists.rs).
    List {
        of: Listing,
        pager: usize,
    },
}

/// A list page's context recipe with the values every page has; `values`
/// to be rendered, else to be digested only.
pub(super) fn base_ctx(path: &str, links: &Links, values: bool) -> Ctx {
    let mut c = Ctx::new(values);
    c.insert("current_path", &format!("/{path}"));
    c.insert("current_url", &links.url(path));
    c.insert("permalink", &links.permalink(path));
    c
}

/// The archive's years and months on an archive page: `years` with their
/// counts, and `archive_links`, counted on the index only, so a year's or
/// month's page whose template reads only it keeps its file when a report
/// is added to another month.
pub(super) fn archive_nav(c: &mut Ctx, index: bool) {
    c.part("years", Part::One(Entity::Archives));
    c.part("archive_links", Part::One(if index { Entity::Archives } else { Entity::ArchiveLinks }));
}

/// A job's template, site path and context recipe. Whatever the page shows
/// is a part of the recipe (`job_parts`): rows and views by entity, small
/// values as they are.
pub(super) fn context<'a>(inp: &'a Inputs, job: &Job, values: bool) -> (&'a str, String, Ctx) {
    let (site, d, links) = (inp.site, inp.derived, inp.links);
    let base_ctx = |path: &str, links: &Links| base_ctx(path, links, values);
    match job {
        Job::Home => {
            let mut c = base_ctx("", links);
            // 最新动态: reports of news columns, not a dated "about" page.
            let columns: IdVec<SectionId, bool> = site.sections.iter().map(|s| site.is_news_column(s)).collect();
            let news = |&i: &PageId| columns[site.pages[i].section];
            let latest: Vec<PageId> =
                site.chronological.iter().copied().filter(news).take(site.config.paginate_by).collect();
            c.part("latest", Part::refs(&latest));
            c.part("live_campaigns", Part::campaigns(d.live.iter().copied()));
            c.insert("content", &inp.section_body(SectionId::HOME).html);
            c.part("section", Part::Section(SectionId::HOME, Vec::new()));
            ("index.html", fixed::HOME.into(), c)
        }
        Job::Section { section, pager } => {
            let s = &site.sections[*section];
            let per = s.paginate_by.max(1);
            let slice: Vec<PageId> = s.pages.iter().copied().skip((pager - 1) * per).take(per).collect();
            let path = pager_path(&s.path, *pager);
            let mut c = base_ctx(&path, links);
            c.part("section", Part::Section(*section, slice));
            c.insert("paginator", &paginator(links, &s.path, *pager, pager_count(s.pages.len(), per)));
            (s.meta.template.as_deref().unwrap_or("section.html"), path, c)
        }
        Job::Campaigns => {
            let path = fixed::CAMPAIGNS.to_string();
            let mut c = base_ctx(&path, links);
            c.part("campaigns", Part::campaigns(site.campaigns.ids()));
            match site.sections.position(|s| s.dir == "campaigns") {
                Some(s) => c.part("section", Part::Section(s, Vec::new())),
                None => c.insert("section", &Value::none()),
            }
            ("campaigns.html", path, c)
        }
        Job::Campaign(i) => {
            let camp = &site.campaigns[*i];
            let mut c = base_ctx(&camp.path, links);
            c.part("campaign", Part::One(Entity::Dashboard(*i)));
            let body = inp.campaign_body(*i);
            c.insert("content", &body.html);
            c.insert("summary", &body.summary);
            let shown = job_lists::shown(inp);
            c.part("reports", job_lists::first_page(inp, Listing::CampaignReports(*i), shown));
            c.insert("reports_more", &job_lists::more(inp, Listing::CampaignReports(*i)));
            c.part("projects", job_lists::first_page(inp, Listing::CampaignProjects(*i), shown));
            c.insert("projects_more", &job_lists::more(inp, Listing::CampaignProjects(*i)));
            (camp.meta.template.as_deref().unwrap_or("campaign.html"), camp.path.clone(), c)
        }
        Job::Projects => {
            let mut c = base_ctx(fixed::PROJECTS, links);
            let rows = job_lists::per_page(inp, Listing::Projects);
            c.part("projects", job_lists::first_page(inp, Listing::Projects, rows));
            c.insert("project_count", &d.projects.len());
            c.insert("paginator", &job_lists::first_paginator(inp, Listing::Projects));
            ("projects.html", fixed::PROJECTS.into(), c)
        }
        Job::Project(i) => {
            let p = &d.projects[*i];
            let mut c = base_ctx(&p.path, links);
            c.part("project", Part::One(Entity::Project(*i)));
            ("project.html", p.path.clone(), c)
        }
        Job::Counties => {
            let mut c = base_ctx(fixed::COUNTIES, links);
            c.part("counties", Part::Rows(site.counties.terms.ids().map(Entity::County).collect()));
            ("counties.html", fixed::COUNTIES.into(), c)
        }
        Job::County(i) => {
            let t = &site.counties.terms[*i];
            let stats = &d.counties[*i];
            let mut c = base_ctx(&t.path, links);
            c.part("county", Part::One(Entity::County(*i)));
            c.part("campaigns", Part::campaigns(stats.campaigns.iter().copied()));
            let shown = job_lists::shown(inp);
            c.part("reports", job_lists::first_page(inp, Listing::CountyReports(*i), shown));
            c.insert("reports_more", &job_lists::more(inp, Listing::CountyReports(*i)));
            c.part("projects", job_lists::first_page(inp, Listing::CountyProjects(*i), shown));
            c.insert("projects_more", &job_lists::more(inp, Listing::CountyProjects(*i)));
            ("county.html", t.path.clone(), c)
        }
        Job::SeriesList => {
            let mut c = base_ctx(fixed::SERIES, links);
            c.part("series_list", Part::Rows(d.series.ids().map(Entity::Series).collect()));
            ("series_list.html", fixed::SERIES.into(), c)
        }
        Job::Series(i) => {
            let s = &d.series[*i];
            let mut c = base_ctx(&s.path, links);
            c.part("series", Part::One(Entity::Series(*i)));
            ("series.html", s.path.clone(), c)
        }
        Job::Tags => {
            let mut c = base_ctx(fixed::TAGS, links);
            let terms: Vec<_> = site
                .tags
                .terms
                .iter()
                .map(|t| TermView { name: &t.name, slug: &t.slug, url: links.url(&t.path), count: t.pages.len() })
                .collect();
            c.insert("terms", &terms);
            c.insert("taxonomy", &TaxView { name: "tags", title: "标签" });
            ("taxonomy_list.html", fixed::TAGS.into(), c)
        }
        Job::Tag { term, pager } => {
            let t = &site.tags.terms[*term];
            let per = site.config.paginate_by.max(1);
            let slice: Vec<PageId> = t.pages.iter().copied().skip((pager - 1) * per).take(per).collect();
            let path = pager_path(&t.path, *pager);
            let mut c = base_ctx(&path, links);
            c.insert("term", &TermView { name: &t.name, slug: &t.slug, url: links.url(&t.path), count: t.pages.len() });
            c.insert("taxonomy", &TaxView { name: "tags", title: "标签" });
            c.part("pages", Part::refs(&slice));
            c.insert("paginator", &paginator(links, &t.path, *pager, pager_count(t.pages.len(), per)));
            ("taxonomy_term.html", path, c)
        }
        Job::Archives => {
            let mut c = base_ctx(fixed::ARCHIVES, links);
            archive_nav(&mut c, true);
            c.insert("archive", &ArchiveView { title: "文章归档".into(), kind: "index", year: None, month: None });
            c.insert("pages", &Value::from(&[] as &[Value]));
            ("archive.html", fixed::ARCHIVES.into(), c)
        }
        Job::Year(y) => {
            let a = &site.archives[*y];
            let mut c = base_ctx(&a.path, links);
            archive_nav(&mut c, false);
            c.insert(
                "archive",
                &ArchiveView { title: format!("{}年", a.year), kind: "year", year: Some(a.year), month: None },
            );
            let rows = job_lists::per_page(inp, Listing::Year(*y));
            c.part("pages", job_lists::first_page(inp, Listing::Year(*y), rows));
            c.insert("page_count", &a.pages.len());
            c.insert("paginator", &job_lists::first_paginator(inp, Listing::Year(*y)));
            ("archive.html", a.path.clone(), c)
        }
        Job::Month { year, month, alias } => {
            let m = &site.archives[*year].months[*month];
            let path = if *alias { m.alias_path.clone() } else { m.path.clone() };
            let mut c = base_ctx(&path, links);
            c.insert("canonical", &links.permalink(&m.path));
            archive_nav(&mut c, false);
            c.insert(
                "archive",
                &ArchiveView {
                    title: text::month_cn(m.year, m.month),
                    kind: "month",
                    year: Some(m.year),
                    month: Some(m.month),
                },
            );
            let rows = job_lists::per_page(inp, Listing::Month(*year, *month));
            c.part("pages", job_lists::first_page(inp, Listing::Month(*year, *month), rows));
            c.insert("page_count", &m.pages.len());
            c.insert("paginator", &job_lists::first_paginator(inp, Listing::Month(*year, *month)));
            ("archive.html", path, c)
        }
        Job::Search => ("search.html", fixed::SEARCH.into(), base_ctx(fixed::SEARCH, links)),
        Job::NotFound => ("404.html", fixed::NOT_FOUND.into(), base_ctx(fixed::NOT_FOUND, links)),
        Job::List { of, pager } => job_lists::context(inp, *of, *pager, values),
    }
}
