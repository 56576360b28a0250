//! Tests for every chart kind: labels and values in the SVG and table,
//! title/desc wording, accessibility markup, determinism and long labels
//! staying inside the viewBox. Shared fixtures and checks live here too;
//! edge cases and timing are in `tests_edge`.

use super::scene::{Scene, Shape};
use super::*;

pub(super) fn s(x: &str) -> String {
    x.to_string()
}

const LONG_METRIC: &str = "招商引资到位资金（亿元）";
pub(super) const LONG_PROJECT: &str = "格锐恩绿色钢能循环利用项目二期扩建工程";
const VERY_LONG: &str =
    "格锐恩绿色钢能循环利用项目二期扩建工程完成投资额与年度计划投资额及上年同期完成情况比较（含磁县经济开发区配套基础设施建设项目）";

/// The drawn part of an SVG (after `<desc>`, which also names things).
pub(super) fn body(svg: &str) -> &str {
    &svg[svg.find("</desc>").unwrap()..]
}

/// Whether the first triangle marker points up (apex above its base).
pub(super) fn triangle_up(svg: &str) -> bool {
    let poly = &svg[svg.find("<polygon").unwrap()..];
    let pts = &poly[poly.find("points=\"").unwrap() + 8..];
    let ys: Vec<i32> = pts[..pts.find('"').unwrap()]
        .split_whitespace()
        .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    ys[2] < ys[0]
}

pub(super) fn targets() -> ChartData {
    ChartData::Targets {
        rows: vec![
            TargetBar { label: s("工业重点项目开工"), target: 20.0, actual: 12.0, unit: s("个") },
            TargetBar { label: s(LONG_METRIC), target: 32.98, actual: 35.5, unit: s("亿元") },
            TargetBar { label: s(VERY_LONG), target: 93.0, actual: 80.6, unit: s("亿元") },
        ],
    }
}

pub(super) fn pace(time: f64, task: f64, finished: bool) -> ChartData {
    ChartData::Pace {
        time_pct: time,
        task_pct: task,
        as_of: s("2021-09-30"),
        metric_label: s("完成投资"),
        finished,
        judged: true,
    }
}

pub(super) fn trend() -> ChartData {
    ChartData::Trend {
        metric_label: s("完成投资"),
        unit: s("亿元"),
        points: vec![
            (s("2021-08-10"), 12.0),
            (s("2021-08-20"), 20.5),
            (s("2021-09-10"), 41.3),
            (s("2021-09-30"), 56.0),
        ],
        target: Some(93.0),
    }
}

pub(super) fn breakdown() -> ChartData {
    ChartData::Breakdown {
        by_label: s("行业"),
        unit: s("亿元"),
        slices: vec![(s("化工"), 15.0), (s("钢铁"), 20.0), (s(LONG_PROJECT), 10.0), (s("电子信息"), 6.5)],
    }
}

pub(super) fn ranking() -> ChartData {
    let r = |n: &str, sc: f64, g: Option<&str>| RankRow { name: s(n), score: sc, grade: g.map(s) };
    ChartData::Ranking {
        rows: vec![
            r("甘蔗街道", 96.0, Some("优")),
            r("连镇镇", 71.0, Some("差")),
            r(LONG_PROJECT, 88.5, Some("中")),
            r("东光镇", 98.2, Some("优")),
            r("找王镇", 88.5, None),
        ],
    }
}

pub(super) fn rounds() -> ChartData {
    ChartData::Rounds {
        metric_label: s("完成投资"),
        unit: s("亿元"),
        rows: vec![
            RoundBar { label: s("第五轮"), target: Some(80.0), actual: Some(85.0) },
            RoundBar { label: s("第六轮"), target: Some(90.0), actual: Some(86.7) },
            RoundBar {
                label: s("2021年第七轮项目建设百日攻坚（东光县）"), target: Some(93.0), actual: None
            },
        ],
    }
}

pub(super) fn history() -> ChartData {
    ChartData::History {
        rows: vec![
            (s("2021-05-12"), 30.0, s("在建")),
            (s("2021-03-01"), 10.0, s("筹备")),
            (s("2021-11-02"), 100.0, s("竣工")),
        ],
    }
}

pub(super) fn all() -> Vec<ChartData> {
    vec![targets(), pace(50.0, 62.0, false), trend(), breakdown(), ranking(), rounds(), history()]
}

pub(super) fn scene_of(data: &ChartData) -> Option<Scene> {
    let p = Palette::default();
    build(data, &p, &Colors::new(&p)).scene
}

/// Every text run and shape lies inside the viewBox.
pub(super) fn assert_fits(scene: &Scene) {
    for t in &scene.texts {
        let (l, r) = t.extent();
        assert!(l >= 0.0 && r <= scene.width, "text {:?} spans {l:.1}..{r:.1} outside 0..{}", t.text, scene.width);
        assert!(
            t.y - t.size >= 0.0 && t.y <= scene.height,
            "text {:?} at y {} outside 0..{}",
            t.text,
            t.y,
            scene.height
        );
    }
    let inside = |x: f64, y: f64| x >= 0.0 && x <= scene.width && y >= 0.0 && y <= scene.height;
    for sh in &scene.shapes {
        let ok = match sh {
            Shape::Rect { x0, y0, x1, y1, .. } => inside(*x0, *y0) && inside(*x1, *y1),
            Shape::Line { points, .. } | Shape::Poly { points, .. } => points.iter().all(|p| inside(p.0, p.1)),
            Shape::Circle { x, y, r, .. } => inside(x - r, y - r) && inside(x + r, y + r),
        };
        assert!(ok, "shape outside the viewBox: {sh:?}");
    }
}

/// Structural checks that hold for every SVG we emit.
pub(super) fn assert_svg(svg: &str) {
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 480 "), "{svg}");
    assert!(svg.ends_with("</svg>"));
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("width=\"100%\""));
    assert!(!svg.contains("<?xml"));
    assert_eq!(svg.matches("<svg").count(), 1, "nested svg");
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    let first = svg.find('>').unwrap();
    assert!(svg[first + 1..].starts_with("<title>"), "title must be the first child");
    assert!(svg.contains("</title><desc>"), "desc must follow title");
    assert!(svg.contains(scene::FONT_FAMILY));
    for bad in ["NaN", "inf", "font-family=\"sans-serif\""] {
        assert!(!svg.contains(bad), "{bad} in svg");
    }
}

#[test]
fn every_kind_is_well_formed_deterministic_and_fits() {
    let p = Palette::default();
    assert_eq!(all().len(), super::KINDS.len(), "every kind of the registry is drawn here");
    for (data, def) in all().iter().zip(super::KINDS) {
        let kind = def.name;
        let a = draw(data, "", &p);
        let b = draw(data, "", &p);
        assert_eq!(a, b, "{kind} not deterministic");
        assert_eq!(a.kind, def.kind);
        assert!(!a.title.is_empty());
        assert!(a.desc.ends_with('。'), "{kind}: {}", a.desc);
        assert_eq!(a.desc.matches('。').count(), 1, "one sentence: {}", a.desc);
        assert_svg(&a.svg);
        assert!(a.table_html.starts_with("<table>") && a.table_html.ends_with("</table>"));
        assert!(a.table_html.contains("<th scope=\"col\">") && a.table_html.contains("<th scope=\"row\">"));
        assert_fits(&scene_of(data).expect("scene"));
    }
}

#[test]
fn chart_svgs_are_labelled_as_by_replacing_each_mark_in_turn() {
    let kinds = [targets(), pace(50.0, 62.0, false), trend(), breakdown(), ranking(), rounds(), history()];
    for (data, title) in kinds.iter().zip(["", "<title>", "有<desc>的标题", "role=\"img\"", "a", "b", "c"]) {
        let c = draw(data, title, &Palette::default());
        let id = super::escape("c\"1");
        let by_turns = c
            .svg
            .replacen("role=\"img\"", &format!("role=\"img\" aria-labelledby=\"{id}-t {id}-d\""), 1)
            .replacen("<title>", &format!("<title id=\"{id}-t\">"), 1)
            .replacen("<desc>", &format!("<desc id=\"{id}-d\">"), 1);
        let html = c.to_html("c\"1");
        assert!(html.contains(&by_turns), "{title}: {html}");
    }
    let swaps = [("b", "[B]"), ("a", "[A]"), ("zz", "!")];
    assert_eq!(super::replace_first_of_each("xaybab", &swaps), "x[A]y[B]ab");
}

#[test]
fn to_html_wraps_accessibly() {
    let c = draw(&pace(50.0, 62.0, false), "东光县第七轮<攻坚>", &Palette::default());
    let h = c.to_html("c1");
    assert!(h.starts_with("<figure id=\"c1\" class=\"chart chart-pace\">"), "{h}");
    assert!(h.contains("role=\"img\" aria-labelledby=\"c1-t c1-d\""));
    assert!(h.contains("<title id=\"c1-t\">东光县第七轮&lt;攻坚&gt;</title><desc id=\"c1-d\">截至2021年9月30日"));
    assert!(h.contains("<figcaption>东光县第七轮&lt;攻坚&gt;</figcaption>"));
    assert!(h.contains("<details><summary>查看数据</summary>"));
    assert!(h.ends_with("</details>\n</figure>"));
    assert_eq!(h.matches("aria-labelledby").count(), 1);
    // The id is escaped too.
    assert!(draw(&trend(), "", &Palette::default()).to_html("a\"b").contains("id=\"a&quot;b\""));
}

#[test]
fn targets_labels_values_and_percent() {
    let c = draw(&targets(), "目标完成情况", &Palette::default());
    assert_eq!(c.title, "目标完成情况");
    for needle in ["工业重点项目开工", LONG_METRIC, "12 / 20个", "60%", "107.6% 已完成", "86.7%"] {
        assert!(c.svg.contains(needle), "{needle} missing");
    }
    // The very long label is cut with … and keeps its full text as a tooltip.
    assert!(c.svg.contains(&format!("<title>{VERY_LONG}</title>")));
    assert!(c.svg.contains('…'));
    assert!(c.desc.starts_with("共3项目标：工业重点项目开工完成12个，目标20个，完成率60%；"), "{}", c.desc);
    assert!(c.table_html.contains("<th scope=\"row\">招商引资到位资金（亿元）</th><td class=\"num\">35.5亿元</td><td class=\"num\">32.98亿元</td><td class=\"num\">107.6%</td>"));
}

#[test]
fn pace_ahead_behind_finished() {
    let p = Palette::default();
    let a = draw(&pace(50.0, 62.0, false), "", &p);
    assert_eq!(a.desc, "截至2021年9月30日，时间进度50%，完成投资任务进度62%，进度超前12个百分点。");
    assert!(a.svg.contains("时间进度") && a.svg.contains("任务进度") && a.svg.contains("超前12个百分点"));
    assert!(a.svg.contains("<polygon"), "triangle marker");
    let b = draw(&pace(71.0, 58.5, false), "", &p);
    assert!(b.desc.ends_with("进度滞后12.5个百分点。"), "{}", b.desc);
    assert!(b.svg.contains("滞后12.5个百分点"));
    // Behind is not told by colour alone: different words and marker shape.
    assert!(triangle_up(&a.svg) && !triangle_up(&b.svg));
    let e = draw(&pace(50.0, 50.0, false), "", &p);
    assert!(e.desc.contains("任务进度与时间进度持平"), "{}", e.desc);
    let f = draw(&pace(100.0, 92.0, true), "", &p);
    assert!(f.svg.contains("已结束"));
    assert!(f.desc.starts_with("攻坚已结束，截至2021年9月30日") && f.desc.contains("未完成目标"), "{}", f.desc);
    let g = draw(&pace(100.0, 104.0, true), "", &p);
    assert!(g.desc.ends_with("完成目标。") && g.svg.contains("已结束，完成目标"), "{}", g.desc);
    assert_fits(&scene_of(&pace(100.0, 140.0, true)).unwrap());
}

#[test]
fn pace_without_verdicts_shows_numbers_only() {
    let p = Palette::default();
    for (time, task, finished) in [(71.0, 58.5, false), (100.0, 92.0, true), (50.0, 62.0, false)] {
        let mut data = pace(time, task, finished);
        if let ChartData::Pace { judged, .. } = &mut data {
            *judged = false;
        }
        let c = draw(&data, "", &p);
        for word in ["超前", "滞后", "未完成", "持平", "<polygon"] {
            assert!(!c.svg.contains(word) && !c.desc.contains(word), "{word} in {}", c.desc);
        }
        assert!(c.desc.contains("时间进度") && c.desc.contains("任务进度"), "{}", c.desc);
        assert_fits(&scene_of(&data).unwrap());
    }
}

#[test]
fn trend_points_target_and_dates() {
    let c = draw(&trend(), "", &Palette::default());
    assert_eq!(c.title, "完成投资变化趋势");
    assert_eq!(
        c.desc,
        "完成投资共4次报告，由2021年8月10日的12亿元增至2021年9月30日的56亿元，目标93亿元，已完成60.2%。"
    );
    for needle in ["目标 93亿元", "单位：亿元", "2021年", "9月30日", ">56<", "<circle", "<polyline"] {
        assert!(c.svg.contains(needle), "{needle} missing");
    }
    assert!(c.table_html.contains("<th scope=\"row\">目标</th><td class=\"num\">93</td>"));
    // Many points: labels are thinned but still fit; years differ → 年月 labels.
    let many = ChartData::Trend {
        metric_label: s("新开工项目"),
        unit: s("个"),
        points: (0..60).map(|i| (format!("{}-{:02}-15", 2020 + i / 12, 1 + i % 12), i as f64 * 3.5 - 20.0)).collect(),
        target: Some(-5.0),
    };
    let sc = scene_of(&many).unwrap();
    assert_fits(&sc);
    assert!(sc.texts.iter().any(|t| t.text == "2024年12月"));
    // A single point and undated points still draw.
    let one = ChartData::Trend {
        metric_label: s("x"),
        unit: s(""),
        points: vec![(s("第一期"), 5.0), (s("第二期"), f64::NAN)],
        target: None,
    };
    assert_fits(&scene_of(&one).unwrap());
    assert!(draw(&one, "", &Palette::default()).desc.contains("第一期为5"));
}

#[test]
fn breakdown_sorted_with_shares() {
    let c = draw(&breakdown(), "", &Palette::default());
    assert_eq!(c.title, "按行业分布");
    assert!(c.desc.starts_with("按行业统计，合计51.5亿元：钢铁20亿元（38.8%）、化工15亿元（29.1%）"), "{}", c.desc);
    let (i_steel, i_chem) = (body(&c.svg).find("钢铁").unwrap(), body(&c.svg).find("化工").unwrap());
    assert!(i_steel < i_chem, "largest first");
    assert!(c.svg.contains("20（38.8%）"));
    assert!(c.table_html.contains("<th scope=\"row\">合计</th><td class=\"num\">51.5</td><td class=\"num\">100%</td>"));
    // More than 12 slices fold into 其他.
    let many = ChartData::Breakdown {
        by_label: s("乡镇"),
        unit: s("亿元"),
        slices: (0..20).map(|i| (format!("{LONG_PROJECT}{i}"), 20.0 - i as f64)).collect(),
    };
    let sc = scene_of(&many).unwrap();
    assert!(sc.texts.iter().any(|t| t.text == "其他（9项）"));
    assert_fits(&sc);
}

#[test]
fn ranking_sorted_coloured_and_graded() {
    let p = Palette::default();
    let c = draw(&ranking(), "", &p);
    let pos = |n: &str| body(&c.svg).find(n).unwrap();
    assert!(pos("东光镇") < pos("甘蔗街道") && pos("甘蔗街道") < pos("连镇镇"));
    assert!(
        c.desc.starts_with(
            "共5个单位参加排名，第1名东光镇，得分98.2（优），末位连镇镇，得分71（差）；评为优2个、中1个、差1个。"
        ),
        "{}",
        c.desc
    );
    // Grade colours on bars and grade text at the bar end.
    assert!(c.svg.contains(&format!("fill=\"{}\"", p.grade_good.to_uppercase())));
    assert!(c.svg.contains(&format!("font-weight=\"bold\" fill=\"{}\">优</text>", p.grade_good)));
    // Ties share a rank in the table.
    assert_eq!(c.table_html.matches("<td class=\"num\">3</td>").count(), 2);
    let sc = scene_of(&ranking()).unwrap();
    assert!(
        sc.texts.iter().any(|t| t.tooltip.as_deref() == Some(LONG_PROJECT))
            || sc.texts.iter().any(|t| t.text == LONG_PROJECT)
            || sc.texts.iter().any(|t| LONG_PROJECT.starts_with(t.text.as_str()))
    );
}

#[test]
fn rounds_and_history() {
    let c = draw(&rounds(), "", &Palette::default());
    assert_eq!(c.title, "完成投资历轮对比");
    assert!(c.desc.starts_with("完成投资共3轮：第五轮目标80亿元，完成85亿元（106.3%）；"), "{}", c.desc);
    assert!(c.svg.contains("暂无") && c.svg.contains("85（106.3%）"));
    let h = draw(&history(), "", &Palette::default());
    assert_eq!(h.desc, "共3次进度记录，由2021年3月1日的10%（筹备）推进到2021年11月2日的100%（竣工）。");
    let (a, b) = (h.svg.find("2021年3月1日").unwrap(), h.svg.find("2021年5月12日").unwrap());
    assert!(a < b, "oldest first");
    assert!(h.svg.contains(">在建<") && h.table_html.contains("<td>竣工</td>"));
}
