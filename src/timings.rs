//! Each stage's time and the process's peak memory, printed after a build
//! with `GONGJIAN_TIMINGS=1`.

use std::time::Duration;

/// A stage's name, how long it took, and the process's peak memory when it
/// ended (KiB; 0 where `/proc` is missing or timings are not printed).
pub type Timing = (&'static str, Duration, u64);

pub fn timing(stage: &'static str, elapsed: Duration) -> Timing {
    // Reading `/proc` ~16 times a save took ~1 ms of serve's rebuild.
    (stage, elapsed, if timings_printed() { peak_rss_kib() } else { 0 })
}

/// Whether `GONGJIAN_TIMINGS` is set: stage timings are then printed.
fn timings_printed() -> bool {
    static SET: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SET.get_or_init(|| std::env::var_os("GONGJIAN_TIMINGS").is_some())
}

/// Prints each stage's time and peak memory when `GONGJIAN_TIMINGS` is set
/// (`build`, and `serve` after every rebuild).
pub fn print_timings(report: &crate::BuildReport) {
    if !timings_printed() {
        return;
    }
    for (stage, t, peak) in &report.timings {
        let ms = format!("{:.1}", t.as_secs_f64() * 1000.0);
        eprintln!(
            "{}",
            crate::messages::cli::Cli::Timing { stage: stage.to_string(), ms, mib: (*peak / 1024) as usize }
        );
    }
}

/// Peak resident memory of this process so far (Linux `VmHWM`), in KiB.
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
