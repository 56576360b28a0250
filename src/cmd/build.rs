//! `gongjian build`: the site into public/, replaced only when the build succeeds.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use chrono::NaiveDate;

use gongjian::messages::cli::Cli as Msg;
use gongjian::{BuildOptions, BuildReport};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long)]
    output: Option<PathBuf>,
    #[arg(long)]
    base_url: Option<String>,
    #[arg(long)]
    drafts: bool,
    #[arg(long, value_parser = super::parse_date)]
    today: Option<NaiveDate>,
    #[arg(long)]
    future: bool,
    #[arg(long)]
    no_cache: bool,
}

/// Warnings shown by `build`; `check` lists them all.
const BUILD_WARNINGS_SHOWN: usize = 20;

pub fn run(args: Args) -> ExitCode {
    let Args { root, output, base_url, drafts, today, future, no_cache } = args;
    let files = Arc::new(AtomicUsize::new(0));
    let progress = Some(files.clone());
    let shown = Some(BUILD_WARNINGS_SHOWN);
    let opts = BuildOptions {
        root,
        output,
        base_url,
        drafts,
        today,
        future,
        progress,
        no_cache,
        warnings_shown: shown,
        ..BuildOptions::new(".")
    };
    if let Err(refused) = gongjian::check_output(&opts.root, &opts.output_dir()) {
        eprintln!("{refused}");
        return ExitCode::from(2);
    }
    // The process ends with this build: what it no longer needs is not freed.
    gongjian::exit_frees();
    let report = super::progress::shown(super::progress::Verb::Building, &files, || gongjian::build(&opts));
    print_limited(&report, BUILD_WARNINGS_SHOWN);
    gongjian::print_timings(&report);
    let d = &report.diagnostics;
    let dir = opts.output_dir().display().to_string();
    let status = if report.ok() {
        let photos = Some((report.images_processed, report.images_cached));
        let (pages, files, ms, warnings) = (report.pages, report.files, report.elapsed.as_millis(), d.warning_count());
        let rendered = (report.rendered < report.pages).then_some(report.rendered);
        println!("{}", Msg::Built { pages, files, dir, ms, rendered, photos, warnings });
        ExitCode::SUCCESS
    } else {
        eprintln!("{}", Msg::BuildFailed { errors: d.error_count(), warnings: d.warning_count(), dir });
        ExitCode::from(1)
    };
    // Tens of thousands of warnings are as many allocations to free; the process is ending.
    gongjian::drop_later(report);
    status
}

/// Errors are always listed in full; warnings up to `max_warnings`, so a
/// site with hundreds of them still shows its errors and summary. (The
/// report may hold only those: `BuildOptions::warnings_shown`.)
pub fn print_limited(report: &BuildReport, max_warnings: usize) {
    let mut warnings = 0;
    for d in report.diagnostics.iter() {
        if !d.is_error() {
            warnings += 1;
            if warnings > max_warnings {
                continue;
            }
        }
        eprintln!("{d}");
    }
    let warnings = report.diagnostics.warning_count();
    if warnings > max_warnings {
        eprintln!("{}", Msg::MoreWarnings { n: warnings - max_warnings });
    }
}
