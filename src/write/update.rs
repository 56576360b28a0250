//! A build over an existing output writes only the files whose bytes
//! changed, instead of a whole new tree.
//!
//! Writing every file of a 10,000-report site anew costs more than
//! rendering it: the kernel allocates ~35,000 inodes and frees as many from
//! the old tree, and on ext4 the freed ones slow down the next allocations
//! for minutes. So the output's manifest (`.public.gongjian-manifest`
//! beside it) records every file's hash, length and modification time; a
//! build stages only files that differ and, once everything rendered
//! without error, moves them in and removes the files no longer produced.
//! Before that step it writes the list of moves and removals into the
//! staging folder: a build killed during it is completed by the next one
//! (`finish_interrupted`). Where the output holds a file the manifest does
//! not know (or the manifest is missing or stale), the whole tree is built
//! and swapped in as before.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// One output file as last written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub hash: u64,
    pub len: u64,
    /// Modification time in nanoseconds since 1970 (0 when unknown).
    pub mtime: u128,
}

/// What the output holds, by site-relative path.
pub type Files = HashMap<String, Entry>;

const JOURNAL: &str = ".gongjian-journal";

pub fn manifest_path(output: &Path) -> PathBuf {
    super::beside(output, ".gongjian-manifest")
}

pub fn mtime(meta: &std::fs::Metadata) -> u128 {
    meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos())
}

/// The output's manifest, when it describes the output exactly: every file
/// there is listed (a file put there by hand means a full swap, which
/// removes it, as a fresh build would).
pub fn load(output: &Path) -> Option<Files> {
    let text = std::fs::read_to_string(manifest_path(output)).ok()?;
    let mut files = Files::new();
    for line in text.lines() {
        let mut parts = line.splitn(4, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let mtime = parts.next()?.parse().ok()?;
        files.insert(parts.next()?.to_string(), Entry { hash, len, mtime });
    }
    let mut seen = 0;
    for e in walkdir::WalkDir::new(output).min_depth(1) {
        let e = e.ok()?;
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(output).ok()?.to_string_lossy().replace('\\', "/");
            files.get(&rel)?;
            seen += 1;
        }
    }
    (seen == files.len()).then_some(files)
}

/// Is `rel` in the output with these bytes (by hash and length), untouched since?
pub fn unchanged(files: &Files, output: &Path, rel: &str, hash: u64, len: u64) -> Option<Entry> {
    let e = *files.get(rel)?;
    if e.hash != hash || e.len != len {
        return None;
    }
    let meta = std::fs::metadata(output.join(rel)).ok()?;
    (meta.len() == len && mtime(&meta) == e.mtime).then_some(e)
}

/// Writes the manifest (atomically: a reader never sees half of it).
pub fn save(output: &Path, files: &Files) -> io::Result<()> {
    let mut rels: Vec<&String> = files.keys().collect();
    rels.sort();
    let mut text = String::with_capacity(files.len() * 80);
    for rel in rels {
        let e = files[rel];
        let _ = writeln!(text, "{:016x} {} {} {rel}", e.hash, e.len, e.mtime);
    }
    let path = manifest_path(output);
    let tmp = path.with_extension("tmp");
    std::fs::File::create(&tmp)?.write_all(text.as_bytes())?;
    std::fs::rename(tmp, path)
}

/// Moves the staged files into the output and removes `gone` (files the
/// output held that this build did not produce), journalled first.
pub fn apply(staging: &Path, output: &Path, gone: &[String]) -> io::Result<()> {
    let mut journal = String::new();
    for e in walkdir::WalkDir::new(staging).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(staging).map_err(io::Error::other)?.to_string_lossy().replace('\\', "/");
            if rel != JOURNAL {
                journal.push_str(&format!("move {rel}\n"));
            }
        }
    }
    for rel in gone {
        journal.push_str(&format!("remove {rel}\n"));
    }
    let tmp = staging.join(format!("{JOURNAL}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(journal.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, staging.join(JOURNAL))?;
    run_journal(staging, output)
}

/// Completes the moves and removals a killed build had journalled, if it
/// got that far; true when `staging` held such a journal.
pub fn finish_interrupted(staging: &Path, output: &Path) -> bool {
    staging.join(JOURNAL).is_file() && run_journal(staging, output).is_ok()
}

fn run_journal(staging: &Path, output: &Path) -> io::Result<()> {
    let journal = std::fs::read_to_string(staging.join(JOURNAL))?;
    for line in journal.lines() {
        let Some((op, rel)) = line.split_once(' ') else { continue };
        let rel = super::safe_rel(rel)?;
        let (from, to) = (staging.join(rel), output.join(rel));
        match op {
            // A move already done (by the killed build) is skipped.
            "move" if from.exists() => {
                make_room(output, &to)?;
                std::fs::rename(&from, &to)?;
            }
            "remove" => {
                let _ = std::fs::remove_file(&to);
                let mut dir = to.parent();
                while let Some(d) = dir.filter(|d| *d != output) {
                    if std::fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
            }
            _ => {}
        }
    }
    std::fs::remove_dir_all(staging)
}

/// Clears the way for a file at `to`: its folders exist, and nothing else
/// (a folder where a file goes, a file where a folder goes) is in the way.
fn make_room(output: &Path, to: &Path) -> io::Result<()> {
    if to.is_dir() {
        std::fs::remove_dir_all(to)?;
    }
    let Some(parent) = to.parent() else { return Ok(()) };
    if std::fs::create_dir_all(parent).is_err() {
        let mut p = parent;
        while p != output {
            if p.is_file() {
                std::fs::remove_file(p)?;
                break;
            }
            let Some(up) = p.parent() else { break };
            p = up;
        }
        std::fs::create_dir_all(parent)?;
    }
    Ok(())
}
