//! Careless and hostile use of `build`'s output: an output folder that would
//! destroy the user's own files is refused (exit 2) and nothing is lost; a
//! panic fails a build or check with a message instead of a crash; two
//! builds into one folder take turns; a killed build or a reader meanwhile
//! never sees a mixed site.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const REPORT: &str = "---\ntitle: 开局报道\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 10\n---\n正文。\n";

/// A site with sources in every folder a build reads (and a data folder).
fn full_site() -> Site {
    let s = Site::with_campaign();
    s.write("content/reports/kickoff.md", REPORT);
    s.write("static/logo.txt", "标志");
    s.write("templates/.keep", "");
    s.write("data/numbers.csv", "a,b\n1,2\n");
    s.write("notes.txt", "编辑的笔记");
    s
}

/// Every file under the site root except the output and the build state: path → bytes.
fn sources(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"), e))
        .filter(|(rel, _)| !rel.starts_with("public/") && !rel.starts_with(".gongjian/"))
        .map(|(rel, e)| (rel, std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Runs gongjian in the site with `env` set and no backtrace asked for.
fn run_env(s: &Site, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = gongjian();
    cmd.args(args).current_dir(s.root()).env_remove("RUST_BACKTRACE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run gongjian")
}

#[test]
fn outputs_that_would_destroy_or_nest_into_the_sources_are_refused() {
    // (--output, what the message must say)
    let cases: &[(&str, &str)] = &[
        ("content", "is the site's `content`"),
        ("content/reports", "lies inside the site's `content`"),
        ("content/public", "lies inside the site's `content`"),
        ("templates", "is the site's `templates`"),
        ("themes", "is the site's `themes`"),
        ("static/out", "lies inside the site's `static`"),
        ("data", "is the site's `data`"),
        ("site.yaml", "existing file"),
        ("notes.txt", "existing file"),
        (".", "contains the site itself"),
        ("..", "contains the site itself"),
        ("./content/../content", "is the site's `content`"),
    ];
    for (output, expect) in cases {
        let s = full_site();
        let before = sources(s.root());
        let out = s.run(&["build", "--output", output]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "--output {output}: exit status\n{err}");
        assert!(err.contains(&format!("error: {output}: ")), "--output {output}: the message names it:\n{err}");
        assert!(err.contains(expect), "--output {output}: expected {expect:?} in\n{err}");
        assert!(err.contains("--output public"), "--output {output}: says what to use instead:\n{err}");
        assert_eq!(sources(s.root()), before, "--output {output}: a source file changed or vanished");
        assert!(!s.root().join(".gongjian").exists(), "--output {output}: nothing was started");
    }
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_refused_and_its_target_kept() {
    let s = full_site();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("mine.txt"), "别人的").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), s.root().join("public")).unwrap();
    let out = s.run(&["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("public: the output folder is a symbolic link"), "{}", stderr(&out));
    assert!(s.root().join("public").is_symlink(), "the link is still there");
    assert_eq!(std::fs::read_to_string(elsewhere.path().join("mine.txt")).unwrap(), "别人的");
}

#[test]
fn a_folder_of_files_gongjian_did_not_write_is_refused_and_left_alone() {
    let s = full_site();
    s.write("other/photo.jpg", "照片");
    s.write("other/docs/plan.docx", "计划");
    let out = s.run(&["build", "--output", "other"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: other: ") && err.contains("docs, photo.jpg"),
        "names the folder and its files:\n{err}"
    );
    assert!(err.contains("gongjian did not write"), "{err}");
    assert_eq!(std::fs::read_to_string(s.root().join("other/photo.jpg")).unwrap(), "照片");
    assert_eq!(std::fs::read_to_string(s.root().join("other/docs/plan.docx")).unwrap(), "计划");
}

#[test]
fn dotfiles_and_files_put_in_by_hand_survive_every_build() {
    let s = full_site();
    s.write("public/.git/HEAD", "ref: refs/heads/main\n");
    std::fs::create_dir_all(s.root().join("public/.git/refs/heads")).unwrap();
    s.write("public/CNAME", "dongguang.example.gov.cn\n");
    s.write("public/.nojekyll", "");
    s.build();
    assert!(s.exists("reports/kickoff/index.html"), "a first build into a folder of dotfiles builds");
    s.write("public/reports/kickoff/批注.txt", "手放的");
    s.write("content/reports/second.md", &REPORT.replace("开局报道", "第二篇"));
    s.build();
    std::fs::remove_file(s.root().join("content/reports/second.md")).unwrap();
    let out = s.build();
    assert!(out.status.success());
    assert_eq!(s.read(".git/HEAD"), "ref: refs/heads/main\n");
    assert!(s.public(".git/refs/heads").is_dir(), "even an empty folder of .git");
    assert_eq!(s.read("CNAME"), "dongguang.example.gov.cn\n");
    assert!(s.exists(".nojekyll"));
    assert_eq!(s.read("reports/kickoff/批注.txt"), "手放的");
    assert!(!s.exists("reports/second/index.html"), "a page no longer built is gone");
    // State lives in the site's .gongjian/, never beside or inside the output.
    let beside: Vec<String> = std::fs::read_dir(s.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(beside.is_empty(), "nothing beside the output: {beside:?}");
    assert!(!list(&s.public("")).iter().any(|f| f.contains("manifest")), "no manifest inside the output");
    let state: Vec<String> = list(&s.root().join(".gongjian"));
    assert!(state.iter().any(|f| f.ends_with(".manifest")), "{state:?}");
}

#[test]
fn a_panic_fails_build_and_check_with_an_internal_error_and_keeps_the_output() {
    for command in ["build", "check"] {
        let s = full_site();
        s.build();
        let home = s.read("index.html");
        let page = s.read("reports/kickoff/index.html");
        let before = sources(s.root());
        let out = run_env(&s, &[command], &[("GONGJIAN_TEST_PANIC", "reports/kickoff/")]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: exit status\n{err}");
        assert!(err.contains("internal error"), "{command}: {err}");
        assert!(err.contains("while writing reports/kickoff/index.html"), "{command}: names the file:\n{err}");
        assert!(err.contains("while processing content/reports/"), "{command}: names the content file:\n{err}");
        assert!(err.contains("please report"), "{command}: {err}");
        assert!(!err.contains("stack backtrace") && !err.contains("panicked at"), "{command}: no panic noise:\n{err}");
        assert_eq!(s.read("index.html"), home, "{command}: the output is as it was");
        assert_eq!(s.read("reports/kickoff/index.html"), page, "{command}");
        assert_eq!(sources(s.root()), before, "{command}: sources untouched");
        let litter: Vec<String> = std::fs::read_dir(s.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("gongjian-tmp"))
            .collect();
        assert!(litter.is_empty(), "{command}: staging left behind: {litter:?}");
        // The next build, without the fault, works.
        s.write("content/reports/kickoff.md", &REPORT.replace("正文。", "新正文。"));
        s.build();
        assert!(s.read("reports/kickoff/index.html").contains("新正文"), "{command}");
    }
}

/// The lock file of the site's default output, once a build has made it.
fn lock_file(s: &Site) -> std::path::PathBuf {
    std::fs::read_dir(s.root().join(".gongjian"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "lock"))
        .expect("a lock file in .gongjian/")
}

#[test]
fn a_second_build_waits_for_the_first_and_a_dead_holder_blocks_nothing() {
    let s = full_site();
    s.build();
    let held = std::fs::OpenOptions::new().write(true).open(lock_file(&s)).unwrap();
    held.lock().unwrap();
    s.write("content/reports/kickoff.md", &REPORT.replace("正文。", "第二版。"));
    let mut second =
        gongjian().arg("build").current_dir(s.root()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(second.try_wait().unwrap().is_none(), "the second build waits while the lock is held");
    assert!(!s.read("reports/kickoff/index.html").contains("第二版"), "and has not touched the output");
    drop(held);
    let out = second.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("waiting for another gongjian build into") && err.contains("public"),
        "says why it waits:\n{err}"
    );
    assert!(s.read("reports/kickoff/index.html").contains("第二版"));

    // A build killed while holding the lock: the system releases it.
    let mut killed = gongjian().arg("build").current_dir(s.root()).spawn().unwrap();
    killed.kill().unwrap();
    killed.wait().unwrap();
    let t0 = Instant::now();
    s.build();
    assert!(t0.elapsed() < Duration::from_secs(30));

    // Two at once: both succeed, one after the other, and leave one whole site.
    let both: Vec<_> = (0..2).map(|_| gongjian().arg("build").current_dir(s.root()).output().unwrap()).collect();
    assert!(both.iter().all(|o| o.status.success()));
    assert!(s.read("reports/kickoff/index.html").contains("第二版"));
}

/// The version marker (`版本N`) in a page of the output, None while unreadable.
fn version(s: &Site, rel: &str) -> Option<String> {
    let text = std::fs::read_to_string(s.public(rel)).ok()?;
    let i = text.find("版本")?;
    Some(text[i..].chars().take(3).collect())
}

#[test]
fn a_reader_never_sees_a_mixed_site_and_a_killed_build_leaves_a_whole_one() {
    let s = full_site();
    for i in 0..150 {
        s.write(&format!("content/reports/r{i}.md"), &REPORT.replace("开局报道", &format!("第{i}篇")));
    }
    let title = |v: u32| format!("title: 测试站版本{v}\nbase_url: /\n");
    s.write("site.yaml", &title(1));
    s.build();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mixed = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut mixed = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let a = version(&s, "index.html");
                let b = version(&s, "reports/r149/index.html");
                let c = version(&s, "index.html");
                if cfg!(target_os = "linux") && (a.is_none() || b.is_none()) {
                    mixed.push(format!("a page was missing: {a:?} {b:?}"));
                }
                if a.is_some() && a == c && b.is_some() && b != a {
                    mixed.push(format!("{a:?} {b:?}"));
                }
            }
            mixed
        });
        for v in 2..6 {
            s.write("site.yaml", &title(v));
            s.build();
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        reader.join().unwrap()
    });
    assert!(mixed.is_empty(), "a reader saw pages of two builds at once: {mixed:?}");

    // kill -9 at different moments of a build: the output is always one whole site.
    for (n, delay) in [50u64, 150, 300, 600].into_iter().enumerate() {
        s.write("site.yaml", &title(6 + n as u32));
        let mut child =
            gongjian().arg("build").current_dir(s.root()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        let versions: std::collections::BTreeSet<Option<String>> = list(&s.public(""))
            .iter()
            .filter(|f| f.ends_with("index.html") && (f.starts_with("reports/r") || *f == "index.html"))
            .map(|f| version(&s, f))
            .collect();
        assert_eq!(versions.len(), 1, "killed after {delay} ms: pages of several builds: {versions:?}");
        assert!(s.exists("reports/r149/index.html"), "killed after {delay} ms: the site is whole");
    }
    s.build();
    assert_eq!(version(&s, "reports/r0/index.html").as_deref(), Some("版本9"), "{:?}", version(&s, "index.html"));
}
