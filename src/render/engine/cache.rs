//! The engine's memory on disk, one file per output folder in
//! `<root>/.gongjian/cache/` (builds of one output take turns by its lock),
//! so a build (CI restoring `.gongjian/`) renders in proportion to the
//! change. The first line names the binary's version and the format; a file
//! of another version, or one that does not parse, is ignored (the build is
//! then a full one) and replaced after the build. The file is removed before
//! the output is swapped and written after: a build killed in between
//! leaves no memory that the output no longer matches.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Memory;
use crate::messages::output::Output;

/// Under the site's `.gongjian/`.
pub const CACHE_DIR: &str = "cache";

/// Bumped whenever what is stored changes meaning.
const FORMAT: u32 = 1;

fn header() -> String {
    format!("gongjian {} cache format {FORMAT}", env!("CARGO_PKG_VERSION"))
}

/// The memory of the build of `output` (an absolute path).
pub fn file(state_dir: &Path, output: &Path) -> PathBuf {
    let name = format!("engine-{:016x}.json", super::digest_bytes(output.to_string_lossy().as_bytes()));
    state_dir.join(CACHE_DIR).join(name)
}

/// The memory kept in `state_dir`: `Ok(None)` when there is none, `Err`
/// with why it was ignored.
pub fn load(state_dir: &Path, output: &Path) -> Result<Option<Memory>, String> {
    let Ok(f) = std::fs::File::open(file(state_dir, output)) else { return Ok(None) };
    let mut r = BufReader::new(f);
    let mut first = String::new();
    if r.read_line(&mut first).is_err() || first.trim_end() != header() {
        return Err(Output::CacheOtherVersion { version: first.trim_end().to_string() }.to_string());
    }
    serde_json::from_reader(r).map(Some).map_err(|e| Output::CacheUnreadable { why: e.to_string() }.to_string())
}

/// Writes the memory into `state_dir` (atomically: a killed build leaves the old one).
pub fn save(state_dir: &Path, output: &Path, memory: &Memory) -> std::io::Result<()> {
    let path = file(state_dir, output);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut w = BufWriter::new(std::fs::File::create(&tmp)?);
    writeln!(w, "{}", header())?;
    serde_json::to_writer(&mut w, memory).map_err(std::io::Error::other)?;
    w.flush()?;
    drop(w);
    std::fs::rename(tmp, path)
}

/// Removes the memory kept in `state_dir` (a build that did not use it
/// replaced the output it describes).
pub fn forget(state_dir: &Path, output: &Path) {
    let _ = std::fs::remove_file(file(state_dir, output));
}
