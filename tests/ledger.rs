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
    // Excel leaves empty rows (only commas) after the data.
    let csv = "项目名称,所在乡镇,总投资（亿元）,形象进度,状态\n东光县智能装备产业园,东光镇,12,45%,在建\n合计,,12,,\n,,,,\n,,,,\n";
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

#[test]
fn completed_investment_and_responsible_unit_reach_project_pages_and_open_data() {
    let s = Site::with_campaign();
    let ledger: &[&[&str]] = &[
        &["项目名称", "总投资（万元）", "累计完成投资（万元）", "形象进度", "牵头单位"],
        &["东光县智能装备产业园", "120000", "54000", "45%", "县发改局"],
        &["连镇物流园", "8000", "", "100%", "连镇乡政府"],
    ];
    s.write_bytes("data/台账-2021-10-25.xlsx", &xlsx("十月", ledger, None));
    s.write("content/reports/oct.md", &report_with_ledger(""));
    let out = s.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let park = strip(&s.read("projects/dong-guang-xian-zhi-neng-zhuang-bei-chan-ye-yuan/index.html"));
    assert!(park.contains("完成投资5.4亿元") && park.contains("责任单位县发改局"), "54000万元 is 5.4亿元: {park}");
    let depot = strip(&s.read("projects/lian-zhen-wu-liu-yuan/index.html"));
    assert!(!depot.contains("完成投资") && depot.contains("责任单位连镇乡政府"), "no empty item: {depot}");
    let all = s.read("projects/data.csv");
    let header: Vec<&str> = all.trim_start_matches('\u{feff}').lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = all.lines().find(|l| l.contains("智能装备")).unwrap().split(',').collect();
    let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} column"))];
    assert_eq!((cell("completed_investment_yi_yuan"), cell("responsible_unit")), ("5.4", "县发改局"));
    let json: serde_json::Value = serde_json::from_str(&s.read("campaigns/dongguang-2021-r7/data.json")).unwrap();
    let p = json["projects"].as_array().unwrap().iter().find(|p| p["name"] == "东光县智能装备产业园").unwrap();
    assert_eq!(p["history"][0]["completed_investment"].as_f64(), Some(5.4));
    assert_eq!(p["history"][0]["responsible_unit"].as_str(), Some("县发改局"));
}

#[test]
fn front_matter_projects_take_the_same_fields() {
    let s = Site::with_campaign();
    s.write(
        "content/reports/oct.md",
        "---\ntitle: 十月通报\ndate: 2021-10-25\ncampaign: dongguang-2021-r7\nprojects:\n  - name: 连镇物流园\n    completed_investment: 3000万元\n    responsible_unit: 连镇乡政府\n---\n正文。\n",
    );
    let out = s.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let depot = strip(&s.read("projects/lian-zhen-wu-liu-yuan/index.html"));
    assert!(depot.contains("完成投资3000万元") && depot.contains("责任单位连镇乡政府"), "{depot}");
}

const CAMPAIGN_WITH_LEDGER: &str = "---\ntitle: 东光县第七轮项目建设百日攻坚\ncounty: 东光县\nstart: 2021-08-01\nend: 2021-11-08\nprojects_file: data/攻坚项目.csv\ncolumns: {工程名: name}\nmetrics:\n  new_projects: {label: 新开工项目, unit: 个, target: 77}\n---\n第七轮百日攻坚。\n";

#[test]
fn a_campaigns_ledger_serves_the_reports_that_name_none() {
    let s = Site::new();
    s.write("content/campaigns/dongguang-2021-r7.md", CAMPAIGN_WITH_LEDGER);
    s.write("data/攻坚项目.csv", "工程名,总投资（万元）,形象进度\n东光县智能装备产业园,120000,45%\n");
    s.write("data/own.csv", "项目名称,总投资（亿元）\n于桥乡光伏电站,3.5\n");
    let report = |name: &str, date: &str, extra: &str| {
        s.write(
            &format!("content/reports/{name}.md"),
            &format!("---\ntitle: {name}通报\ndate: {date}\ncampaign: dongguang-2021-r7\n{extra}---\n正文。\n"),
        );
    };
    report("sep", "2021-09-25", "");
    report("kickoff", "2021-08-01", "projects_file: \"\"\n");
    report("own", "2021-10-25", "projects_file: data/own.csv\n");
    let out = s.build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        s.read("reports/sep/index.html").contains("东光县智能装备产业园"),
        "the campaign's ledger, `columns:` applied"
    );
    assert!(!s.read("reports/kickoff/index.html").contains("东光县智能装备产业园"), "opted out");
    let own = s.read("reports/own/index.html");
    assert!(own.contains("于桥乡光伏电站") && !own.contains("东光县智能装备产业园"), "its own ledger wins");
    let campaign = s.read("campaigns/dongguang-2021-r7/index.html");
    assert!(campaign.contains("东光县智能装备产业园") && campaign.contains("于桥乡光伏电站"));
    assert!(strip(&s.read("projects/dong-guang-xian-zhi-neng-zhuang-bei-chan-ye-yuan/index.html")).contains("12亿元"));

    // A sheet the workbook lacks: one error, naming the campaign, however many reports read it.
    s.write_bytes("data/攻坚项目.xlsx", &xlsx("十月", LEDGER, None));
    s.write(
        "content/campaigns/dongguang-2021-r7.md",
        &CAMPAIGN_WITH_LEDGER.replace("攻坚项目.csv", "攻坚项目.xlsx\nsheet: 九月"),
    );
    report("oct", "2021-10-20", "");
    let err = s.build_fails();
    assert_eq!(err.matches("no sheet named “九月”; the sheets are: 十月").count(), 1, "{err}");
    assert!(err.contains("content/campaigns/dongguang-2021-r7.md"), "{err}");
    // A report's own `sheet:` picks from the campaign's workbook.
    report("oct", "2021-10-20", "sheet: 十月\n");
    report("sep", "2021-09-25", "sheet: 十月\n");
    let out = s.build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(s.read("reports/oct/index.html").contains("连镇物流园"));
}

#[test]
fn the_bundled_example_takes_a_reports_projects_from_its_ledger() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_gongjian"))
        .args(["build", "--root", repo.to_str().unwrap(), "--output", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    let read = |rel: &str| std::fs::read_to_string(out.path().join(rel)).unwrap();
    let ledger = std::fs::read_to_string(repo.join("data/磁县重点项目台账-2021-12.csv")).unwrap();
    let report = read("reports/cixian-yearend/index.html");
    let names: Vec<&str> =
        ledger.lines().skip(2).filter_map(|l| l.split(',').nth(2)).filter(|n| !n.is_empty()).collect();
    assert_eq!(names.len(), 4, "{ledger}");
    for name in names {
        assert!(report.contains(name), "the year-end report lists {name}");
    }
    let steel = strip(&read("projects/gre-steel/index.html"));
    assert!(steel.contains("完成投资17.6亿元") && steel.contains("责任单位县发改局"), "{steel}");
}
