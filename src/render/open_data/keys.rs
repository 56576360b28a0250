//! Open data's keys: what a campaign's files (or the projects' table) are
//! made from, by which a build keeps them without making their texts, as
//! digested by the last build (`KeptTexts`).

use std::hash::Hasher;

use super::{project_row, KeptTexts, Made, ProjectRow};
use crate::model::{CampaignId, Id, ProjectId};
use crate::render::engine::{self, Records};
use crate::render::jobs::{keep_whole, Inputs};
use crate::write::Staging;

/// The files recorded at `path`, made from inputs `key`: kept without
/// being made when `kept` says the text made from those inputs digested as
/// the record says and the files are as written. Where `key` is new, the
/// key by what the file shows (`shown`, made only then) is tried too. With
/// the (key, text digest) pairs for the next build.
pub(super) fn made_or_kept(
    (before, kept, out): (&Records, &KeptTexts, &Staging),
    (key, shown): (Option<u64>, &dyn Fn() -> Option<u64>),
    path: &str,
    make: impl FnOnce() -> Made,
) -> (Vec<(u64, u64)>, Made) {
    let kept_as = |k: Option<u64>| {
        let d = k.and_then(|k| kept.get(&k)).copied()?;
        Some((d, keep_whole(before, path, d, out)?))
    };
    if let Some((d, record)) = kept_as(key) {
        // The key by what it shows goes on as the last build knew it (one at most).
        let shown_before = kept.iter().filter(|&(&k, &t)| k & SHOWN != 0 && t == d).map(|(&k, _)| k);
        let keys = key.into_iter().chain(shown_before).map(|k| (k, d)).collect();
        return (keys, Ok((path.to_string(), record)));
    }
    let shown = shown();
    let keys = |d: u64| key.into_iter().chain(shown).map(|k| (k, d)).collect::<Vec<_>>();
    if let Some((d, record)) = kept_as(shown) {
        return (keys(d), Ok((path.to_string(), record)));
    }
    let made = make();
    let digest = made.as_ref().ok().and_then(|(_, o)| o.reads.first()).map(|r| r.1);
    (digest.map(keys).unwrap_or_default(), made)
}

/// Set in the keys `shown_key` and `table_shown_key` make, clear in `inputs_key`'s: one map
/// holds both, and a file keeps the one of the first kind it had.
pub(super) const SHOWN: u64 = 1 << 63;

/// The digest of what campaign `c`'s open data shows, where the build keyed
/// its inputs: the site-wide inputs and its reports' stamps, its metrics,
/// and of each project only its name, URL and states in this campaign. A project is named by reports of many counties'
/// campaigns: a report added changes the projects it names, and with them
/// every `inputs_key`, while the text of one campaign's files changes.
pub(super) fn shown_key(inp: &Inputs, c: CampaignId) -> Option<u64> {
    let (keys, site, d) = (&inp.derived.keys, inp.site, inp.derived);
    if keys.pages.is_empty() {
        return None;
    }
    let mut f = Feed(crate::digest::hasher());
    f.0.write_u64(keys.inputs);
    f.text(&site.campaigns[c].id);
    // Its reports by their stamps (the campaign's key names them by index,
    // which a report added before them moves). A stamp digests a report's
    // path and front-matter, so points and states name their report by it.
    f.0.write_usize(site.campaigns[c].reports.len());
    for &r in &site.campaigns[c].reports {
        f.0.write_u64(*keys.pages.get(r)?);
    }
    f.0.write_usize(d.campaigns[c].metrics.len());
    for m in &d.campaigns[c].metrics {
        for s in [&m.key, &m.label, &m.unit] {
            f.text(s);
        }
        f.num(m.target);
        f.0.write_u8(u8::from(m.cumulative) | u8::from(m.headline) << 1);
        f.0.write_usize(m.points.len());
        for p in &m.points {
            f.0.write_u64(*keys.pages.get(p.page)?);
            f.0.write_i32(engine::day_number(p.date));
            f.num(Some(p.value));
        }
    }
    f.0.write_usize(d.campaigns[c].projects.len());
    for &p in &d.campaigns[c].projects {
        let p = &d.projects[p];
        for s in [&p.id, &p.latest.name, &p.path] {
            f.text(s);
        }
        for s in p.history.iter().filter(|s| site.pages[s.page].campaign == Some(c)) {
            f.state(*keys.pages.get(s.page)?, s);
        }
        f.0.write_u8(0xff);
    }
    Some(f.0.finish() | SHOWN)
}

/// The digest of what the projects' table shows (`projects_csv`): the
/// site-wide inputs, and each project's id, URL, county and latest state.
/// A report saved re-derives every project it names, and so changes the
/// table's `inputs_key`, while its rows change only where it gave a
/// project's latest state.
pub(super) fn table_shown_key(inp: &Inputs) -> Option<u64> {
    let keys = &inp.derived.keys;
    if keys.pages.is_empty() {
        return None;
    }
    let mut f = Feed(crate::digest::hasher());
    f.0.write_u8(0xff);
    f.0.write_u64(keys.inputs);
    f.0.write_usize(inp.derived.projects.len());
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
        for s in [id, path, name] {
            f.text(s);
        }
        f.0.write_i32(as_of.map_or(i32::MIN, engine::day_number));
        for t in [county, township, industry, status, responsible_unit, started] {
            f.some_text(t);
        }
        for v in [progress, investment, completed_investment] {
            f.num(v);
        }
    }
    Some(f.0.finish() | SHOWN)
}

/// Values fed straight into a digest, each told apart from the next
/// (lengths, presence): a key made per campaign on every save, so no
/// value goes through text formatting.
struct Feed<H: Hasher>(H);

impl<H: Hasher> Feed<H> {
    fn text(&mut self, s: &str) {
        self.0.write_usize(s.len());
        self.0.write(s.as_bytes());
    }

    fn some_text(&mut self, s: Option<&str>) {
        self.0.write_u8(u8::from(s.is_some()));
        s.into_iter().for_each(|s| self.text(s));
    }

    /// By its bits: one number digests alike only with itself.
    fn num(&mut self, v: Option<f64>) {
        self.0.write_u8(u8::from(v.is_some()));
        self.0.write_u64(v.map_or(0, f64::to_bits));
    }

    /// A project's state as a campaign's open data shows it, with the
    /// stamp of the report that gave it.
    fn state(&mut self, report: u64, s: &crate::derive::ProjectState) {
        self.0.write_u64(report);
        self.0.write_i32(s.date.map_or(i32::MIN, engine::day_number));
        self.some_text(s.status.map(|st| st.label()));
        for v in [s.progress, s.investment, s.completed_investment] {
            self.num(v);
        }
        for t in [&s.township, &s.industry, &s.responsible_unit] {
            self.some_text(t.as_deref());
        }
    }
}

/// The digest of what campaign `c`'s open data (`None`: the projects'
/// table) is made from, where the build keyed its inputs (`derive::Keys`):
/// the campaign's key (its reports' stamps) and the digests of its
/// projects, or of every project.
pub(super) fn inputs_key(inp: &Inputs, values: &ProjectValues, c: Option<CampaignId>) -> Option<u64> {
    let (keys, d) = (&inp.derived.keys, inp.derived);
    if keys.pages.is_empty() {
        return None;
    }
    let mut h = crate::digest::hasher();
    h.write_u64(keys.inputs);
    match c {
        Some(c) => {
            h.write_u64(*keys.campaigns.get(c)?);
            h.write(inp.site.campaigns[c].id.as_bytes());
            for &p in &d.campaigns[c].projects {
                h.write_u64(values.digest(inp, p)?);
            }
        }
        None => {
            h.write_u8(0xff);
            h.write_usize(d.projects.len());
            for p in d.projects.ids() {
                h.write_u64(values.digest(inp, p)?);
            }
        }
    }
    Some(h.finish())
}

/// Each project's digest as open data shows it: its value and the title,
/// path and campaign of each report naming it. Made once a build for a
/// project derived again, else taken by its key (`derive::Keys`): a report
/// saved re-derives every project it names, mostly to the same value,
/// and each project is in the open data of every campaign naming it.
pub(super) struct ProjectValues<'a> {
    kept: &'a crate::digest::DigestMap<u64>,
    made: Vec<std::sync::OnceLock<u64>>,
}

impl<'a> ProjectValues<'a> {
    pub(super) fn new(inp: &Inputs, kept: &'a crate::digest::DigestMap<u64>) -> Self {
        ProjectValues { kept, made: inp.derived.projects.iter().map(|_| std::sync::OnceLock::new()).collect() }
    }

    fn digest(&self, inp: &Inputs, p: ProjectId) -> Option<u64> {
        let key = *inp.derived.keys.projects.get(p)?;
        let made = self.made[p.index()].get_or_init(|| match self.kept.get(&key) {
            Some(&d) => d,
            None => project_digest(inp, p),
        });
        Some(*made)
    }

    /// The digests by key for the next build: this build's, and the last
    /// build's of projects not asked for in this one.
    pub(super) fn by_key(&self, inp: &Inputs) -> crate::digest::DigestMap<u64> {
        let keys = &inp.derived.keys.projects;
        let known = |(p, &key): (ProjectId, &u64)| {
            let d = self.made[p.index()].get().or_else(|| self.kept.get(&key))?;
            Some((key, *d))
        };
        keys.iter_enumerated().filter_map(known).collect()
    }
}

/// A derived project's value as digested: its serialised form (every
/// field), not its `Debug` text, whose escaping of every string was ~5% of
/// a cold build.
fn value_digest(project: &crate::derive::Project) -> u64 {
    crate::digest::digest_value(project)
}

fn project_digest(inp: &Inputs, p: ProjectId) -> u64 {
    let (site, project) = (inp.site, &inp.derived.projects[p]);
    let mut h = crate::digest::hasher();
    h.write_u64(value_digest(project));
    for &(page, _) in &project.mentions {
        let page = &site.pages[page];
        let campaign = page.campaign.map(|c| site.campaigns[c].id.as_str());
        for s in [page.title.as_str(), page.path.as_str(), campaign.unwrap_or("")] {
            h.write_usize(s.len());
            h.write(s.as_bytes());
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::value_digest;
    use crate::derive::{Project, ProjectState};
    use crate::model::{CampaignId, IdVec, PageId};

    /// Ids as tables give them: page `i`, campaign `i`.
    fn page(i: usize) -> PageId {
        IdVec::<PageId, ()>::from_vec(vec![(); i + 1]).ids().last().expect("a page")
    }

    fn campaign(i: usize) -> CampaignId {
        IdVec::<CampaignId, ()>::from_vec(vec![(); i + 1]).ids().last().expect("a campaign")
    }

    fn state(report: usize, progress: f64) -> ProjectState {
        ProjectState {
            date: chrono::NaiveDate::from_ymd_opt(2021, 3, 12),
            page: page(report),
            name: "瑞丰县医院新院区扩建项目".into(),
            progress: Some(progress),
            township: Some("城关镇".into()),
            ..Default::default()
        }
    }

    fn project() -> Project {
        Project {
            id: "rui-feng".into(),
            path: "projects/rui-feng/".into(),
            history: vec![state(0, 20.0), state(1, 35.0)],
            latest: state(1, 35.0),
            county: Some("安平县".into()),
            county_slug: Some("anping".into()),
            county_path: Some("counties/anping/".into()),
            campaigns: vec![campaign(0)],
            mentions: vec![(page(0), 0), (page(1), 2)],
        }
    }

    /// Open data is kept by this digest: a change to any part of a project,
    /// down to one state of its history, must change it.
    #[test]
    fn a_project_digests_apart_from_any_change_to_it() {
        let base = value_digest(&project());
        assert_eq!(base, value_digest(&project()), "the same project digests alike");
        type Change = (&'static str, fn(&mut Project));
        let changes: [Change; 8] = [
            ("an old state's progress", |p| p.history[0].progress = Some(21.0)),
            ("an old state's date", |p| p.history[0].date = chrono::NaiveDate::from_ymd_opt(2021, 3, 13)),
            ("an old state's report", |p| p.history[0].page = page(5)),
            ("the latest township", |p| p.latest.township = Some("城西镇".into())),
            ("the latest name", |p| p.latest.name.push('二')),
            ("the county's path", |p| p.county_path = None),
            ("its campaigns", |p| p.campaigns.push(campaign(1))),
            ("a mention's entry", |p| p.mentions[1].1 = 3),
        ];
        for (what, change) in changes {
            let mut p = project();
            change(&mut p);
            assert_ne!(value_digest(&p), base, "{what} changed, the digest did not");
        }
    }
}
