//! The commands of the `gongjian` binary, one file each, and the argument
//! definitions they share. Every `--help` text comes from the message
//! catalogue (`gongjian::messages::help::Help`), set on the clap command at
//! run time in the language chosen before parsing.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod new;
pub mod progress;
pub mod serve;
pub mod usage;

use chrono::NaiveDate;
use clap::{Arg, ArgAction, Command as ClapCommand, Parser, Subcommand};

use gongjian::messages::cli::Cli as Msg;
use gongjian::messages::help::Help;

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
    Help(HelpArgs),
}

/// `gongjian help [COMMAND]`: the same as `--help`.
#[derive(clap::Args)]
pub struct HelpArgs {
    command: Option<String>,
}

pub fn help(args: HelpArgs) -> std::process::ExitCode {
    let mut app = command();
    // Gives the subcommands their full name ("gongjian build") for the usage line.
    app.build();
    let shown = match args.command.as_deref() {
        None => app.print_help(),
        Some(name) => match app.find_subcommand_mut(name) {
            Some(c) => c.print_help(),
            None => {
                eprintln!(
                    "{}",
                    Msg::Error { message: Msg::UnknownCommandToHelp { name: name.to_string() }.to_string() }
                );
                return std::process::ExitCode::from(2);
            }
        },
    };
    match shown {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(_) => std::process::ExitCode::from(1),
    }
}

/// The clap command with every about and help text in the run's language.
pub fn command() -> ClapCommand {
    let lang = gongjian::messages::lang();
    let heading = |h: Help| gongjian::messages::Message::text(&h, lang);
    let template =
        format!("{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}", heading(Help::UsageHeading));
    let localise = |cmd: ClapCommand| {
        let name = cmd.get_name().to_string();
        let cmd = cmd
            .help_template(template.clone())
            .subcommand_help_heading(heading(Help::CommandsHeading))
            .disable_help_flag(true)
            .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(Help::HelpFlag.to_string()));
        let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
        ids.into_iter().fold(cmd, |cmd, id| {
            let help = arg_help(&name, &id);
            cmd.mut_arg(id, |a| {
                let a = if a.is_positional() {
                    a.help_heading(heading(Help::ArgumentsHeading))
                } else {
                    a.help_heading(heading(Help::OptionsHeading))
                };
                let defaults: Vec<String> =
                    a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
                match help {
                    // clap writes "[default: …]" in English: the default goes into the text instead.
                    Some(h) if !defaults.is_empty() => a.hide_default_value(true).help(format!(
                        "{h} [{}{}]",
                        heading(Help::Default),
                        defaults.join(", ")
                    )),
                    Some(h) => a.help(h.to_string()),
                    None => a,
                }
            })
        })
    };
    let mut app = <Cli as clap::CommandFactory>::command()
        .about(Help::App.to_string())
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(Help::VersionFlag.to_string()),
        )
        .disable_help_subcommand(true);
    let names: Vec<String> = app.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        let about = command_about(&name);
        app = app.mut_subcommand(name, |c| {
            let c = match about {
                Some(h) => c.about(h.to_string()),
                None => c,
            };
            localise(c)
        });
    }
    localise(app)
}

fn command_about(name: &str) -> Option<Help> {
    Some(match name {
        "build" => Help::Build,
        "check" => Help::Check,
        "serve" => Help::Serve,
        "new" => Help::New,
        "init" => Help::Init,
        "import" => Help::Import,
        "help" => Help::HelpCommand,
        _ => return None,
    })
}

/// The help of argument `id` of command `cmd`.
fn arg_help(cmd: &str, id: &str) -> Option<Help> {
    Some(match (cmd, id) {
        (_, "lang") => Help::Lang,
        (_, "root") => Help::Root,
        ("build", "output") => Help::Output,
        ("build", "base_url") => Help::BaseUrl,
        ("build", "drafts") => Help::BuildDrafts,
        ("build", "today") => Help::BuildToday,
        ("build", "future") => Help::BuildFuture,
        ("check", "drafts") => Help::CheckDrafts,
        ("check", "today") => Help::CheckToday,
        ("check", "future") => Help::CheckFuture,
        ("check", "strict") => Help::Strict,
        ("serve", "port") => Help::Port,
        ("serve", "today") => Help::ServeToday,
        ("new", "path") => Help::NewPath,
        ("new", "campaign") => Help::NewCampaign,
        ("new", "ledger") => Help::NewLedger,
        ("init", "dir") => Help::InitDir,
        ("import", "files") => Help::ImportFiles,
        ("import", "section") => Help::ImportSection,
        ("import", "campaign") => Help::ImportCampaign,
        ("import", "date") => Help::ImportDate,
        ("import", "keep_script") => Help::KeepScript,
        ("help", "command") => Help::HelpTopic,
        _ => return None,
    })
}

/// The language asked for by `--lang X` / `--lang=X` anywhere on the command
/// line, else `GONGJIAN_LANG`; read before clap builds its help.
pub fn language_from(args: &[std::ffi::OsString]) -> Result<Option<gongjian::messages::Lang>, String> {
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
        return gongjian::messages::Lang::parse(&value).map(Some).ok_or(value);
    }
    Ok(std::env::var("GONGJIAN_LANG").ok().and_then(|v| gongjian::messages::Lang::parse(&v)))
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Msg::BadDate { found: s.to_string() }.to_string())
}

/// Today in the site's `timezone` (China Standard Time without a site.yaml),
/// the day builds count as today, so a new report is never "scheduled".
pub fn today(root: &std::path::Path) -> NaiveDate {
    let config = gongjian::config::SiteConfig::load(root, &mut Default::default());
    gongjian::site_today(&config)
}
