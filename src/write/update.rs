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

/// What the output holds, by site-relative path.
pub type Files = HashMap<String, Entry>;

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
            let all = files.get_or_insert_with(Files::new);
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

fn read(path: &Path) -> Option<Files> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut files = Files::new();
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
    let e = *files.get(rel)?;
    if e.hash != hash || e.len != len {
        return None;
    }
    let meta = std::fs::symlink_metadata(output.join(rel)).ok()?;
    (meta.is_file() && meta.len() == len && mtime(&meta) == e.mtime).then_some(e)
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
    let tmp = path.with_extension("tmp");
    std::fs::File::create(&tmp)?.write_all(text.as_bytes())?;
    std::fs::rename(tmp, path)
}

/// Carries every file and folder of `output` that gongjian did not write
/// (not in `known`: `.git`, `CNAME`, a file put there by hand) over into
/// `staged`, as hard links (copies where links cannot be made), so the swap
/// keeps them. Returns how many files were carried. A kept file where the
/// new site has a page is an error: one of the two would be lost.
pub fn carry_over(output: &Path, staged: &Path, known: &Files) -> io::Result<usize> {
    let mut ours = std::collections::HashSet::new();
    for rel in known.keys() {
        let mut dir = rel.as_str();
        while let Some((up, _)) = dir.rsplit_once('/') {
            if !ours.insert(up) {
                break;
            }
            dir = up;
        }
    }
    let mut carried = 0;
    for e in walkdir::WalkDir::new(output).min_depth(1).sort_by_file_name() {
        let e = e.map_err(io::Error::other)?;
        let rel = e.path().strip_prefix(output).map_err(io::Error::other)?;
        let key = rel.to_string_lossy().replace('\\', "/");
        let to = staged.join(rel);
        if e.file_type().is_dir() {
            // A folder of gongjian's is made again by the files in it; any other is kept.
            if !ours.contains(key.as_str()) {
                std::fs::create_dir_all(&to)?;
            }
            continue;
        }
        if known.contains_key(&key) {
            continue;
        }
        if std::fs::symlink_metadata(&to).is_ok() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} was not written by gongjian, and the site now has a page there: move it out of the output folder",
                    e.path().display()
                ),
            ));
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        link_or_copy(e.path(), &to)?;
        carried += 1;
    }
    Ok(carried)
}

/// A second name for `from` at `to`; a copy where the filesystem has no
/// hard links. A symbolic link stays a link (never followed).
pub fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let meta = std::fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        return copy_symlink(from, to);
    }
    std::fs::copy(from, to).map(|_| ())
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
    Err(io::Error::new(io::ErrorKind::Unsupported, format!("cannot keep the link {}", from.display())))
}
