//! A build over an output it wrote before: what that output holds (the
//! manifest), which staged files can be hard links to the output's
//! unchanged ones, and which files of the output the build did not write
//! (and so carries over into the new site).
//!
//! Writing every file of a 10,000-report site anew costs more than
//! rendering it: the kernel allocates ~35,000 inodes and frees as many from
//! the old tree, and on ext4 the freed ones slow down the next allocations
//! for minutes. So the manifest records every file's hash, length and
//! modification time; a file whose bytes the output already has, untouched
//! since, is staged as a hard link to it (no new inode, no bytes written),
//! and the staged tree is then swapped in whole.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;
use std::time::UNIX_EPOCH;

use super::state::State;

/// One output file as last written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub hash: u64,
    pub len: u64,
    /// Modification time in nanoseconds since 1970 (0 when unknown).
    pub mtime: u128,
}

/// What the output holds, by site-relative path (aHash: a build looks up
/// each of its ~22,000 files in two of these and adds it to a third).
pub type Files = HashMap<String, Entry, ahash::RandomState>;

/// Where builds before `.gongjian/` kept the manifest: beside the output.
pub fn legacy_manifest(output: &Path) -> std::path::PathBuf {
    super::swap::beside(output, ".gongjian-manifest")
}

pub fn mtime(meta: &std::fs::Metadata) -> u128 {
    meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos())
}

/// Every file gongjian wrote into `output`, as far as it knows: the
/// manifest, plus the one of a build killed while swapping its site in
/// (either may describe the output now; a file's length and time decide).
/// None when no build recorded anything there.
pub fn load(state: &State, output: &Path) -> Option<Files> {
    let mut files = None;
    for path in [legacy_manifest(output), state.manifest(), state.pending_manifest()] {
        if let Some(more) = read(&path) {
            let all = files.get_or_insert_with(Files::default);
            for (rel, e) in more {
                // Of two entries for one file, keep the one the file matches.
                let fits = |e: &Entry| std::fs::metadata(output.join(&rel)).is_ok_and(|m| mtime(&m) == e.mtime);
                if !all.get(&rel).is_some_and(fits) {
                    all.insert(rel, e);
                }
            }
        }
    }
    files
}

pub fn read(path: &Path) -> Option<Files> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut files = Files::default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut parts = line.splitn(4, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let mtime = parts.next()?.parse().ok()?;
        files.insert(parts.next()?.to_string(), Entry { hash, len, mtime });
    }
    Some(files)
}

/// Is `rel` in the output with these bytes (by hash and length), untouched since?
pub fn unchanged(files: &Files, output: &Path, rel: &str, hash: u64, len: u64) -> Option<Entry> {
    unchanged_linked(files, output, rel, hash, len).map(|(e, _)| e)
}

/// `unchanged`, with whether the file has other names (hard links) too.
pub fn unchanged_linked(files: &Files, output: &Path, rel: &str, hash: u64, len: u64) -> Option<(Entry, bool)> {
    let e = *files.get(rel)?;
    if e.hash != hash || e.len != len {
        return None;
    }
    let meta = std::fs::symlink_metadata(output.join(rel)).ok()?;
    (meta.is_file() && meta.len() == len && mtime(&meta) == e.mtime).then_some((e, links(&meta) > 1))
}

#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

/// Unknown on stable Rust elsewhere: taken as one (no file is taken for another's link).
#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Writes the manifest to `path` (atomically: a reader never sees half of it).
pub fn save(path: &Path, output: &Path, files: &Files) -> io::Result<()> {
    let mut rels: Vec<&String> = files.keys().collect();
    rels.sort();
    let mut text = String::with_capacity(files.len() * 80 + 200);
    let _ = writeln!(text, "# files gongjian wrote into {}: hash length mtime path", output.display());
    for rel in rels {
        let e = files[rel];
        let _ = writeln!(text, "{:016x} {} {} {rel}", e.hash, e.len, e.mtime);
    }
    crate::whole_file::replace(path, |out| out.write_all(text.as_bytes()))
}

/// A second name for `from` at `to`; a copy where the filesystem has no
/// hard links. A symbolic link stays a link (never followed).
pub fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(to)?;
            return link_or_copy(from, to);
        }
        Err(_) => {}
    }
    let meta = std::fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        return copy_symlink(from, to);
    }
    std::fs::copy(from, to).map(|_| ())
}

/// A new file at `path`, never the one already there: a staged file may be
/// a hard link to the output's, whose bytes must not change before the swap.
pub fn create_fresh(path: &Path) -> io::Result<std::fs::File> {
    let open = || std::fs::OpenOptions::new().write(true).create_new(true).open(path);
    match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()
        }
        done => done,
    }
}

/// Do two files hold the same bytes (a kept `CNAME` the site also builds)?
pub fn same_bytes(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

#[cfg(unix)]
fn copy_symlink(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(from)?, to)
}

#[cfg(windows)]
fn copy_symlink(from: &Path, to: &Path) -> io::Result<()> {
    let target = std::fs::read_link(from)?;
    let resolved = from.parent().map(|p| p.join(&target)).unwrap_or_else(|| target.clone());
    if resolved.is_dir() {
        std::os::windows::fs::symlink_dir(target, to)
    } else {
        std::os::windows::fs::symlink_file(target, to)
    }
}

#[cfg(not(any(unix, windows)))]
fn copy_symlink(from: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        crate::messages::output::Output::CannotKeepLink { path: from.display().to_string() }.to_string(),
    ))
}
