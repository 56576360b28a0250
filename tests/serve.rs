//! `gongjian serve` as an editor uses it: start the preview, read a page,
//! save a change and see it served, break a file and still see the last good
//! page plus the error, fix it and see the preview recover.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const REPORT: &str = "content/reports/2021-08-10-kickoff.md";

fn report(body: &str) -> String {
    format!("---\ntitle: 东光县第七轮百日攻坚强势开局\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 77\n---\n{body}\n")
}

/// A running `gongjian serve`; killed when dropped.
struct Serve {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Serve {
    /// Ctrl-C (SIGINT) first, as an editor stops it, so it removes its preview folder; then SIGKILL.
    fn drop(&mut self) {
        if cfg!(unix) {
            let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(3) {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(site: &Site, port: u16) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongjian"))
            .args(["serve", "--port", &port.to_string()])
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gongjian serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        // The address is on the "serving … at http://127.0.0.1:PORT/" line; keep draining stdout after it.
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(i) = line.find("http://127.0.0.1:") {
                    let addr = line[i + 7..].trim_end_matches(|c: char| !c.is_ascii_digit()).to_string();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("serve printed no address; stderr:\n{}", stderr.lock().unwrap()));
        Serve { child, addr, stderr }
    }

    /// (status, body) of a GET; the request line is sent as given (no normalising).
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    /// Polls every 50 ms for up to 5 s until `ok` holds for the page; returns it and how long that took.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> (String, Duration) {
        let started = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if ok(&body) {
                return (body, started.elapsed());
            }
            if started.elapsed() > Duration::from_secs(5) {
                panic!("{what}: not seen within 5 s\npage:\n{body}\nserve stderr:\n{}", self.stderr.lock().unwrap());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// An open event stream, read as it arrives.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "GET /__gongjian/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        Events { stream, seen: String::new() }
    }

    /// Waits up to 5 s for `needle` to arrive on the stream.
    fn wait_for(&mut self, needle: &str) {
        let started = Instant::now();
        let mut buf = [0u8; 4096];
        while !self.seen.contains(needle) {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "no {needle:?} on the event stream; got:\n{}",
                self.seen
            );
            if let Ok(n) = self.stream.read(&mut buf) {
                self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    }
}

#[test]
fn edits_show_up_and_a_broken_file_keeps_the_last_good_page() {
    let site = Site::with_campaign();
    site.write(REPORT, &report("第一版正文。"));
    let serve = Serve::start(&site, 0);

    let (status, page) = serve.get("/reports/kickoff/");
    assert_eq!(status, 200);
    assert!(page.contains("第一版正文"), "{page}");
    assert!(page.contains("/__gongjian/live.js"), "HTML gets the live-reload script");
    assert!(!site.public("").exists(), "serve must not touch the site's public/");
    let mut events = Events::open(&serve.addr);
    events.wait_for("event: reload\ndata: 1\n");

    // Save an edit: the new text is served, and open tabs are told to reload.
    site.write(REPORT, &report("第二版正文。"));
    let (_, latency) = serve.wait_for("/reports/kickoff/", "the edited text", |p| p.contains("第二版正文"));
    eprintln!("edit → new page served after {} ms", latency.as_millis());
    events.wait_for("event: reload\ndata: 2\n");

    // Break the front-matter: the last good page stays, with the error over it.
    site.write(REPORT, "---\ntitle: [没有闭合\ndate: 2021-08-10\n---\n第三版正文。\n");
    let (page, _) = serve.wait_for("/reports/kickoff/", "the error overlay", |p| p.contains("gongjian-error"));
    assert!(page.contains("第二版正文"), "the last good page is still served");
    assert!(!page.contains("第三版正文"));
    assert!(page.contains("content/reports/2021-08-10-kickoff.md"), "the overlay names the file: {page}");
    events.wait_for("event: build-error\ndata: error: content/reports/2021-08-10-kickoff.md:2");
    let (_, status) = serve.get("/__gongjian/status");
    assert!(status.starts_with("error 2\n"), "{status}");
    assert!(serve.stderr.lock().unwrap().contains("content/reports/2021-08-10-kickoff.md:2"), "error in the terminal");

    // Fix it: the preview recovers without a restart.
    site.write(REPORT, &report("第四版正文。"));
    let (page, _) = serve.wait_for("/reports/kickoff/", "the fixed page", |p| p.contains("第四版正文"));
    assert!(!page.contains("gongjian-error"), "the overlay is gone once the file is fixed");
    events.wait_for("event: reload\ndata: 3\n");

    // Ctrl-C stops it and removes the preview's folder.
    let folder = std::env::temp_dir().join(format!("gongjian-serve-{}", serve.child.id()));
    assert!(folder.is_dir(), "the preview is built in {}", folder.display());
    drop(serve);
    assert!(!folder.exists(), "{} is removed on Ctrl-C", folder.display());
}

#[test]
fn only_the_site_folder_is_served() {
    let site = Site::with_campaign();
    site.write(REPORT, &report("正文。"));
    let serve = Serve::start(&site, 0);
    for bad in ["/../site.yaml", "/reports/../../site.yaml", "/%2e%2e/%2e%2e/site.yaml", "/..%2f..%2fsite.yaml"] {
        let (status, body) = serve.get(bad);
        assert_eq!(status, 403, "{bad} → {status}: {body}");
    }
    let (status, body) = serve.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("/__gongjian/live.js"), "the 404 page reloads too");
    let (status, _) = serve.get("/reports/kickoff");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    let (status, css) = serve.get("/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("__gongjian"), "only HTML gets the script");
}

#[test]
fn a_taken_port_falls_back_to_a_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = Site::with_campaign();
    site.write(REPORT, &report("正文。"));
    let serve = Serve::start(&site, port);
    assert_ne!(serve.addr, format!("127.0.0.1:{port}"));
    assert_eq!(serve.get("/reports/kickoff/").0, 200);
}

#[test]
fn built_output_never_carries_the_reload_script() {
    let site = Site::with_campaign();
    site.write(REPORT, &report("正文。"));
    site.build();
    assert!(!site.read("reports/kickoff/index.html").contains("__gongjian"));
}

#[test]
fn a_site_broken_from_the_start_shows_why_then_recovers() {
    let site = Site::with_campaign();
    site.write(REPORT, "---\ntitle: 开局\ndate: 2021-13-40\n---\n正文。\n");
    let serve = Serve::start(&site, 0);
    let (status, page) = serve.get("/reports/kickoff/");
    assert_eq!(status, 503, "nothing good to show yet");
    assert!(page.contains("gongjian-error") && page.contains("2021-13-40"), "{page}");
    site.write(REPORT, &report("修好了。"));
    serve.wait_for("/reports/kickoff/", "the first good build", |p| p.contains("修好了"));
}

#[test]
fn serve_outside_a_site_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gongjian"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gongjian init"), "points at init");
}
