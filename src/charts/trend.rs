//! The trend chart: one metric over a campaign, one point per report, with
//! the target as a horizontal line.
//!
//! Reports are irregular, so points are spaced by real date when every date
//! parses (falling back to even spacing otherwise). Date and value labels are
//! thinned greedily from the latest point backwards, so the newest values
//! are always shown and no two labels overlap.

use super::layout::{day_number, fmt_date_cn, fmt_num, fmt_pct, nice_scale, parse_date, text_width, truncate};
use super::scene::{Anchor, Shape, FONT_SMALL, FONT_VALUE, PAD, WIDTH};
use super::{finite, with_unit, Colors, Drawn, Table};

/// Height of the plot area (between the top and bottom axis lines).
const PLOT_H: f64 = 200.0;
/// Show a value label on every point up to this many points.
const ALL_LABELS: usize = 8;

/// Short date for the axis: "9月30日" when all points share a year (the year
/// is then printed once in the note line), else "2021年9月".
fn short_date(s: &str, same_year: bool) -> String {
    match parse_date(s) {
        Some((_, m, 0)) if same_year => format!("{m}月"),
        Some((_, m, d)) if same_year => format!("{m}月{d}日"),
        Some((y, m, _)) => format!("{y}年{m}月"),
        None => s.trim().to_string(),
    }
}

/// Picks labels that do not overlap: the last one always, the first one
/// when it clears the last, then greedily from the end backwards.
/// `spans` are (left, right) extents in x order; returns a keep-mask.
fn thin(spans: &[(f64, f64)], gap: f64) -> Vec<bool> {
    let n = spans.len();
    let mut keep = vec![false; n];
    if n == 0 {
        return keep;
    }
    let first_ok = n > 1 && spans[0].1 + gap <= spans[n - 1].0;
    let floor = if first_ok { spans[0].1 + gap } else { f64::NEG_INFINITY };
    keep[0] = first_ok;
    keep[n - 1] = true;
    let mut left_limit = spans[n - 1].0;
    for i in (1..n - 1).rev() {
        if spans[i].1 + gap <= left_limit && spans[i].0 >= floor {
            keep[i] = true;
            left_limit = spans[i].0;
        }
    }
    keep
}

/// Moves a label span horizontally so it stays inside [lo, hi].
fn clamp_span(center: f64, w: f64, lo: f64, hi: f64) -> f64 {
    center.clamp(lo + w / 2.0, (hi - w / 2.0).max(lo + w / 2.0))
}

pub fn draw(metric_label: &str, unit: &str, points: &[(String, f64)], target: Option<f64>, c: &Colors) -> Drawn {
    let metric = metric_label.trim();
    let unit = unit.trim();
    let target = target.and_then(finite);

    let head = if unit.is_empty() { metric.to_string() } else { format!("{metric}（{unit}）") };
    let mut table = Table::new("", &["日期", if head.is_empty() { "数值" } else { &head }]);
    for (d, v) in points {
        table.row(None, &fmt_date_cn(d), &[&fmt_num(*v)]);
    }
    if let Some(t) = target {
        table.row(None, "目标", &[&fmt_num(t)]);
    }
    let table = table.finish(2);
    let default_title = if metric.is_empty() { "变化趋势".to_string() } else { format!("{metric}变化趋势") };

    // Held within ±1e300 so that the scale's span stays finite.
    let drawable = |v: f64| v.clamp(-1e300, 1e300);
    let target = target.map(drawable);
    let pts: Vec<(&str, f64)> =
        points.iter().filter(|(_, v)| v.is_finite()).map(|(d, v)| (d.as_str(), drawable(*v))).collect();
    if pts.is_empty() {
        return Drawn { scene: None, desc: String::new(), table, default_title };
    }

    // Description.
    let (first, last) = (pts[0], pts[pts.len() - 1]);
    let at = |p: (&str, f64)| format!("{}的{}", fmt_date_cn(p.0), with_unit(p.1, unit));
    let mut desc = format!("{metric}共{}次报告", pts.len());
    if pts.len() == 1 {
        desc.push_str(&format!("，{}为{}", fmt_date_cn(last.0), with_unit(last.1, unit)));
    } else if fmt_num(last.1) == fmt_num(first.1) {
        desc.push_str(&format!("，由{}到{}保持{}", fmt_date_cn(first.0), fmt_date_cn(last.0), with_unit(last.1, unit)));
    } else {
        let verb = if last.1 > first.1 { "增至" } else { "降至" };
        desc.push_str(&format!("，由{}{verb}{}", at(first), at(last)));
    }
    if let Some(t) = target {
        desc.push_str(&format!("，目标{}", with_unit(t, unit)));
        if t > 0.0 {
            desc.push_str(&format!("，已完成{}", fmt_pct(last.1 / t * 100.0)));
        }
    }
    desc.push('。');

    // X positions in [0, 1]: by date when all dates parse, else by index.
    let days: Option<Vec<i64>> =
        pts.iter().map(|(d, _)| parse_date(d).map(|(y, m, dd)| day_number(y, m, dd))).collect();
    let n = pts.len();
    let fx: Vec<f64> = match &days {
        Some(ds) if ds[n - 1] > ds[0] => ds.iter().map(|d| (d - ds[0]) as f64 / (ds[n - 1] - ds[0]) as f64).collect(),
        _ if n > 1 => (0..n).map(|i| i as f64 / (n - 1) as f64).collect(),
        _ => vec![0.5],
    };
    let years: Vec<i32> = pts.iter().filter_map(|(d, _)| parse_date(d).map(|x| x.0)).collect();
    let same_year = years.len() == n && years.iter().all(|y| *y == years[0]);

    // Y scale including zero and the target.
    let lo = pts.iter().map(|p| p.1).chain(target).fold(0.0, f64::min);
    let hi = pts.iter().map(|p| p.1).chain(target).fold(0.0, f64::max);
    let (a, b, step) = nice_scale(lo, hi, 4);
    // Counted, not stepped: near f64::MAX, `v + step` can equal `v` or overflow.
    let intervals = ((b - a) / step).round();
    let intervals = if intervals.is_finite() { intervals.clamp(0.0, 20.0) as usize } else { 0 };
    let ticks: Vec<f64> = (0..=intervals).map(|i| a + step * i as f64).filter(|v| v.is_finite()).collect();
    let tick_w = ticks.iter().map(|t| text_width(&fmt_num(*t), FONT_SMALL)).fold(0.0, f64::max);

    let mut s = c.scene();
    // Note line: unit, year, target legend.
    let mut note = String::new();
    if !unit.is_empty() {
        note.push_str(&format!("单位：{unit}"));
    }
    if same_year {
        if !note.is_empty() {
            note.push_str(" · ");
        }
        note.push_str(&format!("{}年", years[0]));
    }
    let ny = PAD + FONT_SMALL;
    let mut nx = PAD;
    if !note.is_empty() {
        nx = s.text(PAD, ny, FONT_SMALL, Anchor::Start, c.muted, note).extent().1 + 16.0;
    }
    if let Some(t) = target {
        s.line(vec![(nx, ny - 5.0), (nx + 22.0, ny - 5.0)], c.secondary, 2);
        let label = truncate(&format!("目标 {}", with_unit(t, unit)), FONT_SMALL, WIDTH - PAD - nx - 28.0);
        s.text(nx + 28.0, ny, FONT_SMALL, Anchor::Start, c.secondary, label);
    }

    let left = PAD + tick_w + 8.0;
    let right = WIDTH - PAD;
    let top = PAD + 44.0;
    let bottom = top + PLOT_H;
    // Points sit inside the frame, clear of the axis.
    let (inner_l, inner_r) = (left + 18.0, right - 18.0);
    let xs: Vec<f64> = fx.iter().map(|f| inner_l + f * (inner_r - inner_l)).collect();
    let ys = |v: f64| bottom - (v - a) / (b - a) * PLOT_H;

    for t in &ticks {
        let y = ys(*t);
        let color = if *t == 0.0 { c.muted } else { c.grid };
        s.line(vec![(left, y), (right, y)], color, 1);
        s.text(left - 8.0, y + FONT_SMALL * 0.35, FONT_SMALL, Anchor::End, c.muted, fmt_num(*t));
    }
    if let Some(t) = target {
        s.line(vec![(left, ys(t)), (right, ys(t))], c.secondary, 2);
    }

    // Area under the line (light tint), the line, then the points.
    let line: Vec<(f64, f64)> = xs.iter().zip(&pts).map(|(x, p)| (*x, ys(p.1))).collect();
    if n > 1 {
        let base = ys(0.0f64.max(a).min(b));
        let mut poly = line.clone();
        poly.push((xs[n - 1], base));
        poly.push((xs[0], base));
        s.shapes.push(Shape::Poly { points: poly, color: c.primary, alpha: 0.1 });
        s.line(line.clone(), c.primary, 2);
    }
    for (x, y) in &line {
        s.shapes.push(Shape::Circle { x: *x, y: *y, r: 6.0, color: c.background, filled: true });
        s.shapes.push(Shape::Circle { x: *x, y: *y, r: 4.0, color: c.primary, filled: true });
    }

    // Value labels above the points.
    let values: Vec<String> = pts.iter().map(|p| fmt_num(p.1)).collect();
    let spans: Vec<(f64, f64)> = xs
        .iter()
        .zip(&values)
        .map(|(x, v)| {
            let w = text_width(v, FONT_VALUE);
            let cx = clamp_span(*x, w, PAD, right);
            (cx - w / 2.0, cx + w / 2.0)
        })
        .collect();
    let mut keep = thin(&spans, 6.0);
    if n > ALL_LABELS {
        // Only the newest value and the first one when space allows.
        for k in keep.iter_mut().take(n - 1).skip(1) {
            *k = false;
        }
    }
    for i in 0..n {
        if keep[i] {
            let cx = (spans[i].0 + spans[i].1) / 2.0;
            let y = (line[i].1 - 10.0).max(top - 4.0);
            let t = s.text(cx, y, FONT_VALUE, Anchor::Middle, c.text, values[i].as_str());
            t.bold = i == n - 1;
            t.halo = true;
        }
    }

    // Date labels below the axis.
    let dates: Vec<String> = pts.iter().map(|p| short_date(p.0, same_year)).collect();
    let dspans: Vec<(f64, f64)> = xs
        .iter()
        .zip(&dates)
        .map(|(x, d)| {
            let w = text_width(d, FONT_SMALL);
            let cx = clamp_span(*x, w, PAD, right);
            (cx - w / 2.0, cx + w / 2.0)
        })
        .collect();
    let dkeep = thin(&dspans, 10.0);
    for i in 0..n {
        if dkeep[i] {
            let cx = (dspans[i].0 + dspans[i].1) / 2.0;
            s.line(vec![(xs[i], bottom), (xs[i], bottom + 5.0)], c.muted, 1);
            s.text(cx, bottom + 22.0, FONT_SMALL, Anchor::Middle, c.muted, dates[i].as_str());
        }
    }
    s.height = bottom + 30.0 + PAD;
    Drawn { scene: Some(s), desc, table, default_title }
}

#[cfg(test)]
mod tests {
    use super::thin;

    #[test]
    fn thinning_keeps_ends_and_avoids_overlap() {
        let spans = [(0.0, 10.0), (5.0, 15.0), (12.0, 22.0), (30.0, 40.0), (35.0, 45.0)];
        assert_eq!(thin(&spans, 1.0), vec![true, false, true, false, true]);
        // First and last collide: the last wins.
        assert_eq!(thin(&[(0.0, 10.0), (5.0, 15.0)], 1.0), vec![false, true]);
        assert_eq!(thin(&[(0.0, 10.0)], 1.0), vec![true]);
        assert!(thin(&[], 1.0).is_empty());
    }
}
