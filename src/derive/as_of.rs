//! Numbers as of a day: what a report page shows of its campaign (and of
//! projects, counties and series in its charts) comes from the reports dated
//! on or before its own date, so a later report never changes an earlier one.
//! Every lookup is a binary search in series already sorted by date (prefix
//! series), not a derivation per report.

use chrono::NaiveDate;

use super::{pace_at, CampaignProgress, Derived, MetricProgress, Point, Project, ProjectState};
use crate::model::{Campaign, CampaignId, IdVec, MetricId, PageId, ProjectId, Site};

/// Where a campaign stands on a day, against its start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignState {
    Upcoming,
    Live,
    Ended,
}

impl CampaignState {
    pub fn on(c: &Campaign, day: NaiveDate) -> CampaignState {
        if day < c.start {
            CampaignState::Upcoming
        } else if day > c.end {
            CampaignState::Ended
        } else {
            CampaignState::Live
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            CampaignState::Upcoming => "upcoming",
            CampaignState::Live => "live",
            CampaignState::Ended => "ended",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CampaignState::Upcoming => "未开始",
            CampaignState::Live => "进行中",
            CampaignState::Ended => "已结束",
        }
    }
}

/// A campaign's progress on a day: `progress` as its reports up to that day
/// gave it (metrics without their dated points), with counts.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub progress: CampaignProgress,
    pub day: NaiveDate,
    pub state: CampaignState,
    pub report_count: usize,
    pub project_count: usize,
}

impl MetricProgress {
    /// Its points dated on or before `day`.
    pub fn points_until(&self, day: NaiveDate) -> &[Point] {
        &self.points[..self.points.partition_point(|p| p.date <= day)]
    }
}

impl Derived {
    /// Campaign `ci` as its reports dated on or before `day` gave it.
    pub fn snapshot(&self, site: &Site, ci: CampaignId, day: NaiveDate) -> Snapshot {
        let (c, full) = (&site.campaigns[ci], &self.campaigns[ci]);
        let metrics: IdVec<MetricId, MetricProgress> = full
            .metrics
            .iter()
            .map(|m| {
                let latest = m.points_until(day).last().map(|p| p.value);
                let percent = match (latest, m.target) {
                    (Some(v), Some(t)) if t > 0.0 => Some(v / t * 100.0),
                    _ => None,
                };
                MetricProgress { latest, percent, ..m.clone_bare() }
            })
            .collect();
        let date_of = |r: PageId| site.pages[r].date.map(|d| d.date());
        let report_count = c.reports.partition_point(|&r| date_of(r) <= Some(day));
        let latest_report = c.reports[..report_count].iter().rev().find(|&&r| date_of(r).is_some()).copied();
        let pace = full.headline.and_then(|h| {
            let as_of = date_of(latest_report?)?;
            Some(pace_at(c, h, as_of, metrics[h].percent?, day))
        });
        let project_count = full.project_since.partition_point(|d| *d <= day);
        let progress = CampaignProgress {
            metrics,
            headline: full.headline,
            pace,
            projects: Vec::new(),
            latest_report,
            series: full.series,
            project_since: Vec::new(),
        };
        Snapshot { progress, day, state: CampaignState::on(c, day), report_count, project_count }
    }

    /// Campaign `ci` with every report (campaign, series and list pages), its state on `today`.
    pub fn latest(&self, site: &Site, ci: CampaignId) -> Snapshot {
        let c = &site.campaigns[ci];
        let full = &self.campaigns[ci];
        Snapshot {
            progress: CampaignProgress { projects: Vec::new(), project_since: Vec::new(), ..full.clone() },
            day: self.today,
            state: CampaignState::on(c, self.today),
            report_count: c.reports.len(),
            project_count: full.projects.len(),
        }
    }
}

impl MetricProgress {
    /// A copy without its dated points (which `Snapshot`s do not carry).
    fn clone_bare(&self) -> MetricProgress {
        MetricProgress {
            key: self.key.clone(),
            label: self.label.clone(),
            unit: self.unit.clone(),
            target: self.target,
            cumulative: self.cumulative,
            headline: self.headline,
            points: Vec::new(),
            latest: None,
            percent: None,
        }
    }
}

impl Project {
    /// Its history up to `day`.
    pub fn history_until(&self, day: NaiveDate) -> &[ProjectState] {
        &self.history[..self.history.partition_point(|h| h.date.is_none_or(|d| d <= day))]
    }

    /// Every field's latest value as of `day`; `None` before its first mention.
    pub fn state_on(&self, day: NaiveDate) -> Option<ProjectState> {
        let until = self.history_until(day);
        let mut state = until.first()?.clone();
        for h in &until[1..] {
            super::projects::merge(&mut state, h);
        }
        Some(state)
    }

    /// Whether a report of campaign `ci` dated on or before `day` names it.
    pub fn in_campaign_by(&self, site: &Site, ci: CampaignId, day: NaiveDate) -> bool {
        self.history_until(day).iter().any(|h| site.pages[h.page].campaign == Some(ci))
    }
}

/// Fills each campaign's `project_since`: the date each of its projects is
/// first named by one of its reports, ascending.
pub(super) fn project_dates(
    site: &Site,
    projects: &IdVec<ProjectId, Project>,
    campaigns: &mut IdVec<CampaignId, CampaignProgress>,
) {
    // Each page's campaign and day, side by side: the walks below look up
    // tens of thousands of mentions, each a cache miss into its page's
    // entry (or into the project's history, a heap block of its own).
    let of_page: IdVec<PageId, (Option<CampaignId>, Option<NaiveDate>)> =
        site.pages.iter().map(|p| (p.campaign, p.date.map(|d| d.date()))).collect();
    let mut met: Vec<CampaignId> = Vec::new();
    for p in projects.iter() {
        // One walk of its mentions (oldest first) meets each campaign's first
        // one; it stops once every campaign of the project was met.
        let mut left = p.campaigns.len();
        met.clear();
        // A mention's state is dated by its page (`projects::build`).
        debug_assert_eq!(p.mentions.len(), p.history.len());
        for (at, &(page, _)) in p.mentions.iter().enumerate() {
            debug_assert_eq!(p.history[at].date, of_page[page].1, "project {}", p.id);
            let (Some(ci), date) = of_page[page] else { continue };
            if left == 0 {
                break;
            }
            if met.contains(&ci) {
                continue;
            }
            met.push(ci);
            left -= 1;
            if let Some(date) = date {
                campaigns[ci].project_since.push(date);
            }
        }
    }
    for cp in campaigns.iter_mut() {
        cp.project_since.sort_unstable();
    }
}
