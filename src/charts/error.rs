//! The charts layer's one error type: a `chart(…)` call it cannot read,
//! or colours it cannot draw with.

use std::fmt;

use super::kinds::{By, ChartKind, KINDS};
use super::palette::KEYS;

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
}

fn ticked(names: impl Iterator<Item = &'static str>) -> String {
    names.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::NoKind => write!(f, "chart() needs kind=\"…\""),
            ChartError::UnknownKind(k) => {
                let kinds = ticked(KINDS.iter().map(|d| d.name));
                match crate::text::closest::closest(k, KINDS.iter().map(|d| d.name)) {
                    Some(near) => write!(f, "unknown chart kind {k:?} (did you mean `{near}`?); kinds are {kinds}"),
                    None => write!(f, "unknown chart kind {k:?}; kinds are {kinds}"),
                }
            }
            ChartError::UnknownArg { kind, arg } => {
                let takes = ticked(kind.def().args.iter().map(|a| a.name()));
                write!(f, "chart kind \"{kind}\" takes no argument `{arg}`; it takes `kind`, {takes}")
            }
            ChartError::UnknownBy(v) => {
                write!(f, "breakdown by {v:?}: use by= {}", ticked(By::ALL.iter().map(|b| b.name())))
            }
            ChartError::BadColour { key, value } => {
                write!(f, "colors.{key}: {value:?} is not a #rgb or #rrggbb colour (keys: {})", KEYS.join(", "))
            }
            ChartError::NoSeriesColour(v) => write!(f, "colors.series: needs at least one colour (got {v:?})"),
            ChartError::Colours(all) => {
                let all: Vec<String> = all.iter().map(ToString::to_string).collect();
                f.write_str(&all.join("; "))
            }
        }
    }
}

impl std::error::Error for ChartError {}
