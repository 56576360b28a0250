//! `gongjian serve` as an editor uses it: start the preview, read a page,
//! save a change and see it served, break a file and still see the last good
//! page plus the error, fix it and see the preview recover.

mod common;
use common::*;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const REPORT: &str = "content/reports/2021-08-10-kickoff.md";

fn report(body: &str) -> String {
    format!("---\ntitle: 东光县第七轮百日攻坚强势开局\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 77\n---\n{body}\n")
}

/// The preview folder of the serve with this process id: `gongjian-serve-<pid>-<random>` in the temp dir.
fn preview_folder(pid: u32) -> Option<std::path::PathBuf> {
    let prefix = format!("gongjian-serve-{pid}-");
    std::fs::read_dir(std::env::temp_dir())
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
}

use common::preview::Preview as Serve;

impl Serve {
    fn start(site: &Site, port: u16) -> Serve {
        Serve::start_with(site, &["--port", &port.to_string()])
    }

    /// `gongjian serve` with these arguments.
    fn start_with(site: &Site, args: &[&str]) -> Serve {
        Serve::spawn(gongjian(), site.root(), args)
    }

    /// Waits up to 15 s for serve to have printed `needle` `n` times.
    fn wait_for_output_n(&self, needle: &str, n: usize) {
        let started = Instant::now();
        while self.stdout.lock().unwrap().matches(needle).count() < n {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "serve printed no {needle:?}; stdout:\n{}",
                self.stdout.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for serve to have built its second folder too: a save before
    /// that builds the never-built folder whole.
    fn wait_for_standby(&self) {
        self.wait_for_output_n("prepared the second preview folder", 1);
    }

    /// The preview folder being served: the one whose report page shows
    /// `text` and is the page served (which has the reload script added before
    /// `</body>`). Both folders hold a built site.
    fn served_folder(&self, text: &str) -> std::path::PathBuf {
        let folder = preview_folder(self.child.id()).expect("the preview folder");
        let served = self.get("/reports/kickoff/").1;
        let (feed, served_feed) = ("atom.xml", self.get("/atom.xml").1);
        ["a", "b"]
            .iter()
            .map(|s| folder.join(s))
            .find(|d| {
                let page = std::fs::read_to_string(d.join("reports/kickoff/index.html")).unwrap_or_default();
                let head = &page[..page.rfind("</body>").unwrap_or(page.len())];
                page.contains(text)
                    && served.starts_with(head)
                    && std::fs::read_to_string(d.join(feed)).is_ok_and(|f| f == served_feed)
            })
            .unwrap_or_else(|| panic!("no preview folder in {} shows {text}", folder.display()))
    }

    /// Polls every 50 ms for up to 5 s until `ok` holds for the page; returns it and how long that took.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> (String, Duration) {
        self.poll(path, what, Duration::from_secs(5), ok)
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
    let folder = preview_folder(serve.child.id()).expect("the preview folder");
    assert!(folder.is_dir(), "the preview is built in {}", folder.display());
    drop(serve);
    assert!(!folder.exists(), "{} is removed on Ctrl-C", folder.display());
}

#[test]
fn a_text_only_save_rewrites_what_shows_it_and_matches_a_full_build() {
    let site = Site::with_campaign();
    site.write(REPORT, &report("第一段旧摘要。\n\n{{ chart(kind=\"trend\", metric=\"new_projects\") }}"));
    site.write(
        "content/reports/2021-08-20-second.md",
        "---\ntitle: 第二期\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [开局]\n---\n另一篇。\n",
    );
    let serve = Serve::start(&site, 0);
    serve.wait_for("/reports/", "the list", |p| p.contains("第一段旧摘要"));
    serve.wait_for_standby();

    // Only the body changes: its first paragraph is the summary lists show.
    site.write(REPORT, &report("第一段新摘要鹦鹉螺。\n\n{{ chart(kind=\"trend\", metric=\"new_projects\") }}"));
    serve.wait_for("/reports/kickoff/", "the edited page", |p| p.contains("鹦鹉螺"));
    serve.wait_for_output_n("built ", 2);
    assert!(serve.get("/reports/").1.contains("第一段新摘要鹦鹉螺"), "the section list shows the new summary");
    assert!(serve.get("/campaigns/dongguang-2021-r7/").1.contains("第一段新摘要鹦鹉螺"), "so does the campaign page");
    assert!(serve.get("/atom.xml").1.contains("鹦鹉螺"), "the feed quotes the new text");
    assert_partial(&serve);

    // What the preview now holds is byte for byte what a full build of the same files writes.
    assert_same_as_full_build(&site, &serve, "鹦鹉螺");
    let index: String = (0..8).map(|k| serve.get(&format!("/search/index/t/{k}.txt")).1).collect();
    assert!(index.contains("鹦鹉"), "the search index has the new words");

    // A broken shortcode in the text: the error is shown, then cleared by the fix.
    site.write(REPORT, &report("坏了。\n\n{{ chart(kind=\"pie\") }}"));
    let (page, _) = serve.wait_for("/reports/kickoff/", "the error overlay", |p| p.contains("gongjian-error"));
    assert!(page.contains("鹦鹉螺"), "the last good text stays");
    site.write(REPORT, &report("修好了。"));
    // (The file is replaced a moment before the error is cleared: poll for both.)
    serve.wait_for("/reports/kickoff/", "the fixed page without the overlay", |p| {
        p.contains("修好了") && !p.contains("gongjian-error")
    });
}

/// The last rebuild rendered again only some of the pages it built (the
/// others kept their files: nothing they read changed).
fn assert_partial(serve: &Serve) {
    let out = serve.stdout.lock().unwrap().clone();
    let last = out.lines().rfind(|l| l.contains("built ")).expect("a build line");
    let number = |after: &str| -> usize {
        let rest = &last[last.find(after).expect(after) + after.len()..];
        rest.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    let (pages, again) = (number("built "), number("pages ("));
    assert!(again < pages, "a save renders again part of the site, not all of it: {last}");
}

/// The served preview folder (the one showing `text`) holds exactly the files
/// and bytes a full build of the site's files writes.
fn assert_same_as_full_build(site: &Site, serve: &Serve, text: &str) {
    let served = serve.served_folder(text);
    let base = format!("http://{}/", serve.addr);
    // `serve` shows drafts and scheduled reports.
    site.build_with(&["--drafts", "--future", "--base-url", &base]);
    let (full, patched) = (list(&site.public("")), list(&served));
    assert_eq!(full, patched, "the same files");
    for rel in &full {
        let a = std::fs::read(site.public(rel)).unwrap();
        let b = std::fs::read(served.join(rel)).unwrap();
        assert!(a == b, "{rel} differs from a full build:\n{}", String::from_utf8_lossy(&b));
    }
}

fn numbers(new_projects: u32, title: &str, progress: u32, tags: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [{tags}]\nmetrics:\n  new_projects: {new_projects}\n  completed_investment: {new_projects}\nprojects:\n  - {{id: gre-steel, name: 格锐恩绿色钢能项目, investment: 20, status: started, progress: {progress}}}\n  - {{id: solo, name: 独立项目, investment: 5, status: started, progress: {progress}}}\n---\n开局。\n\n{{{{ chart(kind=\"trend\", metric=\"new_projects\") }}}}\n"
    )
}

#[test]
fn a_front_matter_save_rewrites_what_shows_its_numbers_and_matches_a_full_build() {
    let site = Site::with_campaign();
    // One entry per list page, so lists have pagers whose pages move.
    site.write("site.yaml", "title: 测试站\nbase_url: /\npaginate_by: 1\n");
    site.write(REPORT, &numbers(77, "开局", 30, "开局"));
    site.write(
        "content/reports/2021-09-01-later.md",
        "---\ntitle: 九月通报\ndate: 2021-09-01\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [开局]\nmetrics:\n  new_projects: 90\nprojects:\n  - {id: gre-steel, name: 格锐恩绿色钢能项目, status: started, progress: 60}\n---\n后来。\n\n{{ chart(kind=\"pace\") }}\n",
    );
    site.write(
        "content/reports/2021-09-02-elsewhere.md",
        "---\ntitle: 别县动态\ndate: 2021-09-02\ncounty: 南皮县\ntags: [其他]\n---\n别处。\n",
    );
    // No chart in its text: only its campaign box shows the campaign's numbers.
    site.write(
        "content/reports/2021-08-20-plain.md",
        "---\ntitle: 八月简讯\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n简讯。\n",
    );
    let serve = Serve::start(&site, 0);
    serve.wait_for("/reports/kickoff/", "the first build", |p| p.contains("开局"));
    serve.wait_for_standby();

    // First only the later report's text changes (its file, not the kept model, has the new body) ...
    site.write(
        "content/reports/2021-09-01-later.md",
        "---\ntitle: 九月通报\ndate: 2021-09-01\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [开局]\nmetrics:\n  new_projects: 90\nprojects:\n  - {id: gre-steel, name: 格锐恩绿色钢能项目, status: started, progress: 60}\n---\n后来又补了一段更长的文字。\n\n{{ chart(kind=\"pace\") }}\n",
    );
    serve.wait_for("/reports/later/", "the later report's new text", |p| p.contains("更长的文字"));
    serve.wait_for_output_n("built ", 2);
    // ... then numbers, a project's progress and the title of the first; every URL and list stays.
    site.write(REPORT, &numbers(81, "开局更正版", 35, "开局"));
    serve.wait_for("/reports/kickoff/", "the new title", |p| p.contains("开局更正版"));
    serve.wait_for_output_n("built ", 3);
    assert_partial(&serve);
    assert_same_as_full_build(&site, &serve, "开局更正版");

    // A new tag: its page and the list of tags are written, the rest stays.
    site.write(REPORT, &numbers(82, "开局再版", 35, "开局, 新标签"));
    serve.wait_for("/reports/kickoff/", "the new tag", |p| p.contains("开局再版"));
    serve.wait_for_output_n("built ", 4);
    assert_same_as_full_build(&site, &serve, "开局再版");
    assert!(serve.get("/tags/").1.contains("新标签"));
    let tag_page = "/tags/xin-biao-qian/";
    assert!(serve.get(tag_page).1.contains("开局再版"), "the new tag's page lists the report");

    // An older report joins a tag: every later page of that tag's pager moves.
    site.write(
        "content/reports/2021-08-20-plain.md",
        "---\ntitle: 八月简讯\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [开局]\n---\n简讯。\n",
    );
    serve.wait_for("/reports/plain/", "the tag on the older report", |p| p.contains("/tags/kai-ju/"));
    serve.wait_for_output_n("built ", 5);
    assert_same_as_full_build(&site, &serve, "开局再版");

    // The tag taken away again: its page is gone from the preview, as from a full build.
    site.write(REPORT, &numbers(82, "开局三版", 35, "开局"));
    serve.wait_for("/reports/kickoff/", "the tag taken away", |p| p.contains("开局三版"));
    serve.wait_for_output_n("built ", 6);
    assert_partial(&serve);
    assert_eq!(serve.get(tag_page).0, 404);
    assert_same_as_full_build(&site, &serve, "开局三版");
}

#[test]
fn a_numbers_save_rewrites_every_page_whose_template_draws_numbers() {
    let site = Site::with_campaign();
    // The site's own report template draws the campaign's trend on every report, even one of another county.
    site.write(
        "templates/report.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}\
         {{ chart(kind=\"trend\", campaign=\"dongguang-2021-r7\", metric=\"new_projects\") }}{% endblock content %}",
    );
    site.write(REPORT, &numbers(77, "开局", 30, "开局"));
    site.write(
        "content/reports/2021-09-01-later.md",
        "---\ntitle: 九月通报\ndate: 2021-09-01\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 90\n---\n后来。\n",
    );
    site.write(
        "content/reports/2021-09-02-elsewhere.md",
        "---\ntitle: 别县动态\ndate: 2021-09-02\ncounty: 南皮县\n---\n别处。\n",
    );
    let serve = Serve::start(&site, 0);
    serve.wait_for("/reports/elsewhere/", "the first build", |p| p.contains("别处"));
    serve.wait_for_standby();

    // A figure no other page gives: the trend on the other county's report must show it.
    site.write(REPORT, &numbers(64, "开局", 30, "开局"));
    serve.wait_for("/reports/elsewhere/", "the new figure in the trend", |p| p.contains("<td class=\"num\">64</td>"));
    serve.wait_for_output_n("built ", 2);
    assert_partial(&serve);
    assert_same_as_full_build(&site, &serve, "开局");
}

#[test]
fn an_older_reports_numbers_reach_the_reports_dated_after_it() {
    let site = Site::with_campaign();
    let kickoff = |completed: u32, title: &str| {
        format!("---\ntitle: {title}\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  completed_investment: {completed}\n---\n开局。\n")
    };
    site.write(REPORT, &kickoff(6, "开局"));
    // Gives no headline figure: its box shows the kickoff's, as of its date.
    site.write(
        "content/reports/2021-08-20-plain.md",
        "---\ntitle: 八月简讯\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 20\n---\n简讯。\n",
    );
    // The newest figure: the campaign's latest box does not change below.
    site.write(
        "content/reports/2021-09-01-later.md",
        "---\ntitle: 九月通报\ndate: 2021-09-01\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  completed_investment: 30\n---\n后来。\n",
    );
    let serve = Serve::start(&site, 0);
    serve.wait_for("/reports/plain/", "the first build", |p| p.contains("（完成投资）10%"));
    site.write(REPORT, &kickoff(9, "开局更正版"));
    serve
        .wait_for("/reports/plain/", "the kickoff's new figure on the later report", |p| p.contains("（完成投资）15%"));
    serve.wait_for_output_n("built ", 2);
    assert_same_as_full_build(&site, &serve, "开局更正版");

    // A figure going down stops the save: the error is shown over the last good page.
    site.write(
        "content/reports/2021-09-01-later.md",
        "---\ntitle: 九月通报\ndate: 2021-09-01\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  completed_investment: 3\n---\n后来。\n",
    );
    let (page, _) = serve.wait_for("/reports/later/", "the error overlay", |p| p.contains("gongjian-error"));
    assert!(page.contains("（完成投资）50%") && page.contains("goes down"), "{page}");
}

#[test]
fn scheduled_reports_are_previewed_with_a_mark() {
    let site = Site::with_campaign();
    site.write(REPORT, &report("开局。"));
    site.write(
        "content/reports/2021-09-01-later.md",
        "---\ntitle: 九月通报\ndate: 2021-09-01\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n后来。\n",
    );
    let serve = Serve::start_with(&site, &["--port", "0", "--today", "2021-08-15"]);
    let (later, _) = serve.wait_for("/reports/later/", "the scheduled report", |p| p.contains("九月通报"));
    assert!(later.contains("待发布"), "{later}");
    assert!(!serve.get("/reports/kickoff/").1.contains("待发布"), "a published report is not marked");
    // A build on that day leaves it out.
    site.build_with(&["--today", "2021-08-15"]);
    assert!(!site.exists("reports/later/index.html"));
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
fn the_overlay_and_console_speak_the_language_of_the_run() {
    let site = Site::with_campaign();
    site.write(REPORT, "---\ntitle: 开局\ndate: 2021-11-31\n---\n正文。\n");
    let serve = Serve::spawn(gongjian_default(), site.root(), &["--port", "0"]);
    let (_, page) = serve.get("/reports/kickoff/");
    assert!(page.contains("构建失败：下面仍是上次成功构建的页面") && page.contains(">关闭</button>"), "{page}");
    assert!(page.contains("字段 `date`") && page.contains("11月没有31日"), "{page}");
    let (_, js) = serve.get("/__gongjian/live.js");
    assert!(js.contains("\"关闭\"") && !js.contains("__CLOSE__"), "{js}");
    assert!(serve.stdout.lock().unwrap().contains("正在预览"), "the console line is Chinese");
    drop(serve);

    let serve = Serve::spawn(gongjian(), site.root(), &["--port", "0"]);
    let (_, page) = serve.get("/reports/kickoff/");
    assert!(
        page.contains("Build failed: below is the page as last built") && page.contains(">Close</button>"),
        "{page}"
    );
    assert!(page.contains("field `date`") && page.contains("month 11 has no day 31"), "{page}");
}

#[test]
fn serve_outside_a_site_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongjian().args(["serve", "--port", "0"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gongjian init"), "points at init");
}

/// A JPEG of `w`×`h` in one colour.
fn photo(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    let mut out = Vec::new();
    let img = image::RgbImage::from_pixel(w, h, image::Rgb(rgb));
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
    out
}

/// (status, bytes) of a GET of a binary file.
fn get_bytes(addr: &str, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, raw[head_end..].to_vec())
}

#[test]
fn a_photo_put_beside_a_report_appears_and_a_new_version_of_it_replaces_it() {
    let site = Site::with_campaign();
    site.write(REPORT, &report("开工仪式。"));
    let serve = Serve::start(&site, 0);
    serve.wait_for("/reports/kickoff/", "the first build", |p| p.contains("开工仪式"));

    // The editor copies the photo beside the report, then links it.
    site.write_bytes("content/reports/gongdi.jpg", &photo(1200, 900, [200, 30, 30]));
    site.write(REPORT, &report("开工仪式。\n\n![项目开工现场](gongdi.jpg \"东光县重点项目集中开工\")"));
    let (page, _) =
        serve.wait_for("/reports/kickoff/", "the photo", |p| p.contains("<figcaption>东光县重点项目集中开工"));
    assert!(page.contains("width=\"960\" height=\"720\""), "{page}");
    let src = |page: &str| {
        let at = page.find("<img src=\"").expect("an img") + 10;
        page[at..at + page[at..].find('"').unwrap()].to_string()
    };
    let (status, bytes) = get_bytes(&serve.addr, &src(&page));
    assert_eq!(status, 200, "the resized photo is served at {}", src(&page));
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 960);

    // A new version of the photo (cropped wider) is picked up without touching the report.
    site.write_bytes("content/reports/gongdi.jpg", &photo(1000, 500, [30, 30, 200]));
    let (page, _) = serve
        .wait_for("/reports/kickoff/", "the new version of the photo", |p| p.contains("width=\"960\" height=\"480\""));
    let (status, bytes) = get_bytes(&serve.addr, &src(&page));
    assert_eq!(status, 200);
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!((img.width(), img.height()), (960, 480));
    assert!(img.get_pixel(10, 10)[2] > 150, "the new, blue photo");
}
