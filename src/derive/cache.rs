//! The derived values of the last build with the cache, kept in
//! `<root>/.gongjian/cache/derived.values`, so the next such build derives
//! only the campaigns and projects whose keys (`keep`) changed, as `serve`
//! does from memory. The file is a header line — the binary's version, the
//! format, the messages' language (warnings are kept as worded) and the
//! site-wide inputs every key is made under — then the values and their
//! warnings in postcard, then the digest of those (`digest_blocks`: made as
//! they are written, ~16 MB at 10,000 reports). Another header, or a body
//! that does not digest as written (two builds writing at once, a disk
//! fault) or decode, is ignored: the values are made again, never taken wrong.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::projects::Mentions;
use super::{CampaignProgress, Derived, KeptDerived, Project};
use crate::diag::{Diagnostic, Diagnostics};
use crate::digest::{digest_blocks, digesting};
use crate::guard::lock;
use crate::model::IdVec;

const FILE: &str = "derived.values";

/// Bumped whenever what is stored changes meaning.
const FORMAT: u32 = 3;

fn header(inputs: u64) -> String {
    let lang = crate::messages::lang();
    format!("gongjian {} derived values format {FORMAT} {lang:?} {inputs:016x}\n", env!("CARGO_PKG_VERSION"))
}

fn path(state: &Path) -> PathBuf {
    state.join(crate::render::engine::CACHE_DIR).join(FILE)
}

/// What is stored: each value with its key and warnings, the mentions and
/// each page's names digest (`KeptDerived`). Written from borrows, read owned.
#[derive(Serialize, Deserialize)]
struct Stored<C, P, W, M> {
    campaigns: Vec<(u64, C, Vec<W>)>,
    projects: Vec<(u64, P, Vec<W>)>,
    mentions: M,
    names: Vec<(u64, u64)>,
}

/// The values the last build kept under the site-wide inputs `inputs`, if any.
pub fn read(state: &Path, inputs: u64) -> Option<KeptDerived> {
    written(state);
    let bytes = std::fs::read(path(state)).ok()?;
    let rest = bytes.strip_prefix(header(inputs).as_bytes())?;
    let (body, digest) = rest.split_last_chunk::<8>()?;
    if u64::from_le_bytes(*digest) != digest_blocks(body) {
        return None;
    }
    let stored: Stored<CampaignProgress, Project, Diagnostic, Mentions> = postcard::from_bytes(body).ok()?;
    let mut campaigns = IdVec::with_capacity(stored.campaigns.len());
    let mut values = IdVec::with_capacity(stored.campaigns.len());
    for (key, c, ds) in stored.campaigns {
        let mut d = Diagnostics::default();
        ds.into_iter().for_each(|w| d.push(w));
        campaigns.push((key, d));
        values.push(c);
    }
    let mut projects = IdVec::with_capacity(stored.projects.len());
    let mut made = IdVec::with_capacity(stored.projects.len());
    for (key, p, ds) in stored.projects {
        projects.push((key, ds));
        made.push(p);
    }
    let derived = Arc::new(Derived { campaigns: values, projects: made, ..Derived::default() });
    let names = IdVec::from_vec(stored.names);
    Some(KeptDerived { derived, campaigns, projects, mentions: stored.mentions, names, ..KeptDerived::default() })
}

/// Keeps `kept` (made under `inputs`) for the next build: written beside
/// and renamed over the last, so a build stopped midway leaves no half file.
pub fn write(state: &Path, inputs: u64, kept: &KeptDerived) -> std::io::Result<()> {
    let d = &kept.derived;
    let campaigns = kept.campaigns.iter().zip(d.campaigns.iter()).map(|((k, ds), c)| (*k, c, ds.iter().collect()));
    let projects = kept.projects.iter().zip(d.projects.iter()).map(|((k, ds), p)| (*k, p, ds.iter().collect()));
    let stored: Stored<&CampaignProgress, &Project, &Diagnostic, &Mentions> = Stored {
        campaigns: campaigns.collect(),
        projects: projects.collect(),
        mentions: &kept.mentions,
        names: kept.names.iter().copied().collect(),
    };
    let file = path(state);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written as it is encoded: as one vector it was a cold build's peak of memory.
    crate::whole_file::replace(&file, |out| {
        out.write_all(header(inputs).as_bytes())?;
        let body = postcard::serialize_with_flavor(&stored, digesting(&mut *out)).map_err(std::io::Error::other)?;
        let digest = body.finish()?;
        out.write_all(&digest.to_le_bytes())
    })
}

/// `write` on a thread of its own (`written` waits for it): encoding the
/// values of 10,000 reports takes ~60 ms, which the derive stage spent on
/// one core while the other had nothing left to do; beside the render it
/// holds up nothing. Where no thread can be started none is written (the
/// next build derives what changed since the file there was written).
pub fn write_later(state: &Path, inputs: u64, kept: KeptDerived) {
    let (dir, file) = (state.to_path_buf(), path(state));
    let mut writing = lock(&WRITING);
    let write = move || drop(write(&dir, inputs, &kept));
    if let Ok(thread) = std::thread::Builder::new().name("derived-values".into()).spawn(write) {
        writing.push((file, thread));
    }
}

/// The builds' `write_later` still running, by the file they write.
static WRITING: Mutex<Vec<(PathBuf, std::thread::JoinHandle<()>)>> = Mutex::new(Vec::new());

/// Waits until the values kept in the state folder `state` are written (`write_later`).
pub fn written(state: &Path) {
    let file = path(state);
    let mut writing = lock(&WRITING);
    let (ours, others) = std::mem::take(&mut *writing).into_iter().partition(|(f, _)| *f == file);
    *writing = others;
    drop(writing);
    for (_, thread) in ours {
        let _ = thread.join();
    }
}

/// Removes the kept values (and any written halfway) from the state folder
/// `state`: a `--no-cache` build leaves no cache behind.
pub fn forget(state: &Path) {
    written(state);
    let Some(dir) = path(state).parent().map(Path::to_path_buf) else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(FILE) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The day numbered `n` from the common era's first (one out of range does not decode).
fn day_of<E: serde::de::Error>(n: i32) -> Result<chrono::NaiveDate, E> {
    chrono::NaiveDate::from_num_days_from_ce_opt(n).ok_or_else(|| E::custom(std::any::type_name::<chrono::NaiveDate>()))
}

/// A day stored as its number from the common era's first.
pub(super) mod day {
    use chrono::{Datelike, NaiveDate};

    pub fn serialize<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(d.num_days_from_ce())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        super::day_of(<i32 as serde::Deserialize>::deserialize(d)?)
    }
}

/// `day`, for a day that may be missing.
pub(super) mod maybe_day {
    use chrono::{Datelike, NaiveDate};

    pub fn serialize<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&d.map(|d| d.num_days_from_ce()), s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        <Option<i32> as serde::Deserialize>::deserialize(d)?.map(super::day_of).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_written_on_a_thread_are_there_for_the_next_read() {
        let state = tempfile::tempdir().unwrap();
        for inputs in 0..20 {
            write_later(state.path(), inputs, KeptDerived::default());
            assert!(read(state.path(), inputs).is_some(), "the values written under inputs {inputs}");
        }
        write_later(state.path(), 20, KeptDerived::default());
        forget(state.path());
        assert!(read(state.path(), 20).is_none(), "forgotten after it was written, not before");
    }
}
