//! The rounds chart: the rounds of a campaign series side by side, each
//! with a hollow target bar and a filled actual bar.
//!
//! Hollow vs filled (not just colour) tells target from actual, and missing
//! values are written as 暂无 rather than drawn as zero-length bars.

use super::bars::{legend, put_label, wrap_labels, GAP, LINE_H, ROW_GAP};
use super::layout::{fmt_num, fmt_pct, text_width};
use super::scene::{Anchor, FONT_SMALL, FONT_VALUE, PAD, WIDTH};
use super::{finite, with_unit, Colors, Drawn, RoundBar, Table};

/// Rounds of a series: per round a hollow target bar and a filled actual bar
/// (hollow vs filled, not just colour, tells them apart).
pub fn draw(metric_label: &str, unit: &str, rows: &[RoundBar], c: &Colors) -> Drawn {
    let unit = unit.trim();
    let metric = metric_label.trim();
    let ok = |v: Option<f64>| v.and_then(finite);
    let rate = |r: &RoundBar| match (ok(r.target), ok(r.actual)) {
        (Some(t), Some(a)) if t > 0.0 => a / t * 100.0,
        _ => f64::NAN,
    };
    let shown = |v: Option<f64>| ok(v).map_or("—".to_string(), |x| with_unit(x, unit));

    let mut table = Table::new("", &["轮次", "目标", "完成", "完成率"]);
    let mut desc = String::new();
    desc.push_str(if metric.is_empty() { "历轮对比" } else { metric });
    desc.push_str(&format!("共{}轮：", rows.len()));
    for (i, r) in rows.iter().enumerate() {
        let (t, a, pct) = (shown(r.target), shown(r.actual), fmt_pct(rate(r)));
        table.row(None, &r.label, &[&t, &a, &pct]);
        if i > 0 {
            desc.push('；');
        }
        desc.push_str(&format!("{}目标{t}，完成{a}", r.label.trim()));
        if rate(r).is_finite() {
            desc.push_str(&format!("（{pct}）"));
        }
    }
    desc.push('。');
    let table = table.finish(4);
    let default_title = if metric.is_empty() { "历轮对比".to_string() } else { format!("{metric}历轮对比") };
    let has_data = rows.iter().any(|r| ok(r.target).is_some() || ok(r.actual).is_some());
    if !has_data {
        return Drawn { scene: None, desc, table, default_title };
    }

    let mut s = c.scene();
    let plot_w = WIDTH - 2.0 * PAD;
    let cy = PAD + 8.0;
    let x = legend(&mut s, PAD, cy, c.primary, false, "完成", c);
    let x = legend(&mut s, x, cy, c.secondary, true, "目标", c);
    if !unit.is_empty() {
        s.text(x, cy + FONT_SMALL * 0.35, FONT_SMALL, Anchor::Start, c.muted, format!("单位：{unit}"));
    }

    let (wrapped, label_w) = wrap_labels(rows.iter().map(|r| r.label.as_str()), plot_w * 0.3);
    let value_text = |v: Option<f64>, pct: Option<f64>| match (ok(v), pct) {
        (None, _) => "暂无".to_string(),
        (Some(x), Some(p)) if p.is_finite() => format!("{}（{}）", fmt_num(x), fmt_pct(p)),
        (Some(x), _) => fmt_num(x),
    };
    let texts: Vec<(String, String)> =
        rows.iter().map(|r| (value_text(r.target, None), value_text(r.actual, Some(rate(r))))).collect();
    let value_w = texts.iter().flat_map(|(a, b)| [a, b]).map(|t| text_width(t, FONT_VALUE)).fold(0.0, f64::max);
    let max = rows.iter().flat_map(|r| [ok(r.target), ok(r.actual)]).flatten().fold(0.0, f64::max);
    let x0 = PAD + label_w + 10.0;
    let bar_max = (WIDTH - PAD - x0 - value_w - GAP).max(40.0);
    let len = |v: Option<f64>| {
        if max > 0.0 {
            ok(v).map_or(0.0, |x| bar_max * (x / max).clamp(0.0, 1.0))
        } else {
            0.0
        }
    };
    let bar_h = 16.0;

    let mut y = PAD + 30.0;
    for ((r, w), (tt, at)) in rows.iter().zip(&wrapped).zip(&texts) {
        let h = (w.lines.len() as f64 * LINE_H).max(2.0 * bar_h + 6.0);
        let cy = y + h / 2.0;
        put_label(&mut s, PAD, cy, w, &r.label, c.text);
        let (t0, t1) = (cy - bar_h - 3.0, cy - 3.0);
        let (a0, a1) = (cy + 3.0, cy + 3.0 + bar_h);
        let lt = len(r.target);
        if lt > 0.0 {
            s.tint(x0, t0, x0 + lt, t1, c.secondary, 0.18);
            s.outline(x0, t0, x0 + lt, t1, c.secondary);
        }
        let la = len(r.actual);
        s.rect(x0, a0, x0 + la, a1, c.primary);
        let muted = |t: &str| t == "暂无";
        let base = FONT_VALUE * 0.35 - bar_h / 2.0;
        s.text(
            x0 + lt + GAP,
            t1 + base,
            FONT_VALUE,
            Anchor::Start,
            if muted(tt) { c.muted } else { c.secondary },
            tt.as_str(),
        );
        s.text(
            x0 + la + GAP,
            a1 + base,
            FONT_VALUE,
            Anchor::Start,
            if muted(at) { c.muted } else { c.text },
            at.as_str(),
        );
        y += h + ROW_GAP + 4.0;
    }
    s.line(vec![(x0, PAD + 26.0), (x0, y - ROW_GAP)], c.muted, 1);
    s.height = y - ROW_GAP - 4.0 + PAD;
    Drawn { scene: Some(s), desc, table, default_title }
}
