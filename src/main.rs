//! The `gongjian` command line: build, check, serve, new, init.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongjian::{BuildOptions, BuildReport};

#[derive(Parser)]
#[command(name = "gongjian", version, about = "攻坚: static sites for county campaign progress reports")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (replaced only when the build succeeds)
    Build {
        /// Site folder (holding site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override site.yaml's base_url (e.g. https://example.gov.cn/news/)
        #[arg(long)]
        base_url: Option<String>,
        /// Also build pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Validate everything and write nothing; exit 1 on any error
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
}

fn print_diagnostics(report: &BuildReport) {
    for d in &report.diagnostics.items {
        eprintln!("{d}");
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(2),
            };
        }
    };
    match cli.command {
        Command::Build { root, output, base_url, drafts } => {
            let opts = BuildOptions { root, output, base_url, drafts, dry_run: false };
            let report = gongjian::build(&opts);
            print_diagnostics(&report);
            let d = &report.diagnostics;
            if report.ok() {
                println!(
                    "built {} pages ({} files) into {} in {} ms{}",
                    report.pages,
                    report.files,
                    opts.output_dir().display(),
                    report.elapsed.as_millis(),
                    warn_suffix(d.warning_count())
                );
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "build failed: {} error(s){}; {} left unchanged",
                    d.error_count(),
                    warn_suffix(d.warning_count()),
                    opts.output_dir().display()
                );
                ExitCode::from(1)
            }
        }
        Command::Check { root, drafts } => {
            let opts = BuildOptions { root, output: None, base_url: None, drafts, dry_run: true };
            let report = gongjian::build(&opts);
            print_diagnostics(&report);
            let d = &report.diagnostics;
            if report.ok() {
                println!("check passed: {} pages{}", report.pages, warn_suffix(d.warning_count()));
                ExitCode::SUCCESS
            } else {
                eprintln!("check failed: {} error(s){}", d.error_count(), warn_suffix(d.warning_count()));
                ExitCode::from(1)
            }
        }
    }
}

fn warn_suffix(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(", {n} warning(s)")
    }
}
