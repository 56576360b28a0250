//! `load_data(path=…)` for theme authors: a CSV, spreadsheet (xlsx, xls,
//! ods), JSON, YAML or TOML file of the site read into a template value,
//! once per build. Tables come as `{headers: [...], records: [[...]]}` (the
//! first row is the header), as in Zola; the others as their own structure.

use crate::guard::lock;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tera::Value;

use super::RenderError;
use crate::load::ledger::table::{self, Cell};

/// A file and sheet asked for, and what reading it gave.
type Cache = HashMap<(String, Option<String>), Result<Value, RenderError>>;

/// The data files a build's templates read, each read once.
pub struct DataFiles {
    root: PathBuf,
    cache: Mutex<Cache>,
}

impl DataFiles {
    pub fn new(root: &Path) -> DataFiles {
        DataFiles { root: root.to_path_buf(), cache: Mutex::default() }
    }

    /// `path` relative to the site folder; `sheet` for a workbook.
    pub fn load(&self, path: &str, sheet: Option<&str>) -> Result<Value, RenderError> {
        let key = (path.to_string(), sheet.map(str::to_string));
        if let Some(v) = lock(&self.cache).get(&key) {
            return v.clone();
        }
        let v = self.read(path, sheet);
        lock(&self.cache).insert(key, v.clone());
        v
    }

    fn read(&self, path: &str, sheet: Option<&str>) -> Result<Value, RenderError> {
        let named = || path.to_string();
        let syntax = |line: Option<usize>, why: &dyn std::fmt::Display| RenderError::DataSyntax {
            path: named(),
            line,
            why: why.to_string(),
        };
        let full = self.root.join(path.trim_start_matches('/'));
        let inside = |p: &Path| {
            let root = std::fs::canonicalize(&self.root).ok()?;
            std::fs::canonicalize(p).ok().filter(|p| p.starts_with(&root))
        };
        let full = inside(&full).ok_or_else(|| RenderError::DataMissing { path: named() })?;
        let ext = full.extension().map(|x| x.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        let text = || {
            std::fs::read_to_string(&full).map_err(|e| RenderError::DataNotText { path: named(), why: e.to_string() })
        };
        match ext.as_str() {
            "csv" | "xlsx" | "xls" | "ods" => table::read(&full, sheet)
                .map(|t| table_value(&t.rows))
                .map_err(|error| RenderError::DataTable { path: named(), error }),
            "json" => serde_json::from_str::<serde_json::Value>(&text()?)
                .map(|v| Value::from_serializable(&v))
                .map_err(|e| syntax(Some(e.line()), &e)),
            "yaml" | "yml" => serde_yaml::from_str::<serde_yaml::Value>(&text()?)
                .map(|v| Value::from_serializable(&v))
                .map_err(|e| syntax(e.location().map(|l| l.line()), &e)),
            "toml" => toml::from_str::<toml::Value>(&text()?)
                .map(|v| Value::from_serializable(&v))
                .map_err(|e| syntax(None, &e)),
            _ => Err(RenderError::DataKind { path: named(), ext }),
        }
    }
}

fn table_value(rows: &[Vec<Cell>]) -> Value {
    let cell = |c: &Cell| match c {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => serde_json::json!(*n as i64),
        Cell::Number(n) => serde_json::json!(n),
        other => serde_json::json!(other.text()),
    };
    let headers: Vec<String> = rows.first().map(|r| r.iter().map(Cell::text).collect()).unwrap_or_default();
    let records: Vec<Vec<serde_json::Value>> =
        rows.iter().skip(1).filter(|r| !r.iter().all(Cell::is_empty)).map(|r| r.iter().map(cell).collect()).collect();
    Value::from_serializable(&serde_json::json!({ "headers": headers, "records": records }))
}
