//! `gongjian check`: validate everything, write nothing, exit 1 on any error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use chrono::NaiveDate;

use gongjian::check::CheckOptions;
use gongjian::messages::cli::Cli as Msg;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long)]
    drafts: bool,
    #[arg(long, value_parser = super::parse_date)]
    today: Option<NaiveDate>,
    #[arg(long)]
    future: bool,
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args { root, drafts, today, future, strict } = args;
    let files = Arc::new(AtomicUsize::new(0));
    let progress = Some(files.clone());
    let opts = CheckOptions { root, drafts, today, future, progress };
    let report = super::progress::shown(super::progress::Verb::Checking, &files, || {
        gongjian::guarded(&opts.root, || gongjian::check::check(&opts))
    });
    super::build::print_limited(&report, usize::MAX);
    for s in &report.scheduled {
        let (file, line, date, title) = (s.file.display().to_string(), s.line, s.date.to_string(), s.title.clone());
        println!("{}", Msg::Scheduled { file, line, date, title, future });
    }
    if report.inspection.iter().any(|(_, n)| *n > 0) {
        let items: Vec<String> = report.inspection.iter().map(|(k, n)| format!("{k} {n}")).collect();
        eprintln!("{}", Msg::Inspection { items: items.join(" · ") });
    }
    let d = &report.diagnostics;
    if !report.ok() {
        eprintln!("{}", Msg::CheckFailed { errors: d.error_count(), warnings: d.warning_count() });
        ExitCode::from(1)
    } else if strict && d.warning_count() > 0 {
        eprintln!("{}", Msg::CheckFailedStrict { warnings: d.warning_count() });
        ExitCode::from(1)
    } else {
        println!("{}", Msg::CheckPassed { pages: report.pages, warnings: d.warning_count() });
        ExitCode::SUCCESS
    }
}
