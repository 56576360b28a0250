//! `gongjian help` and every `--help`: the clap command with each about
//! and help text taken from the message catalogue
//! (`gongjian::messages::help::Help`) in the language chosen before parsing.

use clap::{Arg, ArgAction, Command as ClapCommand};

use gongjian::messages::cli::Cli as Msg;
use gongjian::messages::help::Help;

use super::Cli;

/// `gongjian help [COMMAND]`: the same as `--help`.
#[derive(clap::Args)]
pub struct Args {
    command: Option<String>,
}

pub fn run(args: Args) -> std::process::ExitCode {
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
        ("build", "no_cache") => Help::NoCache,
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
