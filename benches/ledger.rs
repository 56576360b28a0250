//! What reading a project ledger costs: an xlsx and a CSV of ROWS projects
//! (default 20,000) read into project entries as a build reads them;
//! prints the median of 5 reads and rows per second.
//!   cargo bench --bench ledger [-- ROWS]

#[path = "../tests/common/xlsx.rs"]
mod xlsx;

use std::path::Path;
use std::time::{Duration, Instant};

use gongjian::diag::Diagnostics;
use gongjian::load::ledger::{read, LedgerRef};

fn main() {
    let rows: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let header = ["项目编号", "项目名称", "所在乡镇", "行业", "总投资（万元）", "形象进度", "建设状态", "开工时间"];
    let data: Vec<[String; 8]> = (0..rows)
        .map(|i| {
            [
                format!("p{i}"),
                format!("第{i}号重点项目"),
                format!("{}镇", ["东光", "连镇", "于桥", "灯明寺"][i % 4]),
                ["装备制造", "物流", "新能源", "农产品加工"][i % 4].to_string(),
                format!("{}", 1000 + i * 7 % 90_000),
                format!("{}%", i % 101),
                ["在建", "竣工", "投产", "谋划"][i % 4].to_string(),
                format!("2021-{:02}", i % 12 + 1),
            ]
        })
        .collect();
    let mut table: Vec<Vec<&str>> = vec![header.to_vec()];
    table.extend(data.iter().map(|r| r.iter().map(String::as_str).collect()));
    let refs: Vec<&[&str]> = table.iter().map(Vec::as_slice).collect();
    std::fs::write(dir.path().join("ledger.xlsx"), xlsx::xlsx("台账", &refs, None)).unwrap();
    let csv: String = table.iter().map(|r| r.join(",") + "\n").collect();
    std::fs::write(dir.path().join("ledger.csv"), csv).unwrap();
    println!("ledger of {rows} projects (median of 5 reads)");
    for file in ["ledger.xlsx", "ledger.csv"] {
        let took = median(dir.path(), file, rows);
        println!(
            "  {file:<12} {:>8.1} ms  {:>10.0} rows/s",
            took.as_secs_f64() * 1e3,
            rows as f64 / took.as_secs_f64()
        );
    }
}

fn median(root: &Path, file: &str, rows: usize) -> Duration {
    let columns = indexmap::IndexMap::new();
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let at = LedgerRef { report: Path::new("content/reports/a.md"), file, sheet: None, columns: &columns };
            let mut diags = Diagnostics::default();
            let t = Instant::now();
            let got = read(root, &at, &mut diags);
            let took = t.elapsed();
            assert_eq!(got.len(), rows, "{:?}", diags.iter().next());
            took
        })
        .collect();
    times.sort();
    times[2]
}
