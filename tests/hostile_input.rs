//! Hostile and careless input, round two (the input half): every case is
//! refused or reported with the file, line and field a writer must fix, the
//! previous site survives, and nothing from outside the site is published.

mod common;
use common::*;

fn report(fields: &str) -> String {
    format!("---\ntitle: 报道\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\n{fields}---\n正文。\n")
}

struct Case {
    name: &'static str,
    file: &'static str,
    text: String,
    /// Every string must appear in the messages.
    expect: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    let case = |name, file, text: String, expect| Case { name, file, text, expect };
    vec![
        case("huge metric", "content/reports/bad.md", report("metrics:\n  new_projects: 1.7e308\n"), &[
            "content/reports/bad.md:7",
            "metrics.new_projects",
            "1.7e308",
        ]),
        case("negative huge metric", "content/reports/bad.md", report("metrics:\n  new_projects: -1.7e308\n"), &[
            "content/reports/bad.md:7",
            "metrics.new_projects",
        ]),
        case("NaN metric", "content/reports/bad.md", report("metrics:\n  new_projects: .nan\n"), &[
            "content/reports/bad.md:7",
            "not a number",
        ]),
        case(
            "campaign target overflow",
            "content/campaigns/big.md",
            "---\ntitle: 大\ncounty: 东光县\nstart: 2021-01-01\nend: 2021-12-31\nmetrics:\n  a: {label: 甲, target: 1.6e308}\n---\n"
                .into(),
            &["content/campaigns/big.md:7", "metrics.a.target"],
        ),
        case("infinite ranking score", "content/reports/bad.md", report("rankings:\n  - {name: 甲镇, score: .inf}\n"), &[
            "content/reports/bad.md:7",
            "rankings[0].score",
        ]),
        case("year -1", "content/reports/bad.md", report("").replace("2021-08-20", "-0001-01-01"), &[
            "content/reports/bad.md:3",
            "`date`",
            "year -1 is outside 1900–2200",
        ]),
        case("year 20211", "content/reports/bad.md", report("").replace("2021-08-20", "+20211-08-20"), &[
            "content/reports/bad.md:3",
            "`date`",
        ]),
        case(
            "deep nesting",
            "content/reports/bad.md",
            format!("---\ntitle: 深\ndate: 2021-08-20\nextra: {}\n---\n", "{a: ".repeat(100_000)),
            &["content/reports/bad.md:4", "nest more than 64"],
        ),
        case("project name with no letters", "content/reports/bad.md", report("projects:\n  - name: ！！！\n"), &[
            "content/reports/bad.md:7",
            "projects[0].name",
            "cannot name a page",
        ]),
        case("slug too long for a file name", "content/reports/bad.md", report(&format!("slug: {}\n", "a".repeat(300))), &[
            "content/reports/bad.md:6",
            "`slug`",
            "at most 80",
        ]),
        case("tag of punctuation", "content/reports/bad.md", report("tags: [招商, \"???\"]\n"), &[
            "content/reports/bad.md:6",
            "tags[1]",
        ]),
        case(
            "series of punctuation",
            "content/campaigns/odd.md",
            "---\ntitle: 怪\ncounty: 东光县\nseries: \"!!!\"\nstart: 2021-01-01\nend: 2021-12-31\n---\n".into(),
            &["content/campaigns/odd.md:4", "`series`"],
        ),
        case(
            "three wrong types",
            "content/reports/bad.md",
            report("metrics:\n  new_projects: 七十七\n  total_investment: 九十三\nweight: 重\n"),
            &[
                "content/reports/bad.md:7",
                "content/reports/bad.md:8",
                "content/reports/bad.md:9",
                "七十七",
                "九十三",
            ],
        ),
        case("duplicate key", "content/reports/bad.md", report("title: 又一个标题\n"), &[
            "content/reports/bad.md:6",
            "duplicate",
            "又一个标题",
        ]),
        case("duplicate metric", "content/reports/bad.md", report("metrics:\n  new_projects: 1\n  new_projects: 2\n"), &[
            "content/reports/bad.md:8",
            "duplicate",
        ]),
        case(
            "escape sequence in a value",
            "content/reports/bad.md",
            report("").replace("2021-08-20", "\"\u{1b}]0;x\u{7}2021\""),
            &["content/reports/bad.md:3", "\\u{001B}"],
        ),
        case(
            "zero-width space in a date",
            "content/reports/bad.md",
            report("").replace("2021-08-20", "2021-08-\u{200b}20"),
            &["content/reports/bad.md:3", "\\u{200B}"],
        ),
        case(
            "content page in a generated folder",
            "content/search/_index.md",
            "---\ntitle: 搜索\n---\n".into(),
            &["content/search/_index.md", "/search/", "search page"],
        ),
        case("content page at a tag's URL", "content/tags/foo.md", "---\ntitle: 标签\n---\n".into(), &[
            "content/tags/foo.md",
            "/tags/foo/",
        ]),
        case("static file over a feed", "static/atom.xml", "<feed/>".into(), &["static/atom.xml", "would replace /atom.xml"]),
        case("content file over a page", "content/reports/good/index.html", "<p>x</p>".into(), &[
            "would replace /reports/good/index.html",
        ]),
        case("script in a content SVG", "content/reports/chart.svg", "<svg onload=\"alert(1)\"></svg>".into(), &[
            "content/reports/chart.svg",
            "event handler",
            "unsafe_html",
        ]),
        case("script in a content HTML", "content/files/a.html", "<script>alert(1)</script>".into(), &[
            "content/files/a.html",
            "<script",
        ]),
    ]
}

#[test]
fn each_hostile_input_is_named_and_the_old_site_survives() {
    for case in cases() {
        let (s, home) = built_site();
        s.write(case.file, &case.text);
        let started = std::time::Instant::now();
        let err = s.build_fails();
        for e in case.expect {
            assert!(err.contains(e), "case {:?}: expected {e:?} in:\n{err}", case.name);
        }
        assert!(!err.contains("panicked"), "case {:?}: {err}", case.name);
        assert!(!err.contains('\u{1b}'), "case {:?}: a raw escape reached the terminal", case.name);
        assert!(started.elapsed().as_secs() < 20, "case {:?} took {:?}", case.name, started.elapsed());
        assert_eq!(s.read("index.html"), home, "case {:?}: previous output must survive", case.name);
        let source = std::fs::read_to_string(s.root().join(case.file)).expect("source kept");
        assert_eq!(source, case.text, "case {:?}: the source file must be left as it was", case.name);
        // `check` finds the same problem.
        let out = s.run(&["check"]);
        assert_eq!(out.status.code(), Some(1), "case {:?}: check must fail too", case.name);
    }
}

#[test]
fn a_file_with_an_override_may_replace_a_generated_file() {
    let (s, _) = built_site();
    s.write("site.yaml", "title: 测试站\nbase_url: /\noverrides: [robots.txt]\n");
    s.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    s.build();
    assert_eq!(s.read("robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
}

#[test]
fn long_and_foreign_names_get_working_urls() {
    let s = Site::with_campaign();
    let long = "东光县经济开发区年产十万吨高端装备制造及配套产业园基础设施建设暨智能物流仓储中心一期工程项目";
    s.write(
        "content/reports/a.md",
        &report(&format!(
            "projects:\n  - name: {long}\n    investment: 5\n  - name: Café Lumière\n    investment: 1\n"
        )),
    );
    s.build();
    let projects = s.read("projects/index.html");
    let href = |name: &str| {
        let at = projects.find(name).unwrap_or_else(|| panic!("{name} listed"));
        let start = projects[..at].rfind("href=\"").expect("a link") + 6;
        projects[start..start + projects[start..].find('"').unwrap()].to_string()
    };
    let long_url = href(long);
    let seg = long_url.trim_end_matches('/').rsplit('/').next().unwrap().to_string();
    assert!(seg.len() <= 80 && seg.starts_with("dong-guang-xian-jing-ji"), "{long_url}");
    assert!(s.exists(&format!("projects/{seg}/index.html")));
    assert!(href("Café Lumière").ends_with("/projects/cafe-lumiere/"), "{}", href("Café Lumière"));
    assert!(s.exists("projects/cafe-lumiere/index.html"));
}

#[test]
fn editor_leftovers_and_dotfiles_are_not_published() {
    let (s, _) = built_site();
    for f in [
        "content/reports/good.md~",
        "content/reports/good.md.bak",
        "content/reports/.#good.md",
        "content/reports/.good.md.swp",
    ] {
        s.write(f, "leftover");
    }
    s.write("content/reports/photo.jpg", "jpeg");
    s.write("static/.env", "SECRET=1");
    s.write("static/logo.png.orig", "old");
    s.write("static/.well-known/security.txt", "Contact: mailto:x@example.gov.cn");
    s.build();
    let files = list(&s.public(""));
    assert!(files.iter().any(|f| f.ends_with("photo.jpg")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".well-known/security.txt")), "{files:?}");
    for bad in ["~", ".bak", ".#good", ".swp", ".env", ".orig"] {
        assert!(!files.iter().any(|f| f.contains(bad)), "{bad} published: {files:?}");
    }
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_not_followed() {
    let (s, _) = built_site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    std::fs::write(outside.path().join("note.md"), "---\ntitle: 外部\n---\n外部文件\n").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", s.root().join("content/reports/passwd.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), s.root().join("content/outside")).unwrap();
    // A link inside the site works.
    s.write("shared/logo.png", "png");
    std::fs::create_dir_all(s.root().join("static")).unwrap();
    std::os::unix::fs::symlink(s.root().join("shared"), s.root().join("static/shared")).unwrap();
    let out = s.build();
    let err = stderr(&out);
    assert!(err.contains("content/reports/passwd.txt") && err.contains("outside the site folder"), "{err}");
    assert!(err.contains("content/outside"), "{err}");
    let files = list(&s.public(""));
    assert!(!files.iter().any(|f| f.contains("passwd") || f.contains("secret") || f.contains("outside")), "{files:?}");
    assert!(s.read("shared/logo.png") == "png");
    // In static/, a link out of the site is refused, not skipped.
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), s.root().join("static/secret.txt")).unwrap();
    let err = s.build_fails();
    assert!(err.contains("static/secret.txt") && err.contains("outside the site folder"), "{err}");
}

#[test]
fn feeds_carry_no_live_markup() {
    let s = Site::with_campaign();
    s.write(
        "content/reports/a.md",
        "---\ntitle: 报道\ndate: 2021-08-20\nsummary: \"示例 <img src=x onerror=alert(1)>\"\n---\n正文 `<img src=x onerror=alert(2)>`。\n",
    );
    s.build();
    let rss = s.read("rss.xml");
    // What a reader gets after XML-decoding <description> must be HTML text, not a tag.
    let desc = &rss[rss.find("<item>").unwrap()..];
    let desc = &desc[desc.find("<description>").unwrap() + 13..desc.find("</description>").unwrap()];
    let decoded = desc.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    assert!(!decoded.contains("<img"), "{decoded}");
    assert!(decoded.contains("&lt;img"), "{decoded}");
    let atom = s.read("atom.xml");
    let content = &atom[atom.find("<content").unwrap()..atom.find("</content>").unwrap()];
    assert!(!content.replace("&lt;", "<").replace("&amp;", "&").contains("<img src=x onerror"), "{content}");
}

#[test]
fn encodings_are_named_right() {
    let (s, home) = built_site();
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("---\ntitle: 标题\n---\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    s.write_bytes("content/reports/notepad.md", &utf16);
    let err = s.build_fails();
    assert!(err.contains("content/reports/notepad.md") && err.contains("UTF-16") && !err.contains("GBK"), "{err}");
    std::fs::remove_file(s.root().join("content/reports/notepad.md")).unwrap();
    s.write("site.yaml", "title: 测试站\nbase_url: /\ndecode_gbk: true\n");
    let (big5, _, _) =
        encoding_rs::BIG5.encode("---\ntitle: 東光縣項目建設\ndate: 2021-08-20\n---\n第七輪百日攻堅。\n");
    s.write_bytes("content/reports/big5.md", &big5);
    let err = s.build_fails();
    assert!(err.contains("content/reports/big5.md") && err.contains("not UTF-8"), "{err}");
    assert_eq!(s.read("index.html"), home);
}
