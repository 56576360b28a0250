//! `gongjian serve`: the live preview on 127.0.0.1.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use gongjian::messages::cli::Cli as Msg;
use gongjian::serve::ServeOptions;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long, default_value_t = 1111)]
    port: u16,
    #[arg(long, value_parser = super::parse_date)]
    today: Option<NaiveDate>,
}

pub fn run(args: Args) -> ExitCode {
    let Args { root, port, today } = args;
    match gongjian::serve::run(&ServeOptions { root, port, drafts: true, today }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", Msg::Error { message: e.to_string() });
            if let Some(hint) = e.hint() {
                eprintln!("{}", Msg::Hint { hint: hint.to_string() });
            }
            ExitCode::from(1)
        }
    }
}
