//! The memoised model and derive stages against fresh ones: after random
//! front-matter edits (numbers, project states, dates, campaign moves,
//! drafts, new and deleted reports), what `serve`'s memo gives — values and
//! diagnostics, kept, patched or made again — is what a build without it gives.

use std::path::Path;
use std::sync::Arc;

use super::{analyse_timed, Analysed, StageMemo, Warnings};
use crate::diag::Diagnostics;
use crate::load::ParsedFiles;
use crate::BuildOptions;

use crate::test_rng::Rng;

const STATUSES: [&str; 4] = ["planned", "started", "completed", "operating"];

/// One report: (campaign, day, figure, statuses of projects p0..p2, draft).
type Report = (usize, u32, u32, [usize; 3], bool);

fn write(root: &Path, name: usize, r: &Report) {
    let (c, day, figure, statuses, draft) = *r;
    let mut projects = String::new();
    for (k, s) in statuses.iter().enumerate() {
        let p = (name + k) % 4;
        projects += &format!("  - {{id: p{p}, name: 项目{p}, status: {}, investment: {figure}}}\n", STATUSES[*s]);
    }
    let text = format!(
        "---\ntitle: 报道{name}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: c{c}\ndraft: {draft}\nmetrics:\n  done: {figure}\nprojects:\n{projects}---\n正文。\n",
        day + 1
    );
    std::fs::write(root.join(format!("content/reports/r{name}.md")), text).unwrap();
}

/// With `memo`, as `serve` analyses: the memo and the kept parse.
fn analysed(root: &Path, memo: Option<&(Arc<StageMemo>, Arc<ParsedFiles>)>) -> (String, Vec<String>, Warnings) {
    let opts = BuildOptions {
        drafts: true,
        today: chrono::NaiveDate::from_ymd_opt(2021, 9, 1),
        stages: memo.map(|m| m.0.clone()),
        parsed: memo.map(|m| m.1.clone()),
        ..BuildOptions::new(root)
    };
    let mut diags = Diagnostics::default();
    let Analysed { site, derived, reuse } = analyse_timed(&opts, &mut diags, &mut Vec::new());
    // Values only: the keys they were made from are the memo's own (none without it).
    let crate::derive::Derived { campaigns, projects, series, counties, live, today, keys: _ } = &*derived;
    let values = format!("{campaigns:?}\n{projects:?}\n{series:?}\n{counties:?}\n{live:?}\n{today:?}");
    let shown = format!("{:?}\n{:?}\n{:?}\n{values}", site.pages, site.campaigns, site.sections);
    if let Some((memo, _)) = memo {
        memo.keep(Arc::new(site));
    }
    (shown, diags.sorted().iter().map(|d| d.to_string()).collect(), reuse.warnings)
}

#[test]
fn memoised_analysis_is_a_fresh_one_after_random_front_matter_edits() {
    for seed in 1..4u64 {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/reports")).unwrap();
        std::fs::create_dir_all(root.join("content/campaigns")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: 测试\nbase_url: /\n").unwrap();
        for c in 0..2 {
            let campaign = format!(
                "---\ntitle: 第{c}轮攻坚\nstart: 2021-08-01\nend: 2021-11-08\ncounty: 东光县\nseries: s\nround: {c}\nmetrics:\n  done: {{label: 完成, unit: 个, target: 100, cumulative: true}}\n---\n"
            );
            std::fs::write(root.join(format!("content/campaigns/c{c}.md")), campaign).unwrap();
        }
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut reports: Vec<Option<Report>> = Vec::new();
        for _ in 0..8 {
            let r = (rng.below(2), rng.below(28) as u32, rng.below(50) as u32, [rng.below(4), rng.below(4), 1], false);
            write(root, reports.len(), &r);
            reports.push(Some(r));
        }
        let memo = (Arc::new(StageMemo::default()), Arc::new(ParsedFiles::default()));
        let mut patched = 0;
        for step in 0..40 {
            let i = rng.below(reports.len());
            let what = rng.below(7);
            match (&mut reports[i], what) {
                (Some(r), 0) => r.2 = rng.below(120) as u32,
                (Some(r), 1) => r.3[rng.below(3)] = rng.below(4),
                (Some(r), 2) => r.1 = rng.below(28) as u32,
                (Some(r), 3) => r.0 = 1 - r.0,
                (Some(r), 4) => r.4 = !r.4,
                (Some(_), 5) => {
                    std::fs::remove_file(root.join(format!("content/reports/r{i}.md"))).unwrap();
                    reports[i] = None;
                }
                _ => {
                    let r = (rng.below(2), rng.below(28) as u32, rng.below(50) as u32, [rng.below(4), 0, 2], false);
                    write(root, reports.len(), &r);
                    reports.push(Some(r));
                }
            }
            if let Some(r) = &reports[i] {
                write(root, i, r);
            }
            let kept = analysed(root, Some(&memo));
            let fresh = analysed(root, None);
            assert_eq!(kept.1, fresh.1, "seed {seed} step {step} (edit {what}): diagnostics differ");
            assert!(kept.0 == fresh.0, "seed {seed} step {step} (edit {what}): model or derived values differ");
            patched += usize::from(kept.2 == Warnings::Patched);
        }
        // The warnings of the values made again were patched into the last build's.
        assert!(patched > 0, "seed {seed}: no save patched the warnings");
    }
}
