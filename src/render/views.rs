//! Plain views of the model for templates. Each is built at most once per
//! build (`job_parts::Views`); list pages show small `PageRef`s, never page bodies.

use super::Links;
use crate::config::Verdicts;
use crate::derive::{CampaignState, Derived, MetricProgress, Project, ProjectState, Snapshot};
use crate::model::urls::fixed;
use crate::model::{Campaign, CampaignId, IdVec, Page, Site};
use crate::text;
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: String,
}

/// What a list shows of a page.
#[derive(Serialize)]
pub struct PageRef<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub date_cn: Option<String>,
    pub summary: &'a str,
    pub county: Option<Link<'a>>,
    pub campaign: Option<Link<'a>>,
    pub reading_minutes: u32,
}

pub fn page_ref<'a>(site: &'a Site, links: &Links, page: &'a Page, summary: &'a str, minutes: u32) -> PageRef<'a> {
    PageRef {
        title: &page.title,
        url: links.url(&page.path),
        date: page.date.map(|d| text::iso_date(d.date())),
        date_cn: page.date.map(|d| text::date_cn(d.date())),
        summary,
        county: county_link(links, page),
        campaign: page.campaign.map(|c| campaign_link(links, &site.campaigns[c])),
        reading_minutes: minutes,
    }
}

/// The menu of a site whose site.yaml sets none (`reports/` only when that
/// column exists).
pub const DEFAULT_MENU: [(&str, &str); 7] = [
    ("首页", fixed::HOME),
    ("攻坚行动", fixed::CAMPAIGNS),
    ("工作动态", fixed::REPORTS),
    ("县区", fixed::COUNTIES),
    ("项目库", fixed::PROJECTS),
    ("归档", fixed::ARCHIVES),
    ("搜索", fixed::SEARCH),
];

pub fn county_link<'a>(links: &Links, page: &'a Page) -> Option<Link<'a>> {
    match (&page.meta.county, &page.county_path) {
        (Some(name), Some(path)) => Some(Link { name, url: links.url(path) }),
        _ => None,
    }
}

pub fn campaign_link<'a>(links: &Links, c: &'a Campaign) -> Link<'a> {
    Link { name: &c.title, url: links.url(&c.path) }
}

#[derive(Serialize)]
pub struct MetricView<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub unit: &'a str,
    pub target: Option<f64>,
    pub latest: Option<f64>,
    pub percent: Option<f64>,
    pub headline: bool,
    pub cumulative: bool,
    /// latest formatted with its unit (93亿元, 77个).
    pub latest_text: Option<String>,
    pub target_text: Option<String>,
    pub points: Vec<PointView>,
}

#[derive(Serialize)]
pub struct PointView {
    pub date: String,
    pub value: f64,
    pub url: String,
    pub title: String,
}

pub fn with_unit(v: f64, unit: &str) -> String {
    match unit {
        "亿元" => text::amount_yi(v),
        "万元" => format!("{}万元", text::number_cn(v)),
        "%" => text::percent(v),
        u => format!("{}{u}", text::number_cn(v)),
    }
}

/// `with_points` adds the dated series (campaign dashboards only: every other
/// page would carry a copy of it).
pub fn metric_view<'a>(site: &Site, links: &Links, m: &'a MetricProgress, with_points: bool) -> MetricView<'a> {
    MetricView {
        key: &m.key,
        label: &m.label,
        unit: &m.unit,
        target: m.target,
        latest: m.latest,
        percent: m.percent.map(round_pct),
        headline: m.headline,
        cumulative: m.cumulative,
        latest_text: m.latest.map(|v| with_unit(v, &m.unit)),
        target_text: m.target.map(|v| with_unit(v, &m.unit)),
        points: m
            .points
            .iter()
            .filter(|_| with_points)
            .map(|p| PointView {
                date: text::iso_date(p.date),
                value: p.value,
                url: links.url(&site.pages[p.page].path),
                title: site.pages[p.page].title.clone(),
            })
            .collect(),
    }
}

/// A percentage rounded to the decimals the site writes (`numbers:`), for templates.
pub fn round_pct(v: f64) -> f64 {
    crate::text::round_percent(v)
}

#[derive(Serialize)]
pub struct PaceView {
    pub as_of: String,
    pub as_of_cn: String,
    pub time_pct: f64,
    pub task_pct: f64,
    pub gap: f64,
    pub ahead: bool,
    pub finished: bool,
    pub days_elapsed: i64,
    pub days_total: i64,
    pub metric: String,
    /// Whether the site or campaign opted in to `verdicts: full` (the text
    /// and the theme then say 超前/滞后; otherwise they show the numbers only).
    pub judged: bool,
    /// One sentence: 截至…，时间进度50%，任务进度（…）62%。 With `verdicts: full`,
    /// also 超前12个百分点.
    pub text: String,
}

/// A campaign as lists and dashboards show it (no body).
#[derive(Serialize)]
pub struct CampaignView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub county: Option<&'a str>,
    pub county_url: Option<String>,
    pub start: String,
    pub end: String,
    pub start_cn: String,
    pub end_cn: String,
    pub days: i64,
    pub series: Option<Link<'a>>,
    pub round: Option<u32>,
    pub metrics: Vec<MetricView<'a>>,
    pub headline: Option<MetricView<'a>>,
    pub pace: Option<PaceView>,
    pub report_count: usize,
    pub project_count: usize,
    /// upcoming / live / ended on the view's day (a report's date, else today).
    pub state: &'static str,
    /// 未开始 / 进行中 / 已结束.
    pub state_label: &'static str,
    pub live: bool,
}

/// Whether campaign `c` words its pace with 超前/滞后 (`verdicts: full`).
pub fn judged(site: &Site, c: &Campaign) -> bool {
    c.meta.verdicts.unwrap_or(site.config.verdicts) == Verdicts::Full
}

fn pace_view(site: &Site, c: &Campaign, p: &crate::derive::CampaignProgress) -> Option<PaceView> {
    let judged = judged(site, c);
    p.pace.as_ref().map(|pace| {
        let gap = round_pct(pace.task_pct - pace.time_pct);
        let verdict = match (judged, pace.ahead) {
            (false, _) => String::new(),
            (true, true) => format!("，超前{}个百分点", text::number_cn(gap.abs())),
            (true, false) => format!("，滞后{}个百分点", text::number_cn(gap.abs())),
        };
        PaceView {
            as_of: text::iso_date(pace.as_of),
            as_of_cn: text::date_cn(pace.as_of),
            time_pct: round_pct(pace.time_pct),
            task_pct: round_pct(pace.task_pct),
            gap,
            ahead: pace.ahead,
            finished: pace.finished,
            days_elapsed: pace.days_elapsed,
            days_total: pace.days_total,
            metric: p.metrics[pace.metric].label.clone(),
            judged,
            text: format!(
                "{}截至{}，时间进度{}，任务进度（{}）{}{}。",
                if pace.finished { format!("行动已于{}结束。", text::date_cn(c.end)) } else { String::new() },
                text::date_cn(pace.as_of),
                text::percent(pace.time_pct),
                p.metrics[pace.metric].label,
                text::percent(pace.task_pct),
                verdict
            ),
        }
    })
}

/// Campaign `ci` as `snap` gives it (its latest state, or as of a report's date).
pub fn campaign_view<'a>(
    site: &'a Site,
    d: &'a Derived,
    links: &Links,
    ci: CampaignId,
    snap: &'a Snapshot,
    with_points: bool,
) -> CampaignView<'a> {
    let c = &site.campaigns[ci];
    let p = &snap.progress;
    CampaignView {
        id: &c.id,
        title: &c.title,
        url: links.url(&c.path),
        county: c.meta.county.as_deref(),
        county_url: c.county_path.as_ref().map(|p| links.url(p)),
        start: text::iso_date(c.start),
        end: text::iso_date(c.end),
        start_cn: text::date_cn(c.start),
        end_cn: text::date_cn(c.end),
        // Counted inclusively: a 百日攻坚 from 8月1日 to 11月8日 is 100 days.
        days: (c.end - c.start).num_days() + 1,
        series: p.series.map(|s| Link { name: &d.series[s].title, url: links.url(&d.series[s].path) }),
        round: c.meta.round,
        metrics: p.metrics.iter().map(|m| metric_view(site, links, m, with_points)).collect(),
        headline: p.headline.map(|h| metric_view(site, links, &p.metrics[h], false)),
        pace: pace_view(site, c, p),
        report_count: snap.report_count,
        project_count: snap.project_count,
        state: snap.state.key(),
        state_label: snap.state.label(),
        live: snap.state == CampaignState::Live,
    }
}

#[derive(Serialize)]
pub struct StateView<'a> {
    pub date: Option<String>,
    pub date_cn: Option<String>,
    pub name: &'a str,
    pub status: Option<&'static str>,
    pub status_label: Option<&'static str>,
    pub progress: Option<f64>,
    pub investment: Option<f64>,
    pub investment_text: Option<String>,
    pub completed_investment: Option<f64>,
    pub completed_investment_text: Option<String>,
    pub started: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub township: Option<&'a str>,
    pub responsible_unit: Option<&'a str>,
    pub report: Link<'a>,
}

pub fn state_view<'a>(site: &'a Site, links: &Links, s: &'a ProjectState) -> StateView<'a> {
    let page = &site.pages[s.page];
    StateView {
        date: s.date.map(text::iso_date),
        date_cn: s.date.map(text::date_cn),
        name: &s.name,
        status: s.status.map(|x| x.key()),
        status_label: s.status.map(|x| x.label()),
        progress: s.progress,
        investment: s.investment,
        investment_text: s.investment.map(text::amount_yi),
        completed_investment: s.completed_investment,
        completed_investment_text: s.completed_investment.map(text::amount_yi),
        started: s.started.as_deref(),
        industry: s.industry.as_deref(),
        township: s.township.as_deref(),
        responsible_unit: s.responsible_unit.as_deref(),
        report: Link { name: &page.title, url: links.url(&page.path) },
    }
}

#[derive(Serialize)]
pub struct ProjectView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub county: Option<&'a str>,
    pub county_url: Option<String>,
    pub latest: StateView<'a>,
    pub history: Vec<StateView<'a>>,
    /// Each a `Link` as `CampaignLinks` made it.
    pub campaigns: Vec<Value>,
}

/// Every campaign's `Link` as a tera value, made once per build: a
/// project's view lists its campaigns (~14 at 10,000 reports) and each of
/// its table rows is made again for every table showing it.
pub struct CampaignLinks(IdVec<CampaignId, Value>);

impl CampaignLinks {
    pub fn new(site: &Site, links: &Links) -> CampaignLinks {
        CampaignLinks(site.campaigns.iter().map(|c| Value::from_serializable(&campaign_link(links, c))).collect())
    }
}

pub fn project_view<'a>(
    site: &'a Site,
    links: &Links,
    campaign_links: &CampaignLinks,
    p: &'a Project,
    with_history: bool,
) -> ProjectView<'a> {
    ProjectView {
        id: &p.id,
        name: &p.latest.name,
        url: links.url(&p.path),
        county: p.county.as_deref(),
        county_url: p.county_path.as_ref().map(|p| links.url(p)),
        latest: state_view(site, links, &p.latest),
        history: if with_history { p.history.iter().map(|s| state_view(site, links, s)).collect() } else { Vec::new() },
        campaigns: p.campaigns.iter().map(|&c| campaign_links.0[c].clone()).collect(),
    }
}
