//! The output folder's writes, swaps and manifests, as the user's files see them.

use super::*;

fn mtime(p: &Path) -> std::time::SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

#[test]
fn in_place_writes_only_what_changed_and_removes_what_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("slot");
    let s = begin_in_place(&dir, None, Arc::default()).unwrap();
    s.write("a/index.html", b"one").unwrap();
    s.write("b/index.html", b"two").unwrap();
    let m = s.finish_in_place().unwrap();
    let a_time = mtime(&dir.join("a/index.html"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let s = begin_in_place(&dir, Some(m), Arc::default()).unwrap();
    s.write("a/index.html", b"one").unwrap();
    s.write("c/index.html", b"three").unwrap();
    let m = s.finish_in_place().unwrap();
    assert_eq!(mtime(&dir.join("a/index.html")), a_time, "unchanged file is not rewritten");
    assert!(!dir.join("b/index.html").exists(), "a file no longer produced is removed");
    assert_eq!(std::fs::read(dir.join("c/index.html")).unwrap(), b"three");
    assert_eq!(m.len(), 2);
}

#[test]
fn in_place_files_kept_stay_in_the_manifest_and_the_others_go() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("slot");
    let s = begin_in_place(&dir, None, Arc::default()).unwrap();
    for rel in ["a/index.html", "b/index.html", "c/index.html"] {
        s.write(rel, rel.as_bytes()).unwrap();
    }
    let m = s.finish_in_place().unwrap();
    let s = begin_in_place(&dir, Some(m.clone()), Arc::default()).unwrap();
    assert!(s.keep("a/index.html"));
    assert!(!s.keep("d/index.html"), "a file the folder does not hold cannot be kept");
    s.write("b/index.html", b"new").unwrap();
    let now = s.finish_in_place().unwrap();
    assert_eq!(now.get("a/index.html"), m.get("a/index.html"), "kept as it was");
    assert_ne!(now.get("b/index.html"), m.get("b/index.html"), "written again");
    assert_eq!(now.len(), 2);
    assert!(dir.join("a/index.html").exists());
    assert!(!dir.join("c/index.html").exists(), "neither kept nor written: removed");
}

#[test]
fn a_held_folder_loses_only_the_released_files_it_no_longer_makes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("slot");
    let s = begin_in_place(&dir, None, Arc::default()).unwrap();
    for rel in ["a/index.html", "search/t/0.txt", "search/t/1.txt", "search/meta.json"] {
        s.write(rel, rel.as_bytes()).unwrap();
    }
    let m = s.finish_in_place().unwrap();
    let s = begin_in_place(&dir, Some(m), Arc::default()).unwrap();
    assert!(s.keep_held());
    // The index now has one shard; the folder of photos is not there.
    s.release_folder("search/");
    s.release_folder("media/");
    s.write("search/t/0.txt", b"one shard").unwrap();
    assert!(s.keep("search/meta.json"));
    let now = s.finish_in_place().unwrap();
    assert!(!dir.join("search/t/1.txt").exists(), "a shard no longer made goes");
    assert!(dir.join("a/index.html").exists(), "held, not released: stays");
    assert!(dir.join("search/meta.json").exists(), "kept");
    assert_eq!(now.len(), 3);
    assert!(!dir.join("media").exists());
}

/// The state folder of the site building the output `out` (beside it).
#[cfg(unix)]
fn state_dir(out: &Path) -> PathBuf {
    out.parent().unwrap().join("site").join(STATE_DIR)
}

#[cfg(unix)]
fn build(out: &Path, files: &[(&str, &str)]) {
    let s = begin(&state_dir(out), out, Arc::default()).unwrap();
    for (rel, text) in files {
        s.write(rel, text.as_bytes()).unwrap();
    }
    s.commit().unwrap();
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_what_is_unchanged_and_drops_what_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&out, &[("a/index.html", "一"), ("b/index.html", "二"), ("c/index.html", "三")]);
    let (a, b) = (inode(&out.join("a/index.html")), inode(&out.join("b/index.html")));
    build(&out, &[("a/index.html", "一"), ("b/index.html", "二改"), ("d/index.html", "四")]);
    assert_eq!(inode(&out.join("a/index.html")), a, "an unchanged file is the same file");
    assert_ne!(inode(&out.join("b/index.html")), b, "a changed file is replaced");
    assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "二改");
    assert_eq!(std::fs::read_to_string(out.join("d/index.html")).unwrap(), "四");
    assert!(!out.join("c").exists(), "a page no longer built is removed, folder and all");
    let mut left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    left.sort();
    assert_eq!(left, ["public", "site"], "only the output beside it, the state in the site");
}

#[cfg(unix)]
#[test]
fn files_gongjian_did_not_write_are_kept_and_its_own_edited_ones_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(out.join(".git/refs/heads")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(out.join("CNAME"), "example.gov.cn\n").unwrap();
    build(&out, &[("a/index.html", "一")]);
    std::fs::write(out.join("a/stray.txt"), "手放的").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(out.join("a/index.html"), "二").unwrap();
    build(&out, &[("a/index.html", "一")]);
    assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
    assert_eq!(std::fs::read_to_string(out.join("a/stray.txt")).unwrap(), "手放的");
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "example.gov.cn\n");
    assert!(out.join(".git/HEAD").is_file() && out.join(".git/refs/heads").is_dir(), "empty folders too");
}

#[cfg(unix)]
#[test]
fn a_file_the_user_puts_into_a_folder_unchanged_for_long_is_kept_and_so_are_the_older_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let site = |b| [("a/index.html", "一"), ("b/index.html", b), ("c/index.html", "三")];
    build(&out, &site("二"));
    build(&out, &site("二改"));
    // The next build swaps in the first build's folders, by then older than
    // its record's margin: they are taken as recorded unless changed since.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    build(&out, &site("二"));
    std::fs::write(out.join("a/stray.txt"), "手放的").unwrap();
    build(&out, &site("二改"));
    assert_eq!(std::fs::read_to_string(out.join("a/stray.txt")).unwrap(), "手放的");
    assert_eq!(std::fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/main\n");
    assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "二改");
}

/// Every file and folder under `root`, sorted ("a/", "a/b.txt").
#[cfg(unix)]
fn tree(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if e.file_type().is_dir() {
                format!("{rel}/")
            } else {
                rel
            }
        })
        .collect();
    found.sort();
    found
}

#[cfg(unix)]
#[test]
fn the_users_files_stay_while_they_are_in_the_output_and_go_when_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = [("a/index.html", "一"), ("b/index.html", "二")];
    build(&out, &site);
    std::fs::create_dir_all(out.join(".git/refs")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref\n").unwrap();
    std::fs::write(out.join("b/notes.txt"), "手放的").unwrap();
    let with_users = ["a/", "a/index.html", "b/", "b/index.html", "b/notes.txt", ".git/", ".git/HEAD", ".git/refs/"];
    let mut expected: Vec<String> = with_users.iter().map(|s| s.to_string()).collect();
    expected.sort();
    // Builds alternate between the two folders: each must end up with them.
    for _ in 0..3 {
        build(&out, &site);
        assert_eq!(tree(&out), expected);
    }
    std::fs::remove_dir_all(out.join(".git/refs")).unwrap();
    std::fs::write(out.join("c.txt"), "后放的").unwrap();
    std::fs::remove_file(out.join("b/notes.txt")).unwrap();
    let mut expected: Vec<String> = ["a/", "a/index.html", "b/", "b/index.html", ".git/", ".git/HEAD", "c.txt"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    for _ in 0..3 {
        build(&out, &site);
        assert_eq!(tree(&out), expected);
    }
    // A site folder no longer built that held a user's file: gone with it.
    build(&out, &site[..1]);
    std::fs::write(out.join("a/notes.txt"), "又一个").unwrap();
    for _ in 0..2 {
        build(&out, &site[..1]);
    }
    std::fs::remove_file(out.join("a/notes.txt")).unwrap();
    for _ in 0..3 {
        build(&out, &site[..1]);
        assert_eq!(tree(&out), [".git/", ".git/HEAD", "a/", "a/index.html", "c.txt"]);
    }
}

/// A build of `files` in order, each kept where it can be, that keeps the
/// output whole when it already is that site: the files kept, and whether
/// the output was kept whole.
#[cfg(unix)]
fn build_keeping(out: &Path, files: &[(&str, &str)]) -> (Vec<String>, bool) {
    let s = begin(&state_dir(out), out, Arc::default()).unwrap();
    let mut kept = Vec::new();
    for (rel, text) in files {
        match s.keep(rel) {
            true => kept.push(rel.to_string()),
            false => s.write(rel, text.as_bytes()).unwrap(),
        }
    }
    let unchanged = s.output_unchanged();
    if unchanged { s.keep_output() } else { s.commit() }.unwrap();
    (kept, unchanged)
}

/// `build_keeping`: whether the output was kept whole.
#[cfg(unix)]
fn build_or_keep(out: &Path, files: &[(&str, &str)]) -> bool {
    build_keeping(out, files).1
}

#[cfg(unix)]
#[test]
fn an_output_that_already_is_the_site_is_kept_without_a_swap() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = [("a/index.html", "一"), ("b/index.html", "二")];
    assert!(!build_or_keep(&out, &site), "a first build swaps");
    std::fs::write(out.join("notes.txt"), "手放的").unwrap();
    let a = inode(&out.join("a/index.html"));
    assert!(build_or_keep(&out, &site), "nothing changed: kept");
    assert_eq!(inode(&out.join("a/index.html")), a);
    assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "notes.txt"]);
    // A page edited by hand in the output, a page more, a page less: swapped.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(out.join("a/index.html"), "改").unwrap();
    assert!(!build_or_keep(&out, &site));
    assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
    assert!(!build_or_keep(&out, &[site[0], site[1], ("c/index.html", "三")]));
    assert!(!build_or_keep(&out, &site));
    assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "notes.txt"]);
    // The standby kept meanwhile still becomes a right output.
    assert!(build_or_keep(&out, &site));
    assert!(!build_or_keep(&out, &site[..1]));
    assert_eq!(tree(&out), ["a/", "a/index.html", "notes.txt"]);
}

#[cfg(unix)]
#[test]
fn a_kept_output_leaves_the_standbys_records_as_they_were_and_trusted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = [("a/index.html", "一"), ("b/index.html", "二")];
    build(&out, &site);
    std::fs::write(out.join("notes.txt"), "手放的").unwrap();
    // Swapped twice: both folders hold the user's file, and the records say so.
    build(&out, &site);
    build(&out, &site);
    let state = state::State::new(&state_dir(&out), &out);
    let records = [state.standby_manifest(), state.users_manifest()];
    let read = || records.iter().map(|p| (std::fs::read(p).unwrap(), mtime(p))).collect::<Vec<_>>();
    let before = read();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(build_or_keep(&out, &site), "nothing changed: kept");
    assert_eq!(read(), before, "the standby did not change: its records are not written again");
    assert!(!build_or_keep(&out, &[site[0], site[1], ("c/index.html", "三")]));
    assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "c/", "c/index.html", "notes.txt"]);
    assert!(!build_or_keep(&out, &site));
    assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "notes.txt"]);
    // A build that keeps the output but brings the standby's copy of a
    // page up to date writes its records anew, and they are trusted.
    let edited = [("a/index.html", "改"), site[1]];
    build(&out, &edited);
    let s = begin(&state_dir(&out), &out, Arc::default()).unwrap();
    s.write("a/index.html", "改".as_bytes()).unwrap();
    assert!(s.keep("b/index.html"));
    assert!(s.output_unchanged());
    s.keep_output().unwrap();
    assert_eq!(std::fs::read_to_string(standby_of(&out).join("a/index.html")).unwrap(), "改");
    build(&out, &site);
    assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
    build(&out, &edited);
    assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "改");
    assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "notes.txt"]);
}

/// The standby folder of the output `out` (built by `build`).
#[cfg(unix)]
fn standby_of(out: &Path) -> PathBuf {
    state::State::new(&state_dir(out), out).standby_dir(out)
}

#[cfg(unix)]
#[test]
fn once_the_output_changes_a_kept_file_is_the_standbys_when_it_is_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let (a, b) = (("a/index.html", "一"), ("b/index.html", "二"));
    build(&out, &[a, b]);
    build(&out, &[a, b, ("c/index.html", "三")]);
    let standby = standby_of(&out);
    assert_eq!(std::fs::read_to_string(standby.join("a/index.html")).unwrap(), "一");
    // The live copy of a replaced by hand, the standby's of b: a page is
    // new first, so the output changes before a and b are kept.
    std::thread::sleep(std::time::Duration::from_millis(20));
    for (dir, rel, text) in [(&out, "a/index.html", "手改的"), (&standby, "b/index.html", "坏了")] {
        std::fs::remove_file(dir.join(rel)).unwrap();
        std::fs::write(dir.join(rel), text).unwrap();
    }
    let site = [("d/index.html", "四"), a, b, ("c/index.html", "三")];
    let (kept, _) = build_keeping(&out, &site);
    assert!(kept.contains(&"a/index.html".to_string()), "the standby holds a as written: kept, {kept:?}");
    assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
    assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "二", "the live b, not the standby's");
    build(&out, &site);
    assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "二");
    assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "c/", "c/index.html", "d/", "d/index.html"]);
}

#[cfg(unix)]
#[test]
fn a_file_staged_twice_never_writes_through_to_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&out, &[("atom.xml", "旧")]);
    let s = begin(&tmp.path().join("site").join(STATE_DIR), &out, Arc::default()).unwrap();
    s.write("atom.xml", "旧".as_bytes()).unwrap();
    s.write("atom.xml", "新".as_bytes()).unwrap();
    assert_eq!(std::fs::read_to_string(out.join("atom.xml")).unwrap(), "旧", "the live output is untouched");
    s.commit().unwrap();
    assert_eq!(std::fs::read_to_string(out.join("atom.xml")).unwrap(), "新");
}

#[cfg(unix)]
#[test]
fn a_kept_file_the_site_also_builds_alike_is_no_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("CNAME"), "a.example\n").unwrap();
    build(&out, &[("CNAME", "a.example\n"), ("index.html", "一")]);
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "a.example\n");
}

#[cfg(unix)]
#[test]
fn an_output_with_a_manifest_beside_it_from_an_earlier_version_is_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(out.join("old")).unwrap();
    std::fs::write(out.join("old/index.html"), "旧页").unwrap();
    let entry = update::Entry { hash: 1, len: 6, mtime: 0 };
    let legacy = update::legacy_manifest(&out);
    update::save(&legacy, &out, &[("old/index.html".to_string(), entry)].into_iter().collect()).unwrap();
    assert!(foreign_files(&tmp.path().join("site").join(STATE_DIR), &out).is_empty(), "not refused");
    build(&out, &[("index.html", "新")]);
    assert!(!legacy.exists(), "nothing is left beside the output");
    assert!(!out.join("old").exists(), "a page the earlier version wrote is removed");
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "新");
}

#[cfg(unix)]
#[test]
fn what_a_killed_build_left_is_removed_and_the_output_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&out, &[("a/index.html", "一")]);
    let dead = swap::beside(&out, &format!("{}999999999", swap::TMP_MARK));
    std::fs::create_dir_all(dead.join("b")).unwrap();
    std::fs::write(dead.join("b/index.html"), "半").unwrap();
    build(&out, &[("a/index.html", "一")]);
    assert!(!dead.exists(), "the killed build's folder is gone");
    assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
    assert!(!out.join("b").exists());
}

#[test]
fn paths_cannot_leave_the_output() {
    for bad in ["../x", "/etc/passwd", "a/../../x", ""] {
        assert!(safe_rel(bad).is_err(), "{bad:?}");
    }
    assert!(safe_rel("reports/a/index.html").is_ok());
}

#[cfg(unix)]
#[test]
fn a_file_whose_standby_folder_was_removed_by_hand_is_written_with_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&out, &[("a/b/index.html", "一")]);
    build(&out, &[("a/b/index.html", "二")]);
    // The standby's manifest still lists a/b/index.html.
    std::fs::remove_dir_all(standby_of(&out).join("a")).unwrap();
    build(&out, &[("a/b/index.html", "三"), ("c/index.html", "四")]);
    assert_eq!(std::fs::read_to_string(out.join("a/b/index.html")).unwrap(), "三");
    assert_eq!(std::fs::read_to_string(out.join("c/index.html")).unwrap(), "四");
}

#[cfg(unix)]
#[test]
fn a_kept_file_whose_standby_copy_was_removed_by_hand_is_staged_again() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let (a, b) = (("a/index.html", "一"), ("b/index.html", "二"));
    build(&out, &[a, b]);
    build(&out, &[a, b, ("c/index.html", "三")]);
    // Both folders list a and b alike: the live ones are links to the standby's.
    let standby = standby_of(&out);
    assert_eq!(inode(&standby.join("a/index.html")), inode(&out.join("a/index.html")));
    std::fs::remove_file(standby.join("a/index.html")).unwrap();
    // a and b are kept before the output is known to change (d is new).
    let site = [a, b, ("c/index.html", "三"), ("d/index.html", "四")];
    let (kept, unchanged) = build_keeping(&out, &site);
    assert_eq!((kept.len(), unchanged), (3, false), "{kept:?}");
    assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
    assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "二");
    assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "c/", "c/index.html", "d/", "d/index.html"]);
    // The kept files are one file in both folders again.
    assert_eq!(inode(&standby_of(&out).join("b/index.html")), inode(&out.join("b/index.html")));
}
