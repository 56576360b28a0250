//! The chart kinds: one registry entry per kind with its name, the
//! arguments `chart(kind=…)` accepts for it, the data it draws and its line
//! in the users' reference. The template function, the shortcode, the
//! drawing dispatch and the docs' chart table all read this table.

use std::fmt;

use super::{ChartData, ChartError};

/// A kind of chart. Its entry in `KINDS` says everything else about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum ChartKind {
    Targets,
    Pace,
    Trend,
    Breakdown,
    Ranking,
    Rounds,
    History,
}

/// An argument of `chart(…)` besides `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arg {
    Campaign,
    Metric,
    Series,
    Report,
    Project,
    County,
    By,
}

impl Arg {
    const ALL: [Arg; 7] = [Arg::Campaign, Arg::Metric, Arg::Series, Arg::Report, Arg::Project, Arg::County, Arg::By];

    pub fn name(self) -> &'static str {
        match self {
            Arg::Campaign => "campaign",
            Arg::Metric => "metric",
            Arg::Series => "series",
            Arg::Report => "report",
            Arg::Project => "project",
            Arg::County => "county",
            Arg::By => "by",
        }
    }

    fn named(name: &str) -> Option<Arg> {
        Arg::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// How a breakdown groups projects (`by=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum By {
    #[default]
    Industry,
    Township,
    Status,
}

impl By {
    pub const ALL: [By; 3] = [By::Industry, By::Township, By::Status];

    pub fn name(self) -> &'static str {
        match self {
            By::Industry => "industry",
            By::Township => "township",
            By::Status => "status",
        }
    }

    /// The Chinese word for the grouping (行业, 乡镇, 状态).
    pub fn label(self) -> &'static str {
        match self {
            By::Industry => "行业",
            By::Township => "乡镇",
            By::Status => "状态",
        }
    }
}

/// A kind's entry: everything the rest of the program asks about it.
#[derive(Debug)]
pub struct KindDef {
    pub kind: ChartKind,
    pub name: &'static str,
    /// The arguments it reads; any other is an error.
    pub args: &'static [Arg],
    /// What it shows and where its data comes from (the docs' chart table).
    pub shows: &'static str,
    pub source: &'static str,
}

/// The registry: one entry per kind, in the docs' order.
pub const KINDS: &[KindDef] = &[
    KindDef {
        kind: ChartKind::Targets,
        name: "targets",
        args: &[Arg::Report, Arg::Campaign],
        shows: "actual vs target bars, with percent",
        source: "a report's `targets`, or a campaign's metrics (latest vs target)",
    },
    KindDef {
        kind: ChartKind::Pace,
        name: "pace",
        args: &[Arg::Campaign, Arg::Report],
        shows: "time elapsed vs task done",
        source: "a campaign",
    },
    KindDef {
        kind: ChartKind::Trend,
        name: "trend",
        args: &[Arg::Campaign, Arg::Metric, Arg::Report],
        shows: "a metric over time, one point per report",
        source: "a campaign + metric key",
    },
    KindDef {
        kind: ChartKind::Breakdown,
        name: "breakdown",
        args: &[Arg::By, Arg::Campaign, Arg::County, Arg::Report],
        shows: "investment by industry (or township, status)",
        source: "a report's, campaign's or county's projects",
    },
    KindDef {
        kind: ChartKind::Ranking,
        name: "ranking",
        args: &[Arg::Report],
        shows: "sorted league table bars, coloured by grade",
        source: "a report's `rankings`",
    },
    KindDef {
        kind: ChartKind::Rounds,
        name: "rounds",
        args: &[Arg::Series, Arg::Campaign, Arg::Metric, Arg::Report],
        shows: "rounds of a series side by side",
        source: "a series id",
    },
    KindDef {
        kind: ChartKind::History,
        name: "history",
        args: &[Arg::Project],
        shows: "a project's progress over its reports",
        source: "a project id",
    },
];

impl ChartKind {
    pub fn def(self) -> &'static KindDef {
        KINDS.iter().find(|d| d.kind == self).expect("every kind has a registry entry")
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The kind called `name`, or an error listing the kinds.
    pub fn named(name: &str) -> Result<ChartKind, ChartError> {
        KINDS.iter().find(|d| d.name == name).map(|d| d.kind).ok_or_else(|| ChartError::UnknownKind(name.into()))
    }
}

impl fmt::Display for ChartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl ChartData {
    /// The kind that draws this data.
    pub fn kind(&self) -> ChartKind {
        match self {
            ChartData::Targets { .. } => ChartKind::Targets,
            ChartData::Pace { .. } => ChartKind::Pace,
            ChartData::Trend { .. } => ChartKind::Trend,
            ChartData::Breakdown { .. } => ChartKind::Breakdown,
            ChartData::Ranking { .. } => ChartKind::Ranking,
            ChartData::Rounds { .. } => ChartKind::Rounds,
            ChartData::History { .. } => ChartKind::History,
        }
    }
}

/// A `chart(…)` call, its arguments checked against its kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ChartArgs {
    pub kind: ChartKind,
    pub campaign: Option<String>,
    pub metric: Option<String>,
    pub series: Option<String>,
    pub report: Option<String>,
    pub project: Option<String>,
    pub county: Option<String>,
    pub by: By,
}

impl ChartArgs {
    /// A call of `kind` with no other argument.
    pub fn new(kind: ChartKind) -> ChartArgs {
        ChartArgs {
            kind,
            campaign: None,
            metric: None,
            series: None,
            report: None,
            project: None,
            county: None,
            by: By::default(),
        }
    }

    /// Reads `kind` and the arguments as written (name, value); an argument
    /// the kind does not take, or a `by` it does not know, is an error.
    pub fn parse<'a>(
        kind: Option<&str>,
        args: impl IntoIterator<Item = (&'a str, String)>,
    ) -> Result<ChartArgs, ChartError> {
        let mut out = ChartArgs::new(ChartKind::named(kind.ok_or(ChartError::NoKind)?)?);
        for (name, value) in args {
            let arg = Arg::named(name)
                .filter(|a| out.kind.def().args.contains(a))
                .ok_or_else(|| ChartError::UnknownArg { kind: out.kind, arg: name.into() })?;
            let slot = match arg {
                Arg::Campaign => &mut out.campaign,
                Arg::Metric => &mut out.metric,
                Arg::Series => &mut out.series,
                Arg::Report => &mut out.report,
                Arg::Project => &mut out.project,
                Arg::County => &mut out.county,
                Arg::By => {
                    out.by = By::ALL.into_iter().find(|b| b.name() == value).ok_or(ChartError::UnknownBy(value))?;
                    continue;
                }
            };
            *slot = Some(value);
        }
        Ok(out)
    }
}

/// The docs' chart table, made from the registry.
pub fn reference_table() -> String {
    let mut out = String::from("| kind | shows | source | arguments |\n|---|---|---|---|\n");
    for d in KINDS {
        let args: Vec<String> = d.args.iter().map(|a| format!("`{}`", a.name())).collect();
        out.push_str(&format!("| {} | {} | {} | {} |\n", d.name, d.shows, d.source, args.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(kind: &str, args: &[(&'static str, &str)]) -> Result<ChartArgs, ChartError> {
        ChartArgs::parse(Some(kind), args.iter().map(|&(k, v)| (k, v.to_string())))
    }

    /// The text of the error `parse` gives.
    fn error(kind: &str, args: &[(&'static str, &str)]) -> String {
        parse(kind, args).unwrap_err().to_string()
    }

    #[test]
    fn arguments_are_read_by_kind() {
        let a = parse("breakdown", &[("campaign", "x"), ("by", "status")]).unwrap();
        assert_eq!((a.kind, a.campaign.as_deref(), a.by), (ChartKind::Breakdown, Some("x"), By::Status));
        let e = error("pace", &[("metric", "a")]);
        assert_eq!(e, "chart kind \"pace\" takes no argument `metric`; it takes `kind`, `campaign`, `report`");
        let e = error("trend", &[("metirc", "a")]);
        assert!(e.contains("no argument `metirc`") && e.contains("`metric`"), "{e}");
        assert_eq!(parse("breakdown", &[("by", "city")]).unwrap_err(), ChartError::UnknownBy("city".into()));
        assert!(error("breakdown", &[("by", "city")]).contains("\"city\""));
        assert!(error("tagrets", &[]).contains("did you mean `targets`?"));
        assert_eq!(ChartArgs::parse(None, []).unwrap_err(), ChartError::NoKind);
    }

    #[test]
    fn every_kind_has_one_entry() {
        for d in KINDS {
            assert_eq!(d.kind.def().name, d.name);
            assert_eq!(ChartKind::named(d.name), Ok(d.kind));
        }
        let names: std::collections::BTreeSet<_> = KINDS.iter().map(|d| d.name).collect();
        assert_eq!(names.len(), KINDS.len());
    }

    #[test]
    fn the_content_model_lists_the_kinds() {
        let doc = include_str!("../../docs/content-model.md").replace("\r\n", "\n");
        let marker = "<!-- chart kinds: generated from src/charts/kinds.rs -->\n";
        let at = doc.find(marker).expect("docs/content-model.md marks the chart table") + marker.len();
        let table = &doc[at..at + doc[at..].find("\n\n").map_or(doc.len() - at, |i| i + 1)];
        assert_eq!(table, reference_table(), "docs/content-model.md's chart table differs from src/charts/kinds.rs");
    }
}
