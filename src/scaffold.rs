//! Scaffolding: `gongjian new <section>/<name>` writes a report whose
//! front-matter lists every field of the content model (optional ones
//! commented out, each with a note in Chinese), and `gongjian init <DIR>`
//! writes a small working site. Nothing here ever overwrites a file.

mod campaign;
mod ledger;

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::diag::Diagnostics;
use crate::messages::scaffold::Scaffold;
use crate::render::templates::DEFAULT_THEME;
use crate::BuildOptions;

/// Why scaffolding did nothing; the two kinds map to exit statuses 2 and 1.
#[derive(Debug)]
pub enum ScaffoldError {
    /// The command line names something impossible (`new foo`, `new ../x`).
    Usage(Scaffold),
    /// The site is in the way (file exists, unknown campaign, folder not empty).
    Refused(Scaffold),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Usage(m) | ScaffoldError::Refused(m) => m.fmt(f),
        }
    }
}

/// Writes `content/<section>/<name>.md` under `root`; returns its path.
/// `ledger` (a project ledger under `root`) prefills what it can compute.
pub fn new_page(
    root: &Path,
    spec: &str,
    campaign: Option<&str>,
    ledger: Option<&str>,
    today: NaiveDate,
) -> Result<PathBuf, ScaffoldError> {
    let rel = page_path(spec)?;
    let path = root.join("content").join(&rel);
    if path.exists() {
        return Err(ScaffoldError::Refused(Scaffold::Exists { path: path.display().to_string() }));
    }
    if rel.starts_with("campaigns") {
        let id = rel.file_stem().unwrap_or_default().to_string_lossy();
        write_new(&path, campaign::template(&id, today).as_bytes()).map_err(ScaffoldError::Refused)?;
        return Ok(path);
    }
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let info = match campaign {
        Some(id) => Some(campaign_info(root, id)?),
        None => None,
    };
    let none = indexmap::IndexMap::new();
    let summary = match ledger {
        Some(file) => Some(ledger::summarise(root, file, info.as_ref().map_or(&none, |c| &c.columns))?),
        None => None,
    };
    // A name that starts with a date (`2021-10-25-十月通报`) is that day's report.
    let date = stem.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).unwrap_or(today);
    let text = report_template(&stem, date, info.as_ref(), summary.as_ref(), &campaign_ids(root));
    write_new(&path, text.as_bytes()).map_err(ScaffoldError::Refused)?;
    Ok(path)
}

/// `reports/x`, `reports/x.md` or `content/reports/x.md` → `reports/x.md`.
fn page_path(spec: &str) -> Result<PathBuf, ScaffoldError> {
    let spec = spec.trim().trim_start_matches("./");
    let spec = spec.strip_prefix("content/").unwrap_or(spec);
    let p = Path::new(spec);
    let usage = |why: Scaffold| ScaffoldError::Usage(Scaffold::BadPath { why: Box::new(why), spec: spec.to_string() });
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(usage(Scaffold::LeavesContent));
    }
    if p.components().count() < 2 {
        return Err(usage(Scaffold::NoSection));
    }
    let mut p = p.to_path_buf();
    if p.extension().is_none_or(|e| e != "md") {
        let name = format!("{}.md", p.file_name().unwrap_or_default().to_string_lossy());
        p.set_file_name(name);
    }
    let name = p.file_name().unwrap_or_default().to_string_lossy();
    if name == "_index.md" || name == "index.md" || name.starts_with('.') {
        return Err(usage(Scaffold::Reserved));
    }
    let is_id = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if p.starts_with("campaigns") && !is_id(&p.file_stem().unwrap_or_default().to_string_lossy()) {
        return Err(usage(Scaffold::CampaignId));
    }
    Ok(p)
}

/// Writes a new source file (folders made as needed); refuses, rather than
/// replaces, one that exists — also one that appeared since we looked.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Scaffold> {
    let shown = |p: &Path| p.display().to_string();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Scaffold::CannotCreate { path: shown(dir), why: e.to_string() })?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Scaffold::CannotCreate { path: shown(path), why: e.to_string() })?;
    std::io::Write::write_all(&mut f, bytes)
        .map_err(|e| Scaffold::CannotWrite { path: shown(path), why: e.to_string() })
}

/// What a new report takes over from its campaign.
struct CampaignInfo {
    id: String,
    county: Option<String>,
    metrics: Vec<MetricInfo>,
    /// Its ledgers' header mapping.
    columns: indexmap::IndexMap<String, String>,
}

/// A declared metric and the value the campaign's latest report gave it.
struct MetricInfo {
    key: String,
    label: String,
    unit: String,
    target: Option<f64>,
    last: Option<(f64, NaiveDate)>,
}

fn campaign_info(root: &Path, id: &str) -> Result<CampaignInfo, ScaffoldError> {
    // Errors elsewhere in the site do not matter here; a new report is often written to fix them.
    let mut diags = Diagnostics::default();
    let opts = BuildOptions { drafts: true, ..BuildOptions::new(root) };
    let a = crate::analyse(&opts, &mut diags);
    let Some(ci) = a.site.campaigns.position(|c| c.id == id) else {
        let known: Vec<String> = a.site.campaigns.iter().map(|c| c.id.clone()).collect();
        let id = id.to_string();
        return Err(ScaffoldError::Refused(if known.is_empty() {
            Scaffold::NoCampaigns { id }
        } else {
            Scaffold::UnknownCampaign { id, known: known.join(", ") }
        }));
    };
    let c = &a.site.campaigns[ci];
    let metrics = match a.derived.campaigns.get(ci) {
        Some(p) => p
            .metrics
            .iter()
            .map(|m| {
                let last = m.points.last().map(|pt| (pt.value, pt.date));
                MetricInfo { key: m.key.clone(), label: m.label.clone(), unit: m.unit.clone(), target: m.target, last }
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(CampaignInfo { id: c.id.clone(), county: c.meta.county.clone(), metrics, columns: c.meta.columns.clone() })
}

/// Stems of content/campaigns/*.md, to list in a report written without --campaign.
fn campaign_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content/campaigns"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|s| s != "_index")
        .collect();
    ids.sort();
    ids
}

/// A YAML double-quoted string (titles may hold `:` or `#`).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Column where `new`'s notes start.
const NOTE_COLUMN: usize = 36;

/// `field: value` padded so the notes line up (CJK counts double, as editors see it).
fn line(out: &mut String, field: &str, note: &str) {
    crate::load::schema::noted(out, field, note, NOTE_COLUMN);
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn report_template(
    stem: &str,
    today: NaiveDate,
    c: Option<&CampaignInfo>,
    ledger: Option<&ledger::LedgerSummary>,
    known: &[String],
) -> String {
    // A placeholder the editor will replace: the file name without its leading date.
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..11]
            .iter()
            .enumerate()
            .all(|(i, c)| if matches!(i, 4 | 7 | 10) { *c == b'-' } else { c.is_ascii_digit() });
    let title = if dated { &stem[11..] } else { stem };
    let mut o = String::from("---\n# 由 gongjian new 生成。以 # 开头的行是说明或可选字段：去掉行首的 # 即可启用。\n");
    // The fields in the schema's order; those the command can fill are written
    // out, the others offered commented out with their example.
    for f in crate::load::PAGE_FIELDS.iter().filter(|f| f.in_new) {
        match f.key {
            "title" => line(&mut o, &format!("title: {}", quoted(title)), f.zh),
            "date" => line(&mut o, &format!("date: {today}"), f.zh),
            "updated" | "expires" => line(&mut o, &format!("# {}: {today}", f.key), f.zh),
            "draft" => line(&mut o, "draft: true", f.zh),
            "county" => match c.and_then(|c| c.county.as_ref()) {
                Some(county) => line(&mut o, &format!("county: {county}"), f.zh),
                None => offer(&mut o, f),
            },
            "campaign" => match c {
                Some(c) => line(&mut o, &format!("campaign: {}", c.id), f.zh),
                None => {
                    let ids =
                        if known.is_empty() { "（还没有攻坚行动）".to_string() } else { known.join("、") };
                    line(&mut o, &format!("# campaign: {}", f.example), &format!("所属攻坚行动，可选：{ids}"));
                }
            },
            "metrics" => metrics(&mut o, f, c, ledger),
            "projects_file" => match ledger {
                Some(l) => {
                    line(&mut o, &format!("projects_file: {}", quoted(&l.file)), f.zh);
                    let _ = writeln!(o, "# 台账汇总：{}", l.describe());
                }
                None => offer(&mut o, f),
            },
            _ => offer(&mut o, f),
        }
    }
    o.push_str("---\n\n在这里写导语（列表和订阅中的摘要）。\n\n<!-- more -->\n\n在这里写正文。\n");
    o
}

/// A field offered commented out: its example and its note.
fn offer(o: &mut String, f: &crate::load::schema::Field) {
    let mut lines = String::new();
    crate::load::schema::field_lines(&mut lines, f, "", NOTE_COLUMN - 2, |f| f.zh);
    for l in lines.lines() {
        let _ = writeln!(o, "# {l}");
    }
}

/// The campaign's declared metrics, each with the value the ledger gives or
/// the campaign's latest report gave it.
fn metrics(
    o: &mut String,
    f: &crate::load::schema::Field,
    c: Option<&CampaignInfo>,
    ledger: Option<&ledger::LedgerSummary>,
) {
    let Some(c) = c.filter(|c| !c.metrics.is_empty()) else {
        return offer(o, f);
    };
    line(o, "metrics:", f.zh);
    for MetricInfo { key, label, unit, target, last } in &c.metrics {
        let target = target.map(|t| format!("，目标 {}", number(t))).unwrap_or_default();
        let from_ledger = ledger.and_then(|l| l.value_for(label, unit));
        let label = if unit.is_empty() { label.clone() } else { format!("{label}（{unit}）") };
        let (value, note) = match (from_ledger, last) {
            (Some((v, what)), _) => (number(v), format!("{label}{target}；由台账计算（{what}），请核对")),
            (None, Some((v, d))) => (number(*v), format!("{label}{target}；上期 {d} 为 {}，请更新", number(*v))),
            (None, None) => ("0".to_string(), format!("{label}{target}；请填写")),
        };
        line(o, &format!("  {key}: {value}"), &note);
    }
}

/// Writes a new site into `dir` (created if missing); returns the files written.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, ScaffoldError> {
    for taken in ["site.yaml", "content"] {
        if dir.join(taken).exists() {
            let (dir, taken) = (dir.display().to_string(), taken.to_string());
            return Err(ScaffoldError::Refused(Scaffold::SiteExists { dir, taken }));
        }
    }
    let year = today.year();
    let id = format!("shili-{year}-r1");
    let end = today + chrono::Days::new(99);
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), SITE_YAML.into()),
        (".gitignore".into(), "/public/\n/.public.gongjian-manifest\n".into()),
        ("content/_index.md".into(), HOME.into()),
        ("content/reports/_index.md".into(), REPORTS_INDEX.into()),
        (
            format!("content/campaigns/{id}.md"),
            CAMPAIGN.replace("{start}", &today.to_string()).replace("{end}", &end.to_string()),
        ),
        (
            format!("content/reports/{today}-kaiju.md"),
            REPORT
                .replace("{date}", &today.to_string())
                .replace("{id}", &id)
                .replace("{month}", &today.format("%Y-%m").to_string()),
        ),
    ];
    // The default theme is built in; writing it out shows editors what they can change.
    for (name, body) in DEFAULT_THEME {
        files.push((format!("themes/default/{name}"), body.to_string()));
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if rel == ".gitignore" && path.exists() {
            continue;
        }
        write_new(&path, text.as_bytes()).map_err(ScaffoldError::Refused)?;
        written.push(path);
    }
    Ok(written)
}

const SITE_YAML: &str = "\
# gongjian 站点配置。每一项都有默认值，不用的行可以删去。
title: 示例县融媒体中心                # 站点名称
description: 项目建设攻坚进展          # 站点简介
base_url: /                           # 发布地址，可带子路径，如 https://www.example.gov.cn/news/
language: zh-Hans                     # zh-Hans（简体）或 zh-Hant（繁体）
theme: default                        # themes/ 下的主题；default 也内置在程序中
paginate_by: 20                       # 列表每页条数
hant_mirror: false                    # 同时生成 /zh-hant/ 繁体镜像
unsafe_html: false                    # 允许正文中的原始 HTML（默认清除）
decode_gbk: false                     # 读取 GBK 编码（Word/记事本另存）的文件，而不是报错
overrides: []                         # 允许 static/ 中的文件替换生成的文件，如 [robots.txt]
markdown:
  cjk_friendly: true                  # 中文标点旁的 **加粗** 也生效（false 为标准 CommonMark）
timezone: Asia/Shanghai               # 按此时区的日期判断“今天”：晚于今天的报道定时发布
verdicts: numbers                     # numbers：只列时间进度与任务进度；full：另加“超前/滞后”等判断
logo: \"\"                              # 页头标志图片，如 images/logo.png（放在 static/ 下）
footer:                               # 页脚：政府网站检查要求的信息，发布前填写
  organizer: \"\"                       # 主办单位
  operator: \"\"                        # 承办单位
  address: \"\"                         # 地址
  contact: \"\"                         # 联系电话或邮箱
  icp: \"\"                             # ICP备案号，如 冀ICP备12345678号-1
  gongan: \"\"                          # 公安备案号，如 冀公网安备 13092302000123号
  site_code: \"\"                       # 政府网站标识码
  credit: false                       # 页脚显示“本站由 gongjian 生成”
colors:                               # 配色：scheme 为 red（党政红）或 blue（政务蓝），也可逐项覆盖
  scheme: red                         # 如 primary: \"#9e1c22\"，见 README
outputs: [web, print]                 # 生成什么：web 网站、print 简报；加 wechat 公众号文章、share 分享图
# wechat:                             # 公众号文章（outputs 含 wechat 时）
#   account: 示例县融媒体              # 公众号名称，显示在文章开头
#   header: 点击上方蓝字关注我们        # 文章前的一段话
#   footer: 来源：示例县融媒体中心      # 文章后的一段话
check:                                # gongjian check 的检查项
  stale_days: 14                      # 栏目超过这么多天没有新报道即提示（0 关闭）
  banned_terms: []                    # 错别字、敏感词清单，如 [某某词, 另一个词]
";

const HOME: &str = "---\ntitle: 首页\n---\n\n本站发布全县项目建设攻坚行动的进展、通报和排名。\n";

const REPORTS_INDEX: &str =
    "---\ntitle: 进展报道\nsort_by: date\n---\n\n各项攻坚行动的动员部署、进度通报和阶段总结，按发布时间排列。\n";

const CAMPAIGN: &str = "\
---
title: 示例县项目建设百日攻坚
county: 示例县
start: {start}
end: {end}
series: shili-bairi-gongjian
round: 1
# verdicts: full                 # 本轮的进度表述，覆盖 site.yaml 的 verdicts
metrics:                         # 本轮声明的指标；报道的 metrics 只能用这些键
  new_projects:         {label: 新开工项目, unit: 个, target: 50}
  total_investment:     {label: 新开工项目总投资, unit: 亿元, target: 80}
  completed_investment: {label: 完成投资, unit: 亿元, target: 40, headline: true}
---

示例县第一轮项目建设百日攻坚：新开工项目 50 个，完成投资 40 亿元。这是 `gongjian init` 生成的示例，可直接修改。
";

const REPORT: &str = "\
---
title: 示例县项目建设百日攻坚启动
date: {date}
county: 示例县
campaign: {id}
tags: [百日攻坚, 项目建设]
authors: [本站记者]
metrics:
  new_projects: 12
  total_investment: 18.5
  completed_investment: 2.3
targets:
  - {name: 新开工项目, target: 50, actual: 12, unit: 个}
  - {name: 完成投资, target: 40, actual: 2.3, unit: 亿元}
projects:
  - id: shili-new-materials
    name: 新材料产业园一期
    investment: 6.8
    status: started
    progress: 10
    started: {month}
    industry: 新材料
    township: 示例县经济开发区
---

示例县项目建设百日攻坚今天启动，首批 12 个项目集中开工。

<!-- more -->

## 目标完成情况

{{ chart(kind=\"targets\") }}

新建一篇报道：`gongjian new reports/文件名 --campaign {id}`；预览：`gongjian serve`。
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_stay_in_content() {
        assert_eq!(page_path("reports/a").unwrap(), PathBuf::from("reports/a.md"));
        assert_eq!(page_path("content/reports/a.md").unwrap(), PathBuf::from("reports/a.md"));
        assert_eq!(page_path("campaigns/dongguang-2022-r1").unwrap(), PathBuf::from("campaigns/dongguang-2022-r1.md"));
        for bad in ["a", "../reports/a", "/etc/a", "reports/_index", "campaigns/东光"] {
            assert!(matches!(page_path(bad), Err(ScaffoldError::Usage(_))), "{bad}");
        }
    }

    #[test]
    fn a_new_report_offers_the_schema_fields() {
        let day = NaiveDate::from_ymd_opt(2021, 8, 10).unwrap();
        let text = report_template("2021-08-10-kaiju", day, None, None, &[]);
        let yaml = text.trim_start_matches("---\n").split("\n---\n").next().unwrap();
        let meta: crate::load::PageMeta = serde_yaml::from_str(yaml).unwrap();
        assert!(meta.unknown.0.is_empty() && meta.draft, "{text}");
        for f in crate::load::PAGE_FIELDS {
            let offered = text.contains(&format!("\n{}:", f.key)) || text.contains(&format!("\n# {}:", f.key));
            assert_eq!(offered, f.in_new, "`{}` in:\n{text}", f.key);
        }
        // Uncommented, every offered example is a valid field.
        let all: String = yaml.lines().map(|l| l.strip_prefix("# ").unwrap_or(l)).map(|l| format!("{l}\n")).collect();
        let all: String = all.lines().filter(|l| !l.starts_with("由 gongjian")).map(|l| format!("{l}\n")).collect();
        let meta: crate::load::PageMeta = serde_yaml::from_str(&all).unwrap_or_else(|e| panic!("{e}\n{all}"));
        assert!(meta.unknown.0.is_empty(), "{all}");
    }
}
