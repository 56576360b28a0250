//! A guard against texts written outside the catalogue: in the layers whose
//! messages live here, no diagnostic, hint or printed line takes a literal
//! sentence. (Line-based: a call spread over lines is checked on its first.)

use std::path::Path;

/// Folders and files whose every message comes from the catalogue.
const CONVERTED: &[&str] = &[
    "src/load",
    "src/config.rs",
    "src/check.rs",
    "src/check",
    "src/serve",
    "src/write",
    "src/import",
    "src/scaffold.rs",
    "src/scaffold",
    "src/cmd",
    "src/main.rs",
    "src/lib.rs",
    "src/guard.rs",
    "src/model",
    "src/derive",
    "src/images",
    "src/markdown",
    "src/diag.rs",
    "src/render/templates.rs",
    "src/render/files.rs",
    "src/render/feeds.rs",
    "src/render/media.rs",
    "src/render/open_data",
    "src/render/theme_colors.rs",
    "src/render/data_files.rs",
    "src/render/mirror.rs",
    "src/render/outputs",
    "src/raster",
    "src/render/chart.rs",
    "src/render/body.rs",
    "src/render/engine",
    "src/render/error.rs",
    "src/charts",
];

/// Serde's protocol: read back by `messages::yaml`, never shown as it is.
const ALLOWED: &[&str] = &["duplicate entry with key"];

/// Whether `arg` (the text right after a call's parenthesis) opens with a
/// literal holding a sentence: two words of ASCII letters outside `{…}`.
fn has_sentence(arg: &str) -> bool {
    let arg = arg.trim_start();
    let Some(lit) = arg.strip_prefix('"').or_else(|| arg.strip_prefix("format!(\"")) else { return false };
    let lit = &lit[..lit.find('"').unwrap_or(lit.len())];
    let mut plain = String::new();
    let mut depth = 0;
    for c in lit.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.replace("\\n", " ");
    !ALLOWED.iter().any(|a| lit.contains(a))
        && plain.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 1).count() >= 2
}

fn offences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let calls = [".hint(", "eprintln!(", "println!(", "eprint!(", "print!(", "Err(", "::other(", "custom("];
        let mut bad = calls.iter().any(|c| code.match_indices(c).any(|(at, _)| has_sentence(&code[at + c.len()..])));
        for call in ["Diagnostic::error(", "Diagnostic::warning("] {
            if let Some(at) = code.find(call) {
                let args: Vec<&str> = code[at + call.len()..].splitn(3, ", ").collect();
                bad |= args.get(2).is_some_and(|m| has_sentence(m));
            }
        }
        if bad {
            found.push(format!("{}: {}", i + 1, code));
        }
    }
    found
}

fn files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap().flatten() {
            files(&e.path(), out);
        }
    } else if path.extension().is_some_and(|x| x == "rs") && !path.ends_with("tests.rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn converted_layers_write_no_sentence_outside_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for c in CONVERTED {
        files(&root.join(c), &mut all);
    }
    assert!(all.len() > 40, "{}", all.len());
    let mut report = Vec::new();
    for f in all {
        let text = std::fs::read_to_string(&f).unwrap();
        report.extend(offences(&text).into_iter().map(|o| format!("{}:{o}", f.display())));
    }
    assert!(report.is_empty(), "literal sentences outside src/messages/:\n{}", report.join("\n"));
}

#[test]
fn the_guard_sees_a_literal_message() {
    assert_eq!(offences("x.hint(\"add a title\");\nDiagnostic::error(p, 0, \"file is empty\");\n").len(), 2);
    assert!(offences("Diagnostic::error(\"site.yaml\", 0, Load::EmptyFile).hint(Load::EmptyFileHint);").is_empty());
}

/// The error of each `Result<…>` written on `line`, when it is a bare `String`.
fn string_errors(line: &str) -> usize {
    let mut found = 0;
    for (at, _) in line.match_indices("Result<") {
        let (mut depth, mut last_arg) = (0, at + "Result<".len());
        for (i, c) in line[at + "Result<".len()..].char_indices() {
            let i = at + "Result<".len() + i;
            match c {
                '<' | '(' => depth += 1,
                ',' if depth == 0 => last_arg = i + 1,
                '>' | ')' if depth > 0 => depth -= 1,
                '>' => {
                    found += usize::from(line[last_arg..i].trim() == "String" && last_arg > at + "Result<".len());
                    break;
                }
                _ => {}
            }
        }
    }
    found
}

/// Each layer reports errors as its own enum (data, catalogue text, hint),
/// never as a `String` that callers can only print.
#[test]
fn no_layer_reports_errors_as_bare_strings() {
    let mut all = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut all);
    let mut report = Vec::new();
    // This file names the pattern it looks for.
    for f in all.into_iter().filter(|f| !f.ends_with("literals.rs")) {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
            if string_errors(line) > 0 {
                report.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(report.is_empty(), "Result<_, String> instead of an error type:\n{}", report.join("\n"));
    assert_eq!(string_errors("fn f() -> Result<Vec<(u8, String)>, String> {"), 1);
    assert_eq!(string_errors("fn f() -> Result<HashMap<u8, String>, LoadError> {"), 0);
}
