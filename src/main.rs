//! The `gongjian` command line: build, check, serve, new, init, import. Parses the
//! arguments, runs the library, prints diagnostics and the one-line summary,
//! and maps the outcome to the exit status (0 ok, 1 content, 2 command line).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use gongjian::check::CheckOptions;
use gongjian::scaffold::ScaffoldError;
use gongjian::serve::ServeOptions;
use gongjian::{BuildOptions, BuildReport};

/// See `mimalloc` in Cargo.toml for why (a build allocates and frees a great deal).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// The day the build counts as today, YYYY-MM-DD [default: today in site.yaml's timezone]
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Also publish reports dated after today
        #[arg(long)]
        future: bool,
        /// Render every page, ignoring (and removing) the build cache in .gongjian/cache/
        #[arg(long)]
        no_cache: bool,
    },
    /// Validate everything and write nothing; exit 1 on any error
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also check pages marked `draft: true` as if published
        #[arg(long)]
        drafts: bool,
        /// The day the check counts as today, YYYY-MM-DD [default: today in site.yaml's timezone]
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Also check reports dated after today as if published
        #[arg(long)]
        future: bool,
        /// Fail on warnings too (stale sections, banned terms, …)
        #[arg(long)]
        strict: bool,
    },
    /// Preview on http://127.0.0.1:PORT/, rebuilding and reloading on every save
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port on 127.0.0.1 (0: any free port; a taken port falls back to a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The day the preview counts as today, YYYY-MM-DD (later reports are marked 待发布)
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Write a new report with every front-matter field listed
    New {
        /// <section>/<name>, e.g. reports/dongguang-week12 (written to content/reports/dongguang-week12.md)
        path: String,
        /// Campaign id: fills in its county and declared metrics
        #[arg(long)]
        campaign: Option<String>,
        /// A project ledger (xlsx, xls, ods, csv) under the site folder: named as projects_file, its counts and total investment prefill the metrics they match
        #[arg(long)]
        ledger: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site (site.yaml, a campaign, a report, the default theme) in DIR
    Init { dir: PathBuf },
    /// Turn .docx, saved .html pages, .txt and .md files (or folders of them) into draft reports
    Import {
        /// Files or folders to import
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Section folder under content/ the reports go into
        #[arg(long, default_value = "reports")]
        section: String,
        /// Campaign id: sets campaign and county, and lists numbers matching its metrics
        #[arg(long)]
        campaign: Option<String>,
        /// Date when the text has none, and the year of a 8月10日 dateline
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Keep Traditional characters (a zh-Hans site otherwise gets Simplified)
        #[arg(long)]
        keep_script: bool,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("expected a date YYYY-MM-DD, found {s:?}"))
}

/// Today in the site's `timezone` (China Standard Time without a site.yaml),
/// the day builds count as today, so a new report is never "scheduled".
fn today(root: &std::path::Path) -> NaiveDate {
    let config = gongjian::config::SiteConfig::load(root, &mut Default::default());
    gongjian::site_today(&config)
}

/// Warnings shown by `build`; `check` lists them all.
const BUILD_WARNINGS_SHOWN: usize = 20;

/// Errors are always listed in full; a build shows the first warnings only,
/// so a site with hundreds of them still shows its errors and summary.
fn print_diagnostics(report: &BuildReport) {
    print_limited(report, BUILD_WARNINGS_SHOWN);
}

fn print_limited(report: &BuildReport, max_warnings: usize) {
    let mut warnings = 0;
    for d in &report.diagnostics.items {
        if !d.is_error() {
            warnings += 1;
            if warnings > max_warnings {
                continue;
            }
        }
        eprintln!("{d}");
    }
    if warnings > max_warnings {
        eprintln!("… and {} more warning(s); `gongjian check` lists them all", warnings - max_warnings);
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
        Command::Build { root, output, base_url, drafts, today, future, no_cache } => {
            let files = Arc::new(AtomicUsize::new(0));
            let progress = Some(files.clone());
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                today,
                future,
                progress,
                no_cache,
                ..BuildOptions::new(".")
            };
            if let Err(refused) = gongjian::check_output(&opts.root, &opts.output_dir()) {
                eprintln!("{refused}");
                return ExitCode::from(2);
            }
            let report = with_progress("building", &files, || gongjian::build(&opts));
            print_diagnostics(&report);
            if std::env::var_os("GONGJIAN_TIMINGS").is_some() {
                for (stage, t, peak) in &report.timings {
                    eprintln!(
                        "timing {stage:>18}: {:>8.1} ms   peak RSS {:>5} MiB",
                        t.as_secs_f64() * 1000.0,
                        peak / 1024
                    );
                }
            }
            let d = &report.diagnostics;
            let status = if report.ok() {
                let photos = match (report.images_processed, report.images_cached) {
                    (0, 0) => String::new(),
                    (p, c) => format!("; photos: {p} processed, {c} from cache"),
                };
                let again = match report.rendered < report.pages {
                    true => format!("; {} rendered again, the others unchanged", report.rendered),
                    false => String::new(),
                };
                println!(
                    "built {} pages ({} files) into {} in {} ms{again}{photos}{}",
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
            };
            // Tens of thousands of warnings are as many allocations to free; the process is ending.
            gongjian::drop_later(report);
            status
        }
        Command::Check { root, drafts, today, future, strict } => {
            let files = Arc::new(AtomicUsize::new(0));
            let progress = Some(files.clone());
            let opts = CheckOptions { root, drafts, today, future, progress };
            let report =
                with_progress("checking", &files, || gongjian::guarded(&opts.root, || gongjian::check::check(&opts)));
            print_limited(&report, usize::MAX);
            for s in &report.scheduled {
                let when = if future { "published now because of --future" } else { "not published yet" };
                println!("scheduled: {}:{}: {} {:?} ({when})", s.file.display(), s.line, s.date, s.title);
            }
            if report.inspection.iter().any(|(_, n)| *n > 0) {
                let items: Vec<String> = report.inspection.iter().map(|(k, n)| format!("{k} {n}")).collect();
                eprintln!("inspection: {}", items.join(" · "));
            }
            let d = &report.diagnostics;
            if !report.ok() {
                eprintln!("check failed: {} error(s){}", d.error_count(), warn_suffix(d.warning_count()));
                ExitCode::from(1)
            } else if strict && d.warning_count() > 0 {
                eprintln!("check failed (--strict): {} warning(s)", d.warning_count());
                ExitCode::from(1)
            } else {
                println!("check passed: {} pages{}", report.pages, warn_suffix(d.warning_count()));
                ExitCode::SUCCESS
            }
        }
        Command::Serve { root, port, today } => {
            match gongjian::serve::run(&ServeOptions { root, port, drafts: true, today }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::New { path, campaign, ledger, root } => {
            match gongjian::scaffold::new_page(&root, &path, campaign.as_deref(), ledger.as_deref(), today(&root)) {
                Ok(file) => {
                    println!(
                        "created {} (draft: true — preview it with `gongjian serve`, set draft: false to publish)",
                        file.strip_prefix(".").unwrap_or(&file).display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => scaffold_failed(e),
            }
        }
        Command::Init { dir } => match gongjian::scaffold::init(&dir, today(&dir)) {
            Ok(files) => {
                println!(
                    "created a new site in {} ({} files); next: cd {} && gongjian serve",
                    dir.display(),
                    files.len(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => scaffold_failed(e),
        },
        Command::Import { files, section, campaign, date, keep_script, root } => {
            let opts = gongjian::import::ImportOptions { root, inputs: files, section, campaign, date, keep_script };
            match gongjian::import::import(&opts) {
                Ok(report) => print_import(&opts.root, &report),
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// What `import` created, what it could not convert (with the source
/// text), and the files it could not import at all.
fn print_import(root: &std::path::Path, report: &gongjian::import::ImportReport) -> ExitCode {
    let shown = |p: &std::path::Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    for done in &report.imported {
        let mut about = vec!["draft: true".to_string()];
        if !done.images.is_empty() {
            about.push(format!("{} picture(s) beside it", done.images.len()));
        }
        about.extend(done.changes.iter().cloned());
        println!("created {} from {} ({})", shown(&done.report), done.input.display(), about.join("; "));
        for n in &done.notes {
            println!(
                "  note: {}
    > {}",
                n.message, n.quote
            );
        }
    }
    if !report.imported.is_empty() {
        println!(
            "imported {} file(s) as drafts; preview them with `gongjian serve`, then set draft: false to publish",
            report.imported.len()
        );
    }
    if report.imported.is_empty() && report.failed.is_empty() {
        eprintln!("nothing to import: no .docx, .html, .htm, .txt or .md file in the paths given");
        return ExitCode::from(1);
    }
    if report.failed.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("could not import {} file(s):", report.failed.len());
    for f in &report.failed {
        eprintln!("  {}: {}", f.input.display(), f.reason);
    }
    ExitCode::from(1)
}

fn scaffold_failed(e: ScaffoldError) -> ExitCode {
    eprintln!("error: {e}");
    match e {
        ScaffoldError::Usage(_) => ExitCode::from(2),
        ScaffoldError::Refused(_) => ExitCode::from(1),
    }
}

/// Runs `work`, showing a live file count on a terminal when it takes a
/// while. Without a terminal (CI, pipes) nothing is shown: logs stay clean.
/// `files` is the counter the build's writes increment.
fn with_progress<T>(verb: &str, files: &Arc<AtomicUsize>, work: impl FnOnce() -> T) -> T {
    let stderr = std::io::stderr();
    if !stderr.is_terminal() || std::env::var_os("CI").is_some() {
        return work();
    }
    let done = Arc::new(AtomicBool::new(false));
    let shown = {
        let (done, verb, files) = (done.clone(), verb.to_string(), files.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut shown = false;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                // Small sites finish before this: no flicker for them.
                if started.elapsed() < Duration::from_millis(500) || done.load(Ordering::Relaxed) {
                    continue;
                }
                let n = files.load(Ordering::Relaxed);
                eprint!("\r\x1b[2K{verb}… {n} files, {:.1} s", started.elapsed().as_secs_f64());
                shown = true;
            }
            shown
        })
    };
    let out = work();
    done.store(true, Ordering::Relaxed);
    if shown.join().unwrap_or(false) {
        eprint!("\r\x1b[2K");
    }
    out
}

fn warn_suffix(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(", {n} warning(s)")
    }
}
