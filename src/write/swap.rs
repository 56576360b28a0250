//! Putting a complete staged site in the output's place in one step, and
//! cleaning up after builds that were killed.
//!
//! On Linux the two folders are exchanged by one `renameat2(RENAME_EXCHANGE)`:
//! a reader of the output sees the old site or the new one, never a mix and
//! never nothing. Elsewhere (or on a filesystem without it) the old output
//! is renamed aside and the new one renamed in: a reader may find no folder
//! for that instant, still never a mix, and a build killed between the two
//! renames is undone by the next one (`recover`).

use std::io;
use std::path::{Path, PathBuf};

pub const TMP_MARK: &str = ".gongjian-tmp-";
const OLD_MARK: &str = ".gongjian-old-";

/// `.public<suffix>` next to the output `public/`: hidden, and on the same
/// filesystem (renames between the two are atomic).
pub fn beside(output: &Path, suffix: &str) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}{suffix}"))
}

/// Makes `staged` the output; the previous output (if any) ends up at
/// `staged`'s path (the next build's standby).
pub fn swap_in(staged: &Path, output: &Path) -> io::Result<()> {
    if !output.exists() {
        return std::fs::rename(staged, output);
    }
    if exchange(staged, output).is_ok() {
        return Ok(());
    }
    let old = beside(output, &format!("{OLD_MARK}{}", std::process::id()));
    std::fs::rename(output, &old)?;
    if let Err(e) = std::fs::rename(staged, output) {
        let _ = std::fs::rename(&old, output);
        return Err(e);
    }
    std::fs::rename(&old, staged)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, crate::messages::output::Output::NoAtomicSwap.to_string()))
}

/// What killed builds into `output` left beside it: puts back an output
/// that was renamed aside and never replaced, and removes the rest (an old
/// site already swapped out, staging folders of earlier versions). Called
/// with the output's lock held, so no build of this site is using them.
pub fn recover(output: &Path) -> io::Result<()> {
    let Some(parent) = output.parent() else { return Ok(()) };
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (tmp, old) = (format!(".{name}{TMP_MARK}"), format!(".{name}{OLD_MARK}"));
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(()) };
    let mut leftovers: Vec<(String, PathBuf)> =
        entries.flatten().map(|e| (e.file_name().to_string_lossy().into_owned(), e.path())).collect();
    leftovers.sort();
    for (n, path) in &leftovers {
        if n.starts_with(&old) && !output.exists() {
            std::fs::rename(path, output)?;
        }
    }
    for (n, path) in &leftovers {
        let Some(pid) = n.strip_prefix(&tmp).or_else(|| n.strip_prefix(&old)) else { continue };
        // A build of another site root into the same folder may still be running.
        let running = pid.parse::<u32>().is_ok_and(process_alive);
        if !running && path.exists() {
            std::fs::remove_dir_all(path)?;
        }
    }
    Ok(())
}

/// Is another process with this id running? Without `/proc` (Windows,
/// macOS) a leftover is taken as dead: the lock already serialises builds
/// of one site.
fn process_alive(pid: u32) -> bool {
    pid != std::process::id() && Path::new("/proc").is_dir() && Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_puts_the_new_site_in_and_the_old_one_where_the_new_was() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, staged) = (tmp.path().join("public"), tmp.path().join(".public.gongjian-tmp-1"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "旧").unwrap();
        std::fs::create_dir_all(&staged).unwrap();
        std::fs::write(staged.join("index.html"), "新").unwrap();
        swap_in(&staged, &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "新");
        assert_eq!(std::fs::read_to_string(staged.join("index.html")).unwrap(), "旧");
    }

    #[test]
    fn an_output_renamed_aside_by_a_killed_build_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = beside(&out, &format!("{OLD_MARK}999999999"));
        let half = beside(&out, &format!("{TMP_MARK}999999999"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "旧").unwrap();
        std::fs::create_dir_all(&half).unwrap();
        recover(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "旧");
        assert!(!half.exists() && !old.exists());
    }
}
