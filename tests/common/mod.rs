//! Fixture sites for integration tests: write files into a temp folder, run
//! the real `gongjian` binary on it, read what a reader would get.
#![allow(dead_code)]

pub mod preview;
pub mod xlsx;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `gongjian` binary with English messages: most tests pin the English
/// wording (tests/messages_zh.rs pins the Chinese, which is the default).
pub fn gongjian() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongjian"));
    cmd.env("GONGJIAN_LANG", "en");
    cmd
}

/// The `gongjian` binary as a user runs it: no language chosen (Chinese).
pub fn gongjian_default() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongjian"));
    cmd.env_remove("GONGJIAN_LANG");
    cmd
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub const CAMPAIGN: &str = "---
title: 东光县第七轮项目建设百日攻坚
county: 东光县
start: 2021-08-01
end: 2021-11-08
series: dongguang-100-days
round: 7
metrics:
  new_projects: {label: 新开工项目, unit: 个, target: 77}
  total_investment: {label: 总投资, unit: 亿元, target: 93}
  completed_investment: {label: 完成投资, unit: 亿元, target: 60, headline: true}
---
第七轮百日攻坚。
";

/// The footer items `check` asks of a Chinese government site (主办单位, ICP备案号, 标识码).
pub const FOOTER_YAML: &str =
    "footer: {organizer: 中共东光县委宣传部, icp: 冀ICP备12345678号-1, site_code: '1309230001'}\n";

impl Site {
    /// An empty site with a site.yaml.
    pub fn new() -> Site {
        let s = Site { dir: tempfile::tempdir().expect("temp dir") };
        s.write("site.yaml", "title: 测试站\nbase_url: /\n");
        s
    }

    /// A site with one campaign (`dongguang-2021-r7`).
    pub fn with_campaign() -> Site {
        let s = Site::new();
        s.write("content/campaigns/dongguang-2021-r7.md", CAMPAIGN);
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Site {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Output {
        gongjian().args(args).current_dir(self.dir.path()).output().expect("run gongjian")
    }

    /// `gongjian build` in the site; panics with the messages if it fails.
    pub fn build(&self) -> Output {
        self.build_with(&[])
    }

    pub fn build_with(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        out
    }

    /// `gongjian build` expected to fail; returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self.run(&["build"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "expected exit 1, got {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            stderr(&out)
        );
        stderr(&out)
    }

    pub fn public(&self, rel: &str) -> PathBuf {
        self.dir.path().join("public").join(rel)
    }

    /// A file of the output; panics naming it when missing.
    pub fn read(&self, rel: &str) -> String {
        let p = self.public(rel);
        std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("{}: {e}\noutput has: {:?}", p.display(), list(&self.public(""))))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public(rel).exists()
    }
}

/// A report of the campaign `Site::with_campaign` holds.
pub const GOOD: &str = "---\ntitle: 正常报道\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 10\n---\n正文。\n";

/// A site that built once (with `GOOD` as `content/reports/good.md`), so
/// there is a previous output to protect; and its home page.
pub fn built_site() -> (Site, String) {
    let s = Site::with_campaign();
    s.write("content/reports/good.md", GOOD);
    s.build();
    let home = s.read("index.html");
    (s, home)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn list(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        walk(dir).into_iter().map(|p| p.strip_prefix(dir).unwrap().display().to_string()).collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The text a reader sees in the element with `class="prose"` (tags stripped, whitespace kept).
pub fn prose(html: &str) -> String {
    let start = html.find("class=\"prose\"").expect("page has a prose block");
    let body = &html[start..];
    let end = body.find("</div>").unwrap_or(body.len());
    strip(&body[..end])
}

pub fn strip(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out
}
