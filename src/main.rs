//! The `gongjian` command line: picks the language of messages, parses the
//! arguments and hands them to the command's file under `cmd/`. Exit status:
//! 0 ok, 1 content, 2 command line.

mod cmd;

use std::process::ExitCode;

use clap::FromArgMatches;

use cmd::{Cli, Command};
use gongjian::messages::cli::Cli as Msg;

/// See `mimalloc` in Cargo.toml for why (a build allocates and frees a great deal).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match cmd::language_from(&args) {
        Ok(lang) => gongjian::messages::set_lang(lang.unwrap_or(gongjian::messages::Lang::Zh)),
        Err(e) => {
            eprintln!("{}", Msg::Error { message: e.to_string() });
            return ExitCode::from(2);
        }
    }
    let cli = match cmd::help::command().try_get_matches_from(args).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(c) => c,
        Err(e) => return cmd::usage::report(&e),
    };
    match cli.command {
        Command::Build(a) => cmd::build::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::New(a) => cmd::new::run(a),
        Command::Init(a) => cmd::init::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Help(a) => cmd::help::run(a),
    }
}
