//! A ledger file as a grid of cells: the first (or named) sheet of an xlsx,
//! xls or ods workbook, or a CSV in UTF-8 (with or without BOM) or GBK.

use crate::messages::ledger::Ledger;
use std::path::Path;

use calamine::{Data, Reader};

/// One cell as the ledger needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }

    /// The cell as text (numbers without a trailing `.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// The cells of one sheet, with the spreadsheet row number of the first row.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name ("" for a CSV).
    pub sheet: String,
    /// 1-based row number (as Excel shows it) of `rows[0]`.
    pub first_row: usize,
    pub rows: Vec<Vec<Cell>>,
}

/// Reads `path`; `sheet` picks a sheet by name (default: the first).
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, Ledger> {
    let ext = path.extension().map(|x| x.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => read_workbook(path, sheet),
        _ => Err(Ledger::NotLedger { ext }),
    }
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Table, Ledger> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| Ledger::CannotOpen { why: e.to_string() })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.trim() == s.trim())
            .cloned()
            .ok_or_else(|| Ledger::NoSheet { sheet: s.to_string(), sheets: names.join("、") })?,
        None => names.first().cloned().ok_or(Ledger::NoSheets)?,
    };
    let range =
        book.worksheet_range(&name).map_err(|e| Ledger::CannotReadSheet { sheet: name.clone(), why: e.to_string() })?;
    let first_row = range.start().map_or(1, |(r, _)| r as usize + 1);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let rows =
        range.rows().map(|r| std::iter::repeat_n(Cell::Empty, first_col).chain(r.iter().map(cell)).collect()).collect();
    Ok(Table { sheet: name, first_row, rows })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Cell::Text(format!("{y:04}-{m:02}-{day:02}"))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
        Data::Empty => Cell::Empty,
    }
}

/// CSV as Excel and WPS save it: UTF-8 with a BOM, plain UTF-8, or GBK
/// ("CSV (逗号分隔)" on Chinese Windows).
fn read_csv(path: &Path) -> Result<Table, Ledger> {
    let bytes = std::fs::read(path).map_err(|e| Ledger::CannotRead { why: e.to_string() })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (t, _, bad) = encoding_rs::GBK.decode(e.as_bytes());
            if bad {
                return Err(Ledger::CsvEncoding);
            }
            t.into_owned()
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| Ledger::CannotReadCsv { why: e.to_string() })?;
        rows.push(
            rec.iter().map(|v| if v.trim().is_empty() { Cell::Empty } else { Cell::Text(v.to_string()) }).collect(),
        );
    }
    Ok(Table { sheet: String::new(), first_row: 1, rows })
}
