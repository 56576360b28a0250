//! Edge-case tests (empty data, NaN/inf/negative values, escaping, custom
//! palettes). Drawing cost is measured by `cargo bench --bench charts`.

use super::tests::{assert_fits, assert_svg, body, pace, s, scene_of, trend};
use super::*;

#[test]
fn empty_data_says_no_data() {
    let p = Palette::default();
    let empties = [
        ChartData::Targets { rows: vec![] },
        pace(f64::NAN, f64::INFINITY, false),
        ChartData::Trend { metric_label: s("完成投资"), unit: s("亿元"), points: vec![], target: Some(9.0) },
        ChartData::Breakdown {
            by_label: s("状态"),
            unit: s(""),
            slices: vec![(s("在建"), 0.0), (s("筹备"), -3.0), (s("竣工"), f64::NAN)],
        },
        ChartData::Ranking { rows: vec![] },
        ChartData::Rounds {
            metric_label: s(""),
            unit: s(""),
            rows: vec![RoundBar { label: s("第一轮"), target: None, actual: Some(f64::NAN) }],
        },
        ChartData::History { rows: vec![] },
    ];
    for d in &empties {
        let c = draw(d, "", &p);
        assert!(c.svg.contains(">暂无数据</text>"), "{}", c.kind);
        assert_eq!(c.desc, "暂无数据。");
        assert_svg(&c.svg);
        assert!(c.to_html("e").contains("<table>"));
    }
    assert!(draw(&ChartData::Ranking { rows: vec![] }, "", &p).table_html.contains("<td colspan=\"4\">暂无数据</td>"));
}

#[test]
fn invalid_numbers_do_not_break_layout() {
    let p = Palette::default();
    let weird = [
        ChartData::Targets {
            rows: vec![
                TargetBar { label: s("a"), target: 0.0, actual: 5.0, unit: s("个") },
                TargetBar { label: s("b"), target: f64::NAN, actual: f64::INFINITY, unit: s("") },
                TargetBar { label: s("c"), target: 10.0, actual: -4.0, unit: s("个") },
                TargetBar {
                    label: s("d"), target: 1e-3, actual: 1e9, unit: s("亿元亿元亿元亿元亿元亿元亿元亿元亿元")
                },
            ],
        },
        pace(-10.0, 300.0, false),
        pace(f64::NAN, 40.0, false),
        ChartData::Ranking {
            rows: vec![
                RankRow { name: s("甲"), score: f64::NAN, grade: Some(s("良")) },
                RankRow { name: s("乙"), score: -5.0, grade: None },
                RankRow { name: s("丙"), score: 1234.5, grade: Some(s(" ")) },
            ],
        },
        ChartData::History { rows: vec![(s("bad-date"), f64::NAN, s("")), (s("2021-01-01"), 150.0, s("投产"))] },
    ];
    for d in &weird {
        let c = draw(d, "t", &p);
        assert_svg(&c.svg);
        assert_fits(&scene_of(d).unwrap());
    }
    let r = draw(&weird[3], "", &p);
    let pos = |n: &str| body(&r.svg).find(n).unwrap();
    assert!(pos("丙") < pos("乙") && pos("乙") < pos("甲"));
}

#[test]
fn huge_values_fit() {
    let p = Palette::default();
    let big = [1e300, -1e300, 123_456_789_012.34, f64::MAX, f64::MIN, 1.6e308];
    for v in big {
        let data = [
            ChartData::Targets {
                rows: vec![TargetBar { label: s("a"), target: v / 3.0, actual: v, unit: s("亿元") }]
            },
            ChartData::Trend {
                metric_label: s("m"),
                unit: s("亿元"),
                points: vec![(s("2021-01-01"), v)],
                target: Some(v),
            },
            ChartData::Breakdown { by_label: s("行业"), unit: s("亿元"), slices: vec![(s("x"), v), (s("y"), 1.0)] },
            ChartData::Ranking { rows: vec![RankRow { name: s("x"), score: v, grade: Some(s("优")) }] },
            ChartData::Rounds {
                metric_label: s("m"),
                unit: s("亿元"),
                rows: vec![RoundBar { label: s("r"), target: Some(v), actual: Some(v) }],
            },
        ];
        for d in &data {
            assert_svg(&draw(d, "", &p).svg);
            if let Some(sc) = scene_of(d) {
                assert_fits(&sc);
            }
        }
    }
}

#[test]
fn escaping_and_custom_palette() {
    let data = ChartData::Breakdown {
        by_label: s("<b>"),
        unit: s("&"),
        slices: vec![(s("A&B <script>"), 3.0), (s("\"q\""), 1.0)],
    };
    let mut m = std::collections::BTreeMap::new();
    m.insert(s("series"), s("#123"));
    let p = Palette::from_map(&m).unwrap();
    let c = draw(&data, "", &p);
    assert!(!c.svg.contains("<script>") && !c.table_html.contains("<script>") && !c.svg.contains("<b>"));
    assert!(c.svg.contains("A&amp;B &lt;script&gt;"));
    assert!(c.svg.contains("fill=\"#112233\""));
    // A broken palette value never reaches the SVG.
    let p = Palette { text: s("red\" onload=\"x"), ..Palette::default() };
    assert!(!draw(&trend(), "", &p).svg.contains("onload"));
}

/// Every kind of shape as published charts have always written it (whole
/// pixels, upper-case colours, a space after each point): a page's markup
/// must not change when nothing in its chart did.
#[test]
fn shapes_keep_their_published_markup() {
    use super::scene::{Scene, Shape};
    let mut sc = Scene::new((255, 255, 255), (0x1f, 0x29, 0x37));
    sc.height = 100.4;
    sc.rect(10.4, 20.6, 3.0, 40.0, (0xc8, 0x10, 0x2e));
    sc.tint(0.0, 0.0, 50.0, 10.0, (0, 0x66, 0xcc), 0.15);
    sc.tint(0.0, 0.0, 50.0, 10.0, (0, 0x66, 0xcc), 0.0);
    sc.outline(1.0, 1.0, 5.0, 5.0, (0xab, 0xcd, 0xef));
    sc.rect(1.0, 1.0, 1.2, 5.0, (1, 2, 3));
    sc.line(vec![(0.0, 1.5), (2.49, f64::NAN)], (0x12, 0x34, 0x56), 2);
    sc.shapes.push(Shape::Circle { x: 4.5, y: 5.0, r: 0.2, color: (9, 9, 9), filled: true });
    sc.shapes.push(Shape::Circle { x: 4.0, y: 5.0, r: 3.6, color: (9, 9, 9), filled: false });
    sc.triangle(0.0, 10.0, 10.0, true, (0, 0x80, 0));
    let svg = sc.render("t", "d");
    let expected = "</desc>\n\
        <rect x=\"0\" y=\"0\" width=\"480\" height=\"100\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>\n\
        <rect x=\"3\" y=\"21\" width=\"7\" height=\"19\" opacity=\"1\" fill=\"#C8102E\" stroke=\"none\"/>\n\
        <rect x=\"0\" y=\"0\" width=\"50\" height=\"10\" opacity=\"0.15\" fill=\"#0066CC\" stroke=\"none\"/>\n\
        <rect x=\"1\" y=\"1\" width=\"4\" height=\"4\" opacity=\"1\" fill=\"none\" stroke=\"#ABCDEF\"/>\n\
        <polyline fill=\"none\" opacity=\"1\" stroke=\"#123456\" stroke-width=\"2\" points=\"0,2 2,0 \"/>\n\
        <circle cx=\"5\" cy=\"5\" r=\"1\" opacity=\"1\" fill=\"#090909\" stroke=\"none\" stroke-width=\"1\"/>\n\
        <circle cx=\"4\" cy=\"5\" r=\"4\" opacity=\"1\" fill=\"none\" stroke=\"#090909\" stroke-width=\"2\"/>\n\
        <polygon opacity=\"1\" fill=\"#008000\" points=\"0,14 10,14 5,6 \"/>\n\
        <g font-family=";
    assert!(svg.contains(expected), "{svg}");
}
