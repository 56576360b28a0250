//! Build-time SVG charts for campaign pages (see the "Charts" section of the
//! content model).
//!
//! `draw` turns one `ChartData` into a `Chart`: an inline SVG (shapes drawn
//! with plotters' SVG backend, text laid out here with CJK-aware widths), a
//! one-sentence Chinese description with the numbers, and an HTML table with
//! the same numbers. `Chart::to_html` wraps them in an accessible `<figure>`.
//!
//! Output is deterministic (fixed float formatting, no hashing, no random
//! ids) so unchanged pages rebuild byte-identically, and each chart costs
//! tens of microseconds so a site with thousands of charts stays fast.

mod bars;
mod error;
pub mod kinds;
mod layout;
mod marks;
mod pace;
pub(crate) mod palette;
mod ranking;
mod rounds;
mod scene;
mod trend;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_edge;

pub use error::ChartError;
pub use kinds::{By, ChartArgs, ChartKind, KINDS};
pub use layout::{escape, fmt_num, text_width};
pub use palette::Palette;

use layout::push_escaped;
use palette::rgb;
use scene::{Anchor, Rgb, Scene, FONT_LABEL, PAD, WIDTH};

/// One row of a target-vs-actual chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TargetBar {
    pub label: String,
    pub target: f64,
    pub actual: f64,
    pub unit: String,
}

/// One entry of a league table. `grade` is 优, 中 or 差 when given.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RankRow {
    pub name: String,
    pub score: f64,
    pub grade: Option<String>,
}

/// One round of a campaign series (e.g. label "第七轮").
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoundBar {
    pub label: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
}

/// The data behind each chart kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum ChartData {
    /// Actual vs target bars with percent labels; rows may have different units.
    Targets { rows: Vec<TargetBar> },
    /// 时间进度 vs 任务进度 (both in percent); ahead when task ≥ time.
    /// `judged`: say 超前/滞后 (`verdicts: full`), else show the numbers only.
    Pace { time_pct: f64, task_pct: f64, as_of: String, metric_label: String, finished: bool, judged: bool },
    /// A metric over time: (YYYY-MM-DD, value) sorted by date.
    Trend { metric_label: String, unit: String, points: Vec<(String, f64)>, target: Option<f64> },
    /// Shares of a total by 行业 / 乡镇 / 状态 (`by_label`).
    Breakdown { by_label: String, unit: String, slices: Vec<(String, f64)> },
    /// League table; drawn sorted by score, highest first.
    Ranking { rows: Vec<RankRow> },
    /// Rounds of a series side by side.
    Rounds { metric_label: String, unit: String, rows: Vec<RoundBar> },
    /// A project's progress over time: (date, progress %, status label).
    History { rows: Vec<(String, f64, String)> },
}

/// A drawn chart. `svg` is a standalone SVG document; `table_html` is a
/// `<table>` with the same numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    pub title: String,
    pub desc: String,
    pub svg: String,
    pub table_html: String,
}

/// Palette colours parsed once per chart.
pub(crate) struct Colors {
    pub primary: Rgb,
    pub secondary: Rgb,
    pub ahead: Rgb,
    pub behind: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub grid: Rgb,
    pub background: Rgb,
    pub good: Rgb,
    pub mid: Rgb,
    pub bad: Rgb,
}

impl Colors {
    pub fn new(p: &Palette) -> Colors {
        Colors {
            primary: rgb(&p.primary),
            secondary: rgb(&p.secondary),
            ahead: rgb(&p.ahead),
            behind: rgb(&p.behind),
            text: rgb(&p.text),
            muted: rgb(&p.muted),
            grid: rgb(&p.grid),
            background: rgb(&p.background),
            good: rgb(&p.grade_good),
            mid: rgb(&p.grade_mid),
            bad: rgb(&p.grade_bad),
        }
    }

    pub fn scene(&self) -> Scene {
        Scene::new(self.background, self.text)
    }
}

/// What each chart kind produces; `scene: None` means "no data".
pub(crate) struct Drawn {
    pub scene: Option<Scene>,
    pub desc: String,
    pub table: String,
    pub default_title: String,
}

/// Draws one chart. `title` becomes the SVG `<title>` and the figure caption;
/// when blank a title is made from the data.
pub fn draw(data: &ChartData, title: &str, palette: &Palette) -> Chart {
    let c = Colors::new(palette);
    let drawn = build(data, palette, &c);
    let title = if title.trim().is_empty() { drawn.default_title } else { title.trim().to_string() };
    let (scene, desc) = match drawn.scene {
        Some(s) => (s, drawn.desc),
        None => (empty_scene(&c), "暂无数据。".to_string()),
    };
    let svg = scene.render(&title, &desc);
    Chart { kind: data.kind(), title, desc, svg, table_html: drawn.table }
}

/// Lays out one chart kind (shared by `draw` and the tests, which inspect
/// the scene's text extents).
pub(crate) fn build(data: &ChartData, palette: &Palette, c: &Colors) -> Drawn {
    match data {
        ChartData::Targets { rows } => bars::targets(rows, c),
        ChartData::Pace { time_pct, task_pct, as_of, metric_label, finished, judged } => {
            pace::draw(*time_pct, *task_pct, as_of, metric_label, *finished, *judged, c)
        }
        ChartData::Trend { metric_label, unit, points, target } => trend::draw(metric_label, unit, points, *target, c),
        ChartData::Breakdown { by_label, unit, slices } => bars::breakdown(by_label, unit, slices, palette, c),
        ChartData::Ranking { rows } => ranking::ranking(rows, c),
        ChartData::Rounds { metric_label, unit, rows } => rounds::draw(metric_label, unit, rows, c),
        ChartData::History { rows } => ranking::history(rows, c),
    }
}

/// A short panel saying 暂无数据, used whenever there is nothing to plot.
fn empty_scene(c: &Colors) -> Scene {
    let mut s = c.scene();
    s.height = 96.0;
    s.outline(PAD, PAD, WIDTH - PAD, s.height - PAD, c.grid);
    s.text(WIDTH / 2.0, s.height / 2.0 + FONT_LABEL * 0.35, FONT_LABEL, Anchor::Middle, c.muted, "暂无数据");
    s
}

impl Chart {
    /// The chart as an accessible figure:
    /// `<figure id class>` › `<figcaption>`, `<svg role="img" aria-labelledby>`
    /// (with `<title id>`/`<desc id>`), and the data table in a `<details>`
    /// disclosure. The caption comes first: HTML allows it only as the first
    /// or last child. `id` must be unique within the page.
    pub fn to_html(&self, id: &str) -> String {
        let id = escape(id);
        let labels = format!("role=\"img\" aria-labelledby=\"{id}-t {id}-d\"");
        let title = format!("<title id=\"{id}-t\">");
        let desc = format!("<desc id=\"{id}-d\">");
        let swaps = [("role=\"img\"", labels.as_str()), ("<title>", &title), ("<desc>", &desc)];
        let svg = replace_first_of_each(&self.svg, &swaps);
        let mut out = String::with_capacity(svg.len() + self.table_html.len() + 200);
        out.push_str("<figure id=\"");
        out.push_str(&id);
        out.push_str("\" class=\"chart chart-");
        out.push_str(self.kind.name());
        out.push_str("\">\n<figcaption>");
        push_escaped(&mut out, &self.title);
        out.push_str("</figcaption>\n");
        out.push_str(&svg);
        out.push_str("\n<details><summary>查看数据</summary>\n");
        out.push_str(&self.table_html);
        out.push_str("\n</details>\n</figure>");
        out
    }
}

/// `s` with the first occurrence of each pattern replaced, in one copy: as
/// `replacen(pattern, with, 1)` for each in turn, given that no pattern
/// overlaps another where they occur and no replacement holds a pattern.
fn replace_first_of_each(s: &str, swaps: &[(&str, &str)]) -> String {
    let mut found: Vec<(usize, &str, &str)> =
        swaps.iter().filter_map(|&(pattern, with)| Some((s.find(pattern)?, pattern, with))).collect();
    found.sort_unstable_by_key(|f| f.0);
    let mut out = String::with_capacity(s.len() + found.iter().map(|f| f.2.len()).sum::<usize>());
    let mut copied = 0;
    for (at, pattern, with) in found {
        out.push_str(&s[copied..at]);
        out.push_str(with);
        copied = at + pattern.len();
    }
    out.push_str(&s[copied..]);
    out
}

/// Builder for the data tables: a header row of `th scope="col"`, then one
/// row per item with a `th scope="row"` for the item's name.
pub(crate) struct Table {
    html: String,
    rows: usize,
}

impl Table {
    pub fn new(caption: &str, headers: &[&str]) -> Table {
        let mut html = String::with_capacity(512);
        html.push_str("<table>");
        if !caption.is_empty() {
            html.push_str("<caption>");
            push_escaped(&mut html, caption);
            html.push_str("</caption>");
        }
        html.push_str("<thead><tr>");
        for h in headers {
            html.push_str("<th scope=\"col\">");
            push_escaped(&mut html, h);
            html.push_str("</th>");
        }
        html.push_str("</tr></thead><tbody>");
        Table { html, rows: 0 }
    }

    /// A row: optional leading cell (e.g. a rank), the row header, then cells.
    pub fn row(&mut self, lead: Option<&str>, header: &str, cells: &[&str]) {
        self.html.push_str("\n<tr>");
        if let Some(l) = lead {
            self.cell(l);
        }
        self.html.push_str("<th scope=\"row\">");
        push_escaped(&mut self.html, header);
        self.html.push_str("</th>");
        for c in cells {
            self.cell(c);
        }
        self.html.push_str("</tr>");
        self.rows += 1;
    }

    fn cell(&mut self, c: &str) {
        // Numeric cells get a class so themes can right-align them.
        let numeric = c.starts_with(|ch: char| ch.is_ascii_digit() || ch == '-' || ch == '+');
        self.html.push_str(if numeric { "<td class=\"num\">" } else { "<td>" });
        push_escaped(&mut self.html, c);
        self.html.push_str("</td>");
    }

    pub fn finish(mut self, columns: usize) -> String {
        if self.rows == 0 {
            self.html.push_str("\n<tr><td colspan=\"");
            self.html.push_str(&columns.max(1).to_string());
            self.html.push_str("\">暂无数据</td></tr>");
        }
        self.html.push_str("\n</tbody></table>");
        self.html
    }
}

/// `Some(v)` when `v` is a usable number.
pub(crate) fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The number followed by its unit ("12亿元", "93个"); "—" when unknown.
pub(crate) fn with_unit(v: f64, unit: &str) -> String {
    let mut s = fmt_num(v);
    if v.is_finite() {
        s.push_str(unit.trim());
    }
    s
}
