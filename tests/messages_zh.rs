//! Messages as a Chinese user sees them by default: each kind of mistake is
//! reported in Chinese with its file, line and field; the same messages in
//! English with `--lang en`; `--help` of every command in either language.

mod common;
use common::*;

/// Runs `gongjian <args>` in the site as a user would (no language chosen).
fn run_default(s: &Site, args: &[&str]) -> std::process::Output {
    gongjian_default().args(args).current_dir(s.root()).output().expect("run gongjian")
}

/// A site with the campaign and one report written as `text`; the build's stderr.
fn build_with_report(text: &str, lang: Option<&str>) -> String {
    let s = Site::with_campaign();
    s.write("content/reports/bad.md", text);
    let mut args = vec!["build"];
    if let Some(l) = lang {
        args.extend(["--lang", l]);
    }
    let out = run_default(&s, &args);
    assert_eq!(out.status.code(), Some(1), "expected a failed build:\n{}", stderr(&out));
    stderr(&out)
}

fn report(front: &str) -> String {
    format!("---\n{front}---\n正文。\n")
}

const HEAD: &str = "title: 报道\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\n";

/// (kind, report text, what the Chinese message must say, what the English one must say).
fn cases() -> Vec<(&'static str, String, Vec<&'static str>, Vec<&'static str>)> {
    vec![
        (
            "full-width colon",
            report("title: 报道\ndate: 2021-08-20\ncounty：东光县\n"),
            vec!["错误：content/reports/bad.md:4:7：", "`county` 后面是全角冒号 `：`", "提示：写成 `county: …`"],
            vec!["error: content/reports/bad.md:4:7: ", "full-width colon `：` (全角冒号) after `county`"],
        ),
        (
            "ideographic-space indent",
            report(&format!("{HEAD}metrics:\n\u{3000}\u{3000}new_projects: 10\n")),
            vec!["bad.md:7:1：", "用 全角空格（U+3000） 缩进", "半角"],
            vec!["bad.md:7:1: ", "indented with 全角空格 (ideographic space U+3000)"],
        ),
        (
            "curly quotes around a key",
            report(&format!("{HEAD}“tags”: [a]\n")),
            vec!["bad.md:6:1：", "字段名 `“tags”` 中有弯引号 `“`"],
            vec!["bad.md:6:1: ", "curly quote `“` in the key"],
        ),
        (
            "zero-width character in a key",
            report(&format!("{HEAD}ta\u{200b}gs: [a]\n")),
            vec!["bad.md:6:3：", "字段名 `ta\\u{200B}gs` 中有看不见的字符 U+200B", "重新输入"],
            vec!["bad.md:6:3: ", "invisible character U+200B inside the key"],
        ),
        (
            "text where a number belongs",
            report(&format!("{HEAD}metrics:\n  new_projects: 十二个\n")),
            vec!["bad.md:7：字段 `metrics.new_projects`：类型不对：应为数字，写的是文字 \"十二个\""],
            vec!["bad.md:7: field `metrics.new_projects`: wrong type: found string \"十二个\", expected f64"],
        ),
        (
            "a list where text belongs",
            report(&format!("{HEAD}source: [甲, 乙]\n")),
            vec!["bad.md:6：字段 `source`：类型不对：应为文字，写的是列表"],
            vec!["bad.md:6: field `source`: wrong type: found sequence, expected a string"],
        ),
        (
            "impossible date",
            report("title: 报道\ndate: 2021-11-31\n"),
            vec!["bad.md:3：字段 `date`：应为日期 YYYY-MM-DD", "提示：没有这一天：11月没有31日"],
            vec!["bad.md:3: field `date`: expected a date YYYY-MM-DD", "hint: no such day: month 11 has no day 31"],
        ),
        (
            "no title",
            report("date: 2021-08-20\n"),
            vec!["字段 `title`：每个页面都要有标题", "提示：在文件头中加上 `title: ...`"],
            vec!["field `title`: every page needs a title"],
        ),
        (
            "report without a date",
            report("title: 报道\n"),
            vec!["字段 `date`：报道需要发布日期"],
            vec!["field `date`: a report needs its publication date"],
        ),
        (
            "slug with Chinese characters",
            report("title: 报道\ndate: 2021-08-20\nslug: 东光开局\n"),
            vec!["bad.md:4：字段 `slug`：slug 只能包含 a-z、0-9 和 -", "用拼音写"],
            vec!["bad.md:4: field `slug`: slug may hold only a-z, 0-9 and -"],
        ),
        (
            "progress over 100 percent",
            report(&format!("{HEAD}projects:\n  - name: 新材料产业园\n    progress: 150\n")),
            vec!["bad.md:8：字段 `projects[0].progress`：百分数应在 0 到 100 之间，写的是 150", "小数点"],
            vec!["bad.md:8: field `projects[0].progress`: a percent from 0 to 100, found 150"],
        ),
        (
            "a unit that does not convert",
            report(&format!("{HEAD}metrics:\n  new_projects: 3亿元\n")),
            vec![
                "bad.md:7：字段 `metrics.new_projects`：`3亿元`：写的单位是 亿元，但指标声明的单位是 个",
                "提示：用 个",
            ],
            vec!["bad.md:7: field `metrics.new_projects`: `3亿元`: written in 亿元, but the metric is declared in 个"],
        ),
        (
            "front-matter never closed",
            "---\ntitle: 报道\ndate: 2021-08-20\n正文。\n".to_string(),
            vec!["bad.md:1：第 1 行的 `---` 开始了文件头，但没有结束的 `---`"],
            vec!["bad.md:1: the front-matter opened by `---` on line 1 is never closed"],
        ),
        (
            "no front-matter",
            "正文，没有文件头。\n".to_string(),
            vec!["bad.md:1：没有文件头：第一行必须是 `---`"],
            vec!["bad.md:1: no front-matter: the first line must be `---`"],
        ),
        (
            "empty file",
            "\n".to_string(),
            vec!["content/reports/bad.md：文件是空的"],
            vec!["content/reports/bad.md: file is empty"],
        ),
        (
            "a bracket left open",
            report(&format!("{HEAD}tags: [项目建设, 招商引资\n")),
            vec!["bad.md:6", "提示：这里开始的 `[`、`{` 或引号没有闭合"],
            vec!["bad.md:6", "hint: a `[`, `{` or quote opened here is not closed"],
        ),
        (
            "a ranking grade that is not 优中差",
            report(&format!("{HEAD}rankings:\n  - {{name: 东光县, score: 90, grade: 良}}\n")),
            vec!["字段 `rankings[0].grade`：等次只能是 优、中、差，写的是 \"良\""],
            vec!["field `rankings[0].grade`: grade is one of 优, 中, 差, found \"良\""],
        ),
        (
            "a project without a name",
            report(&format!("{HEAD}projects:\n  - name: \"\"\n    progress: 10\n")),
            vec!["字段 `projects[0].name`：项目需要名称"],
            vec!["field `projects[0].name`: a project needs a name"],
        ),
        (
            "a metric the campaign does not declare",
            report(&format!("{HEAD}metrics:\n  完成投资: 5\n")),
            vec![
                "bad.md:7：字段 `metrics.完成投资`：攻坚行动 \"dongguang-2021-r7\" 没有声明指标 `完成投资`",
                "已声明的指标：new_projects, total_investment, completed_investment",
            ],
            vec!["bad.md:7: field `metrics.完成投资`: metric `完成投资` is not declared by campaign \"dongguang-2021-r7\""],
        ),
        (
            "a chart of a metric the campaign does not declare",
            format!("---\n{HEAD}---\n正文。\n\n{{{{ chart(kind=\"trend\", metric=\"完成投资\") }}}}\n"),
            vec![
                "bad.md:9：",
                "攻坚行动 \"dongguang-2021-r7\" 没有声明指标 `完成投资`；已声明的指标：new_projects, total_investment, completed_investment",
            ],
            vec!["bad.md:9: ", "campaign \"dongguang-2021-r7\" declares no metric `完成投资`; declared: new_projects"],
        ),
        (
            "an unknown campaign",
            report("title: 报道\ndate: 2021-08-20\ncampaign: dongguang-2021-r8\n"),
            vec!["bad.md:4：字段 `campaign`：没有攻坚行动 \"dongguang-2021-r8\"", "已有：dongguang-2021-r7"],
            vec!["bad.md:4: field `campaign`: unknown campaign \"dongguang-2021-r8\""],
        ),
        (
            "a ledger that is not there",
            report(&format!("{HEAD}projects_file: data/台账.xlsx\n")),
            vec!["字段 `projects_file`：台账 data/台账.xlsx 不存在", "路径相对于网站文件夹"],
            vec!["field `projects_file`: the ledger data/台账.xlsx does not exist"],
        ),
    ]
}

#[test]
fn each_kind_of_mistake_is_reported_in_chinese_with_file_line_and_field() {
    let cases = cases();
    assert!(cases.len() >= 15);
    for (kind, text, zh, _) in &cases {
        let err = build_with_report(text, None);
        for e in zh {
            assert!(err.contains(e), "{kind}: expected {e:?} in:\n{err}");
        }
        assert!(err.contains("构建失败："), "{kind}: no Chinese summary in:\n{err}");
        assert!(!err.contains("error:") && !err.contains("f64"), "{kind}: English left in:\n{err}");
    }
}

#[test]
fn lang_en_gives_the_same_messages_in_english() {
    for (kind, text, _, en) in cases().iter().step_by(3) {
        let err = build_with_report(text, Some("en"));
        for e in en {
            assert!(err.contains(e), "{kind}: expected {e:?} in:\n{err}");
        }
        assert!(err.contains("build failed: 1 error(s)"), "{kind}: {err}");
        assert!(!err.contains("错误："), "{kind}: Chinese label in:\n{err}");
    }
}

#[test]
fn site_yaml_and_check_speak_chinese_too() {
    let s = Site::with_campaign();
    s.write("site.yaml", "title: 测试站\nbase_url: /\ntimezone: 北京时间\npaginte_by: 10\n");
    s.write("content/reports/a.md", GOOD);
    let err = stderr(&run_default(&s, &["build"]));
    assert!(err.contains("错误：site.yaml：字段 `timezone`：不认识的时区 \"北京时间\""), "{err}");
    assert!(err.contains("警告：site.yaml:4：字段 `paginte_by`：不认识的设置 `paginte_by`，已忽略"), "{err}");

    let s = Site::with_campaign();
    s.write("content/reports/a.md", &GOOD.replace("正文。", "正文，见[另一篇](/reports/no-such-page/)。"));
    let out = run_default(&s, &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("链接不可用 `/reports/no-such-page/`：/reports/no-such-page/ 没有页面或文件"), "{err}");
    assert!(err.contains("检查未通过：1 个错误"), "{err}");
}

#[test]
fn summary_lines_and_scaffolding_messages_are_chinese() {
    let s = Site::with_campaign();
    s.write("content/reports/a.md", GOOD);
    let out = run_default(&s, &["build"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("已生成 ") && said.contains("个页面"), "{said}");
    let out = run_default(&s, &["new", "reports/a"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("错误：") && stderr(&out).contains("已存在；什么也没写"), "{}", stderr(&out));
    let out = run_default(&s, &["new", "a"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("还要写出栏目文件夹"), "{}", stderr(&out));
    let out = run_default(&s, &["--lang", "fr", "build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不认识的语言 \"fr\""), "{}", stderr(&out));
}

const COMMANDS: [&str; 6] = ["build", "check", "serve", "new", "init", "import"];

#[test]
fn help_is_chinese_by_default_and_english_with_lang_en() {
    let s = Site::new();
    let top = String::from_utf8_lossy(&run_default(&s, &["--help"]).stdout).into_owned();
    assert!(top.contains("用法：gongjian") && top.contains("命令") && top.contains("生成网站到 public/"), "{top}");
    assert!(top.contains("--lang <zh|en>") && top.contains("GONGJIAN_LANG"), "{top}");
    for c in COMMANDS {
        let out = run_default(&s, &[c, "--help"]);
        assert!(out.status.success());
        let zh = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(zh.contains("用法：") && zh.contains("选项") && zh.contains("显示帮助"), "{c}: {zh}");
        assert!(!zh.contains("Usage") && !zh.contains("Print help"), "{c}: {zh}");
        let en = String::from_utf8_lossy(&run_default(&s, &["--lang", "en", c, "--help"]).stdout).into_owned();
        assert!(en.contains("Usage: ") && en.contains("Options") && en.contains("Print help"), "{c}: {en}");
        assert!(!en.contains("用法"), "{c}: {en}");
    }
    let env_en = gongjian().args(["build", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&env_en.stdout).contains("Build the site into public/"));
    let zh = String::from_utf8_lossy(&run_default(&s, &["build", "--help"]).stdout).into_owned();
    assert!(zh.contains("--drafts") && zh.contains("同时生成标为 `draft: true` 的草稿"), "{zh}");
}

#[test]
fn command_line_mistakes_are_said_in_chinese_with_the_usage() {
    let s = Site::new();
    let said = |args: &[&str]| {
        let out = run_default(&s, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        stderr(&out)
    };
    let e = said(&["build", "--nope"]);
    assert!(e.contains("错误：不认识的参数 `--nope`") && e.contains("用法：gongjian build"), "{e}");
    assert!(!e.contains("unexpected argument"), "{e}");
    let e = said(&["biuld"]);
    assert!(e.contains("没有命令 `biuld`；是不是想写 `build`？"), "{e}");
    let e = said(&["build", "--today", "2021-13-01"]);
    assert!(e.contains("参数 `--today <TODAY>` 的值 \"2021-13-01\" 不对：应为日期 YYYY-MM-DD"), "{e}");
    let e = said(&["new"]);
    assert!(e.contains("缺少必需的参数：<PATH>"), "{e}");
    let e = said(&["--lang", "en", "build", "--nope"]);
    assert!(e.contains("error: unexpected argument '--nope' found"), "{e}");

    let out = run_default(&s, &["help", "serve"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && help.contains("用法：gongjian serve") && help.contains("[默认：1111]"), "{help}");
}

#[test]
fn a_mistake_in_a_theme_template_is_said_in_chinese_with_its_line() {
    let s = Site::with_campaign();
    s.write("content/reports/a.md", &report(HEAD));
    s.write(
        "templates/report.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title }</p>\n{% endblock %}\n",
    );
    let out = run_default(&s, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("templates/report.html:3：模板写法有误：这里是 `}`，应为 }}"), "{err}");
    assert!(err.contains("3 | <p>{{ page.title }</p>"), "Tera's excerpt marks the place: {err}");
    assert!(err.contains("提示：检查标出的位置"), "{err}");

    s.write(
        "templates/report.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.titel }}</p>\n{% endblock %}\n",
    );
    let err = stderr(&run_default(&s, &["build"]));
    assert!(err.contains("用模板生成页面时出错：字段 `titel` 不存在。这里可用的字段："), "{err}");
    assert!(!err.contains("is not defined"), "{err}");

    s.write(
        "templates/report.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | nosuch }}\n{% endblock %}\n",
    );
    let err = stderr(&run_default(&s, &["build", "--lang", "en"]));
    assert!(err.contains("template syntax error: Unknown filter `nosuch`"), "{err}");
}
