//! The charts layer's one error type: a `chart(…)` call it cannot read,
//! data the call names that the site does not have, or colours it cannot
//! draw with.

use std::fmt;

use super::kinds::{By, ChartKind, KINDS};
use super::palette::KEYS;
use crate::messages::charts::Charts;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    NoKind,
    UnknownKind(String),
    /// An argument `kind` does not take.
    UnknownArg {
        kind: ChartKind,
        arg: String,
    },
    UnknownBy(String),
    /// A colour of `colors:` that is not `#rgb` or `#rrggbb`.
    BadColour {
        key: String,
        value: String,
    },
    /// `colors.series` without a colour.
    NoSeriesColour(String),
    /// Every bad colour of one `colors:` map.
    Colours(Vec<ChartError>),
    /// `campaign="…"` names no campaign.
    NoCampaign(String),
    /// No `campaign=` and no report of a campaign to take it from.
    NeedsCampaign(ChartKind),
    /// `report="…"` names no report.
    NoReport(String),
    /// A pace chart of a campaign without a headline value and target yet.
    NoPaceYet(String),
    /// `metric="…"` that the campaign does not declare.
    NoMetric {
        campaign: String,
        metric: String,
        declared: Vec<String>,
    },
    /// A campaign that declares no metric at all.
    NoMetrics,
    /// A ranking chart outside a report and without `report=`.
    RankingNeedsReport,
    /// The report named has no `rankings`.
    NoRankings(String),
    /// `series="…"` names no series.
    NoSeries(String),
    /// A rounds chart of a campaign that belongs to no series.
    NotInSeries,
    /// A history chart without `project=`.
    HistoryNeedsProject,
    NoProject(String),
    NoCounty(String),
}

fn ticked(names: impl Iterator<Item = &'static str>) -> String {
    names.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds = || ticked(KINDS.iter().map(|d| d.name));
        let message = match self {
            ChartError::NoKind => Charts::NoKind,
            ChartError::UnknownKind(k) => match crate::text::closest::closest(k, KINDS.iter().map(|d| d.name)) {
                Some(near) => Charts::UnknownKindNear { kind: k.clone(), near: near.to_string(), kinds: kinds() },
                None => Charts::UnknownKind { kind: k.clone(), kinds: kinds() },
            },
            ChartError::UnknownArg { kind, arg } => Charts::UnknownArg {
                kind: kind.to_string(),
                arg: arg.clone(),
                takes: ticked(kind.def().args.iter().map(|a| a.name())),
            },
            ChartError::UnknownBy(v) => {
                Charts::UnknownBy { by: v.clone(), valid: ticked(By::ALL.iter().map(|b| b.name())) }
            }
            ChartError::BadColour { key, value } => {
                Charts::BadColour { key: key.clone(), value: value.clone(), keys: KEYS.join(", ") }
            }
            ChartError::NoSeriesColour(v) => Charts::NoSeriesColour { value: v.clone() },
            ChartError::Colours(all) => {
                let all: Vec<String> = all.iter().map(ToString::to_string).collect();
                return f.write_str(&all.join("; "));
            }
            ChartError::NoCampaign(id) => Charts::NoCampaign { id: id.clone() },
            ChartError::NeedsCampaign(kind) => Charts::NeedsCampaign { kind: kind.to_string() },
            ChartError::NoReport(path) => Charts::NoReport { path: path.clone() },
            ChartError::NoPaceYet(id) => Charts::NoPaceYet { id: id.clone() },
            ChartError::NoMetric { campaign, metric, declared } => {
                Charts::NoMetric { id: campaign.clone(), metric: metric.clone(), declared: declared.join(", ") }
            }
            ChartError::NoMetrics => Charts::NoMetrics,
            ChartError::RankingNeedsReport => Charts::RankingNeedsReport,
            ChartError::NoRankings(path) => Charts::NoRankings { path: path.clone() },
            ChartError::NoSeries(id) => Charts::NoSeries { id: id.clone() },
            ChartError::NotInSeries => Charts::NotInSeries,
            ChartError::HistoryNeedsProject => Charts::HistoryNeedsProject,
            ChartError::NoProject(id) => Charts::NoProject { id: id.clone() },
            ChartError::NoCounty(slug) => Charts::NoCounty { slug: slug.clone() },
        };
        message.fmt(f)
    }
}

impl std::error::Error for ChartError {}
