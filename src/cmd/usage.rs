//! Command-line mistakes in the run's language: clap finds them and says
//! them in English; in Chinese the same facts come from the catalogue.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use gongjian::messages::cli::Cli as Msg;
use gongjian::messages::help::{Help, Usage};
use gongjian::messages::{lang, Lang};

/// Prints `e` (help and version as they are) and returns the exit status.
pub fn report(e: &clap::Error) -> std::process::ExitCode {
    let status = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
        _ => 2,
    };
    let shown_as_is = matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang() == Lang::En || shown_as_is {
        let _ = e.print();
        return std::process::ExitCode::from(status);
    }
    eprintln!("{}", Msg::Error { message: Msg::Usage(usage(e)).to_string() });
    if let Some(u) = text(e, ContextKind::Usage) {
        // clap's usage line is the command's syntax; only its heading is English.
        let u = u.trim_start().trim_start_matches("Usage:").trim();
        eprintln!("\n{}{u}", Help::UsageHeading);
    }
    eprintln!("\n{}", Msg::MoreHelp { command: "gongjian".into() });
    std::process::ExitCode::from(status)
}

fn usage(e: &clap::Error) -> Usage {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let suggestion = text(e, ContextKind::SuggestedArg).or_else(|| text(e, ContextKind::SuggestedSubcommand));
    match e.kind() {
        ErrorKind::UnknownArgument => Usage::UnknownArgument { arg, suggestion },
        ErrorKind::InvalidSubcommand => {
            let name = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            Usage::UnknownCommand { name, suggestion }
        }
        ErrorKind::MissingRequiredArgument => Usage::MissingArgument { args: arg },
        ErrorKind::MissingSubcommand => Usage::MissingCommand,
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
            let detail = std::error::Error::source(e).map(|s| s.to_string());
            if value.is_empty() && detail.is_none() {
                Usage::NeedsValue { arg }
            } else {
                Usage::InvalidValue { arg, value, detail }
            }
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues | ErrorKind::NoEquals => Usage::NeedsValue { arg },
        ErrorKind::ArgumentConflict => {
            if text(e, ContextKind::PriorArg).is_some_and(|p| p == arg) {
                Usage::Repeated { arg }
            } else {
                Usage::Conflict { arg }
            }
        }
        _ => Usage::Other { text: e.kind().to_string() },
    }
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
