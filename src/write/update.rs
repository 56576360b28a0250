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
    // Sized for every line at once: grown by doubling, the ~22,000 paths
    // of a 10,000-report site were hashed again a dozen times.
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let mut files = Files::with_capacity_and_hasher(lines, Default::default());
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut parts = line.splitn(4, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let mtime = time_of(parts.next()?)?;
        files.insert(parts.next()?.to_string(), Entry { hash, len, mtime });
    }
    Some(files)
}

/// A modification time as `save` writes it: nanoseconds since 1970 fit a
/// u64 until 2554, and parse as one at a fraction of a u128's cost.
fn time_of(digits: &str) -> Option<u128> {
    match digits.len() {
        0..=19 => digits.parse::<u64>().ok().map(u128::from),
        _ => digits.parse().ok(),
    }
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
    let mut entries: Vec<(&String, &Entry)> = files.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut text = String::with_capacity(files.len() * 100 + 200);
    let _ = writeln!(text, "# files gongjian wrote into {}: hash length mtime path", output.display());
    // Written by hand: through `format_args!` the ~22,000 lines of a
    // 10,000-report site cost several times as much.
    for (rel, e) in entries {
        push_line(&mut text, e, rel);
    }
    crate::whole_file::replace(path, |out| out.write_all(text.as_bytes()))
}

/// One manifest line: `{hash:016x} {len} {mtime} {rel}\n`.
fn push_line(text: &mut String, e: &Entry, rel: &str) {
    crate::text::push_hex(text, e.hash, 16);
    text.push(' ');
    push_decimal(text, u128::from(e.len));
    text.push(' ');
    push_decimal(text, e.mtime);
    text.push(' ');
    text.push_str(rel);
    text.push('\n');
}

fn push_decimal(text: &mut String, n: u128) {
    // A u128's division is a call; every length and time fits a u64.
    match u64::try_from(n) {
        Ok(n) => crate::text::push_padded(text, n, 1),
        Err(_) => {
            let _ = write!(text, "{n}");
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written_and_its_lines_are_as_formatted() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("manifest");
        let entries = [
            ("index.html", Entry { hash: 0, len: 0, mtime: 0 }),
            ("a b/索引.html", Entry { hash: u64::MAX, len: 12_345, mtime: 1_765_000_000_123_456_789 }),
            ("reports/x/index.html", Entry { hash: 0x0123_4567_89ab_cdef, len: 9, mtime: u128::from(u64::MAX) }),
            // Past 2554: more than a u64 of nanoseconds.
            ("far/index.html", Entry { hash: 0xf, len: u64::MAX, mtime: u128::from(u64::MAX) * 10 + 7 }),
        ];
        let files: Files = entries.iter().map(|(rel, e)| (rel.to_string(), *e)).collect();
        save(&path, tmp.path(), &files).unwrap();
        assert_eq!(read(&path), Some(files));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut expected: Vec<String> =
            entries.iter().map(|(rel, e)| format!("{:016x} {} {} {rel}", e.hash, e.len, e.mtime)).collect();
        let mut lines: Vec<&str> = text.lines().skip(1).collect();
        lines.sort();
        expected.sort();
        assert_eq!(lines, expected);
    }
}
