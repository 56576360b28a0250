//! The preview's HTTP side (tiny_http, one thread per request): static files
//! from the folder of the last good build, the live-reload script and its
//! event stream, and the error overlay. The script and overlay are added to
//! HTML responses here, at serve time, so built output never carries them.

use crate::messages::serve::Serve;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::{LiveEvent, ServeError, Shared};

const LIVE_JS: &str = include_str!("live.js");
/// Reserved prefix of the preview's own URLs; no site page can live there.
const OWN: &str = "/__gongjian/";

/// The page shown while no build has succeeded yet (the overlay goes over it).
fn no_site_yet() -> String {
    let lang = if crate::messages::lang() == crate::messages::Lang::En { "en" } else { "zh-Hans" };
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body></body></html>",
        escape(&Serve::OverlayPageTitle.to_string())
    )
}

/// Listens on 127.0.0.1 only: a preview shows unpublished drafts, so it must
/// not be reachable from the network. A taken port falls back to a free one.
pub fn bind(port: u16) -> Result<Server, ServeError> {
    match Server::http(("127.0.0.1", port)) {
        Ok(s) => Ok(s),
        Err(e) if port != 0 => {
            eprintln!("{}", Serve::PortTaken { port, why: e.to_string() });
            Server::http(("127.0.0.1", 0)).map_err(|e| ServeError::CannotListen { why: e.to_string() })
        }
        Err(e) => Err(ServeError::CannotListen { why: e.to_string() }),
    }
}

pub fn serve(server: Server, shared: Arc<Shared>) {
    for req in server.incoming_requests() {
        let shared = shared.clone();
        // The event stream holds its connection open, so every request gets a thread.
        let _ = std::thread::Builder::new().name("gongjian-http".into()).spawn(move || handle(req, &shared));
    }
}

fn handle(req: Request, shared: &Shared) {
    let host = req.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    if !local_host(host.as_deref().unwrap_or("")) {
        let _ = req.respond(text(403, &Serve::RefusedHost.to_string()));
        return;
    }
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(text(405, &Serve::RefusedMethod.to_string()));
        return;
    }
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    match path.strip_prefix(OWN) {
        Some("events") => events(req, shared),
        Some("live.js") => {
            // One source for the overlay's look: the script gets the server's style and title.
            let js = LIVE_JS
                .replace("__STYLE__", OVERLAY_STYLE)
                .replace("__TITLE__", &js_text(&Serve::OverlayTitle.to_string()))
                .replace("__CLOSE__", &js_text(&Serve::OverlayClose.to_string()));
            let _ = req.respond(no_store(with_type(Response::from_string(js), "text/javascript; charset=utf-8")));
        }
        Some("status") => {
            // For scripts and tests: "ok <gen>" or "error <gen>" and the error text.
            let (gen, _, error) = shared.snapshot();
            let body = match error {
                None => format!("ok {gen}\n"),
                Some(e) => format!("error {gen}\n{e}\n"),
            };
            let _ = req.respond(text(200, &body));
        }
        _ => file(req, path, shared),
    }
}

/// Is `host` (a Host header) this machine by name: `localhost`,
/// `127.0.0.1` or `[::1]`, with any port? Another name reaching the preview
/// is a web page that pointed its own domain at 127.0.0.1 (DNS rebinding)
/// to read the drafts.
pub(crate) fn local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !name.ends_with(':') => {
            name
        }
        _ => host,
    };
    ["localhost", "127.0.0.1", "[::1]"].iter().any(|ok| name.eq_ignore_ascii_case(ok))
}

/// `url_path` with each run of slashes made one: `//host/x` would be read
/// by a browser as another site's address.
fn single_slashes(url_path: &str) -> String {
    let mut out = String::with_capacity(url_path.len());
    for c in url_path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// Where a request path leads inside the site folder.
#[derive(Debug, PartialEq)]
pub(crate) enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash: relative links need it.
    Redirect(String),
    NotFound,
    /// `..`, a backslash, a NUL, or a link pointing out of the folder.
    Refused,
}

/// The path's segments once decoded, or None when it could leave the site
/// folder (`..`, `.`, a backslash, a NUL) or is not valid percent-encoding.
fn segments(url_path: &str) -> Option<(Vec<String>, bool)> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segs = Vec::new();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || Path::new(seg).components().any(|c| !matches!(c, Component::Normal(_))) {
            return None;
        }
        segs.push(seg.to_string());
    }
    Some((segs, decoded.ends_with('/')))
}

/// Resolves a URL path against `dir`, refusing anything that could leave it.
pub(crate) fn resolve(dir: &Path, url_path: &str) -> Target {
    let Some((segs, slash)) = segments(url_path) else { return Target::Refused };
    let mut path = dir.to_path_buf();
    path.extend(&segs);
    if path.is_dir() {
        if !slash && !segs.is_empty() {
            return Target::Redirect(format!("{}/", single_slashes(url_path)));
        }
        path.push("index.html");
    }
    if !path.is_file() {
        return Target::NotFound;
    }
    // A symbolic link in static/ could still point elsewhere; only what really lies inside is served.
    match (std::fs::canonicalize(&path), std::fs::canonicalize(dir)) {
        (Ok(p), Ok(d)) if p.starts_with(&d) => Target::File(path),
        _ => Target::Refused,
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn file(req: Request, path: &str, shared: &Shared) {
    let (gen, site, error) = shared.snapshot();
    if segments(path).is_none() {
        let _ = req.respond(text(403, &Serve::RefusedPath.to_string()));
        return;
    }
    let Some(site) = site else {
        // No build has succeeded yet: all there is to show is why.
        let _ = req.respond(html_response(503, &no_site_yet(), gen, error.as_deref()));
        return;
    };
    match resolve(&site, path) {
        Target::File(p) => {
            let Ok(bytes) = std::fs::read(&p) else {
                let _ = req.respond(text(404, &Serve::NotFound.to_string()));
                return;
            };
            let kind = content_type(&p);
            if kind.starts_with("text/html") {
                let html = String::from_utf8_lossy(&bytes);
                let _ = req.respond(html_response(200, &html, gen, error.as_deref()));
            } else {
                let _ = req.respond(no_store(with_type(Response::from_data(bytes), kind)));
            }
        }
        Target::Redirect(to) => {
            let h = Header::from_bytes("Location", to.as_bytes()).expect("valid header");
            let _ = req.respond(Response::empty(StatusCode(301)).with_header(h));
        }
        Target::NotFound => {
            let html = std::fs::read_to_string(site.join("404.html"))
                .unwrap_or_else(|_| "<!DOCTYPE html><html><body><h1>404</h1></body></html>".into());
            let _ = req.respond(html_response(404, &html, gen, error.as_deref()));
        }
        Target::Refused => {
            let _ = req.respond(text(403, &Serve::RefusedPath.to_string()));
        }
    }
}

/// An HTML page with the live-reload script (and the error overlay while the latest build is broken).
fn html_response(status: u16, html: &str, gen: u64, error: Option<&str>) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = inject(html, gen, error);
    let r = Response::from_data(body.into_bytes()).with_status_code(status);
    no_store(with_type(r, "text/html; charset=utf-8"))
}

/// Adds the script (and overlay) before the last `</body>`, or at the end.
pub(crate) fn inject(html: &str, gen: u64, error: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(e) = error {
        extra.push_str(&overlay(e));
    }
    extra.push_str(&format!("<script src=\"{OWN}live.js?gen={gen}\"></script>\n"));
    let at = html.to_ascii_lowercase().rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out
}

/// The overlay, rendered by the server so it shows even before the script runs.
/// live.js builds the same element when an error arrives over the event
/// stream, and makes its button close it. It is a panel over the top of the
/// page, so the last good page stays readable under it.
fn overlay(error: &str) -> String {
    format!(
        "<div id=\"gongjian-error\" role=\"alert\" style=\"{OVERLAY_STYLE}\">\
         <button type=\"button\" style=\"float:right;font:inherit;cursor:pointer\">{}</button>\
         <p style=\"margin:0 0 .5em;font-size:16px;color:#ff8a80\">{}</p>\
         <pre style=\"margin:0;white-space:pre-wrap\">{}</pre></div>\n",
        escape(&Serve::OverlayClose.to_string()),
        escape(&Serve::OverlayTitle.to_string()),
        escape(error)
    )
}

/// `s` safe inside a double-quoted JavaScript string.
fn js_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('<', "\\u003c")
}

const OVERLAY_STYLE: &str = "position:fixed;top:0;left:0;right:0;max-height:70vh;overflow:auto;z-index:2147483647;\
     background:#1e1e1e;color:#f5f5f5;padding:1em 1.5em;font:14px/1.6 monospace;box-shadow:0 4px 16px rgba(0,0,0,.5)";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Server-sent events: the current state at once, then every build's outcome.
fn events(req: Request, shared: &Shared) {
    let (tx, rx) = mpsc::channel();
    // Subscribe before reading the state, so no build can slip between the two.
    shared.subscribe(tx);
    let (gen, _, error) = shared.snapshot();
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
                Connection: close\r\n\r\nretry: 500\n\n";
    let mut ok = w.write_all(head.as_bytes()).is_ok() && send(&mut w, &LiveEvent::Reload(gen));
    if let Some(e) = error {
        ok = ok && send(&mut w, &LiveEvent::Failed(e));
    }
    while ok {
        ok = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(ev) => send(&mut w, &ev),
            // A comment now and then finds closed tabs, so their threads end.
            Err(RecvTimeoutError::Timeout) => w.write_all(b": ping\n\n").and_then(|_| w.flush()).is_ok(),
            Err(RecvTimeoutError::Disconnected) => false,
        };
    }
}

fn send(w: &mut dyn Write, ev: &LiveEvent) -> bool {
    let msg = match ev {
        LiveEvent::Reload(gen) => format!("event: reload\ndata: {gen}\n\n"),
        // Not "error": EventSource fires that name for its own connection errors.
        LiveEvent::Failed(text) => {
            let mut m = String::from("event: build-error\n");
            for line in text.lines() {
                m.push_str("data: ");
                m.push_str(line);
                m.push('\n');
            }
            m.push('\n');
            m
        }
    };
    w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_ok()
}

fn content_type(p: &Path) -> &'static str {
    let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => match p.file_name().and_then(|n| n.to_str()) {
            Some("atom.xml") => "application/atom+xml; charset=utf-8",
            Some("rss.xml") => "application/rss+xml; charset=utf-8",
            _ => "application/xml; charset=utf-8",
        },
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

fn with_type<R: Read>(r: Response<R>, kind: &str) -> Response<R> {
    r.with_header(Header::from_bytes("Content-Type", kind.as_bytes()).expect("valid header"))
}

/// The preview changes on every save; a cached page would hide the change.
fn no_store<R: Read>(r: Response<R>) -> Response<R> {
    r.with_header(Header::from_bytes("Cache-Control", "no-store").expect("valid header"))
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    no_store(with_type(Response::from_string(body).with_status_code(status), "text/plain; charset=utf-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("reports/a")).unwrap();
        std::fs::write(site.join("reports/a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        assert_eq!(resolve(&site, "/reports/a/"), Target::File(site.join("reports/a/index.html")));
        assert_eq!(resolve(&site, "/reports/a"), Target::Redirect("/reports/a/".into()));
        assert_eq!(resolve(&site, "//reports/a"), Target::Redirect("/reports/a/".into()), "never //host/");
        assert_eq!(resolve(&site, "/reports//a"), Target::Redirect("/reports/a/".into()));
        assert_eq!(resolve(&site, "/reports/b/"), Target::NotFound);
        for bad in
            ["/../secret.txt", "/reports/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/a%5c..%5cb"]
        {
            assert_eq!(resolve(&site, bad), Target::Refused, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
            assert_eq!(resolve(&site, "/link.txt"), Target::Refused);
        }
    }

    #[test]
    fn only_this_machine_by_name_is_answered() {
        for ok in ["localhost", "localhost:1111", "127.0.0.1:8080", "[::1]:1111", "[::1]", "LOCALHOST:1"] {
            assert!(local_host(ok), "{ok}");
        }
        for bad in
            ["", "evil.example", "evil.example:1111", "127.0.0.1.evil.example", "localhost.evil:80", "[::1]x", "::1"]
        {
            assert!(!local_host(bad), "{bad}");
        }
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject("<html><body><p>x</p></BODY></html>", 3, Some("error: <bad>"));
        let script = out.find("live.js?gen=3").unwrap();
        assert!(script < out.find("</BODY>").unwrap());
        assert!(out.contains("error: &lt;bad&gt;"));
        assert!(inject("plain", 1, None).starts_with("plain<script"));
    }
}
