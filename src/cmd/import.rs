//! `gongjian import`: Word files, saved web pages and text as draft reports.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use gongjian::import::{ImportOptions, ImportReport};
use gongjian::messages::cli::Cli as Msg;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[arg(long, default_value = "reports")]
    section: String,
    #[arg(long)]
    campaign: Option<String>,
    #[arg(long, value_parser = super::parse_date)]
    date: Option<NaiveDate>,
    #[arg(long)]
    keep_script: bool,
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let Args { files, section, campaign, date, keep_script, root } = args;
    let opts = ImportOptions { root, inputs: files, section, campaign, date, keep_script };
    match gongjian::import::import(&opts) {
        Ok(report) => print_import(&opts.root, &report),
        Err(e) => {
            eprintln!("{}", Msg::Error { message: e.to_string() });
            ExitCode::from(1)
        }
    }
}

/// What `import` created, what it could not convert (with the source
/// text), and the files it could not import at all.
fn print_import(root: &Path, report: &ImportReport) -> ExitCode {
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    for done in &report.imported {
        let mut about = vec!["draft: true".to_string()];
        if !done.images.is_empty() {
            about.push(Msg::ImportPictures { n: done.images.len() }.to_string());
        }
        about.extend(done.changes.iter().cloned());
        let (report, input) = (shown(&done.report), done.input.display().to_string());
        println!("{}", Msg::ImportCreated { report, input, about: about.join("; ") });
        for n in &done.notes {
            println!("{}", Msg::ImportNote { message: n.message.clone(), quote: n.quote.clone() });
        }
    }
    if !report.imported.is_empty() {
        println!("{}", Msg::ImportDone { n: report.imported.len() });
    }
    if report.imported.is_empty() && report.failed.is_empty() {
        eprintln!("{}", Msg::NothingToImport);
        return ExitCode::from(1);
    }
    if report.failed.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("{}", Msg::CouldNotImport { n: report.failed.len() });
    for f in &report.failed {
        eprintln!("  {}: {}", f.input.display(), f.reason);
    }
    ExitCode::from(1)
}
