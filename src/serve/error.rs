//! The preview's one error type: why `serve` cannot start (no site, no
//! port, no preview folder, no file watcher). Once it runs, build errors go
//! to the overlay as diagnostics, never through here.

use std::fmt;
use std::path::PathBuf;

use crate::messages::serve::Serve;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeError {
    /// `--root` could not be resolved (the system's reason).
    CannotOpenRoot {
        root: PathBuf,
        why: String,
    },
    /// Neither `content/` nor `site.yaml` in the folder.
    NotASite {
        root: PathBuf,
    },
    /// Not even a free port on 127.0.0.1 (the system's reason).
    CannotListen {
        why: String,
    },
    NoIpAddress,
    /// The preview's folder in the temp dir could not be made.
    CannotCreatePreview {
        dir: PathBuf,
        why: String,
    },
    CannotStartThread {
        why: String,
    },
    /// No file watcher at all (the system's reason).
    CannotWatchAtAll {
        why: String,
    },
    /// The site folder itself could not be watched.
    CannotWatch {
        what: PathBuf,
        why: String,
    },
}

impl ServeError {
    /// What to do about it, where the message does not say.
    pub fn hint(&self) -> Option<Serve> {
        match self {
            ServeError::CannotOpenRoot { .. } => Some(Serve::CannotOpenRootHint),
            ServeError::CannotWatchAtAll { .. } | ServeError::CannotWatch { .. } => Some(Serve::CannotWatchHint),
            _ => None,
        }
    }
}

/// The text is the catalogue's, in the language of the run.
impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |p: &PathBuf| p.display().to_string();
        let message = match self {
            ServeError::CannotOpenRoot { root, why } => Serve::CannotOpenRoot { root: shown(root), why: why.clone() },
            ServeError::NotASite { root } => Serve::NotASite { root: shown(root) },
            ServeError::CannotListen { why } => Serve::CannotListen { why: why.clone() },
            ServeError::NoIpAddress => Serve::NoIpAddress,
            ServeError::CannotCreatePreview { dir, why } => {
                Serve::CannotCreatePreview { dir: shown(dir), why: why.clone() }
            }
            ServeError::CannotStartThread { why } => Serve::CannotStartThread { why: why.clone() },
            ServeError::CannotWatchAtAll { why } => Serve::CannotWatchAtAll { why: why.clone() },
            ServeError::CannotWatch { what, why } => Serve::CannotWatch { what: shown(what), why: why.clone() },
        };
        message.fmt(f)
    }
}

impl std::error::Error for ServeError {}
