//! What derive adds across campaigns and projects once each is made: each
//! campaign's projects, series and the dates its projects were first named,
//! the county totals and the campaigns under way. The campaigns' links
//! walk every project's mentions (~75,000 at 10,000 reports): a save that
//! leaves every project named on the pages it was, each page in the
//! campaign and on the day it was (the structure kept), takes the last
//! build's (`Before`).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{as_of, CampaignProgress, CampaignState, CountyStats, Derived, Keys, Project, Series};
use crate::model::{CampaignId, CountyId, IdVec, ProjectId, SeriesId, Site};

/// The last build's campaign links, moved out of its values.
pub(super) struct Before {
    campaigns: IdVec<CampaignId, CampaignLinks>,
    series: IdVec<SeriesId, Series>,
}

/// What a campaign is linked to across campaigns: its projects, series and
/// the dates its projects were first named.
pub type CampaignLinks = (Vec<ProjectId>, Option<SeriesId>, Vec<NaiveDate>);

impl CampaignProgress {
    /// Its links, copied.
    pub fn links(&self) -> CampaignLinks {
        (self.projects.clone(), self.series, self.project_since.clone())
    }

    /// Whether its links are `links` (compared in place, not copied).
    pub fn has_links(&self, (projects, series, since): &CampaignLinks) -> bool {
        *projects == self.projects && *series == self.series && *since == self.project_since
    }

    fn take_links(&mut self) -> CampaignLinks {
        (std::mem::take(&mut self.projects), self.series.take(), std::mem::take(&mut self.project_since))
    }
}

impl Before {
    /// The links of `last`, the values a build of this process kept (those
    /// of the cache are stored without them); `None` while they are shared.
    pub fn take(last: &mut Arc<Derived>) -> Option<Before> {
        let d = Arc::get_mut(last)?;
        let campaigns = d.campaigns.iter_mut().map(CampaignProgress::take_links).collect();
        Some(Before { campaigns, series: std::mem::take(&mut d.series) })
    }

    /// Whether they stand for `projects` of `campaigns`, given that the
    /// pages are in the campaigns and on the days they were, and that the
    /// projects are the last build's, at the same ids, all but those made
    /// again (`again`) taken as they were: each of those is named on the
    /// same pages and by the same campaigns as the last build's was (`was`).
    pub fn hold<'a>(
        &self,
        (projects, again): (&IdVec<ProjectId, Project>, &[ProjectId]),
        campaigns: usize,
        was: impl Fn(ProjectId) -> Option<&'a Project>,
    ) -> bool {
        let same = |p: &Project, w: &Project| p.id == w.id && p.mentions == w.mentions && p.campaigns == w.campaigns;
        self.campaigns.len() == campaigns && again.iter().all(|&p| was(p).is_some_and(|w| same(&projects[p], w)))
    }
}

/// The values with their links: the last build's where `before` is given
/// (it holds: `Before::hold`), else made.
pub(super) fn links(
    site: &Site,
    projects: IdVec<ProjectId, Project>,
    mut campaigns: IdVec<CampaignId, CampaignProgress>,
    today: NaiveDate,
    before: Option<Before>,
) -> Derived {
    let series = match before {
        Some(b) => {
            for (c, (projects, series, since)) in campaigns.iter_mut().zip(b.campaigns) {
                (c.projects, c.series, c.project_since) = (projects, series, since);
            }
            b.series
        }
        None => {
            for (pi, p) in projects.iter_enumerated() {
                for ci in p.campaigns.iter() {
                    campaigns[*ci].projects.push(pi);
                }
            }
            as_of::project_dates(site, &projects, &mut campaigns);
            series(site, &mut campaigns)
        }
    };
    let counties = counties(site, &projects);
    let live =
        site.campaigns.ids().filter(|&i| CampaignState::on(&site.campaigns[i], today) == CampaignState::Live).collect();
    Derived { campaigns, projects, series, counties, live, today, keys: Keys::default() }
}

/// A kept campaign's progress without what `links` fills in.
pub(super) fn fresh_links(p: CampaignProgress) -> CampaignProgress {
    CampaignProgress { projects: Vec::new(), series: None, project_since: Vec::new(), ..p }
}

fn series(site: &Site, campaigns: &mut IdVec<CampaignId, CampaignProgress>) -> IdVec<SeriesId, Series> {
    let mut by_id: BTreeMap<&str, Vec<CampaignId>> = BTreeMap::new();
    for (i, c) in site.campaigns.iter_enumerated() {
        if let Some(s) = &c.meta.series {
            by_id.entry(s.as_str()).or_default().push(i);
        }
    }
    let mut all = IdVec::with_capacity(by_id.len());
    for (id, mut rounds) in by_id {
        rounds.sort_by_key(|&i| (site.campaigns[i].meta.round.unwrap_or(u32::MAX), site.campaigns[i].start));
        let title = rounds.first().map(|&c| series_title(&site.campaigns[c].title)).unwrap_or_else(|| id.to_string());
        let si = all.push(Series { id: id.to_string(), title, path: crate::model::urls::series(id), rounds });
        for &r in &all[si].rounds {
            campaigns[r].series = Some(si);
        }
    }
    all
}

/// "东光县第七轮项目建设百日攻坚" → "东光县项目建设百日攻坚".
fn series_title(round_title: &str) -> String {
    let chars: Vec<char> = round_title.chars().collect();
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零".contains(c);
    for i in 0..chars.len() {
        if chars[i] == '第' {
            let mut j = i + 1;
            while j < chars.len() && numeral(chars[j]) {
                j += 1;
            }
            if j > i + 1 && j < chars.len() && chars[j] == '轮' {
                let t: String = chars[..i].iter().chain(&chars[j + 1..]).collect();
                return t.trim().to_string();
            }
        }
    }
    round_title.to_string()
}

fn counties(site: &Site, projects: &IdVec<ProjectId, Project>) -> IdVec<CountyId, CountyStats> {
    let mut all: IdVec<CountyId, CountyStats> = site.counties.terms.ids().map(|_| CountyStats::default()).collect();
    let of = |slug: &Option<String>| slug.as_deref().and_then(|s| site.counties.id(s));
    for (i, c) in site.campaigns.iter_enumerated() {
        if let Some(k) = of(&c.county_slug) {
            all[k].campaigns.push(i);
        }
    }
    // One walk of the projects (in id order), each to its county's list.
    let mut by_status: IdVec<CountyId, BTreeMap<crate::load::Status, (usize, f64)>> =
        all.ids().map(|_| BTreeMap::new()).collect();
    for (i, p) in projects.iter_enumerated() {
        let Some(k) = of(&p.county_slug) else { continue };
        let county = &mut all[k];
        county.projects.push(i);
        let inv = p.latest.investment.unwrap_or(0.0);
        county.total_investment += inv;
        if let Some(st) = p.latest.status {
            let e = by_status[k].entry(st).or_default();
            e.0 += 1;
            e.1 += inv;
        }
    }
    for (county, statuses) in all.iter_mut().zip(by_status) {
        county.by_status = statuses.into_iter().map(|(s, (n, v))| (s, n, v)).collect();
    }
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn series_title_drops_the_round() {
        assert_eq!(super::series_title("东光县第七轮项目建设百日攻坚"), "东光县项目建设百日攻坚");
        assert_eq!(super::series_title("第3轮招商引资和项目建设攻坚"), "招商引资和项目建设攻坚");
        assert_eq!(super::series_title("项目攻坚年"), "项目攻坚年");
    }
}
