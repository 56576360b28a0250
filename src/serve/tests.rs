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

/// Once the preview stops, its rebuild thread builds nothing more (the stop
/// waits for it): a save or the idle standby build is not begun.
#[test]
fn a_stopping_preview_begins_no_build() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content/reports")).unwrap();
    std::fs::write(site.path().join("content/reports/r1.md"), "---\ntitle: 报道\ndate: 2021-08-01\n---\n正文。\n")
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    let shared = Arc::new(Shared::default());
    let mut builder = Builder {
        charts: Arc::new(crate::render::chart::ChartCache::keeping()),
        manifests: [None, None],
        root: site.path().to_path_buf(),
        slots: [work.path().join("a"), work.path().join("b")],
        base_url: "http://127.0.0.1:1/".into(),
        drafts: false,
        today: None,
        shared: shared.clone(),
        warned: Warned::default(),
        memory: Arc::new(Mutex::new(crate::render::engine::Memory::in_process())),
        parsed: Arc::new(crate::load::ParsedFiles::told()),
        stages: Arc::default(),
        busy: Arc::default(),
        stop: Arc::default(),
    };
    assert!(builder.build(&[]).ok());
    assert!(work.path().join("a/index.html").is_file());
    builder.stop.store(true, Ordering::SeqCst);
    use watch::Rebuild;
    assert!(builder.idle(&|| false), "nothing is owed once stopping");
    Rebuild::rebuild(&mut builder, &[site.path().join("content/reports/r1.md")]);
    assert!(!work.path().join("b").exists(), "no build was begun into the other folder");
}
