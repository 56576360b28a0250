//! Project ledgers (项目台账): a report's `projects_file:` names a
//! spreadsheet (xlsx, xls, ods, csv) with a row per project, read into the
//! same project entries front-matter `projects:` gives. Every bad cell is
//! reported with file, sheet, row and column header, in the words a clerk
//! uses; blank rows, title rows above the header and total rows (合计) are
//! not projects.

pub mod columns;
pub mod table;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use rayon::prelude::*;

use super::{frontmatter, CampaignMeta, FileKind, ProjectEntry, SourceFile, Status};
use crate::diag::{rel, Diagnostic, Diagnostics};
use crate::messages::ledger::Ledger;
use columns::{Columns, Field};
use table::{Cell, Table};

/// Where a report's ledger is, as its front-matter says.
pub struct LedgerRef<'a> {
    /// The report that names it (for messages).
    pub report: &'a Path,
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    /// The campaign's `columns:` mapping (header → field key).
    pub columns: &'a IndexMap<String, String>,
}

/// The projects of a ledger, in row order; errors go to `diags`.
pub fn read(root: &Path, at: &LedgerRef, diags: &mut Diagnostics) -> Vec<ProjectEntry> {
    let Some(path) = locate(root, at) else {
        diags.push(
            Diagnostic::error(at.report, 0, Ledger::Missing { file: at.file.to_string() })
                .field("projects_file")
                .hint(Ledger::MissingHint),
        );
        return Vec::new();
    };
    let shown = rel(root, &path);
    let table = match table::read(&path, at.sheet) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(&shown, 0, e.to_string()).field("projects_file").hint(used_by(at)));
            return Vec::new();
        }
    };
    let Some(cols) = columns::find(&table.rows, at.columns) else {
        diags.push(
            Diagnostic::error(&shown, table.first_row, Ledger::NoHeader)
                .hint(Ledger::NoHeaderHint { fields: columns::field_keys() }),
        );
        return Vec::new();
    };
    for (field, unit) in [(Field::Investment, cols.investment_unit), (Field::CompletedInvestment, cols.completed_unit)]
    {
        if let (Some((_, h)), None) = (cols.get(field), unit) {
            diags.push(
                Diagnostic::warning(
                    &shown,
                    table.first_row + cols.header_row,
                    Ledger::NoUnit { header: h.to_string() },
                )
                .hint(Ledger::NoUnitHint),
            );
        }
    }
    let reader = Rows { table: &table, cols: &cols, shown: &shown, at };
    reader.entries(diags)
}

/// The ledger's file: relative to the site root, else to the report's folder;
/// never outside the site.
fn locate(root: &Path, at: &LedgerRef) -> Option<PathBuf> {
    let report_dir = root.join(at.report).parent().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
    let root_real = std::fs::canonicalize(root).ok()?;
    [root.join(at.file), report_dir.join(at.file)]
        .into_iter()
        .find(|p| p.is_file() && std::fs::canonicalize(p).is_ok_and(|r| r.starts_with(&root_real)))
}

fn used_by(at: &LedgerRef) -> Ledger {
    Ledger::UsedBy { report: at.report.display().to_string() }
}

struct Rows<'a> {
    table: &'a Table,
    cols: &'a Columns,
    shown: &'a Path,
    at: &'a LedgerRef<'a>,
}

impl Rows<'_> {
    fn entries(&self, diags: &mut Diagnostics) -> Vec<ProjectEntry> {
        let body = &self.table.rows[self.cols.header_row + 1..];
        // A progress column of fractions only (Excel's percent format gives 0.45).
        let fractions = self.cols.get(Field::Progress).is_some_and(|(c, _)| {
            let nums: Vec<f64> = body
                .iter()
                .filter_map(|r| match r.get(c) {
                    Some(Cell::Number(n)) => Some(*n),
                    _ => None,
                })
                .collect();
            !nums.is_empty()
                && nums.iter().all(|n| (0.0..=1.0).contains(n))
                && nums.iter().any(|n| *n > 0.0 && *n < 1.0)
        });
        let mut out = Vec::new();
        for (i, row) in body.iter().enumerate() {
            let number = self.table.first_row + self.cols.header_row + 1 + i;
            if row.iter().all(Cell::is_empty) || is_total(row) {
                continue;
            }
            if let Some(e) = self.entry(row, number, fractions, diags) {
                out.push(e);
            }
        }
        out
    }

    fn cell(&self, row: &[Cell], f: Field) -> Option<(Cell, String)> {
        let (c, h) = self.cols.get(f)?;
        let cell = row.get(c).cloned().unwrap_or(Cell::Empty);
        (!cell.is_empty()).then(|| (cell, h.to_string()))
    }

    fn error(&self, row: usize, header: &str, problem: Ledger, hint: Ledger) -> Diagnostic {
        let (sheet, problem) = (self.table.sheet.clone(), Box::new(problem));
        Diagnostic::error(self.shown, row, Ledger::Cell { sheet, row, header: header.to_string(), problem })
            .field(header)
            .hint(Ledger::CellHint { hint: Box::new(hint), used_by: Box::new(used_by(self.at)) })
    }

    /// A money cell in 亿元, converted from its header's unit.
    fn money(
        &self,
        row: &[Cell],
        number: usize,
        field: Field,
        unit: Option<columns::Unit>,
        diags: &mut Diagnostics,
    ) -> Option<f64> {
        let (c, h) = self.cell(row, field)?;
        match amount(&c) {
            Some(v) if v >= 0.0 => Some(round(v * unit.map_or(1.0, |u| u.to_yi))),
            _ => {
                diags.push(self.error(number, &h, Ledger::NotAmount { text: c.text() }, Ledger::NotAmountHint));
                None
            }
        }
    }

    fn entry(&self, row: &[Cell], number: usize, fractions: bool, diags: &mut Diagnostics) -> Option<ProjectEntry> {
        let text = |f| self.cell(row, f).map(|(c, _)| c.text());
        let Some(name) = text(Field::Name) else {
            let (_, h) = self.cols.get(Field::Name)?;
            diags.push(self.error(number, h, Ledger::NoName, Ledger::NoNameHint));
            return None;
        };
        let mut e = ProjectEntry {
            id: text(Field::Id),
            name,
            investment: None,
            completed_investment: None,
            status: None,
            progress: None,
            started: None,
            industry: text(Field::Industry),
            township: text(Field::Township),
            responsible_unit: text(Field::ResponsibleUnit),
        };
        let before = diags.error_count();
        e.investment = self.money(row, number, Field::Investment, self.cols.investment_unit, diags);
        e.completed_investment = self.money(row, number, Field::CompletedInvestment, self.cols.completed_unit, diags);
        if let Some((c, h)) = self.cell(row, Field::Progress) {
            match percent(&c, fractions) {
                Some(v) if (0.0..=100.0).contains(&v) => e.progress = Some(v),
                Some(v) => diags.push(self.error(
                    number,
                    &h,
                    Ledger::PercentRange { value: v.to_string() },
                    Ledger::PercentRangeHint,
                )),
                None => {
                    diags.push(self.error(number, &h, Ledger::NotPercent { text: c.text() }, Ledger::NotPercentHint))
                }
            }
        }
        if let Some((c, h)) = self.cell(row, Field::Status) {
            match status(&c.text()) {
                Some(s) => e.status = Some(s),
                None => diags.push(self.error(number, &h, Ledger::NotStatus { text: c.text() }, Ledger::NotStatusHint)),
            }
        }
        if let Some((c, h)) = self.cell(row, Field::Started) {
            let t = c.text();
            match crate::dates::parse_month_or_date(&t) {
                Some(_) => e.started = Some(t),
                None => diags.push(self.error(number, &h, Ledger::NotDate { text: t }, Ledger::NotDateHint)),
            }
        }
        (diags.error_count() == before).then_some(e)
    }
}

/// A 合计/总计/小计 row: a sum, not a project.
fn is_total(row: &[Cell]) -> bool {
    row.iter().take(3).any(|c| {
        let t: String = c.text().chars().filter(|c| !c.is_whitespace()).collect();
        ["合计", "总计", "小计", "共计"].iter().any(|w| t.starts_with(w))
    })
}

/// A number cell, or text such as `12,000`, `１２０００` or `12000万元`.
fn amount(c: &Cell) -> Option<f64> {
    match c {
        Cell::Number(n) => n.is_finite().then_some(*n),
        Cell::Text(t) => {
            let t: String = t.chars().map(crate::text::to_halfwidth).filter(|c| !matches!(c, ',' | ' ')).collect();
            t.trim_end_matches("万元")
                .trim_end_matches("亿元")
                .trim_end_matches('元')
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
        }
        Cell::Empty => None,
    }
}

/// `45%`, `45`, or `0.45` in a column of fractions, as 45.
fn percent(c: &Cell, fractions: bool) -> Option<f64> {
    let v = match c {
        Cell::Number(n) if fractions => n * 100.0,
        Cell::Number(n) => *n,
        Cell::Text(t) => {
            let t: String = t.chars().map(crate::text::to_halfwidth).filter(|c| !c.is_whitespace()).collect();
            match t.strip_suffix('%') {
                Some(p) => p.parse().ok()?,
                None => t.parse::<f64>().ok().map(|v| if fractions { v * 100.0 } else { v })?,
            }
        }
        Cell::Empty => return None,
    };
    v.is_finite().then(|| round(v))
}

/// Four decimals: 12345万元 is 1.2345亿元; float noise (0.45 × 100) is dropped.
fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// The status words clerks write.
fn status(t: &str) -> Option<Status> {
    Some(match t.trim() {
        "谋划" | "前期" | "筹备" | "储备" | "planned" => Status::Planned,
        "在建" | "新开工" | "开工" | "续建" | "started" => Status::Started,
        "竣工" | "完工" | "completed" => Status::Completed,
        "投产" | "运营" | "达产" | "operating" => Status::Operating,
        _ => return None,
    })
}

/// Merges ledger rows into a report's front-matter projects: front-matter
/// wins where both name a project (a warning says where they differ).
pub fn merge(
    report: &Path,
    line: usize,
    front: &mut Vec<ProjectEntry>,
    rows: Vec<ProjectEntry>,
    diags: &mut Diagnostics,
) {
    let key = |e: &ProjectEntry| crate::model::urls::slug_or_keep(e.id.as_deref().unwrap_or(&e.name));
    for row in rows {
        let k = key(&row);
        match front.iter().find(|f| key(f) == k) {
            Some(f) => {
                let differs = f.investment != row.investment
                    || f.completed_investment != row.completed_investment
                    || f.progress != row.progress
                    || f.status != row.status;
                if differs {
                    diags.push(
                        Diagnostic::warning(report, line, Ledger::Differs { name: row.name.clone() })
                            .field("projects_file"),
                    );
                }
            }
            None => front.push(row),
        }
    }
}

/// Rows of each report's `projects_file` (else its campaign's) join its
/// projects (after field validation: ledger cells are checked with their
/// row and column). A ledger several reports share is read, and its errors
/// reported, once. Returns the digest of the rows read.
pub(super) fn join(root: &Path, files: &mut [SourceFile], diags: &mut Diagnostics) -> u64 {
    let campaigns: std::collections::HashMap<&str, (&Path, &CampaignMeta)> = files
        .iter()
        .filter_map(|f| match &f.kind {
            FileKind::Campaign(c) => Some((f.stem.as_str(), (f.path.as_path(), &**c))),
            _ => None,
        })
        .collect();
    let none = indexmap::IndexMap::new();
    // (file naming the ledger, ledger, sheet, campaign for `columns:`) → reports reading it.
    type Key<'a> = (&'a Path, &'a str, Option<&'a str>, Option<&'a str>);
    let mut readers: std::collections::BTreeMap<Key, Vec<usize>> = Default::default();
    // Without a campaign's ledger, only reports naming their own are looked at.
    let campaign_ledgers = campaigns.values().any(|(_, c)| c.projects_file.is_some());
    for (i, f) in files.iter().enumerate() {
        let FileKind::Page(m) = &f.kind else { continue };
        if m.projects_file.is_none() && !campaign_ledgers {
            continue;
        }
        let campaign = m.campaign.as_deref().and_then(|c| campaigns.get(c).map(|x| (c, x)));
        let (owner, file) = match (m.projects_file.as_deref(), campaign) {
            (Some(file), _) => (f.path.as_path(), file),
            (None, Some((_, (path, c)))) => match c.projects_file.as_deref() {
                Some(file) => (*path, file),
                None => continue,
            },
            (None, None) => continue,
        };
        // `projects_file: ""` keeps a report (a kickoff article) off its campaign's ledger.
        if file.trim().is_empty() {
            continue;
        }
        let sheet = m.sheet.as_deref().or_else(|| campaign.and_then(|(_, (_, c))| c.sheet.as_deref()));
        readers.entry((owner, file, sheet, campaign.map(|(id, _)| id))).or_default().push(i);
    }
    let ledgers: Vec<(Vec<usize>, Vec<ProjectEntry>, Diagnostics)> = readers
        .into_par_iter()
        .map(|((owner, file, sheet, campaign), reports)| {
            let cols = campaign.and_then(|c| campaigns.get(c)).map_or(&none, |(_, c)| &c.columns);
            let at = LedgerRef { report: owner, file, sheet, columns: cols };
            let mut d = Diagnostics::default();
            let rows = read(root, &at, &mut d);
            (reports, rows, d)
        })
        .collect();
    let digest = crate::digest::digest_debug(&ledgers.iter().map(|(r, rows, _)| (r, rows)).collect::<Vec<_>>());
    for (reports, rows, mut d) in ledgers {
        for i in reports {
            let f = &mut files[i];
            let line = f.line_of(&[frontmatter::Seg::Key("projects_file")]);
            if let FileKind::Page(m) = &mut f.kind {
                merge(&f.text.path, line, &mut std::sync::Arc::make_mut(m).projects, rows.clone(), &mut d);
            }
        }
        diags.extend(d);
    }
    digest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_clerks_write_them() {
        assert_eq!(percent(&Cell::Text("45%".into()), false), Some(45.0));
        assert_eq!(percent(&Cell::Number(0.45), true), Some(45.0));
        assert_eq!(percent(&Cell::Number(45.0), false), Some(45.0));
        assert_eq!(percent(&Cell::Text("八成".into()), false), None);
        assert_eq!(amount(&Cell::Text("12,000".into())), Some(12000.0));
        assert_eq!(amount(&Cell::Text("１２０００万元".into())), Some(12000.0));
        assert!(is_total(&[Cell::Empty, Cell::Text("合 计".into())]));
        assert_eq!(status("谋划"), Some(Status::Planned));
        assert_eq!(status("在建"), Some(Status::Started));
        assert_eq!(round(12345.0 * 1e-4), 1.2345);
    }
}
