//! A whole build must never panic or hang, whatever numbers and dates the
//! front-matter holds (±1.7e308, NaN, year -1, a target of 1.6e308): each
//! input is a campaign and two reports whose values come from the fuzzer,
//! built without writing output.
#![no_main]

use gongjian::BuildOptions;
use libfuzzer_sys::fuzz_target;

/// Values the fuzzer splices in, one per line of its input.
const FIELDS: usize = 8;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut v: Vec<&str> = text.lines().map(str::trim).collect();
    if v.len() < FIELDS {
        return;
    }
    v.truncate(FIELDS);
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, body: String| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    };
    write("site.yaml", "title: t\nbase_url: /\n".into());
    write(
        "content/campaigns/c.md",
        format!(
            "---\ntitle: c\ncounty: 东光县\nstart: {}\nend: {}\nmetrics:\n  a: {{label: 甲, unit: 亿元, target: {}, headline: true}}\n---\n",
            v[0], v[1], v[2]
        ),
    );
    for (i, (date, value, score)) in [(v[3], v[4], v[5]), (v[6], v[7], v[5])].into_iter().enumerate() {
        write(
            &format!("content/reports/r{i}.md"),
            format!(
                "---\ntitle: r{i}\ndate: {date}\ncounty: 东光县\ncampaign: c\nmetrics:\n  a: {value}\nprojects:\n  - {{name: 项目, investment: {value}, progress: {score}}}\nrankings:\n  - {{name: 甲镇, score: {score}}}\n---\n{{{{ chart(kind=\"trend\") }}}}\n"
            ),
        );
    }
    let mut opts = BuildOptions::new(dir.path());
    opts.dry_run = true;
    opts.output = Some(dir.path().join("out"));
    let report = gongjian::build(&opts);
    for d in &report.diagnostics.items {
        let _ = d.to_string();
    }
});
