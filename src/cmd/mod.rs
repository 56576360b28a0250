//! The commands of the `gongjian` binary, one file each, and what they
//! share: the command line's shape, the language read before parsing, dates.

pub mod build;
pub mod check;
mod error;
pub mod help;
pub mod import;
pub mod init;
pub mod new;
pub mod progress;
pub mod serve;
pub mod usage;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

pub use error::UsageError;

#[derive(Parser)]
#[command(name = "gongjian", version)]
pub struct Cli {
    // Read before parsing (the help must already be in it); declared so clap accepts it.
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    Build(build::Args),
    Check(check::Args),
    Serve(serve::Args),
    New(new::Args),
    Init(init::Args),
    Import(import::Args),
    Help(help::Args),
}

/// The language asked for by `--lang X` / `--lang=X` anywhere on the command
/// line, else `GONGJIAN_LANG`; read before clap builds its help.
pub fn language_from(args: &[std::ffi::OsString]) -> Result<Option<gongjian::messages::Lang>, UsageError> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.to_string()),
            Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
            _ => continue,
        };
        let value = value.unwrap_or_default();
        return gongjian::messages::Lang::parse(&value).map(Some).ok_or(UsageError::BadLang { found: value });
    }
    Ok(std::env::var("GONGJIAN_LANG").ok().and_then(|v| gongjian::messages::Lang::parse(&v)))
}

pub fn parse_date(s: &str) -> Result<NaiveDate, UsageError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| UsageError::BadDate { found: s.to_string() })
}

/// Today in the site's `timezone` (China Standard Time without a site.yaml),
/// the day builds count as today, so a new report is never "scheduled".
pub fn today(root: &std::path::Path) -> NaiveDate {
    let config = gongjian::config::SiteConfig::load(root, &mut Default::default());
    gongjian::site_today(&config)
}
