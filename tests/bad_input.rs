//! Bad input never breaks the site: each case gets a message naming file,
//! line and field, exit status 1, and the previous output survives.

mod common;
use common::*;

struct Case {
    name: &'static str,
    file: &'static str,
    text: &'static str,
    /// Every string must appear in the messages.
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "invalid YAML",
        file: "content/reports/bad.md",
        text: "---\ntitle: 坏文件\ndate: 2021-08-10\ntags: [项目建设, 招商\n---\n正文\n",
        expect: &["content/reports/bad.md:", "tags: [项目建设, 招商"],
    },
    Case {
        name: "unclosed front-matter",
        file: "content/reports/bad.md",
        text: "---\ntitle: 没有结尾\ndate: 2021-08-10\n正文\n",
        expect: &["content/reports/bad.md:1", "never closed", "---"],
    },
    Case {
        name: "wrong type",
        file: "content/reports/bad.md",
        text: "---\ntitle: 类型错误\ndate: 2021-08-10\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 七十七\n---\n正文\n",
        expect: &["content/reports/bad.md:6", "new_projects", "七十七"],
    },
    Case {
        name: "out-of-range progress",
        file: "content/reports/bad.md",
        text: "---\ntitle: 进度超限\ndate: 2021-08-10\nprojects:\n  - name: 某项目\n    progress: 150\n---\n正文\n",
        expect: &["content/reports/bad.md:6", "projects[0].progress", "0 to 100", "150"],
    },
    Case {
        name: "invalid date",
        file: "content/reports/bad.md",
        text: "---\ntitle: 日期错误\ndate: 2021-13-45\n---\n正文\n",
        expect: &["content/reports/bad.md:3", "`date`", "2021-13-45", "YYYY-MM-DD"],
    },
    Case {
        name: "missing date on a report",
        file: "content/reports/bad.md",
        text: "---\ntitle: 没有日期\n---\n正文\n",
        expect: &["content/reports/bad.md", "`date`", "publication date"],
    },
    Case {
        name: "unknown campaign",
        file: "content/reports/bad.md",
        text: "---\ntitle: 未知行动\ndate: 2021-08-10\ncampaign: dongguang-2099\n---\n正文\n",
        expect: &["content/reports/bad.md:4", "`campaign`", "dongguang-2099", "dongguang-2021-r7"],
    },
    Case {
        name: "undeclared metric",
        file: "content/reports/bad.md",
        text: "---\ntitle: 未声明指标\ndate: 2021-08-10\ncampaign: dongguang-2021-r7\nmetrics:\n  jobs_created: 5\n---\n正文\n",
        expect: &["content/reports/bad.md:6", "metrics.jobs_created", "new_projects, total_investment, completed_investment"],
    },
    Case {
        name: "duplicate slug",
        file: "content/reports/other.md",
        text: "---\ntitle: 同一网址\ndate: 2021-08-11\nslug: good\n---\n正文\n",
        expect: &["content/reports/other.md", "/reports/good/", "content/reports/good.md", "slug"],
    },
    Case {
        name: "slug that tries to leave the output",
        file: "content/reports/evil.md",
        text: "---\ntitle: 越界\ndate: 2021-08-11\nslug: ../../etc\n---\n正文\n",
        expect: &["content/reports/evil.md:4", "`slug`", "a-z, 0-9 and -"],
    },
    Case {
        name: "template error",
        file: "templates/404.html",
        text: "{% extends \"base.html\" %}\n{% block content %}\n{{ oops(\n{% endblock content %}\n",
        expect: &["templates/404.html", "404.html:"],
    },
    Case {
        name: "empty file",
        file: "content/reports/empty.md",
        text: "",
        expect: &["content/reports/empty.md", "empty"],
    },
    Case {
        name: "no front-matter",
        file: "content/reports/plain.md",
        text: "只有正文，没有前言。\n",
        expect: &["content/reports/plain.md:1", "front-matter", "---"],
    },
];

#[test]
fn each_bad_input_is_named_and_the_old_site_survives() {
    for case in CASES {
        let (s, home) = built_site();
        s.write(case.file, case.text);
        let err = s.build_fails();
        for e in case.expect {
            assert!(err.contains(e), "case {:?}: expected {e:?} in:\n{err}", case.name);
        }
        assert_eq!(s.read("index.html"), home, "case {:?}: previous output must survive", case.name);
        assert!(s.exists("reports/good/index.html"));
    }
}

#[test]
fn all_errors_of_a_build_are_listed_together() {
    let (s, _) = built_site();
    s.write("content/reports/a.md", "---\ntitle: 甲\ndate: 2021-99-01\n---\n");
    s.write("content/reports/b.md", "---\ntitle: 乙\ndate: 2021-08-10\ncampaign: nope\n---\n");
    s.write("content/reports/c.md", "---\ntitle: [丙\n---\n");
    let err = s.build_fails();
    for f in ["content/reports/a.md", "content/reports/b.md", "content/reports/c.md"] {
        assert!(err.contains(f), "{f} missing from:\n{err}");
    }
    assert!(err.contains("3 error(s)"), "{err}");
}

#[test]
fn gbk_file_is_named_with_a_fix_and_decoded_on_request() {
    let (s, home) = built_site();
    // "---\ntitle: 东光县\ndate: 2021-08-10\n---\n项目建设\n" in GBK.
    let mut gbk = b"---\ntitle: ".to_vec();
    gbk.extend_from_slice(&[0xB6, 0xAB, 0xB9, 0xE2, 0xCF, 0xD8]);
    gbk.extend_from_slice(b"\ndate: 2021-08-10\n---\n");
    gbk.extend_from_slice(&[0xCF, 0xEE, 0xC4, 0xBF, 0xBD, 0xA8, 0xC9, 0xE8, b'\n']);
    s.write_bytes("content/reports/word.md", &gbk);
    let err = s.build_fails();
    assert!(err.contains("content/reports/word.md:2"), "{err}");
    assert!(err.contains("GBK") && err.contains("iconv -f GBK -t UTF-8"), "{err}");
    assert_eq!(s.read("index.html"), home);
    s.write("site.yaml", "title: 测试站\ndecode_gbk: true\n");
    s.build();
    assert!(s.read("reports/word/index.html").contains("东光县"));
}

#[test]
fn huge_file_is_refused() {
    let (s, home) = built_site();
    let mut text = String::from("---\ntitle: 超大文件\ndate: 2021-08-10\n---\n");
    while text.len() < 20 * 1024 * 1024 {
        text.push_str("攻坚项目建设进展顺利。");
    }
    s.write("content/reports/huge.md", &text);
    let err = s.build_fails();
    assert!(err.contains("content/reports/huge.md") && err.contains("MB"), "{err}");
    assert_eq!(s.read("index.html"), home);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported() {
    let (s, home) = built_site();
    std::fs::create_dir_all(s.root().join("content/reports/sub")).unwrap();
    std::os::unix::fs::symlink(s.root().join("content/reports"), s.root().join("content/reports/sub/loop")).unwrap();
    let err = s.build_fails();
    assert!(err.contains("loop"), "{err}");
    assert_eq!(s.read("index.html"), home);
}

#[cfg(unix)]
#[test]
fn killed_build_leaves_the_old_site_and_no_litter() {
    let (s, home) = built_site();
    for i in 0..3000 {
        s.write(&format!("content/reports/r{i}.md"), &GOOD.replace("正常报道", &format!("第{i}篇")));
    }
    let mut child = gongjian()
        .arg("build")
        .current_dir(s.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the build is writing into its standby folder (in .gongjian/), then kill it.
    let staging = || {
        std::fs::read_dir(s.root().join(".gongjian"))
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".standby") && e.path().join("reports").is_dir())
    };
    let t0 = std::time::Instant::now();
    while !staging() && t0.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(s.read("index.html"), home, "the killed build must not touch the output");
    s.build();
    let litter: Vec<String> = std::fs::read_dir(s.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gongjian-tmp"))
        .collect();
    assert!(litter.is_empty(), "temp folders left behind: {litter:?}");
    assert!(s.exists("reports/r2999/index.html"));
}
