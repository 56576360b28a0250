//! What a Chinese input method and Word/WPS do to front-matter: each slip is
//! reported at its own line and column with the character named, and the
//! forms people write dates and full-width numbers in are read as meant.

mod common;
use common::*;

fn report(lines: &str) -> String {
    format!("---\n{lines}---\n正文。\n")
}

const HEAD: &str = "title: 报道\ndate: 2021-08-20\ncampaign: dongguang-2021-r7\n";

#[test]
fn each_slip_is_named_at_its_line_and_column() {
    let cases: &[(&str, String, &[&str])] = &[
        ("full-width colon", report(&format!("{HEAD}county：东光县\n")), &["bad.md:5:7", "全角冒号", "`county`"]),
        (
            "full-width colon after title",
            report("title：东光县开局\ndate: 2021-08-20\n"),
            &["bad.md:2:6", "`：`", "`title`"],
        ),
        (
            "ideographic-space indent",
            report(&format!("{HEAD}metrics:\n\u{3000}\u{3000}new_projects: 10\n")),
            &["bad.md:6:1", "U+3000", "全角空格"],
        ),
        (
            "no-break space indent",
            report(&format!("{HEAD}metrics:\n\u{a0}\u{a0}new_projects: 10\n")),
            &["bad.md:6:1", "U+00A0"],
        ),
        ("curly quotes around a key", report(&format!("{HEAD}“county”: 东光县\n")), &["bad.md:5:1", "curly quote `“`"]),
        (
            "zero-width space in a key",
            report(&format!("{HEAD}cou\u{200b}nty: 东光县\n")),
            &["bad.md:5:4", "U+200B", "cou\\u{200B}nty"],
        ),
        ("impossible date", report("title: 报道\ndate: 2021-11-31\n"), &["bad.md:3", "`date`", "11月没有31日"]),
        ("not a leap year", report("title: 报道\ndate: 2021年2月29日\n"), &["bad.md:3", "2021年2月没有29日"]),
    ];
    for (name, text, expect) in cases {
        let (s, home) = built_site();
        s.write("content/reports/bad.md", text);
        let err = s.build_fails();
        for e in *expect {
            assert!(err.contains(e), "case {name:?}: expected {e:?} in:\n{err}");
        }
        assert_eq!(s.read("index.html"), home, "case {name:?}");
    }
}

#[test]
fn dates_as_people_write_them_build_without_a_warning() {
    let s = Site::with_campaign();
    for (i, d) in ["2021/10/25", "2021.10.26", "2021年10月27日", "2021-9-5"].iter().enumerate() {
        s.write(&format!("content/reports/r{i}.md"), &report(&format!("title: 报道{i}\ndate: {d}\n")));
    }
    let out = s.build();
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    for (i, shown) in ["2021年10月25日", "2021年10月26日", "2021年10月27日", "2021年9月5日"].iter().enumerate()
    {
        let page = s.read(&format!("reports/r{i}/index.html"));
        assert!(page.contains(shown), "r{i} shows {shown}");
    }
}

#[test]
fn full_width_digits_are_read_with_a_warning() {
    let s = Site::with_campaign();
    s.write(
        "content/reports/a.md",
        &report(&format!("{HEAD}metrics:\n  new_projects: ７７\n  total_investment: ９.３\n")),
    );
    let out = s.build();
    let err = stderr(&out);
    assert!(err.contains("a.md:6:17") && err.contains("`７７` read as 77"), "{err}");
    assert!(err.contains("a.md:7:21") && err.contains("read as 9.3"), "{err}");
    let page = s.read("reports/a/index.html");
    assert!(page.contains(">77<") || page.contains("77个"), "the figure is 77");
}

#[test]
fn figures_with_units_convert_into_the_declared_unit() {
    let s = Site::with_campaign();
    // total_investment and completed_investment are declared in 亿元, new_projects in 个.
    s.write(
        "content/reports/a.md",
        &report(&format!(
            "{HEAD}metrics:\n  new_projects: 1,200\n  total_investment: 930000万元\n  completed_investment: 52亿元\nprojects:\n  - name: 智能装备产业园\n    investment: 8000万元\n"
        )),
    );
    let out = s.build();
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let data = s.read("campaigns/dongguang-2021-r7/data.csv");
    for (metric, value) in [("new_projects", "1200"), ("total_investment", "93"), ("completed_investment", "52")] {
        let row =
            data.lines().find(|l| l.contains(&format!(",{metric},"))).unwrap_or_else(|| panic!("{metric} in {data}"));
        assert_eq!(row.split(',').nth(3), Some(value), "{row}");
    }
    assert!(s.read("projects/zhi-neng-zhuang-bei-chan-ye-yuan/index.html").contains("8000万元"));
    // A unit that measures something else is an error naming both.
    s.write("content/reports/a.md", &report(&format!("{HEAD}metrics:\n  total_investment: 30个\n")));
    let err = s.build_fails();
    assert!(
        err.contains("a.md:6")
            && err.contains("metrics.total_investment")
            && err.contains("个")
            && err.contains("亿元"),
        "{err}"
    );
}
