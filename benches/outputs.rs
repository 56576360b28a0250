//! PNG charts per second: `cargo bench --bench outputs`.
//! Draws the same charts as the site (plotters SVG, then resvg with the
//! bundled font at 960 px) and a share card, and prints the median time of
//! each step over several rounds: SVG → pixels, pixels → PNG, the font
//! coverage check. The build-time cost at 1,000 reports is in the README.

use std::time::Instant;

use gongjian::charts::{draw, ChartData, Palette, TargetBar};
use gongjian::raster::card::Card;
use gongjian::raster::{Rasterizer, CHART_PX};

fn samples() -> Vec<ChartData> {
    let bar =
        |label: &str, target: f64, actual: f64| TargetBar {
            label: label.into(), target, actual, unit: "亿元".into()
        };
    vec![
        ChartData::Targets {
            rows: vec![
                bar("工业重点项目开工", 20.0, 12.0),
                bar("招商引资到位资金", 40.0, 30.5),
                bar("固定资产投资", 93.0, 80.6),
            ],
        },
        ChartData::Pace {
            time_pct: 60.6,
            task_pct: 58.2,
            as_of: "2021年9月30日".into(),
            metric_label: "完成投资".into(),
            finished: false,
            judged: true,
        },
        ChartData::Trend {
            metric_label: "完成投资".into(),
            unit: "亿元".into(),
            points: (0..12).map(|i| (format!("2021-{:02}-15", i + 1), 5.0 * i as f64 + 3.0)).collect(),
            target: Some(60.0),
        },
    ]
}

/// Median milliseconds of `f` over `rounds` runs of `per` calls.
fn median_ms(rounds: usize, per: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            (0..per).for_each(|_| f());
            t.elapsed().as_secs_f64() * 1e3 / per as f64
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let t = Instant::now();
    // A site folder of its own: share cards are cached under <root>/.gongjian/png/.
    let root = tempfile::tempdir().expect("temp dir");
    let r = Rasterizer::new(root.path(), &[]).expect("bundled font");
    println!("font load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    println!(
        "{:<10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "kind", "draw ms", "png ms", "check ms", "charts/s", "png bytes"
    );
    for data in samples() {
        let chart = draw(&data, "完成情况", &Palette::default());
        let pixmap = r.pixmap(&chart.svg, CHART_PX).expect("drawn");
        let draw_ms = median_ms(5, 10, || drop(std::hint::black_box(r.pixmap(&chart.svg, CHART_PX))));
        let png_ms = median_ms(5, 10, || drop(std::hint::black_box(gongjian::raster::encode(&pixmap))));
        let check_ms = median_ms(5, 10, || drop(std::hint::black_box(r.missing(&chart.svg))));
        let bytes = gongjian::raster::encode(&pixmap).map_or(0, |p| p.len());
        let per_s = 1e3 / (draw_ms + png_ms + check_ms);
        println!("{:<10} {draw_ms:>10.2} {png_ms:>10.2} {check_ms:>10.2} {per_s:>10.1} {bytes:>10}", chart.kind);
    }
    let svg = draw(&samples()[0], "完成情况", &Palette::default()).svg;
    let card = Card {
        title: "东光县第七轮项目建设百日攻坚推进会召开",
        site: "东光县融媒体中心",
        byline: "2021年9月15日",
        accent: "#b71c1c",
        chart: Some(&svg),
    };
    let uncached = median_ms(5, 5, || {
        let _ = std::fs::remove_dir_all(root.path().join(".gongjian"));
        drop(std::hint::black_box(r.card(&card)))
    });
    println!(
        "share card: {uncached:.2} ms drawn, {:.2} ms from the cache",
        median_ms(5, 5, || drop(std::hint::black_box(r.card(&card))))
    );
}
