//! Project ledgers (项目台账) as departments mail them in: an xlsx with a
//! merged title row, Chinese headers, 万元 amounts, percent strings and a
//! total row; a GBK CSV; a UTF-8 CSV with BOM. Their projects reach project
//! pages, the report and the county totals; a bad cell is named by file,
//! sheet, row and column.

mod common;
use common::xlsx::xlsx;
use common::*;

const LEDGER: &[&[&str]] = &[
    &["东光县2021年10月重点项目台账", "", "", "", "", ""],
    &["序号", "项目名称", "所在乡镇", "总投资（万元）", "形象进度", "建设状态"],
    &["1", "东光县智能装备产业园", "东光镇", "120000", "45%", "在建"],
    &["2", "连镇物流园", "连镇乡", "8000", "100%", "竣工"],
    &["", "", "", "", "", ""],
    &["3", "于桥乡光伏电站", "于桥乡", "35000", "0.6", "投产"],
    &["合计", "", "", "163000", "", ""],
];

fn report_with_ledger(extra: &str) -> String {
    format!("---\ntitle: 十月项目通报\ndate: 2021-10-25\ncounty: 东光县\ncampaign: dongguang-2021-r7\nprojects_file: data/台账-2021-10-25.xlsx\n{extra}---\n十月通报。\n")
}

#[test]
fn an_xlsx_ledger_becomes_projects() {
    let s = Site::with_campaign();
    s.write_bytes("data/台账-2021-10-25.xlsx", &xlsx("十月", LEDGER, Some("A1:F1")));
    s.write("content/reports/oct.md", &report_with_ledger(""));
    let out = s.build();
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
    let projects = s.read("projects/index.html");
    for name in ["东光县智能装备产业园", "连镇物流园", "于桥乡光伏电站"] {
        assert!(projects.contains(name), "{name} listed");
    }
    assert!(!projects.contains("合计") && !projects.contains("重点项目台账"), "no total or title row as a project");
    // 120000万元 is 12亿元.
    let p = s.read("projects/dong-guang-xian-zhi-neng-zhuang-bei-chan-ye-yuan/index.html");
    assert!(p.contains("12亿元"), "amount converted: {}", strip(&p));
    assert!(p.contains("45"), "progress 45%");
    let report = s.read("reports/oct/index.html");
    for name in ["东光县智能装备产业园", "连镇物流园", "于桥乡光伏电站"] {
        assert!(report.contains(name), "the report lists {name}");
    }
    // 0.6 is a percent-formatted cell (the column's only number, a fraction):
    // 60%. The county's total is 12 + 0.8 + 3.5 = 16.3亿元.
    let p = s.read("projects/yu-qiao-xiang-guang-fu-dian-zhan/index.html");
    assert!(p.contains("60%") || p.contains("60.0%"), "0.6 read as 60%: {}", strip(&p));
    let county = s.read("counties/dong-guang-xian/index.html");
    assert!(county.contains("16.3亿元"), "county total: {}", strip(&county));
}

#[test]
fn front_matter_wins_over_the_ledger_with_a_warning() {
    let s = Site::with_campaign();
    s.write_bytes("data/台账-2021-10-25.xlsx", &xlsx("十月", LEDGER, None));
    s.write(
        "content/reports/oct.md",
        &report_with_ledger("projects:\n  - {name: 连镇物流园, investment: 0.9, status: 竣工}\n"),
    );
    let out = s.build();
    let err = stderr(&out);
    assert!(
        err.contains("content/reports/oct.md:6") && err.contains("连镇物流园") && err.contains("front-matter is used"),
        "{err}"
    );
    assert!(s.read("projects/lian-zhen-wu-liu-yuan/index.html").contains("9000万元"), "front-matter figure shown");
}

#[test]
fn every_bad_cell_is_named_by_sheet_row_and_column() {
    let (s, home) = built_site();
    let bad: &[&[&str]] = &[
        &["项目名称", "总投资（万元）", "形象进度", "状态"],
        &["甲项目", "一万", "10%", "在建"],
        &["乙项目", "100", "八成", "在建"],
        &["丙项目", "100", "10%", "停工"],
    ];
    s.write_bytes("data/台账-2021-10-25.xlsx", &xlsx("项目", bad, None));
    s.write("content/reports/oct.md", &report_with_ledger(""));
    let err = s.build_fails();
    for e in [
        "data/台账-2021-10-25.xlsx:2",
        "工作表“项目”第2行“总投资（万元）”列：“一万”不是金额",
        "data/台账-2021-10-25.xlsx:3",
        "第3行“形象进度”列：“八成”不是百分比",
        "第4行“状态”列：“停工”不是项目状态",
        "content/reports/oct.md",
    ] {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert_eq!(s.read("index.html"), home);
}

#[test]
fn csv_ledgers_in_gbk_and_utf8_with_bom() {
    let csv = "项目名称,所在乡镇,总投资（亿元）,形象进度,状态\n东光县智能装备产业园,东光镇,12,45%,在建\n合计,,12,,\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    for (name, bytes) in [("gbk.csv", gbk.to_vec()), ("bom.csv", [b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat())]
    {
        let s = Site::with_campaign();
        s.write_bytes(&format!("data/{name}"), &bytes);
        s.write(
            "content/reports/oct.md",
            &report_with_ledger("").replace("data/台账-2021-10-25.xlsx", &format!("data/{name}")),
        );
        s.build();
        let p = s.read("projects/dong-guang-xian-zhi-neng-zhuang-bei-chan-ye-yuan/index.html");
        assert!(p.contains("12亿元") && p.contains("东光镇"), "{name}: {}", strip(&p));
        assert!(!s.read("projects/index.html").contains("合计"), "{name}");
    }
}

#[test]
fn a_missing_ledger_is_an_error_naming_the_report() {
    let (s, _) = built_site();
    s.write("content/reports/oct.md", &report_with_ledger(""));
    let err = s.build_fails();
    assert!(
        err.contains("content/reports/oct.md") && err.contains("projects_file") && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn open_data_files_round_trip_the_numbers() {
    let s = Site::with_campaign();
    s.write_bytes("data/台账-2021-10-25.xlsx", &xlsx("十月", LEDGER, Some("A1:F1")));
    s.write(
        "content/reports/oct.md",
        &report_with_ledger("metrics:\n  new_projects: 77\n  completed_investment: 12.5\n"),
    );
    s.build();
    let campaign = s.read("campaigns/dongguang-2021-r7/index.html");
    assert!(campaign.contains("href=\"/campaigns/dongguang-2021-r7/data.csv\"") && campaign.contains("下载数据"));
    let bytes = std::fs::read(s.public("campaigns/dongguang-2021-r7/data.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for Excel");
    let csv = String::from_utf8(bytes).unwrap();
    let row = csv.lines().find(|l| l.contains("completed_investment")).expect("a row of completed_investment");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(
        (cells[0], cells[2], cells[3].parse::<f64>().unwrap(), cells[4]),
        ("2021-10-25", "完成投资", 12.5, "亿元")
    );
    let json: serde_json::Value = serde_json::from_str(&s.read("campaigns/dongguang-2021-r7/data.json")).unwrap();
    let m = json["metrics"].as_array().unwrap().iter().find(|m| m["key"] == "new_projects").unwrap();
    assert_eq!((m["points"][0]["date"].as_str(), m["points"][0]["value"].as_f64()), (Some("2021-10-25"), Some(77.0)));
    let park = json["projects"].as_array().unwrap().iter().find(|p| p["name"] == "东光县智能装备产业园").unwrap();
    assert_eq!(park["history"][0]["investment"].as_f64(), Some(12.0));
    let all = s.read("projects/data.csv");
    let park = all.lines().find(|l| l.contains("东光县智能装备产业园")).unwrap();
    assert!(park.contains(",在建,45,12,"), "{park}");
}

#[test]
fn templates_load_data_files() {
    let s = Site::with_campaign();
    s.write("content/reports/a.md", GOOD);
    s.write("data/townships.csv", "乡镇,项目数\n东光镇,12\n连镇乡,8\n");
    s.write("data/contacts.json", "{\"phone\": \"0317-7712345\"}");
    s.write("data/site.toml", "[office]\nname = \"东光县融媒体中心\"\n");
    s.write("data/links.yaml", "- {name: 县政府, url: \"https://example.gov.cn\"}\n");
    s.write_bytes("data/台账.xlsx", &xlsx("表", &[&["项目名称", "总投资（万元）"], &["甲项目", "500"]], None));
    s.write(
        "templates/search.html",
        "{% set t = load_data(path=\"data/townships.csv\") %}{% for r in t.records %}[{{ r[0] }}={{ r[1] }}]{% endfor %}\
         {% set c = load_data(path=\"data/contacts.json\") %}{% set o = load_data(path=\"data/site.toml\") %}\
         {% set l = load_data(path=\"data/links.yaml\") %}{% set x = load_data(path=\"data/台账.xlsx\", sheet=\"表\") %}\
         {{ c.phone }}|{{ o.office.name }}|{{ l[0].name }}|{{ x.records[0][1] }}",
    );
    s.build();
    let page = s.read("search/index.html");
    assert_eq!(page, "[东光镇=12][连镇乡=8]0317-7712345|东光县融媒体中心|县政府|500");
    s.write("templates/search.html", "{{ load_data(path=\"data/missing.csv\") }}");
    let err = s.build_fails();
    assert!(err.contains("search.html") && err.contains("load_data: data/missing.csv"), "{err}");
}

#[test]
fn a_new_report_starts_from_a_ledger() {
    let s = Site::with_campaign();
    s.write_bytes("data/台账-2021-10-25.xlsx", &xlsx("十月", LEDGER, Some("A1:F1")));
    let out = s.run(&[
        "new",
        "reports/2021-10-25-oct",
        "--campaign",
        "dongguang-2021-r7",
        "--ledger",
        "data/台账-2021-10-25.xlsx",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(s.root().join("content/reports/2021-10-25-oct.md")).unwrap();
    assert!(text.contains("projects_file: \"data/台账-2021-10-25.xlsx\""), "{text}");
    // 新开工项目 (个) counts the 在建 rows; 总投资 (亿元) sums 12 + 0.8 + 3.5.
    assert!(text.contains("  new_projects: 1 ") && text.contains("由台账计算"), "{text}");
    assert!(text.contains("  total_investment: 16.3 "), "{text}");
    assert!(text.contains("# 台账汇总：项目 3 个（在建1、竣工1、投产1），总投资 16.3 亿元"), "{text}");
    s.build_with(&["--drafts"]);
    assert!(s.read("reports/oct/index.html").contains("连镇物流园"));
}
