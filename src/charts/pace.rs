//! The pace chart: 时间进度 vs 任务进度 ("时间过半、任务过半").
//!
//! Two horizontal bars on one percent scale and a vertical line where time
//! stands. Only when the campaign opts in to verdicts (`judged`), a status
//! line says 超前/滞后 in words with an up/down triangle, so the verdict never
//! depends on colour alone, and a behind-schedule task bar shows its
//! shortfall as an outlined segment up to the time line; otherwise both bars
//! are drawn in neutral colours and the numbers speak for themselves.

use super::layout::{fmt_date_cn, fmt_num, fmt_pct, text_width, truncate};
use super::scene::{Anchor, FONT_LABEL, FONT_SMALL, FONT_VALUE, PAD, WIDTH};
use super::{finite, Colors, Drawn, Table};

/// Whether the task is ahead (task ≥ time, as the content model defines).
fn verdict(time: f64, task: f64, finished: bool) -> (bool, String) {
    let gap = task - time;
    let ahead = gap >= 0.0;
    let gap_text = fmt_num(gap.abs());
    let words = if gap_text == "0" {
        "任务进度与时间进度持平".to_string()
    } else if ahead {
        format!("超前{gap_text}个百分点")
    } else {
        format!("滞后{gap_text}个百分点")
    };
    if finished {
        if task >= 100.0 {
            (true, "已结束，完成目标".to_string())
        } else {
            (ahead, format!("已结束，未完成目标，{words}"))
        }
    } else {
        (ahead, words)
    }
}

pub fn draw(
    time_pct: f64,
    task_pct: f64,
    as_of: &str,
    metric_label: &str,
    finished: bool,
    judged: bool,
    c: &Colors,
) -> Drawn {
    let metric = metric_label.trim();
    let date = fmt_date_cn(as_of);
    let (time, task) = (finite(time_pct), finite(task_pct));

    let mut table = Table::new("", &["项目", "数值"]);
    if !date.is_empty() {
        table.row(None, "截至日期", &[&date]);
    }
    if !metric.is_empty() {
        table.row(None, "考核指标", &[metric]);
    }
    table.row(None, "时间进度", &[&fmt_pct(time_pct)]);
    table.row(None, "任务进度", &[&fmt_pct(task_pct)]);
    let status = match (time, task) {
        (Some(t), Some(k)) if judged => Some(verdict(t, k, finished)),
        _ => None,
    };
    if let Some((_, words)) = &status {
        table.row(None, "进度判断", &[words]);
    }
    let table = table.finish(2);
    let default_title = if finished { "攻坚进度（已结束）" } else { "时间进度与任务进度" }.to_string();
    if time.is_none() && task.is_none() {
        return Drawn { scene: None, desc: String::new(), table, default_title };
    }

    // One sentence: 截至…，时间进度…，<指标>任务进度…，<verdict>。
    let mut desc = String::new();
    if finished {
        desc.push_str("攻坚已结束，");
    }
    if !date.is_empty() {
        desc.push_str(&format!("截至{date}，"));
    }
    desc.push_str(&format!("时间进度{}，{metric}任务进度{}", fmt_pct(time_pct), fmt_pct(task_pct)));
    match &status {
        Some((_, w)) if w.starts_with("已结束，") => desc.push_str(&format!("，{}。", &w["已结束，".len()..])),
        Some((_, w)) if w.starts_with("任务") => desc.push_str(&format!("，{w}。")),
        Some((_, w)) => desc.push_str(&format!("，进度{w}。")),
        None => desc.push('。'),
    }

    let mut s = c.scene();
    let plot_w = WIDTH - 2.0 * PAD;
    // Note line: date and metric.
    let mut note = String::new();
    if finished {
        note.push_str("攻坚已结束");
    }
    if !date.is_empty() {
        if !note.is_empty() {
            note.push_str(" · ");
        }
        note.push_str(&format!("截至{date}"));
    }
    if !metric.is_empty() {
        if !note.is_empty() {
            note.push_str(" · ");
        }
        note.push_str(&format!("考核指标：{metric}"));
    }
    let mut y = PAD;
    if !note.is_empty() {
        let t = truncate(&note, FONT_SMALL, plot_w);
        let cut = t != note;
        let tt = s.text(PAD, y + FONT_SMALL, FONT_SMALL, Anchor::Start, c.muted, t);
        if cut {
            tt.tooltip = Some(note.clone());
        }
        y += 30.0;
    }

    // Scale: 0–100%, stretched (up to 150%) when a value exceeds 100%.
    let hi = [time, task].iter().flatten().fold(100.0, |m: f64, v| m.max(*v)).min(150.0);
    let label_w = text_width("任务进度", FONT_LABEL) + 12.0;
    let x0 = PAD + label_w;
    let texts = [fmt_pct(time_pct), fmt_pct(task_pct)];
    let value_w = texts.iter().map(|t| text_width(t, FONT_VALUE) * 1.05).fold(0.0, f64::max);
    let bar_max = WIDTH - PAD - x0 - value_w - 8.0;
    let xof = |v: f64| x0 + bar_max * (v.clamp(0.0, hi) / hi);
    let bar_h = 22.0;
    let top = y + 2.0;

    // Grid at every 25%, behind the bars.
    let grid_bottom = top + 2.0 * bar_h + 20.0;
    let mut g = 0.0;
    while g <= hi + 1e-9 {
        let x = xof(g);
        s.line(vec![(x, top - 2.0), (x, grid_bottom + 2.0)], c.grid, 1);
        s.text(x, grid_bottom + 18.0, FONT_SMALL, Anchor::Middle, c.muted, fmt_pct(g));
        g += 25.0;
    }

    let complete = time.is_some() && task.is_some();
    let unjudged = if complete { String::new() } else { "进度数据不全".to_string() };
    let (ahead, words) = status.clone().unwrap_or((true, unjudged));
    let task_color = if status.is_none() {
        c.primary
    } else if ahead {
        c.ahead
    } else {
        c.behind
    };
    let rows = [("时间进度", time, c.secondary), ("任务进度", task, task_color)];
    for (i, ((label, v, color), text)) in rows.iter().zip(&texts).enumerate() {
        let by = top + i as f64 * (bar_h + 16.0);
        let cy = by + bar_h / 2.0;
        s.text(PAD, cy + FONT_LABEL * 0.35, FONT_LABEL, Anchor::Start, c.text, *label);
        let end = v.map_or(x0, xof);
        s.rect(x0, by, end, by + bar_h, *color);
        // Shortfall: outline from the task bar's end to the time line.
        if i == 1 && !ahead {
            if let (Some(t), Some(k)) = (time, task) {
                s.outline(xof(k), by, xof(t), by + bar_h, c.behind);
            }
        }
        let tx = if i == 1 && !ahead { time.map_or(end, xof) } else { end };
        let t = s.text(tx + 6.0, cy + FONT_VALUE * 0.35, FONT_VALUE, Anchor::Start, c.text, text.as_str());
        t.bold = true;
    }
    // Time line through both bars.
    if let Some(t) = time {
        let x = xof(t);
        s.line(vec![(x, top - 6.0), (x, top + 2.0 * bar_h + 22.0)], c.text, 2);
    }

    // Status line: triangle + words.
    if words.is_empty() {
        s.height = grid_bottom + 26.0 + PAD;
        return Drawn { scene: Some(s), desc, table, default_title };
    }
    let sy = grid_bottom + 44.0;
    let col = if status.is_none() { c.muted } else { task_color };
    if status.is_some() {
        s.triangle(PAD, sy - 5.0, 14.0, ahead, col);
    }
    let sx = if status.is_some() { PAD + 20.0 } else { PAD };
    let shown = truncate(&words, FONT_LABEL * 1.05, WIDTH - PAD - sx);
    let t = s.text(sx, sy, FONT_LABEL, Anchor::Start, col, shown);
    t.bold = true;
    s.height = sy + 8.0 + PAD;
    Drawn { scene: Some(s), desc, table, default_title }
}
