//! Content files as a process last parsed them, kept between the builds of
//! one process (`serve`): a file whose bytes are the same is not parsed
//! again. Keyed by the file's path and the digest of its bytes, so an
//! editor's save that keeps the size and time is still seen.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::SourceFile;
use crate::diag::Diagnostic;

/// What reading one file gave: the parsed file, or why it could not be.
pub type ReadResult = Result<SourceFile, Vec<Diagnostic>>;

/// The files of the last load, by absolute path.
#[derive(Debug, Default)]
pub struct ParsedFiles {
    last: Mutex<HashMap<PathBuf, (u64, ReadResult)>>,
    now: Mutex<HashMap<PathBuf, (u64, ReadResult)>>,
}

impl ParsedFiles {
    /// The result of reading `path` last time, when its bytes (and the
    /// decoding setting) digest to `digest` now.
    pub(super) fn get(&self, path: &Path, digest: u64) -> Option<ReadResult> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let (seen, read) = last.remove(path)?;
        let read = (seen == digest).then_some(read)?;
        let kept = read.clone();
        self.now.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_path_buf(), (digest, read));
        Some(kept)
    }

    pub(super) fn put(&self, path: &Path, digest: u64, read: &ReadResult) {
        self.now.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_path_buf(), (digest, read.clone()));
    }

    /// Ends a load: only the files it read are kept (deleted ones are forgotten).
    pub(super) fn finish(&self) {
        let now = std::mem::take(&mut *self.now.lock().unwrap_or_else(|e| e.into_inner()));
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

/// The digest of a file's bytes as `decode_gbk` reads them.
pub(super) fn digest(bytes: &[u8], decode_gbk: bool) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::render::engine::hasher();
    h.write_u8(u8::from(decode_gbk));
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(root: &Path, parsed: &ParsedFiles) -> Vec<SourceFile> {
        let mut diags = crate::diag::Diagnostics::default();
        super::super::load_keeping(root, &mut diags, Some(parsed)).files
    }

    #[test]
    fn a_file_is_parsed_again_only_when_its_bytes_change() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/reports");
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.md"), dir.join("b.md"));
        std::fs::write(&a, "---\ntitle: 甲\ndate: 2021-03-01\n---\n正文一\n").unwrap();
        std::fs::write(&b, "---\ntitle: 乙\ndate: 2021-03-02\n---\n正文二\n").unwrap();
        let parsed = ParsedFiles::default();
        assert_eq!(load(site.path(), &parsed).len(), 2);
        // Same length, new bytes: seen by the digest, not by size or time.
        std::fs::write(&a, "---\ntitle: 丙\ndate: 2021-03-01\n---\n正文一\n").unwrap();
        std::fs::remove_file(&b).unwrap();
        let files = load(site.path(), &parsed);
        let titles: Vec<_> = files.iter().map(|f| f.yaml().lines().next().unwrap_or_default().to_string()).collect();
        assert_eq!(titles, ["title: 丙"]);
        let kept = parsed.last.lock().unwrap();
        assert_eq!(kept.len(), 1, "the deleted file is forgotten");
    }
}
