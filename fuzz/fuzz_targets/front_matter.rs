//! Splitting, parsing and validating a content file must never panic,
//! whatever the bytes: every problem is a diagnostic.
#![no_main]

use std::path::{Path, PathBuf};

use gongjian::diag::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for rel in ["reports/a.md", "campaigns/c.md", "reports/_index.md"] {
        if let Ok(f) = gongjian::load::parse_source(PathBuf::from(rel), Path::new(rel), text.to_string()) {
            let mut d = Diagnostics::default();
            gongjian::load::validate_file(&f, &mut d);
            for item in &d.items {
                let _ = item.to_string();
            }
        }
    }
});
