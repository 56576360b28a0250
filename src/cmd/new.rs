//! `gongjian new`: a report (or campaign) file with every field listed.

use std::path::PathBuf;
use std::process::ExitCode;

use gongjian::messages::cli::Cli as Msg;
use gongjian::scaffold::ScaffoldError;

#[derive(clap::Args)]
pub struct Args {
    path: String,
    #[arg(long)]
    campaign: Option<String>,
    #[arg(long)]
    ledger: Option<String>,
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let Args { path, campaign, ledger, root } = args;
    let today = super::today(&root);
    match gongjian::scaffold::new_page(&root, &path, campaign.as_deref(), ledger.as_deref(), today) {
        Ok(file) => {
            let shown = file.strip_prefix(".").unwrap_or(&file).display().to_string();
            let is_campaign = file.parent().is_some_and(|d| d.ends_with("content/campaigns"));
            if is_campaign {
                println!("{}", Msg::CreatedCampaign { file: shown });
            } else {
                println!("{}", Msg::CreatedPage { file: shown });
            }
            ExitCode::SUCCESS
        }
        Err(e) => scaffold_failed(e),
    }
}

pub fn scaffold_failed(e: ScaffoldError) -> ExitCode {
    eprintln!("{}", Msg::Error { message: e.to_string() });
    match e {
        ScaffoldError::Usage(_) => ExitCode::from(2),
        ScaffoldError::Refused(_) => ExitCode::from(1),
    }
}
