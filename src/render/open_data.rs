//! Open data (政务公开): the numbers a site publishes, as files a prefecture
//! or province portal can aggregate: `campaigns/<id>/data.csv` (every
//! metric's dated series), `campaigns/<id>/data.json` (series, targets,
//! projects with their history in the campaign) and `projects/data.csv` (every project's
//! latest state). CSVs are UTF-8 with a BOM so Excel shows Chinese right;
//! dates are ISO, amounts in the units the site states (investment in 亿元).

use crate::messages::render::Render;
use std::fmt::Write as _;

use std::hash::Hasher;

use serde::Serialize;

use super::engine::{self, Dep, Output, Records};
use super::job_parts::{Entity, Views};
use super::jobs::{keep_whole, Inputs};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{urls, CampaignId, PageId};
use crate::write::Staging;

const BOM: &str = "\u{feff}";

/// Writes every open-data file but a campaign's whose reads are as
/// `before` recorded (its files are kept); how many, and each campaign's
/// record. Each file is written as soon as it is made, the campaigns side
/// by side. The project table is made every build (one file; the output
/// keeps it when its bytes are the same).
pub fn write(
    inp: &Inputs,
    views: &Views,
    before: &Records,
    out: &Staging,
    diags: &mut Diagnostics,
) -> (usize, Records) {
    use rayon::prelude::*;
    let put = |rel: String, text: &str| out.write(&rel, text.as_bytes()).map_err(|e| (rel, e.to_string()));
    let results: Vec<Result<(String, Output), (String, String)>> =
        inp.site.campaigns.par_ids().map(|i| campaign_files(inp, views, before, out, i)).collect();
    let mut records = Records::new();
    let mut n = 0;
    let projects = put(urls::data_csv(urls::fixed::PROJECTS), &projects_csv(inp)).map(|()| (String::new(), None));
    let results = results.into_iter().map(|r| r.map(|(key, o)| (key, Some(o))));
    for r in results.chain([projects]) {
        match r {
            Ok((key, output)) => {
                n += output.as_ref().map_or(1, |o| o.files.len());
                records.extend(output.map(|o| (key, o)));
            }
            Err((rel, e)) => diags.push(Diagnostic::error(rel, 0, Render::CannotWrite { why: e.to_string() })),
        }
    }
    (n, records)
}

/// Campaign `i`'s CSV and JSON, kept while what they read is unchanged:
/// the campaign's entry and derived numbers, its reports' entries (their
/// points, targets and links) and its projects (their views with history).
fn campaign_files(
    inp: &Inputs,
    views: &Views,
    before: &Records,
    out: &Staging,
    i: CampaignId,
) -> Result<(String, Output), (String, String)> {
    let (site, d) = (inp.site, inp.derived);
    let c = &site.campaigns[i];
    let mut h = engine::hasher();
    h.write_u64(engine::digest_debug(&(c, &d.campaigns[i])));
    c.reports.iter().for_each(|&r| h.write_u64(engine::page_digest(site, r)));
    d.campaigns[i].projects.iter().for_each(|&p| h.write_u64(views.digest(inp, Entity::Project(p))));
    let (csv, json) = (urls::data_csv(&c.path), urls::data_json(&c.path));
    if let Some(kept) = keep_whole(before, &csv, h.finish(), out) {
        return Ok((csv, kept));
    }
    let put = |rel: &String, text: &str| out.write(rel, text.as_bytes()).map_err(|e| (rel.clone(), e.to_string()));
    put(&csv, &campaign_csv(inp, i))?;
    let text = serde_json::to_string(&campaign_json(inp, i)).map_err(|e| (json.clone(), e.to_string()))?;
    put(&json, &(text + "\n"))?;
    Ok((csv.clone(), Output { reads: vec![(Dep::Context, h.finish())], files: vec![csv, json] }))
}

/// A CSV field: quoted when it holds a comma, quote or line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn num(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite()).map(|v| v.to_string()).unwrap_or_default()
}

fn campaign_csv(inp: &Inputs, i: CampaignId) -> String {
    let mut s = format!("{BOM}date,metric,label,value,unit,target,report_title,report_url\n");
    for m in &inp.derived.campaigns[i].metrics {
        for p in &m.points {
            let page = &inp.site.pages[p.page];
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{}",
                p.date,
                field(&m.key),
                field(&m.label),
                num(Some(p.value)),
                field(&m.unit),
                num(m.target),
                field(&page.title),
                field(&inp.links.permalink(&page.path)),
            );
        }
    }
    s
}

fn projects_csv(inp: &Inputs) -> String {
    let mut s =
        format!("{BOM}id,name,county,township,industry,status,progress_percent,investment_yi_yuan,completed_investment_yi_yuan,responsible_unit,started,as_of,url\n");
    for p in &inp.derived.projects {
        let l = &p.latest;
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            field(&p.id),
            field(&l.name),
            field(p.county.as_deref().unwrap_or("")),
            field(l.township.as_deref().unwrap_or("")),
            field(l.industry.as_deref().unwrap_or("")),
            l.status.map_or("", |s| s.label()),
            num(l.progress),
            num(l.investment),
            num(l.completed_investment),
            field(l.responsible_unit.as_deref().unwrap_or("")),
            field(l.started.as_deref().unwrap_or("")),
            l.date.map(|d| d.to_string()).unwrap_or_default(),
            field(&inp.links.permalink(&p.path)),
        );
    }
    s
}

#[derive(Serialize)]
struct CampaignData<'a> {
    id: &'a str,
    title: &'a str,
    county: Option<&'a str>,
    start: String,
    end: String,
    url: String,
    units: Units,
    metrics: Vec<MetricData<'a>>,
    targets: Vec<TargetData<'a>>,
    projects: Vec<ProjectData<'a>>,
}

#[derive(Serialize)]
struct Units {
    investment: &'static str,
    progress: &'static str,
}

#[derive(Serialize)]
struct MetricData<'a> {
    key: &'a str,
    label: &'a str,
    unit: &'a str,
    target: Option<f64>,
    cumulative: bool,
    headline: bool,
    points: Vec<PointData>,
}

#[derive(Serialize)]
struct PointData {
    date: String,
    value: f64,
    report: String,
}

#[derive(Serialize)]
struct TargetData<'a> {
    date: Option<String>,
    report: String,
    name: &'a str,
    target: f64,
    actual: f64,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct ProjectData<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    history: Vec<StateData<'a>>,
}

#[derive(Serialize)]
struct StateData<'a> {
    date: Option<String>,
    report: String,
    status: Option<&'static str>,
    progress: Option<f64>,
    investment: Option<f64>,
    completed_investment: Option<f64>,
    township: Option<&'a str>,
    industry: Option<&'a str>,
    responsible_unit: Option<&'a str>,
}

fn campaign_json<'a>(inp: &'a Inputs, i: CampaignId) -> CampaignData<'a> {
    let (site, links) = (inp.site, inp.links);
    let c = &site.campaigns[i];
    let d = &inp.derived.campaigns[i];
    let url = |page: PageId| links.permalink(&site.pages[page].path);
    CampaignData {
        id: &c.id,
        title: &c.title,
        county: c.meta.county.as_deref(),
        start: c.start.to_string(),
        end: c.end.to_string(),
        url: links.permalink(&c.path),
        units: Units { investment: "亿元", progress: "%" },
        metrics: d
            .metrics
            .iter()
            .map(|m| MetricData {
                key: &m.key,
                label: &m.label,
                unit: &m.unit,
                target: m.target,
                cumulative: m.cumulative,
                headline: m.headline,
                points: m
                    .points
                    .iter()
                    .map(|p| PointData { date: p.date.to_string(), value: p.value, report: url(p.page) })
                    .collect(),
            })
            .collect(),
        targets: c
            .reports
            .iter()
            .flat_map(|&r| {
                let page = &site.pages[r];
                page.meta.targets.iter().map(move |t| TargetData {
                    date: page.date.map(|w| w.date().to_string()),
                    report: url(r),
                    name: &t.name,
                    target: t.target,
                    actual: t.actual,
                    unit: t.unit.as_deref(),
                })
            })
            .collect(),
        projects: d
            .projects
            .iter()
            .map(|&p| {
                let p = &inp.derived.projects[p];
                ProjectData {
                    id: &p.id,
                    name: &p.latest.name,
                    url: links.permalink(&p.path),
                    history: p
                        .history
                        .iter()
                        // This campaign's reports only: the project page has the rest.
                        .filter(|h| site.pages[h.page].campaign == Some(i))
                        .map(|h| StateData {
                            date: h.date.map(|d| d.to_string()),
                            report: url(h.page),
                            status: h.status.map(|s| s.label()),
                            progress: h.progress,
                            investment: h.investment,
                            completed_investment: h.completed_investment,
                            township: h.township.as_deref(),
                            industry: h.industry.as_deref(),
                            responsible_unit: h.responsible_unit.as_deref(),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}
