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

/// `mi_option_purge_delay`: its place in mimalloc's options (`mimalloc.h`
/// of the v3 that libmimalloc-sys builds; its binding is behind a feature
/// needing another crate).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// How long mimalloc keeps memory a build freed before giving it back to
/// the system. `MIMALLOC_PURGE_DELAY` in the environment still decides.
fn purge_freed_memory_after(ms: std::ffi::c_long) {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's options (a plain store); it is read
        // at each purge.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, ms) };
    }
}

/// `build`: after 10 ms, not the second mimalloc waits by default. The
/// texts and parses one stage frees are then not still held while the next
/// stage allocates, and a cold build's peak RSS at 10,000 reports is
/// ~15 MiB lower, its CPU time the same within the noise. (At once, 0 ms:
/// ~7 MiB lower still, but ~15% more CPU, each freed page given back alone
/// and faulted in again.)
const BUILD_PURGE_MS: std::ffi::c_long = 10;

/// `serve`: after a minute. Each save reaches the same peak again, so
/// memory given back between saves an editor makes seconds apart was only
/// faulted in again: at 10,000 reports, ~1,100 page faults and ~6 ms of CPU
/// a save. An idle server still gives it back.
const SERVE_PURGE_MS: std::ffi::c_long = 60_000;

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
        Command::Build(a) => {
            purge_freed_memory_after(BUILD_PURGE_MS);
            cmd::build::run(a)
        }
        Command::Check(a) => cmd::check::run(a),
        Command::Serve(a) => {
            purge_freed_memory_after(SERVE_PURGE_MS);
            cmd::serve::run(a)
        }
        Command::New(a) => cmd::new::run(a),
        Command::Init(a) => cmd::init::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Help(a) => cmd::help::run(a),
    }
}

#[cfg(test)]
mod tests {
    extern "C" {
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    }

    /// Option 15 is the purge delay in the mimalloc linked (its default is a
    /// second): another version's order would set another option.
    #[test]
    fn the_option_set_is_mimalloc_s_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads one of mimalloc's options.
            assert_eq!(unsafe { mi_option_get(super::MI_OPTION_PURGE_DELAY) }, 1000);
        }
    }
}
