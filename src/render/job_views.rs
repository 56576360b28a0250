//! The views a job's context is made of: list pages (sections, terms,
//! archives, counties, series) and a page of a section, each built from the
//! model, derived numbers and rendered bodies.

use serde::Serialize;
use tera::Value;

use super::jobs::Inputs;
use super::views::{self, Link};
use super::Body;
use crate::model::{CampaignId, CountyId, IdVec, PageId, SectionId, SeriesId};
use crate::text;

#[derive(Serialize)]
pub(super) struct TermView<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: String,
    pub(super) count: usize,
}

#[derive(Serialize)]
pub(super) struct TaxView {
    pub(super) name: &'static str,
    pub(super) title: &'static str,
}

#[derive(Serialize)]
pub(super) struct ArchiveView {
    pub(super) title: String,
    pub(super) kind: &'static str,
    pub(super) year: Option<i32>,
    pub(super) month: Option<u32>,
}

#[derive(Serialize)]
pub(super) struct YearView {
    year: i32,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
    months: Vec<MonthView>,
}

#[derive(Serialize)]
pub(super) struct MonthView {
    month: u32,
    title: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

/// Every year and month of the archive with its URL, and with how many
/// reports it holds where `counts` (`years`; without, `archive_links` on a
/// year's or month's page, which a report added to another month leaves as it is).
pub(super) fn archive_years(inp: &Inputs, counts: bool) -> Vec<YearView> {
    inp.site
        .archives
        .iter()
        .map(|a| YearView {
            year: a.year,
            url: inp.links.url(&a.path),
            count: counts.then_some(a.pages.len()),
            months: a
                .months
                .iter()
                .map(|m| MonthView {
                    month: m.month,
                    title: text::month_cn(m.year, m.month),
                    url: inp.links.url(&m.path),
                    count: counts.then_some(m.pages.len()),
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct SectionView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    path: &'a str,
    content: &'a str,
    pages: Value,
    page_count: usize,
    subsections: Vec<Link<'a>>,
    extra: &'a std::collections::BTreeMap<String, serde_yaml::Value>,
}

/// Section `i`'s view; its `pages` are filled by the page showing it (`job_parts::Part::Section`).
pub(super) fn section_value(inp: &Inputs, i: SectionId) -> Value {
    let s = &inp.site.sections[i];
    Value::from_serializable(&SectionView {
        title: &s.title,
        description: s.meta.description.as_deref(),
        url: inp.links.url(&s.path),
        path: &s.path,
        content: &inp.section_body(i).html,
        pages: Value::from(Vec::<Value>::new()),
        page_count: s.pages.len(),
        subsections: s
            .subsections
            .iter()
            .map(|&j| Link { name: &inp.site.sections[j].title, url: inp.links.url(&inp.site.sections[j].path) })
            .collect(),
        extra: &s.meta.extra,
    })
}

#[derive(Serialize)]
pub(super) struct CountyView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    report_count: usize,
    campaign_count: usize,
    project_count: usize,
    total_investment: f64,
    total_investment_text: String,
    by_status: Vec<StatusTotal>,
    feed_url: String,
}

#[derive(Serialize)]
pub(super) struct StatusTotal {
    status: &'static str,
    label: &'static str,
    count: usize,
    investment: f64,
    investment_text: String,
}

pub(super) fn county_summary<'a>(inp: &'a Inputs, i: CountyId, t: &'a crate::model::Term) -> CountyView<'a> {
    let s = &inp.derived.counties[i];
    CountyView {
        name: &t.name,
        slug: &t.slug,
        url: inp.links.url(&t.path),
        report_count: t.pages.len(),
        campaign_count: s.campaigns.len(),
        project_count: s.projects.len(),
        total_investment: s.total_investment,
        total_investment_text: text::amount_yi(s.total_investment),
        by_status: s
            .by_status
            .iter()
            .map(|&(st, n, v)| StatusTotal {
                status: st.key(),
                label: st.label(),
                count: n,
                investment: v,
                investment_text: text::amount_yi(v),
            })
            .collect(),
        feed_url: inp.links.url(&crate::model::urls::atom(&t.path)),
    }
}

#[derive(Serialize)]
pub(super) struct SeriesView<'a> {
    id: &'a str,
    title: String,
    url: String,
    rounds: Vec<Value>,
}

pub(super) fn series_value(inp: &Inputs, camps: &IdVec<CampaignId, Value>, i: SeriesId) -> Value {
    let s = &inp.derived.series[i];
    let rounds: Vec<Value> = s.rounds.iter().map(|&c| camps[c].clone()).collect();
    let title = s.title.clone();
    Value::from_serializable(&SeriesView { id: &s.id, title, url: inp.links.url(&s.path), rounds })
}

#[derive(Serialize)]
pub(super) struct PageView<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    path: &'a str,
    slug: &'a str,
    date: Option<String>,
    date_cn: Option<String>,
    datetime: Option<String>,
    updated: Option<String>,
    updated_cn: Option<String>,
    summary: &'a str,
    content: &'a str,
    charts: &'a [&'static str],
    county: Option<Link<'a>>,
    campaign: Option<Value>,
    tags: Vec<Link<'a>>,
    authors: &'a [String],
    editor: Option<&'a str>,
    source: Option<&'a str>,
    metrics: Vec<MetricValue<'a>>,
    targets: Vec<TargetView<'a>>,
    projects: Vec<ProjectMention<'a>>,
    rankings: &'a [crate::load::RankEntry],
    char_count: usize,
    reading_minutes: u32,
    toc: &'a [crate::markdown::Heading],
    extra: &'a std::collections::BTreeMap<String, serde_yaml::Value>,
    draft: bool,
    /// Dated after today, shown only by `serve` (待发布).
    scheduled: bool,
    /// Metrics this report corrects downwards (数据更正), with their labels.
    corrections: Vec<Correction<'a>>,
    /// Its first photo's largest size (`og:image` when there is no share card).
    photo: Option<PhotoView>,
}

#[derive(Serialize)]
pub(super) struct PhotoView {
    permalink: String,
    width: u32,
    height: u32,
}

/// A metric a report corrects: `key` and its declared label.
#[derive(Serialize)]
pub(super) struct Correction<'a> {
    key: &'a str,
    label: &'a str,
}

/// Campaign `c`'s box on a page dated `day`: as of that day, so later
/// reports never change it; an undated page shows the latest state.
pub(super) fn campaign_box(
    site: &crate::model::Site,
    d: &crate::derive::Derived,
    links: &super::Links,
    camps: &IdVec<CampaignId, Value>,
    c: CampaignId,
    day: Option<chrono::NaiveDate>,
) -> Value {
    match day {
        Some(day) => {
            let snap = d.snapshot(site, c, day);
            Value::from_serializable(&views::campaign_view(site, d, links, c, &snap, false))
        }
        None => camps[c].clone(),
    }
}

#[derive(Serialize)]
pub(super) struct MetricValue<'a> {
    key: &'a str,
    label: String,
    unit: String,
    value: f64,
    text: String,
}

#[derive(Serialize)]
pub(super) struct TargetView<'a> {
    name: &'a str,
    target: f64,
    actual: f64,
    unit: &'a str,
    percent: Option<f64>,
}

#[derive(Serialize)]
pub(super) struct ProjectMention<'a> {
    id: String,
    url: String,
    name: &'a str,
    investment: Option<f64>,
    investment_text: Option<String>,
    status: Option<&'static str>,
    status_label: Option<&'static str>,
    progress: Option<f64>,
    completed_investment: Option<f64>,
    started: Option<&'a str>,
    industry: Option<&'a str>,
    township: Option<&'a str>,
    responsible_unit: Option<&'a str>,
}

/// Page `i`'s own view; its campaign box is `campaign` (`campaign_box`).
pub(super) fn page_value(inp: &Inputs, campaign: Option<Value>, i: PageId, b: &Body) -> Value {
    let (site, links) = (inp.site, inp.links);
    let p = &site.pages[i];
    let decl = p.campaign.map(|c| &site.campaigns[c].meta.metrics);
    let metrics = p
        .meta
        .metrics
        .iter()
        .map(|(k, &v)| {
            let d = decl.and_then(|m| m.get(k));
            let unit = d.and_then(|d| d.unit.clone()).unwrap_or_default();
            MetricValue {
                key: k,
                label: d.and_then(|d| d.label.clone()).unwrap_or_else(|| k.clone()),
                text: views::with_unit(v, &unit),
                unit,
                value: v,
            }
        })
        .collect();
    Value::from_serializable(&PageView {
        title: &p.title,
        url: links.url(&p.path),
        permalink: links.permalink(&p.path),
        path: &p.path,
        slug: &p.slug,
        date: p.date.map(|d| text::iso_date(d.date())),
        date_cn: p.date.map(|d| text::date_cn(d.date())),
        datetime: p.date.map(|d| d.rfc3339()),
        updated: p.updated.map(|d| text::iso_date(d.date())),
        updated_cn: p.updated.map(|d| text::date_cn(d.date())),
        summary: &b.summary,
        content: &b.html,
        charts: &b.charts,
        county: views::county_link(links, p),
        campaign,
        tags: p.meta.tags.iter().zip(&p.tag_paths).map(|(n, path)| Link { name: n, url: links.url(path) }).collect(),
        authors: &p.meta.authors,
        editor: p.meta.editor.as_deref(),
        source: p.meta.source.as_deref(),
        metrics,
        targets: p
            .meta
            .targets
            .iter()
            .map(|t| TargetView {
                name: &t.name,
                target: t.target,
                actual: t.actual,
                unit: t.unit.as_deref().unwrap_or(""),
                percent: (t.target > 0.0).then(|| views::round_pct(t.actual / t.target * 100.0)),
            })
            .collect(),
        projects: p
            .meta
            .projects
            .iter()
            .zip(&p.project_paths)
            .map(|(e, path)| {
                let id = crate::model::urls::slug_or_keep(e.id.as_deref().unwrap_or(&e.name));
                ProjectMention {
                    url: links.url(path),
                    id,
                    name: &e.name,
                    investment: e.investment,
                    investment_text: e.investment.map(text::amount_yi),
                    status: e.status.map(|s| s.key()),
                    status_label: e.status.map(|s| s.label()),
                    progress: e.progress,
                    completed_investment: e.completed_investment,
                    started: e.started.as_deref(),
                    industry: e.industry.as_deref(),
                    township: e.township.as_deref(),
                    responsible_unit: e.responsible_unit.as_deref(),
                }
            })
            .collect(),
        rankings: &p.meta.rankings,
        char_count: b.char_count,
        reading_minutes: b.reading_minutes,
        toc: &b.headings,
        extra: &p.meta.extra,
        draft: p.meta.draft,
        scheduled: p.scheduled,
        corrections: p
            .meta
            .corrections
            .iter()
            .map(|k| Correction {
                key: k,
                label: decl.and_then(|m| m.get(k)).and_then(|d| d.label.as_deref()).unwrap_or(k),
            })
            .collect(),
        photo: b.photo.as_ref().map(|f| PhotoView {
            permalink: links.permalink(&f.path),
            width: f.width,
            height: f.height,
        }),
    })
}
