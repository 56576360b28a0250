//! Drawing cost per chart kind: `cargo bench --bench charts`.
//! Prints the median µs per chart (draw + HTML) over several rounds, and the
//! HTML size; these are the numbers behind a build's chart time.

use std::time::Instant;

use gongjian::charts::{draw, ChartData, Palette, RankRow, RoundBar, TargetBar};

fn s(x: &str) -> String {
    x.to_string()
}

fn samples() -> Vec<ChartData> {
    vec![
        ChartData::Targets {
            rows: vec![
                TargetBar { label: s("工业重点项目开工"), target: 20.0, actual: 12.0, unit: s("个") },
                TargetBar {
                    label: s("招商引资到位资金（亿元）"), target: 40.0, actual: 30.5, unit: s("亿元")
                },
                TargetBar { label: s("固定资产投资"), target: 93.0, actual: 80.6, unit: s("亿元") },
                TargetBar { label: s("竣工投产项目"), target: 45.0, actual: 29.0, unit: s("个") },
            ],
        },
        ChartData::Pace {
            time_pct: 60.6,
            task_pct: 58.2,
            as_of: s("2021年9月30日"),
            metric_label: s("完成投资"),
            finished: false,
            judged: true,
        },
        ChartData::Trend {
            metric_label: s("完成投资"),
            unit: s("亿元"),
            points: (0..12).map(|i| (format!("2021-{:02}-15", i % 12 + 1), 5.0 * i as f64 + 3.0)).collect(),
            target: Some(60.0),
        },
        ChartData::Breakdown {
            by_label: s("行业"),
            unit: s("亿元"),
            slices: vec![
                (s("钢铁"), 20.0),
                (s("化工"), 15.0),
                (s("装备制造"), 9.5),
                (s("电子信息"), 6.5),
                (s("农业"), 3.0),
            ],
        },
        ChartData::Ranking {
            rows: ["甘蔗街道", "南屿镇", "上街镇", "荆溪镇", "青口镇", "祥谦镇"]
                .iter()
                .enumerate()
                .map(|(i, n)| RankRow {
                    name: s(n),
                    score: 98.0 - 5.5 * i as f64,
                    grade: Some(s(["优", "中", "差"][i % 3])),
                })
                .collect(),
        },
        ChartData::Rounds {
            metric_label: s("完成投资"),
            unit: s("亿元"),
            rows: (1..=7)
                .map(|r| RoundBar {
                    label: format!("第{r}轮"),
                    target: Some(50.0 + r as f64),
                    actual: Some(45.0 + r as f64),
                })
                .collect(),
        },
        ChartData::History {
            rows: vec![
                (s("2021-02-20"), 10.0, s("在建")),
                (s("2021-07-12"), 45.0, s("在建")),
                (s("2021-09-27"), 70.0, s("在建")),
            ],
        },
    ]
}

fn main() {
    let palette = Palette::default();
    let per_round = 500;
    println!("{:<10} {:>12} {:>10}", "kind", "µs/chart", "html bytes");
    for data in samples() {
        let mut rounds = Vec::new();
        let mut bytes = 0;
        for _ in 0..7 {
            let t = Instant::now();
            for _ in 0..per_round {
                bytes = std::hint::black_box(draw(&data, "", &palette).to_html("c")).len();
            }
            rounds.push(t.elapsed().as_secs_f64() * 1e6 / per_round as f64);
        }
        rounds.sort_by(f64::total_cmp);
        println!("{:<10} {:>12.1} {:>10}", draw(&data, "", &palette).kind, rounds[rounds.len() / 2], bytes);
    }
}
