//! The user's own files in the output (`.git`, `CNAME`, files put in by
//! hand): found by reading the output's tree, carried into the standby
//! before it is swapped in, and remembered (`<stem>.users` in the state
//! folder), since after a swap both folders hold the same ones. The next
//! build then reads only the live output's tree, not the standby's: at
//! 10,000 reports each tree is ~40,000 folders and files.
//!
//! The record also says when the live output was swapped in (`Since`): a
//! folder of it whose change time is older still holds the entries it held
//! then, and only the folders changed since are read (`find_since`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use super::standby::remove_with_empty_parents;
use super::update::{self, Files};
use crate::messages::output::Output;

/// Files and folders of a tree that no build wrote: site-relative path → is it a folder.
pub type Entries = BTreeMap<String, bool>;

/// When a tree was swapped in, as the change time (nanoseconds since 1970)
/// of a file its filesystem wrote just before.
pub type Since = i128;

/// How much older than `Since` a folder's change time must be for its
/// entries to be taken as recorded: clocks of a coarse resolution, or set
/// back a little, cannot then hide a change.
const SINCE_MARGIN: Since = 2_000_000_000;

/// The folders of `ours` (not the root).
fn folders_of(ours: &Files) -> ahash::AHashSet<&str> {
    let mut folders = ahash::AHashSet::new();
    for rel in ours.keys() {
        let mut dir = rel.as_str();
        while let Some((up, _)) = dir.rsplit_once('/') {
            if !folders.insert(up) {
                break;
            }
            dir = up;
        }
    }
    folders
}

/// Entries of the tree at `root` that are not `ours` nor a folder of ours.
fn find(root: &Path, ours: &Files) -> io::Result<Entries> {
    let dirs_of_ours = folders_of(ours);
    let theirs = |rel: &str, is_dir: bool| if is_dir { !dirs_of_ours.contains(rel) } else { !ours.contains_key(rel) };
    Ok(walk(root, "", &theirs)?.into_iter().collect())
}

/// `find`, for a tree that held `ours` and `known` when it was swapped in
/// (`since`): a folder unchanged since still holds the entries `known`
/// gives it, and is only looked at (a stat, not a read of its entries: at
/// 10,000 reports ~100,000 system calls less). Folders changed later than
/// `trusted_before` are read, and new folders of the user's walked. None
/// when a folder recorded is gone (`find` then).
fn find_since(root: &Path, ours: &Files, known: &Entries, trusted_before: Since) -> io::Result<Option<Entries>> {
    use rayon::prelude::*;
    let dirs_of_ours = folders_of(ours);
    let theirs = |rel: &str, is_dir: bool| if is_dir { !dirs_of_ours.contains(rel) } else { !ours.contains_key(rel) };
    let known_dirs = known.iter().filter(|(_, is_dir)| **is_dir).map(|(rel, _)| rel.as_str());
    let folders: Vec<&str> = std::iter::once("").chain(dirs_of_ours.iter().copied()).chain(known_dirs).collect();
    let looked: Vec<Looked> = folders
        .par_iter()
        .map(|rel| {
            let Some(meta) = std::fs::symlink_metadata(root.join(rel)).ok().filter(|m| m.is_dir()) else {
                return Ok(Looked::Gone);
            };
            if changed_at(&meta).is_some_and(|t| t < trusted_before) {
                return Ok(Looked::Unchanged);
            }
            read_changed(root, rel, known, &theirs).map(Looked::Changed)
        })
        .collect::<io::Result<_>>()?;
    let mut unchanged = ahash::AHashSet::new();
    let mut found = Entries::new();
    for (rel, looked) in folders.iter().zip(looked) {
        match looked {
            Looked::Gone => return Ok(None),
            Looked::Unchanged => drop(unchanged.insert(*rel)),
            Looked::Changed(entries) => found.extend(entries),
        }
    }
    let looked_at: ahash::AHashSet<&str> = folders.iter().copied().collect();
    for (rel, is_dir) in known {
        let parent = rel.rsplit_once('/').map_or("", |(up, _)| up);
        // In a folder that is no longer the site's: `find` tells what it holds.
        if !looked_at.contains(parent) {
            return Ok(None);
        }
        // One the site now has is no longer the user's.
        if unchanged.contains(parent) && theirs(rel, *is_dir) {
            found.insert(rel.clone(), *is_dir);
        }
    }
    Ok(Some(found))
}

/// A folder of a tree swapped in, as `find_since` found it.
enum Looked {
    /// Not there, or no longer a folder.
    Gone,
    /// Holding the entries it held when swapped in.
    Unchanged,
    /// Changed since: the user's entries it holds, and all under new folders of theirs.
    Changed(Vec<(String, bool)>),
}

/// The user's entries in folder `rel` of the tree at `root`, which changed
/// since it was swapped in: a folder of theirs not `known` is new, and
/// walked whole (a known one is looked at on its own).
fn read_changed(
    root: &Path,
    rel: &str,
    known: &Entries,
    theirs: &(dyn Fn(&str, bool) -> bool + Sync),
) -> io::Result<Vec<(String, bool)>> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(root.join(rel))? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        let is_dir = e.file_type()?.is_dir();
        if !theirs(&path, is_dir) {
            continue;
        }
        if is_dir && known.get(&path) != Some(&true) {
            found.extend(walk(root, &path, theirs)?);
        }
        found.push((path, is_dir));
    }
    Ok(found)
}

/// When an entry of the folder `meta` describes was last added, removed or
/// renamed: its change time, which unlike its modification time no tool
/// sets back (`cp -p`, `rsync -a`). Unknown where the system has none.
#[cfg(unix)]
fn changed_at(meta: &std::fs::Metadata) -> Option<Since> {
    use std::os::unix::fs::MetadataExt;
    Some(Since::from(meta.ctime()) * 1_000_000_000 + Since::from(meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn changed_at(_: &std::fs::Metadata) -> Option<Since> {
    None
}

/// `Since` for a tree at `dir` about to be swapped in, from `written`, a
/// file just written: None when it is on another filesystem (another clock
/// may stamp it) or the system keeps no change times.
pub fn since(written: &Path, dir: &Path) -> Option<Since> {
    let (file, folder) = (std::fs::metadata(written).ok()?, std::fs::metadata(dir).ok()?);
    same_device(&file, &folder).then(|| changed_at(&file)).flatten()
}

#[cfg(unix)]
fn same_device(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev()
}

#[cfg(not(unix))]
fn same_device(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// The entries under folder `rel` of the tree at `root` that `theirs`
/// picks, its folders read side by side (at 10,000 reports a tree is
/// ~40,000 folders and files, and reading it was most of a swap).
fn walk(root: &Path, rel: &str, theirs: &(dyn Fn(&str, bool) -> bool + Sync)) -> io::Result<Vec<(String, bool)>> {
    use rayon::prelude::*;
    let (mut found, mut folders) = (Vec::new(), Vec::new());
    for e in std::fs::read_dir(root.join(rel))? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        // Not followed: a link is an entry of its own, like a file.
        let is_dir = e.file_type()?.is_dir();
        if theirs(&path, is_dir) {
            found.push((path.clone(), is_dir));
        }
        if is_dir {
            folders.push(path);
        }
    }
    let deeper: Vec<io::Result<Vec<(String, bool)>>> = folders.par_iter().map(|f| walk(root, f, theirs)).collect();
    for d in deeper {
        found.extend(d?);
    }
    Ok(found)
}

/// Makes the standby hold exactly the user's entries of the live output
/// besides the site: hard links to them, and none of the ones the user has
/// since removed. `in_standby` is what the standby holds of them, when
/// known (else its tree is read); the live output held them too when it
/// was swapped in, at `live_since` when known (`find_since`). A user's file
/// where the site now has a different one is an error (one would be lost).
/// Returns the user's entries, which both folders then hold.
pub fn keep(
    output: &Path,
    standby: &Path,
    live: &Files,
    produced: &Files,
    in_standby: Option<Entries>,
    live_since: Option<Since>,
) -> io::Result<Entries> {
    let (wanted, present) = match in_standby {
        Some(present) => {
            let recorded = match live_since {
                Some(t) => find_since(output, live, &present, t - SINCE_MARGIN)?,
                None => None,
            };
            (recorded.map_or_else(|| find(output, live), Ok), Ok(present))
        }
        // Both walks read every folder of a tree: side by side, they take the time of one.
        None => std::thread::scope(|scope| {
            let wanted = scope.spawn(|| find(output, live));
            let present = find(standby, produced);
            (wanted.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), present)
        }),
    };
    let (wanted, present) = (wanted?, present?);
    // Deepest first, so a folder is empty when its turn comes; a folder of
    // the site's left empty by it goes too.
    for (rel, is_dir) in present.iter().rev().filter(|(rel, _)| !wanted.contains_key(*rel)) {
        remove_with_empty_parents(standby, rel, *is_dir);
    }
    for (rel, is_dir) in &wanted {
        let (from, to) = (output.join(rel), standby.join(rel));
        if *is_dir {
            std::fs::create_dir_all(&to)?;
            continue;
        }
        if produced.contains_key(rel) {
            if update::same_bytes(&from, &to) {
                continue;
            }
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                Output::NotWrittenByUs { path: from.display().to_string() }.to_string(),
            ));
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        update::link_or_copy(&from, &to)?;
    }
    Ok(wanted)
}

/// The length and time of the standby's manifest, which a record of the
/// user's entries names: a build of another version in between (which
/// does not keep the record) rewrites it, and the record is then ignored.
fn stamp(manifest: &Path) -> Option<String> {
    let meta = std::fs::metadata(manifest).ok()?;
    Some(format!("@ {} {}", meta.len(), update::mtime(&meta)))
}

/// The user's entries as `save` wrote them for the standby whose manifest
/// is `manifest` (None when there is no such record, or it is another's),
/// and when the live output was swapped in, if known.
pub fn read(path: &Path, manifest: &Path) -> Option<(Entries, Option<Since>)> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let (first, stamp) = (lines.next()?, stamp(manifest)?);
    let since = match first.strip_prefix(stamp.as_str())? {
        "" => None,
        rest => Some(rest.strip_prefix(' ')?.parse().ok()?),
    };
    let mut entries = Entries::new();
    for line in lines {
        let (kind, rel) = line.split_once(' ')?;
        entries.insert(rel.to_string(), kind == "d");
    }
    Some((entries, since))
}

/// Writes the user's entries the standby (manifest `manifest`) holds to
/// `path` (atomically: a reader never sees half of it), with when the live
/// output was swapped in (after the stamp: a version without it reads the
/// record as another's).
pub fn save(path: &Path, entries: &Entries, manifest: &Path, live_since: Option<Since>) -> io::Result<()> {
    let Some(stamp) = stamp(manifest) else { return Ok(()) };
    let mut text = String::from("# files and folders of the output gongjian did not write: d (folder) or f, path\n");
    let _ = match live_since {
        Some(t) => writeln!(text, "{stamp} {t}"),
        None => writeln!(text, "{stamp}"),
    };
    for (rel, is_dir) in entries {
        let _ = writeln!(text, "{} {rel}", if *is_dir { 'd' } else { 'f' });
    }
    crate::whole_file::replace(path, |out| out.write_all(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_read_back_only_for_the_standby_it_was_made_for() {
        let tmp = tempfile::tempdir().unwrap();
        let (record, manifest) = (tmp.path().join("o.users"), tmp.path().join("o.standby-manifest"));
        std::fs::write(&manifest, "# files\n").unwrap();
        let entries: Entries = [(".git".to_string(), true), ("CNAME".to_string(), false)].into_iter().collect();
        save(&record, &entries, &manifest, Some(7)).unwrap();
        assert_eq!(read(&record, &manifest), Some((entries, Some(7))));
        // Another version's build rewrote the standby's manifest meanwhile.
        std::fs::write(&manifest, "# files gongjian wrote\n").unwrap();
        assert_eq!(read(&record, &manifest), None);
    }

    #[cfg(unix)]
    fn ours(rels: &[&str]) -> Files {
        let e = update::Entry { hash: 0, len: 0, mtime: 0 };
        rels.iter().map(|r| (r.to_string(), e)).collect()
    }

    #[cfg(unix)]
    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, rel).unwrap();
    }

    /// A tree as a build swapped it in, the user's entries in it, and when.
    #[cfg(unix)]
    fn swapped_in(root: &Path) -> (Files, Entries, Since) {
        let site = ours(&["index.html", "a/index.html", "b/c/index.html"]);
        site.keys().for_each(|rel| write(root, rel));
        write(root, ".git/HEAD");
        let known = find(root, &site).unwrap();
        // Change times are those of a coarse clock: later ones may be equal.
        std::thread::sleep(std::time::Duration::from_millis(30));
        write(root, "../written");
        let since = since(&root.join("../written"), root).expect("change times");
        std::thread::sleep(std::time::Duration::from_millis(30));
        (site, known, since)
    }

    #[cfg(unix)]
    #[test]
    fn what_the_user_adds_or_removes_after_a_swap_is_found_as_a_full_read_finds_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("public");
        let (site, known, since) = swapped_in(&root);
        write(&root, "b/c/stray.txt");
        write(&root, ".git/ORIG_HEAD");
        write(&root, "new/deep/notes.txt");
        std::fs::remove_file(root.join(".git/HEAD")).unwrap();
        let fast = find_since(&root, &site, &known, since).unwrap().expect("no recorded folder is gone");
        assert_eq!(fast, find(&root, &site).unwrap());
        assert!(fast.contains_key("b/c/stray.txt") && fast.contains_key("new/deep/notes.txt"));
        assert!(!fast.contains_key(".git/HEAD"));
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_unchanged_since_the_swap_is_taken_as_recorded_and_one_gone_is_read_again() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("public");
        let (site, mut known, since) = swapped_in(&root);
        // Recorded but never there: only a folder not read gives it back.
        known.insert("a/recorded.txt".into(), false);
        let fast = find_since(&root, &site, &known, since).unwrap().unwrap();
        assert!(fast.contains_key("a/recorded.txt"), "folder a/ was read again though unchanged");
        std::fs::remove_dir_all(root.join(".git")).unwrap();
        assert_eq!(find_since(&root, &site, &known, since).unwrap(), None);
    }
}
