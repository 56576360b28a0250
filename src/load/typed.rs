//! Every wrongly typed value of a front-matter, not only the first: serde
//! stops at the first error, so after one the YAML is read as plain values
//! and each top-level field (each metric, each list item) is tried on its
//! own, and every failure is reported at its own line.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use super::frontmatter::{locate, yaml_error, Seg};
use crate::diag::Diagnostic;

/// More than this many errors in one file means something else is wrong.
const MAX_PER_FILE: usize = 20;

/// The diagnostics of a front-matter that failed to deserialize as `T` with
/// `first`. `line_offset` is the file line of the YAML's first line minus one.
pub fn all_errors<T: DeserializeOwned>(
    file: &Path,
    yaml: &str,
    line_offset: usize,
    first: serde_yaml::Error,
) -> Vec<Diagnostic> {
    let first = yaml_error(file, yaml, line_offset, &first);
    let Ok(Value::Mapping(map)) = serde_yaml::from_str::<Value>(yaml) else {
        return vec![first]; // a syntax error: the parser cannot go past it
    };
    let mut found: Vec<Diagnostic> = Vec::new();
    for (key, value) in &map {
        for (doc, index) in parts(key, value) {
            let Ok(text) = serde_yaml::to_string(&Value::Mapping(doc)) else { continue };
            if let Err(e) = serde_yaml::from_str::<T>(&text) {
                found.push(error_at(file, yaml, line_offset, &e, index));
            }
        }
    }
    if found.is_empty() || !found.iter().any(|d| d.line == first.line && d.message == first.message) {
        found.insert(0, first);
    }
    found.sort_by_key(|d| d.line);
    found.dedup_by(|a, b| a.line == b.line && a.message == b.message);
    found.truncate(MAX_PER_FILE);
    found
}

/// One-field documents to try: the field itself, or each entry of a mapping
/// and each item of a list under it (with the item's index).
fn parts(key: &Value, value: &Value) -> Vec<(Mapping, Option<usize>)> {
    let one = |v: Value| Mapping::from_iter([(key.clone(), v)]);
    match value {
        Value::Mapping(m) if m.len() > 1 => {
            m.iter().map(|(k, v)| (one(Value::Mapping(Mapping::from_iter([(k.clone(), v.clone())]))), None)).collect()
        }
        Value::Sequence(items) if items.len() > 1 => {
            items.iter().enumerate().map(|(i, v)| (one(Value::Sequence(vec![v.clone()])), Some(i))).collect()
        }
        v => vec![(one(v.clone()), None)],
    }
}

/// `e` from a one-field document, placed on its line in the whole YAML.
/// A list item was tried as item 0: its real `index` goes into the path.
fn error_at(file: &Path, yaml: &str, line_offset: usize, e: &serde_yaml::Error, index: Option<usize>) -> Diagnostic {
    let mut d = yaml_error(file, yaml, line_offset, e);
    if let (Some(i), Some(field)) = (index, &d.field) {
        d.field = Some(field.replacen("[0]", &format!("[{i}]"), 1));
    }
    let Some(field) = d.field.clone() else { return d };
    let path = segments(&field);
    if let Some(line) = locate(yaml, &path) {
        d.line = line + line_offset;
        d.column = 0;
        d.quote = yaml.lines().nth(line - 1).map(str::to_string);
    }
    d
}

/// `projects[2].progress` → [Key(projects), Index(2), Key(progress)].
fn segments(field: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in field.split('.') {
        let (name, indexes) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() {
            out.push(Seg::Key(name));
        }
        out.extend(indexes.split('[').filter_map(|i| i.trim_end_matches(']').parse().ok()).map(Seg::Index));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::PageMeta;

    #[test]
    fn every_wrong_value_is_reported_at_its_line() {
        let y = "title: x\nmetrics:\n  a: 七\n  b: 8\n  c: 九\nprojects:\n  - name: a\n    progress: 5\n  - name: b\n    progress: 六\nweight: 重\n";
        let e = serde_yaml::from_str::<PageMeta>(y).unwrap_err();
        let ds = all_errors::<PageMeta>(Path::new("a.md"), y, 1, e);
        let got: Vec<(usize, Option<&str>)> = ds.iter().map(|d| (d.line, d.field.as_deref())).collect();
        assert_eq!(
            got,
            [(4, Some("metrics.a")), (6, Some("metrics.c")), (11, Some("projects[1].progress")), (12, Some("weight"))],
            "{ds:#?}"
        );
    }
}
