//! League tables (ranking) and a project's progress history, both drawn
//! with the shared horizontal-bar row layout from `bars`.
//!
//! Ranking bars are coloured by grade, and the grade is also printed at the
//! bar end so colour is never the only cue.

use super::bars::{hbars, legend, Row, Seg};
use super::layout::{fmt_date_cn, fmt_num, fmt_pct};
use super::scene::{Rgb, PAD};
use super::{finite, Colors, Drawn, RankRow, Table};

/// Grade colour: 优/中/差 from the palette, any other grade navy. Ungraded
/// rows are grey when others carry grades (so they do not read as 差), and
/// the primary colour in a table without grades.
fn grade_color(g: Option<&str>, any_grade: bool, c: &Colors) -> Rgb {
    match g.map(str::trim) {
        Some("优") => c.good,
        Some("中") => c.mid,
        Some("差") => c.bad,
        Some("") | None if any_grade => c.muted,
        Some("") | None => c.primary,
        Some(_) => c.secondary,
    }
}

/// The trimmed grade, if any.
fn grade(r: &RankRow) -> Option<&str> {
    r.grade.as_deref().map(str::trim).filter(|g| !g.is_empty())
}

/// A league table sorted by score, highest first. Equal scores share a rank
/// (1, 2, 2, 4) and keep the caller's order; rows without a usable score go
/// last.
pub fn ranking(rows: &[RankRow], c: &Colors) -> Drawn {
    let key = |r: &RankRow| finite(r.score).unwrap_or(f64::NEG_INFINITY);
    let mut sorted: Vec<&RankRow> = rows.iter().collect();
    sorted.sort_by(|a, b| key(b).total_cmp(&key(a)));
    // Competition ranking over the sorted list: a tie repeats the rank.
    let mut ranks: Vec<usize> = Vec::with_capacity(sorted.len());
    for (i, r) in sorted.iter().enumerate() {
        let rank = if i > 0 && key(r) == key(sorted[i - 1]) { ranks[i - 1] } else { i + 1 };
        ranks.push(rank);
    }

    let mut table = Table::new("", &["名次", "名称", "得分", "等级"]);
    for (r, rank) in sorted.iter().zip(&ranks) {
        table.row(Some(&rank.to_string()), &r.name, &[&fmt_num(r.score), grade(r).unwrap_or("—")]);
    }
    let table = table.finish(4);
    let default_title = "排名情况".to_string();
    if sorted.iter().all(|r| finite(r.score).is_none()) {
        return Drawn { scene: None, desc: String::new(), table, default_title };
    }

    let describe = |r: &RankRow| {
        let mut s = format!("{}，得分{}", r.name.trim(), fmt_num(r.score));
        if let Some(g) = grade(r) {
            s.push_str(&format!("（{g}）"));
        }
        s
    };
    let mut desc = format!("共{}个单位参加排名，第1名{}", sorted.len(), describe(sorted[0]));
    if sorted.len() > 1 {
        desc.push_str(&format!("，末位{}", describe(sorted[sorted.len() - 1])));
    }
    let counts: Vec<String> = ["优", "中", "差"]
        .iter()
        .map(|g| (g, sorted.iter().filter(|r| grade(r) == Some(g)).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(g, n)| format!("{g}{n}个"))
        .collect();
    if !counts.is_empty() {
        desc.push_str("；评为");
        desc.push_str(&counts.join("、"));
    }
    desc.push('。');

    // Scores out of 100 are drawn on a 0–100 scale so a 96 looks like 96%.
    let max = sorted.iter().filter_map(|r| finite(r.score)).fold(0.0, f64::max);
    let scale = if max <= 100.0 { 100.0 } else { max };
    let any_grade = sorted.iter().any(|r| grade(r).is_some());
    let bars: Vec<Row<'_>> = sorted
        .iter()
        .zip(&ranks)
        .map(|(r, rank)| {
            let mut segs = vec![Seg { text: fmt_num(r.score), color: c.text, bold: false }];
            if let Some(g) = grade(r) {
                segs.push(Seg { text: g.to_string(), color: grade_color(Some(g), true, c), bold: true });
            }
            Row {
                lead: Some(rank.to_string()),
                label: r.name.as_str(),
                frac: finite(r.score).map_or(0.0, |v| v / scale),
                color: grade_color(grade(r), any_grade, c),
                segs,
            }
        })
        .collect();

    let mut s = c.scene();
    let mut x = PAD;
    for g in ["优", "中", "差"] {
        if sorted.iter().any(|r| grade(r) == Some(g)) {
            x = legend(&mut s, x, PAD + 8.0, grade_color(Some(g), true, c), false, g, c);
        }
    }
    let top = if x > PAD { PAD + 30.0 } else { PAD };
    let bottom = hbars(&mut s, top, &bars, c, false);
    s.height = bottom + PAD;
    Drawn { scene: Some(s), desc, table, default_title }
}

/// A project's progress (0–100%) at each report date, oldest first, with
/// its status (筹备/在建/竣工/投产) after each bar.
pub fn history(rows: &[(String, f64, String)], c: &Colors) -> Drawn {
    let mut sorted: Vec<&(String, f64, String)> = rows.iter().collect();
    // ISO dates sort as strings; stable so same-day entries keep their order.
    sorted.sort_by(|a, b| a.0.trim().cmp(b.0.trim()));

    let mut table = Table::new("", &["日期", "进度", "状态"]);
    for (d, p, st) in &sorted {
        let st = if st.trim().is_empty() { "—" } else { st.trim() };
        table.row(None, &fmt_date_cn(d), &[&fmt_pct(*p), st]);
    }
    let table = table.finish(3);
    let default_title = "项目进度".to_string();
    if sorted.is_empty() {
        return Drawn { scene: None, desc: String::new(), table, default_title };
    }

    let point = |(d, p, st): &(String, f64, String)| {
        let mut s = format!("{}的{}", fmt_date_cn(d), fmt_pct(*p));
        if !st.trim().is_empty() {
            s.push_str(&format!("（{}）", st.trim()));
        }
        s
    };
    let first = sorted[0];
    let last = sorted[sorted.len() - 1];
    let desc = if sorted.len() == 1 {
        format!("共1次进度记录：{}。", point(first))
    } else {
        format!("共{}次进度记录，由{}推进到{}。", sorted.len(), point(first), point(last))
    };

    let labels: Vec<String> = sorted.iter().map(|r| fmt_date_cn(&r.0)).collect();
    let bars: Vec<Row<'_>> = sorted
        .iter()
        .zip(&labels)
        .map(|((_, p, st), label)| {
            let mut segs = vec![Seg { text: fmt_pct(*p), color: c.text, bold: true }];
            if !st.trim().is_empty() {
                segs.push(Seg { text: st.trim().to_string(), color: c.muted, bold: false });
            }
            Row { lead: None, label, frac: finite(*p).map_or(0.0, |v| v / 100.0), color: c.primary, segs }
        })
        .collect();
    let mut s = c.scene();
    let bottom = hbars(&mut s, PAD, &bars, c, true);
    s.height = bottom + PAD;
    Drawn { scene: Some(s), desc, table, default_title }
}
