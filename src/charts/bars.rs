//! Horizontal bar charts: targets and breakdown, plus the shared
//! "label on the left, value at the bar end" row layout and legend swatches
//! used by the rounds, ranking and history charts too.
//!
//! Horizontal bars suit long Chinese labels at phone width: labels get a
//! column of their own (wrapped to two lines, then cut with "…" and a
//! tooltip) and the bars take whatever width is left.

use super::layout::{fmt_num, fmt_pct, text_width, wrap, Wrapped};
use super::palette::rgb;
use super::scene::{Anchor, Rgb, Scene, FONT_LABEL, FONT_SMALL, FONT_VALUE, PAD, WIDTH};
use super::{finite, with_unit, Colors, Drawn, Palette, Table, TargetBar};

/// Line height for wrapped labels.
pub const LINE_H: f64 = FONT_LABEL * 1.3;
/// Vertical gap between rows.
pub const ROW_GAP: f64 = 12.0;
/// Gap between a bar end and its value text.
pub const GAP: f64 = 6.0;
/// The label column never takes more than this share of the plot width.
const LABEL_SHARE: f64 = 0.36;

/// Wraps labels to at most two lines in a column no wider than `max_w`;
/// returns the wrapped labels and the column width actually needed.
pub fn wrap_labels<'a>(labels: impl Iterator<Item = &'a str>, max_w: f64) -> (Vec<Wrapped>, f64) {
    let wrapped: Vec<Wrapped> = labels.map(|l| wrap(l, FONT_LABEL, max_w, 2)).collect();
    let width = wrapped.iter().flat_map(|w| w.lines.iter()).map(|l| text_width(l, FONT_LABEL)).fold(0.0, f64::max);
    (wrapped, width)
}

/// Places a wrapped label left-aligned at `x`, centred vertically on `cy`.
/// A shortened label carries the full text as a tooltip.
pub fn put_label(s: &mut Scene, x: f64, cy: f64, w: &Wrapped, full: &str, color: Rgb) {
    let n = w.lines.len() as f64;
    let first = cy - (n - 1.0) * LINE_H / 2.0 + FONT_LABEL * 0.35;
    for (i, line) in w.lines.iter().enumerate() {
        let t = s.text(x, first + i as f64 * LINE_H, FONT_LABEL, Anchor::Start, color, line.as_str());
        if w.truncated && i + 1 == w.lines.len() {
            t.tooltip = Some(full.to_string());
        }
    }
}

/// A text run printed after a bar, e.g. the score then the grade.
pub struct Seg {
    pub text: String,
    pub color: Rgb,
    pub bold: bool,
}

/// One row of a simple horizontal bar chart.
pub struct Row<'a> {
    /// Small leading column (rank number), if any.
    pub lead: Option<String>,
    pub label: &'a str,
    /// Bar length as a fraction of the longest possible bar (0..=1).
    pub frac: f64,
    pub color: Rgb,
    pub segs: Vec<Seg>,
}

/// Lays out `rows` from `top` down; returns the y below the last row.
/// With `track`, a light full-length track shows the 100% extent behind
/// each bar (progress charts).
pub fn hbars(s: &mut Scene, top: f64, rows: &[Row<'_>], c: &Colors, track: bool) -> f64 {
    let plot_w = WIDTH - 2.0 * PAD;
    let lead_w =
        rows.iter().filter_map(|r| r.lead.as_deref()).map(|l| text_width(l, FONT_VALUE) + 8.0).fold(0.0, f64::max);
    let (wrapped, label_w) = wrap_labels(rows.iter().map(|r| r.label), plot_w * LABEL_SHARE);
    let seg_w = |r: &Row<'_>| -> f64 {
        r.segs.iter().map(|g| text_width(&g.text, FONT_VALUE) * if g.bold { 1.05 } else { 1.0 } + 6.0).sum()
    };
    let value_w = rows.iter().map(seg_w).fold(0.0, f64::max);
    let x0 = PAD + lead_w + label_w + 10.0;
    let bar_max = (WIDTH - PAD - x0 - value_w - GAP).max(40.0);
    let bar_h = 16.0;

    let mut y = top;
    for (r, w) in rows.iter().zip(&wrapped) {
        let h = (w.lines.len() as f64 * LINE_H).max(bar_h + 6.0);
        let cy = y + h / 2.0;
        if let Some(l) = &r.lead {
            s.text(PAD, cy + FONT_VALUE * 0.35, FONT_VALUE, Anchor::Start, c.muted, l.as_str());
        }
        put_label(s, PAD + lead_w, cy, w, r.label, c.text);
        if track {
            s.rect(x0, cy - bar_h / 2.0, x0 + bar_max, cy + bar_h / 2.0, c.grid);
        }
        let len = bar_max * r.frac.clamp(0.0, 1.0);
        s.rect(x0, cy - bar_h / 2.0, x0 + len, cy + bar_h / 2.0, r.color);
        // Values follow the bar, or the track end when a track is drawn, so
        // they never collide with the track.
        let mut tx = x0 + if track { bar_max } else { len } + GAP;
        for g in &r.segs {
            let t = s.text(tx, cy + FONT_VALUE * 0.35, FONT_VALUE, Anchor::Start, g.color, g.text.as_str());
            t.bold = g.bold;
            tx = t.extent().1 + 6.0;
        }
        y += h + ROW_GAP;
    }
    // Zero line for the bars.
    s.line(vec![(x0, top - 4.0), (x0, y - ROW_GAP + 4.0)], c.muted, 1);
    y - ROW_GAP
}

/// A legend entry: a swatch (filled, or tinted with an outline) and a label.
/// Returns the x after the entry.
pub fn legend(s: &mut Scene, x: f64, cy: f64, color: Rgb, hollow: bool, label: &str, c: &Colors) -> f64 {
    if hollow {
        s.tint(x, cy - 6.0, x + 16.0, cy + 6.0, color, 0.18);
        s.outline(x, cy - 6.0, x + 16.0, cy + 6.0, color);
    } else {
        s.rect(x, cy - 6.0, x + 16.0, cy + 6.0, color);
    }
    let t = s.text(x + 22.0, cy + FONT_SMALL * 0.35, FONT_SMALL, Anchor::Start, c.text, label);
    t.extent().1 + 16.0
}

/// Actual vs target, one row per target. Units differ between rows, so each
/// bar is measured against its own target: the grey track is the target
/// (100%, marked with a tick) and the filled bar the actual value.
pub fn targets(rows: &[TargetBar], c: &Colors) -> Drawn {
    let mut table = Table::new("", &["指标", "完成", "目标", "完成率"]);
    let mut desc = format!("共{}项目标：", rows.len());
    let ratio = |r: &TargetBar| -> Option<f64> {
        let (t, a) = (finite(r.target)?, finite(r.actual)?);
        (t > 0.0).then_some(a / t)
    };
    for (i, r) in rows.iter().enumerate() {
        let pct = ratio(r).map_or(f64::NAN, |x| x * 100.0);
        let (a, t) = (with_unit(r.actual, &r.unit), with_unit(r.target, &r.unit));
        table.row(None, &r.label, &[&a, &t, &fmt_pct(pct)]);
        if i > 0 {
            desc.push('；');
        }
        desc.push_str(&format!("{}完成{a}，目标{t}，完成率{}", r.label.trim(), fmt_pct(pct)));
    }
    desc.push('。');
    let table = table.finish(4);
    let default_title = "目标完成情况".to_string();
    if rows.is_empty() {
        return Drawn { scene: None, desc, table, default_title };
    }

    let mut s = c.scene();
    let plot_w = WIDTH - 2.0 * PAD;
    // Legend.
    let cy = PAD + 8.0;
    let x = legend(&mut s, PAD, cy, c.primary, false, "完成", c);
    s.rect(x, cy - 6.0, x + 16.0, cy + 6.0, c.grid);
    s.line(vec![(x + 12.0, cy - 9.0), (x + 12.0, cy + 9.0)], c.text, 2);
    s.text(x + 22.0, cy + FONT_SMALL * 0.35, FONT_SMALL, Anchor::Start, c.text, format!("目标（{}）", fmt_pct(100.0)));

    // Bars share one scale so that "over target" is visible: the target
    // sits at 1/smax of the track, up to 150%.
    let smax = rows.iter().filter_map(ratio).fold(1.0, f64::max).min(1.5);
    let pct_texts: Vec<(String, bool)> = rows
        .iter()
        .map(|r| match ratio(r) {
            Some(x) if x >= 1.0 => (format!("{} 已完成", fmt_pct(x * 100.0)), true),
            Some(x) => (fmt_pct(x * 100.0), false),
            None => ("—".to_string(), false),
        })
        .collect();
    let pct_w = pct_texts.iter().map(|(t, _)| text_width(t, FONT_VALUE) * 1.05).fold(0.0, f64::max);
    let track_w = plot_w - pct_w - 10.0;
    let bar_h = 16.0;

    let mut y = PAD + 30.0;
    for (r, (pct_text, done)) in rows.iter().zip(&pct_texts) {
        let value = format!("{} / {}", fmt_num(r.actual), with_unit(r.target, &r.unit));
        let value_w = text_width(&value, FONT_VALUE);
        // Value beside the label when it leaves the label at least half the
        // width, else on a line of its own under the label.
        let beside = value_w + 16.0 <= plot_w * 0.5;
        let label_max = if beside { plot_w - value_w - 16.0 } else { plot_w };
        let w = wrap(&r.label, FONT_LABEL, label_max, 2);
        let base = y + FONT_LABEL;
        for (i, line) in w.lines.iter().enumerate() {
            let t = s.text(PAD, base + i as f64 * LINE_H, FONT_LABEL, Anchor::Start, c.text, line.as_str());
            if w.truncated && i + 1 == w.lines.len() {
                t.tooltip = Some(r.label.clone());
            }
        }
        y += w.lines.len() as f64 * LINE_H;
        if beside {
            s.text(WIDTH - PAD, base, FONT_VALUE, Anchor::End, c.muted, value);
        } else {
            s.text(PAD, y + FONT_VALUE, FONT_VALUE, Anchor::Start, c.muted, value);
            y += LINE_H;
        }
        let (top, bottom) = (y + 4.0, y + 4.0 + bar_h);
        let target_x = PAD + track_w / smax;
        s.rect(PAD, top, target_x, bottom, c.grid);
        if let Some(x) = ratio(r) {
            let len = track_w * x.clamp(0.0, smax) / smax;
            s.rect(PAD, top, PAD + len, bottom, c.primary);
        }
        s.line(vec![(target_x, top - 4.0), (target_x, bottom + 4.0)], c.text, 2);
        // The percentage follows the bar (or the target tick if further);
        // track_w leaves room for the widest one.
        let bar_end = ratio(r).map_or(PAD, |x| PAD + track_w * x.clamp(0.0, smax) / smax);
        let t = s.text(
            bar_end.max(target_x) + 10.0,
            (top + bottom) / 2.0 + FONT_VALUE * 0.35,
            FONT_VALUE,
            Anchor::Start,
            if *done { c.ahead } else { c.text },
            pct_text.as_str(),
        );
        t.bold = true;
        y = bottom + 4.0 + ROW_GAP + 6.0;
    }
    s.height = y - ROW_GAP + PAD - 6.0;
    Drawn { scene: Some(s), desc, table, default_title }
}

/// Shares of a total, largest first. Bars use the categorical colours; more
/// than 12 categories fold the tail into 其他 (the table keeps them all).
pub fn breakdown(by_label: &str, unit: &str, slices: &[(String, f64)], p: &Palette, c: &Colors) -> Drawn {
    const MAX_BARS: usize = 12;
    let by = by_label.trim();
    let unit = unit.trim();
    let mut valid: Vec<(&str, f64)> =
        slices.iter().filter(|(_, v)| v.is_finite() && *v > 0.0).map(|(l, v)| (l.as_str(), *v)).collect();
    // Stable sort: equal values keep the caller's order (deterministic).
    valid.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = valid.iter().map(|v| v.1).sum();
    let share = |v: f64| {
        if total > 0.0 && v.is_finite() && v > 0.0 {
            v / total * 100.0
        } else {
            f64::NAN
        }
    };

    let col = if by.is_empty() { "类别" } else { by };
    let value_head = if unit.is_empty() { "数值".to_string() } else { format!("数值（{unit}）") };
    let mut table = Table::new("", &[col, &value_head, "占比"]);
    for (l, v) in slices {
        table.row(None, l, &[&fmt_num(*v), &fmt_pct(share(*v))]);
    }
    if !slices.is_empty() {
        table.row(None, "合计", &[&fmt_num(total), &if total > 0.0 { fmt_pct(100.0) } else { "—".into() }]);
    }
    let table = table.finish(3);
    let heading = if by.is_empty() { "分类统计".to_string() } else { format!("按{by}统计") };
    let default_title = if by.is_empty() { "分布".to_string() } else { format!("按{by}分布") };

    if valid.is_empty() {
        return Drawn { scene: None, desc: String::new(), table, default_title };
    }
    let mut desc = format!("{heading}，合计{}：", with_unit(total, unit));
    for (i, (l, v)) in valid.iter().take(3).enumerate() {
        if i > 0 {
            desc.push('、');
        }
        desc.push_str(&format!("{l}{}（{}）", with_unit(*v, unit), fmt_pct(share(*v))));
    }
    if valid.len() > 3 {
        desc.push_str(&format!("等{}类。", valid.len()));
    } else {
        desc.push_str(&format!("，共{}类。", valid.len()));
    }

    let mut shown: Vec<(String, f64)> = valid.iter().map(|(l, v)| (l.to_string(), *v)).collect();
    if shown.len() > MAX_BARS {
        let rest: f64 = shown[MAX_BARS - 1..].iter().map(|v| v.1).sum();
        let n = shown.len() - (MAX_BARS - 1);
        shown.truncate(MAX_BARS - 1);
        shown.push((format!("其他（{n}项）"), rest));
    }
    let max = shown.iter().map(|v| v.1).fold(0.0, f64::max);
    let rows: Vec<Row<'_>> = shown
        .iter()
        .enumerate()
        .map(|(i, (l, v))| Row {
            lead: None,
            label: l,
            frac: v / max,
            color: rgb(p.series_at(i)),
            segs: vec![Seg {
                text: format!("{}（{}）", fmt_num(*v), fmt_pct(share(*v))), color: c.text, bold: false
            }],
        })
        .collect();

    let mut s = c.scene();
    let mut note = heading;
    if !unit.is_empty() {
        note.push_str(&format!(" · 单位：{unit}"));
    }
    note.push_str(&format!(" · 合计{}", fmt_num(total)));
    let note = super::layout::truncate(&note, FONT_SMALL, WIDTH - 2.0 * PAD);
    s.text(PAD, PAD + FONT_SMALL, FONT_SMALL, Anchor::Start, c.muted, note);
    let bottom = hbars(&mut s, PAD + 30.0, &rows, c, false);
    s.height = bottom + PAD;
    Drawn { scene: Some(s), desc, table, default_title }
}
