//! `gongjian new … --ledger FILE`: the figures a new report can take from
//! a project ledger — how many projects in each state and their total
//! investment — matched to the campaign's declared metrics by label, and
//! written as values with a note saying where they came from.

use crate::messages::scaffold::Scaffold;
use std::path::Path;

use indexmap::IndexMap;

use super::ScaffoldError;
use crate::diag::Diagnostics;
use crate::load::ledger::{self, LedgerRef};
use crate::load::Status;

/// What a ledger adds up to.
pub struct LedgerSummary {
    /// As the report's `projects_file:` will name it.
    pub file: String,
    pub count: usize,
    pub by_status: Vec<(Status, usize)>,
    /// 亿元.
    pub investment: f64,
}

/// Reads `file` (relative to the site folder) as the new report will.
pub fn summarise(root: &Path, file: &str, columns: &IndexMap<String, String>) -> Result<LedgerSummary, ScaffoldError> {
    let file = file.trim_start_matches("./").replace('\\', "/");
    let mut diags = Diagnostics::default();
    let at = LedgerRef { report: Path::new("content/reports/(new).md"), file: &file, sheet: None, columns };
    let rows = ledger::read(root, &at, &mut diags);
    if diags.has_errors() {
        let list: Vec<String> = diags.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
        return Err(ScaffoldError::Refused(Scaffold::LedgerErrors { list: list.join("\n") }));
    }
    let mut by_status: Vec<(Status, usize)> = Vec::new();
    for s in [Status::Planned, Status::Started, Status::Completed, Status::Operating] {
        let n = rows.iter().filter(|r| r.status == Some(s)).count();
        if n > 0 {
            by_status.push((s, n));
        }
    }
    let investment = rows.iter().filter_map(|r| r.investment).sum::<f64>();
    Ok(LedgerSummary { file, count: rows.len(), by_status, investment: (investment * 10_000.0).round() / 10_000.0 })
}

impl LedgerSummary {
    /// One line for a comment: 项目 3 个（在建 1、竣工 1、投产 1），总投资 16.3 亿元.
    pub fn describe(&self) -> String {
        let states: Vec<String> = self.by_status.iter().map(|(s, n)| format!("{}{n}", s.label())).collect();
        format!("项目 {} 个（{}），总投资 {} 亿元", self.count, states.join("、"), self.investment)
    }

    /// The value a declared metric takes from the ledger, with what it counts:
    /// an 亿元 metric named 投资 is the total investment; a 个 metric the
    /// projects in the state its label names (新开工/在建, 竣工, 投产, 谋划),
    /// or all of them.
    pub fn value_for(&self, label: &str, unit: &str) -> Option<(f64, String)> {
        if unit == "亿元" && label.contains("总投资") {
            return Some((self.investment, "台账总投资合计".into()));
        }
        if unit != "个" || !label.contains("项目") {
            return None;
        }
        let state = [
            (Status::Started, ["开工", "在建"]),
            (Status::Completed, ["竣工", "完工"]),
            (Status::Operating, ["投产", "运营"]),
            (Status::Planned, ["谋划", "前期"]),
        ]
        .into_iter()
        .find(|(_, words)| words.iter().any(|w| label.contains(w)));
        Some(match state {
            Some((s, _)) => {
                let n = self.by_status.iter().find(|(t, _)| *t == s).map_or(0, |(_, n)| *n);
                (n as f64, format!("台账中{}的项目数", s.label()))
            }
            None => (self.count as f64, "台账项目数".into()),
        })
    }
}
