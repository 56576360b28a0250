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
use super::jobs::{keep_whole, Inputs};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{urls, CampaignId, PageId};
use crate::write::Staging;

mod keys;
use keys::{inputs_key, made_or_kept, shown_key, table_shown_key, ProjectValues, SHOWN};

const BOM: &str = "\u{feff}";

/// The digests of open-data texts by the key of what they were made from
/// (`inputs_key`), the last build's in the process (`engine::Keyed`).
pub type KeptTexts = crate::digest::DigestMap<u64>;

/// How many open-data files a build has, and how many of their texts it
/// looked at (made, or checked unseen); the others were kept unmade.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub files: usize,
    pub looked_at: usize,
}

/// Writes every open-data file but those whose text is as `before`
/// recorded (their files are kept), that `checked` does not name (kept
/// unseen) or whose inputs digest as when `kept` noted the text's digest
/// (kept unmade); how many, each file's record, and the texts' digests by
/// inputs for the next build. Each file is written as soon as it is made,
/// the campaigns side by side.
pub fn write(
    inp: &Inputs,
    before: &Records,
    checked: engine::Checked,
    kept: &engine::Keyed,
    out: &Staging,
    diags: &mut Diagnostics,
) -> (Counts, Records, KeptTexts, KeptTexts) {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let looked_at = AtomicUsize::new(0);
    let look = || looked_at.fetch_add(1, Ordering::Relaxed);
    let values = ProjectValues::new(inp, &kept.project_values);
    let inputs_key = |c| inputs_key(inp, &values, c).map(|k| k & !SHOWN);
    let kept = &*kept.open_data;
    let campaigns = || -> Vec<(Vec<(u64, u64)>, Made)> {
        inp.site
            .campaigns
            .par_ids()
            .map(|i| {
                let csv = urls::data_csv(&inp.site.campaigns[i].path);
                let shown: &dyn Fn() -> Option<u64> = &|| shown_key(inp, i);
                let keys = (inputs_key(Some(i)), shown);
                made_or_kept((before, kept, out), keys, &csv, || {
                    look();
                    campaign_files(inp, before, checked, out, i)
                })
            })
            .collect()
    };
    let projects = || {
        let csv = urls::data_csv(urls::fixed::PROJECTS);
        let shown: &dyn Fn() -> Option<u64> = &|| table_shown_key(inp);
        let keys = (inputs_key(None), shown);
        made_or_kept((before, kept, out), keys, &csv, || {
            look();
            projects_file(inp, before, checked, out)
        })
    };
    // A save mostly changes one campaign's files and the projects table: made side by side.
    let (results, projects) = rayon::join(campaigns, projects);
    let (mut records, mut texts) = (Records::default(), KeptTexts::default());
    let mut n = 0;
    for (text, r) in results.into_iter().chain([projects]) {
        texts.extend(text);
        match r {
            Ok((key, output)) => {
                n += output.files.len();
                records.insert(key, output);
            }
            Err((rel, e)) => diags.push(Diagnostic::error(rel, 0, Render::CannotWrite { why: e.to_string() })),
        }
    }
    let counts = Counts { files: n, looked_at: looked_at.into_inner() };
    (counts, records, texts, values.by_key(inp))
}

/// A file's record key and record, or the file and error that stopped it.
pub(super) type Made = Result<(String, Output), (String, String)>;

/// What an open-data file reads is what it says: its record is the digest
/// of its text (no index of this build's model in it), kept when the text
/// is the same again.
fn texts_files(before: &Records, out: &Staging, texts: &[(&String, &str)]) -> Made {
    let mut h = crate::digest::hasher();
    texts.iter().for_each(|(_, text)| h.write(text.as_bytes()));
    let key = texts[0].0.clone();
    if let Some(kept) = keep_whole(before, &key, h.finish(), out) {
        return Ok((key, kept));
    }
    for (rel, text) in texts {
        out.write(rel, text.as_bytes()).map_err(|e| (rel.to_string(), e.to_string()))?;
    }
    let files = texts.iter().map(|(rel, _)| rel.to_string()).collect();
    Ok((key, Output { reads: vec![(Dep::Context, h.finish())], files }))
}

/// Campaign `i`'s CSV and JSON.
fn campaign_files(inp: &Inputs, before: &Records, checked: engine::Checked, out: &Staging, i: CampaignId) -> Made {
    let c = &inp.site.campaigns[i];
    let (csv, json) = (urls::data_csv(&c.path), urls::data_json(&c.path));
    if let Some(kept) = engine::keep_unseen(checked, before, &csv, out) {
        return Ok((csv, kept));
    }
    // The JSON (~700 KB for a large campaign) and the CSV side by side.
    let (json_text, csv_text) = rayon::join(|| campaign_json_text(inp, i), || campaign_csv(inp, i));
    let json_text = json_text.map_err(|e| (json.clone(), e.to_string()))? + "\n";
    texts_files(before, out, &[(&csv, &csv_text), (&json, &json_text)])
}

/// The table of every project's latest state.
fn projects_file(inp: &Inputs, before: &Records, checked: engine::Checked, out: &Staging) -> Made {
    let rel = urls::data_csv(urls::fixed::PROJECTS);
    if let Some(kept) = engine::keep_unseen(checked, before, &rel, out) {
        return Ok((rel, kept));
    }
    texts_files(before, out, &[(&rel, &projects_csv(inp))])
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

/// A project's row in the projects' table: what `projects_csv` writes and
/// `keys::table_shown_key` digests, so the two name the same columns (each
/// takes the row apart whole: a column added is a compile error in both).
pub(super) struct ProjectRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub county: Option<&'a str>,
    pub township: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub status: Option<&'static str>,
    pub progress: Option<f64>,
    pub investment: Option<f64>,
    pub completed_investment: Option<f64>,
    pub responsible_unit: Option<&'a str>,
    pub started: Option<&'a str>,
    pub as_of: Option<chrono::NaiveDate>,
    /// Its site path (the table gives its permalink).
    pub path: &'a str,
}

pub(super) fn project_row(p: &crate::derive::Project) -> ProjectRow<'_> {
    let l = &p.latest;
    ProjectRow {
        id: &p.id,
        name: &l.name,
        county: p.county.as_deref(),
        township: l.township.as_deref(),
        industry: l.industry.as_deref(),
        status: l.status.map(|s| s.label()),
        progress: l.progress,
        investment: l.investment,
        completed_investment: l.completed_investment,
        responsible_unit: l.responsible_unit.as_deref(),
        started: l.started.as_deref(),
        as_of: l.date,
        path: &p.path,
    }
}

fn projects_csv(inp: &Inputs) -> String {
    let mut s =
        format!("{BOM}id,name,county,township,industry,status,progress_percent,investment_yi_yuan,completed_investment_yi_yuan,responsible_unit,started,as_of,url\n");
    for p in &inp.derived.projects {
        let ProjectRow {
            id,
            name,
            county,
            township,
            industry,
            status,
            progress,
            investment,
            completed_investment,
            responsible_unit,
            started,
            as_of,
            path,
        } = project_row(p);
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            field(id),
            field(name),
            field(county.unwrap_or("")),
            field(township.unwrap_or("")),
            field(industry.unwrap_or("")),
            status.unwrap_or(""),
            num(progress),
            num(investment),
            num(completed_investment),
            field(responsible_unit.unwrap_or("")),
            field(started.unwrap_or("")),
            as_of.map(|d| d.to_string()).unwrap_or_default(),
            field(&inp.links.permalink(path)),
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
    // Then `projects`, a list of `ProjectData`: `campaign_json_text` writes it.
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
    }
}

/// Campaign `i`'s JSON text: `campaign_json` with its projects (most of
/// the text) made and written side by side, each into its own piece, joined
/// as `serde_json` writes a list.
fn campaign_json_text(inp: &Inputs, i: CampaignId) -> serde_json::Result<String> {
    use rayon::prelude::*;
    let head = serde_json::to_string(&campaign_json(inp, i))?;
    let projects = &inp.derived.campaigns[i].projects;
    let pieces: Vec<String> =
        projects.par_iter().map(|&p| serde_json::to_string(&project_json(inp, i, p))).collect::<Result<_, _>>()?;
    let mut text = String::with_capacity(head.len() + pieces.iter().map(|p| p.len() + 1).sum::<usize>() + 16);
    // The head is an object: the projects go in before its closing brace.
    text.push_str(head.strip_suffix('}').unwrap_or(&head));
    text.push_str(",\"projects\":[");
    for (n, piece) in pieces.iter().enumerate() {
        if n > 0 {
            text.push(',');
        }
        text.push_str(piece);
    }
    text.push_str("]}");
    Ok(text)
}

/// Project `p` as campaign `i`'s JSON lists it: its states given by the
/// campaign's reports (the project page has the rest).
fn project_json<'a>(inp: &'a Inputs, i: CampaignId, p: crate::model::ProjectId) -> ProjectData<'a> {
    let (site, links) = (inp.site, inp.links);
    let p = &inp.derived.projects[p];
    ProjectData {
        id: &p.id,
        name: &p.latest.name,
        url: links.permalink(&p.path),
        history: p
            .history
            .iter()
            .filter(|h| site.pages[h.page].campaign == Some(i))
            .map(|h| StateData {
                date: h.date.map(|d| d.to_string()),
                report: links.permalink(&site.pages[h.page].path),
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
}
