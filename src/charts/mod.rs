//! TEMPORARY STUB (replaced by the real module).
use std::collections::BTreeMap;
#[derive(Default)]
pub struct Palette {}
impl Palette {
    pub fn from_map(_m: &BTreeMap<String, String>) -> Result<Palette, String> {
        Ok(Palette {})
    }
}
pub struct TargetBar {
    pub label: String,
    pub target: f64,
    pub actual: f64,
    pub unit: String,
}
pub struct RankRow {
    pub name: String,
    pub score: f64,
    pub grade: Option<String>,
}
pub struct RoundBar {
    pub label: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
}
pub enum ChartData {
    Targets { rows: Vec<TargetBar> },
    Pace { time_pct: f64, task_pct: f64, as_of: String, metric_label: String, finished: bool },
    Trend { metric_label: String, unit: String, points: Vec<(String, f64)>, target: Option<f64> },
    Breakdown { by_label: String, unit: String, slices: Vec<(String, f64)> },
    Ranking { rows: Vec<RankRow> },
    Rounds { metric_label: String, unit: String, rows: Vec<RoundBar> },
    History { rows: Vec<(String, f64, String)> },
}
pub struct Chart {
    pub kind: &'static str,
    pub title: String,
    pub desc: String,
    pub svg: String,
    pub table_html: String,
}
pub fn draw(_data: &ChartData, title: &str, _palette: &Palette) -> Chart {
    Chart { kind: "x", title: title.into(), desc: String::new(), svg: String::new(), table_html: String::new() }
}
impl Chart {
    pub fn to_html(&self, id: &str) -> String {
        format!("<figure id=\"{id}\">{}</figure>", self.title)
    }
}
