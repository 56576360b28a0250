//! The user's own files in the output (`.git`, `CNAME`, files put in by
//! hand): found by reading the output's tree, carried into the standby
//! before it is swapped in, and remembered (`<stem>.users` in the state
//! folder), since after a swap both folders hold the same ones. The next
//! build then reads only the live output's tree, not the standby's: at
//! 10,000 reports each tree is ~40,000 folders and files.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use super::standby::remove_with_empty_parents;
use super::update::{self, Files};
use crate::messages::output::Output;

/// Files and folders of a tree that no build wrote: site-relative path → is it a folder.
pub type Entries = BTreeMap<String, bool>;

/// Entries of the tree at `root` that are not `ours` nor a folder of ours.
fn find(root: &Path, ours: &Files) -> io::Result<Entries> {
    let mut dirs_of_ours = ahash::AHashSet::new();
    for rel in ours.keys() {
        let mut dir = rel.as_str();
        while let Some((up, _)) = dir.rsplit_once('/') {
            if !dirs_of_ours.insert(up) {
                break;
            }
            dir = up;
        }
    }
    let theirs = |rel: &str, is_dir: bool| {
        if is_dir {
            !dirs_of_ours.contains(rel)
        } else {
            !ours.contains_key(rel)
        }
    };
    Ok(walk(root, "", &theirs)?.into_iter().collect())
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
/// known (else its tree is read). A user's file where the site now has a
/// different one is an error (one would be lost). Returns the user's
/// entries, which both folders then hold.
pub fn keep(
    output: &Path,
    standby: &Path,
    live: &Files,
    produced: &Files,
    in_standby: Option<Entries>,
) -> io::Result<Entries> {
    let (wanted, present) = match in_standby {
        Some(present) => (find(output, live), Ok(present)),
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
/// is `manifest` (None when there is no such record, or it is another's).
pub fn read(path: &Path, manifest: &Path) -> Option<Entries> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    if lines.next()? != stamp(manifest)? {
        return None;
    }
    let mut entries = Entries::new();
    for line in lines {
        let (kind, rel) = line.split_once(' ')?;
        entries.insert(rel.to_string(), kind == "d");
    }
    Some(entries)
}

/// Writes the user's entries the standby (manifest `manifest`) holds to
/// `path` (atomically: a reader never sees half of it).
pub fn save(path: &Path, entries: &Entries, manifest: &Path) -> io::Result<()> {
    let Some(stamp) = stamp(manifest) else { return Ok(()) };
    let mut text = String::from("# files and folders of the output gongjian did not write: d (folder) or f, path\n");
    let _ = writeln!(text, "{stamp}");
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
        save(&record, &entries, &manifest).unwrap();
        assert_eq!(read(&record, &manifest), Some(entries));
        // Another version's build rewrote the standby's manifest meanwhile.
        std::fs::write(&manifest, "# files gongjian wrote\n").unwrap();
        assert_eq!(read(&record, &manifest), None);
    }
}
