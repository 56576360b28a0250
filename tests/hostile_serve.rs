//! `gongjian serve` against hostile pages and careless stops: only this
//! machine's names are answered, no redirect leaves the preview, the preview
//! folder (drafts) is private and removed however serve is stopped, and a
//! panic in a rebuild is shown like a failed build while serve goes on.

mod common;
use common::*;

use std::process::Command;
use std::time::{Duration, Instant};

const REPORT: &str = "---\ntitle: 开局报道\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 10\n---\n正文草稿。\n";

use common::preview::Preview as Serve;

impl Serve {
    fn start(site: &Site, env: &[(&str, &str)]) -> Serve {
        let mut cmd = gongjian();
        cmd.env_remove("RUST_BACKTRACE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Serve::spawn(cmd, site.root(), &["--port", "0"])
    }

    /// Polls `path` until `ok(body)`, for up to 10 s.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.poll(path, what, Duration::from_secs(10), ok).0
    }
}

fn site() -> Site {
    let s = Site::with_campaign();
    s.write("content/reports/kickoff.md", REPORT);
    s
}

#[test]
fn only_this_machines_names_are_answered() {
    let s = site();
    let serve = Serve::start(&s, &[]);
    serve.wait_for("/reports/kickoff/", "first build", |b| b.contains("正文草稿"));
    let port = serve.port.to_string();
    // (Host header, expected status)
    let cases: Vec<(Option<String>, u16)> = vec![
        (Some(format!("127.0.0.1:{port}")), 200),
        (Some(format!("localhost:{port}")), 200),
        (Some("LocalHost".into()), 200),
        (Some(format!("[::1]:{port}")), 200),
        (Some("attacker.example".into()), 403),
        (Some(format!("attacker.example:{port}")), 403),
        (Some(format!("127.0.0.1.attacker.example:{port}")), 403),
        (Some(format!("localhost.attacker.example:{port}")), 403),
        (None, 403),
    ];
    for (host, want) in &cases {
        for path in ["/reports/kickoff/", "/__gongjian/status", "/__gongjian/live.js"] {
            let (status, _, body) = serve.get_as(path, host.as_deref());
            assert_eq!(status, *want, "Host {host:?} {path}: {body}");
            if *want == 403 {
                assert!(!body.contains("正文草稿") && !body.starts_with("ok"), "Host {host:?} {path} leaked: {body}");
                assert!(body.contains("localhost"), "the refusal says which names work: {body}");
            }
        }
    }
}

#[test]
fn no_redirect_leaves_the_preview() {
    let s = site();
    let serve = Serve::start(&s, &[]);
    serve.wait_for("/reports/kickoff/", "first build", |b| b.contains("正文草稿"));
    let host = format!("127.0.0.1:{}", serve.port);
    // (request path, expected Location)
    for (path, location) in [
        ("/reports", "/reports/"),
        ("//reports", "/reports/"),
        ("///reports", "/reports/"),
        ("//reports//kickoff", "/reports/kickoff/"),
    ] {
        let (status, head, _) = serve.get_as(path, Some(&host));
        assert_eq!(status, 301, "{path}: {head}");
        let got = head.lines().find_map(|l| l.strip_prefix("Location: ")).unwrap_or("");
        assert_eq!(got, location, "{path}: {head}");
    }
    for path in ["//attacker.example", "//attacker.example/", "/%2F%2Fattacker.example"] {
        let (status, head, _) = serve.get_as(path, Some(&host));
        assert_ne!(status, 301, "{path} must not redirect: {head}");
    }
}

/// The preview folder of the serve with this process id.
fn preview_folder(pid: u32) -> std::path::PathBuf {
    let prefix = format!("gongjian-serve-{pid}-");
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .unwrap_or_else(|| panic!("no {prefix}* in {}", std::env::temp_dir().display()))
}

#[cfg(unix)]
#[test]
fn the_preview_folder_is_private_unpredictable_and_removed_on_every_stop() {
    use std::os::unix::fs::PermissionsExt;
    for signal in ["-TERM", "-HUP", "-INT"] {
        let s = site();
        let mut serve = Serve::start(&s, &[]);
        serve.wait_for("/reports/kickoff/", "first build", |b| b.contains("正文草稿"));
        let pid = serve.child.id();
        let folder = preview_folder(pid);
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.len() > format!("gongjian-serve-{pid}-").len() + 4, "{signal}: a random part in {name}");
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{signal}: {} is readable by others", folder.display());
        Command::new("kill").args([signal, &pid.to_string()]).status().unwrap();
        let started = Instant::now();
        while serve.child.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < Duration::from_secs(5), "{signal}: serve did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!folder.exists(), "{signal}: {} (drafts) is left behind", folder.display());
        assert_eq!(std::fs::read_to_string(s.root().join("content/reports/kickoff.md")).unwrap(), REPORT);
    }
}

#[cfg(unix)]
#[test]
fn a_planted_link_in_the_temp_dir_is_neither_used_nor_followed() {
    // What an attacker can guess: the old name, from the next process id.
    let victim = tempfile::tempdir().unwrap();
    std::fs::write(victim.path().join("keep.txt"), "别删").unwrap();
    let planted: Vec<std::path::PathBuf> = (0..50)
        .map(|i| std::env::temp_dir().join(format!("gongjian-serve-{}", std::process::id() + i)))
        .filter(|p| std::os::unix::fs::symlink(victim.path(), p).is_ok())
        .collect();
    let s = site();
    let serve = Serve::start(&s, &[]);
    serve.wait_for("/reports/kickoff/", "first build", |b| b.contains("正文草稿"));
    let folder = preview_folder(serve.child.id());
    assert!(!folder.is_symlink(), "the preview is built in a new folder");
    drop(serve);
    for p in &planted {
        let _ = std::fs::remove_file(p);
    }
    assert_eq!(std::fs::read_to_string(victim.path().join("keep.txt")).unwrap(), "别删");
    assert_eq!(std::fs::read_dir(victim.path()).unwrap().count(), 1, "nothing written through the link");
}

#[test]
fn a_panic_in_a_rebuild_is_shown_and_the_next_save_builds_again() {
    let s = site();
    let serve = Serve::start(&s, &[("GONGJIAN_TEST_PANIC", "reports/boom/")]);
    serve.wait_for("/reports/kickoff/", "first build", |b| b.contains("正文草稿"));
    let before = std::fs::read_to_string(s.root().join("content/reports/kickoff.md")).unwrap();

    // A new report whose page panics while it is written.
    s.write("content/reports/boom.md", &REPORT.replace("开局报道", "会出错的报道"));
    let status = serve.wait_for("/__gongjian/status", "status after the panic", |b| b.starts_with("error"));
    assert!(status.contains("internal error") && status.contains("reports/boom/index.html"), "{status}");
    assert!(status.contains("please report"), "{status}");
    let (code, page) = serve.get("/reports/kickoff/");
    assert_eq!(code, 200, "the last good site is still served");
    assert!(page.contains("正文草稿") && page.contains("gongjian-error"), "with the overlay: {page}");
    assert!(page.contains("internal error"), "the overlay shows it");
    let terminal = serve.stderr.lock().unwrap().clone();
    assert!(terminal.contains("internal error") && terminal.contains("reports/boom/index.html"), "{terminal}");
    assert!(!terminal.contains("panicked at"), "no raw panic report:\n{terminal}");

    // The rebuild thread lives on: the next saves build again.
    std::fs::remove_file(s.root().join("content/reports/boom.md")).unwrap();
    serve.wait_for("/__gongjian/status", "status after the fix", |b| b.starts_with("ok"));
    s.write("content/reports/kickoff.md", &REPORT.replace("正文草稿", "修好之后"));
    let page = serve.wait_for("/reports/kickoff/", "a later save", |b| b.contains("修好之后"));
    assert!(!page.contains("gongjian-error"), "the overlay is gone");
    assert_eq!(before, REPORT, "the sources were not touched");
}
