//! `gongjian init`: a new site to start from.

use std::path::PathBuf;
use std::process::ExitCode;

use gongjian::messages::cli::Cli as Msg;

#[derive(clap::Args)]
pub struct Args {
    dir: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let dir = args.dir;
    match gongjian::scaffold::init(&dir, super::today(&dir)) {
        Ok(files) => {
            println!("{}", Msg::CreatedSite { dir: dir.display().to_string(), files: files.len() });
            ExitCode::SUCCESS
        }
        Err(e) => super::new::scaffold_failed(e),
    }
}
