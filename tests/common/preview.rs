//! A running `gongjian serve` for the serve tests: started on a fixture site,
//! its output captured, read over plain HTTP, stopped with Ctrl-C (so it
//! removes its preview folder) when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Preview {
    pub child: Child,
    /// `127.0.0.1:PORT`, as serve printed it.
    pub addr: String,
    pub port: u16,
    pub stderr: Arc<Mutex<String>>,
    pub stdout: Arc<Mutex<String>>,
}

impl Drop for Preview {
    /// Ctrl-C (SIGINT) first, as an editor stops it; then SIGKILL.
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

/// Copies everything `from` says into `sink` as it arrives.
fn drain(mut from: impl Read + Send + 'static, sink: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
}

impl Preview {
    /// `cmd serve ARGS` in `root` (`cmd` sets the language and environment);
    /// returns once serve has printed its address.
    pub fn spawn(mut cmd: Command, root: &std::path::Path, args: &[&str]) -> Preview {
        let mut child = cmd
            .arg("serve")
            .args(args)
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gongjian serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        drain(child.stderr.take().unwrap(), stderr.clone());
        // The address is on the "serving … at http://127.0.0.1:PORT/" line; stdout is kept after it.
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        let stdout = Arc::new(Mutex::new(String::new()));
        let sink = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
                if let Some(i) = line.find("http://127.0.0.1:") {
                    let addr = line[i + 7..].trim_end_matches(|c: char| !c.is_ascii_digit()).to_string();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("serve printed no address; stderr:\n{}", stderr.lock().unwrap()));
        let port = addr.rsplit(':').next().and_then(|p| p.parse().ok()).expect("a port in the address");
        Preview { child, addr, port, stderr, stdout }
    }

    /// (status, head, body) of a GET with this Host header (none when None);
    /// the request line is sent as given (no normalising).
    pub fn get_as(&self, path: &str, host: Option<&str>) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        write!(s, "GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        (status, head.to_string(), body.to_string())
    }

    /// (status, body) of a GET as a browser on this machine sends it.
    pub fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.get_as(path, Some(&self.addr));
        (status, body)
    }

    /// Polls every 50 ms for up to `limit` until `ok` holds for the page;
    /// returns it and how long that took.
    pub fn poll(&self, path: &str, what: &str, limit: Duration, ok: impl Fn(&str) -> bool) -> (String, Duration) {
        let started = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if ok(&body) {
                return (body, started.elapsed());
            }
            assert!(
                started.elapsed() < limit,
                "{what}: {path} not seen within {limit:?}\npage:\n{body}\nserve stderr:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
