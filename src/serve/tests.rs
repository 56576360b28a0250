//! Stopping the preview.

use super::*;

/// A build told to stop (the preview's Ctrl-C) ends at its first file,
/// failed, instead of rendering the whole site first.
#[test]
fn a_stopped_build_ends_without_writing_a_page() {
    let site = tempfile::tempdir().unwrap();
    let reports = site.path().join("content/reports");
    std::fs::create_dir_all(&reports).unwrap();
    for i in 1..4 {
        let text = format!("---\ntitle: 报道{i}\ndate: 2021-08-0{i}\n---\n正文。\n");
        std::fs::write(reports.join(format!("r{i}.md")), text).unwrap();
    }
    let out = site.path().join("preview");
    let stop = Arc::new(AtomicBool::new(false));
    let opts = BuildOptions {
        output: Some(out.clone()),
        in_place: true,
        stop: Some(stop.clone()),
        ..BuildOptions::new(site.path())
    };
    let page = out.join("reports/r1/index.html");
    assert!(crate::build(&opts).ok());
    assert!(page.is_file());
    stop.store(true, Ordering::SeqCst);
    // Without a manifest the folder is emptied, then every file written again.
    let report = crate::build(&opts);
    assert!(!report.ok(), "a stopped build fails");
    assert!(!page.exists(), "a stopped build writes no page");
}
