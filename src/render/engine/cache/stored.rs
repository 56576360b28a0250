//! The engine's memory as its file stores it: each distinct read once
//! (`deps`), and every record, body and view naming its reads by their
//! index there, packed (`PackedReads`). Saved borrowing the memory's
//! values, loaded owning them.

use ahash::HashMap;
use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::super::{CachedBody, Dep, Keyed, Memory, Output, Read, Records};
use super::Disk;
use crate::markdown::Heading;
use crate::render::search::KeptIndexes;
use crate::render::spool::{Spool, Text};

/// The memory as stored: each distinct read once (`deps`), records and
/// bodies naming reads by their index there (`R`: the indexes as loaded,
/// `Interned` as saved). Saved borrowing the memory's values, loaded
/// owning them. The reads come last: a save gives each its index as it
/// writes the records (`Interner`).
#[derive(Serialize, Deserialize)]
pub(super) struct Stored<'a, R, D> {
    global: u64,
    pub(super) texts_id: u64,
    pub(super) texts_end: u64,
    bodies: Vec<StoredBody<'a, R>>,
    outputs: Vec<(Cow<'a, Path>, StoredRecords<'a, R>)>,
    /// The kept search indexes by output folder.
    search: Vec<(Cow<'a, Path>, Cow<'a, KeptIndexes>)>,
    keyed: StoredKeyed<'a, R>,
    deps: D,
}

/// `Keyed`: digests by the digest of what they were made from.
#[derive(Serialize, Deserialize)]
struct StoredKeyed<'a, R> {
    /// Key, the view's digest and the reads making it noted.
    views: Vec<(u64, u64, R)>,
    metas: Cow<'a, crate::digest::DigestMap<u64>>,
    open_data: Cow<'a, crate::digest::DigestMap<u64>>,
    project_values: Cow<'a, crate::digest::DigestMap<u64>>,
    boxes: Cow<'a, crate::digest::DigestMap<u64>>,
    charts: Cow<'a, crate::digest::DigestMap<u64>>,
}

/// An output folder's records by site path.
type StoredRecords<'a, R> = Vec<(Cow<'a, str>, StoredOutput<'a, R>)>;

/// Reads as loaded: each a `Dep`'s index in `Stored::deps` and the digest seen.
pub(super) type StoredReads = PackedReads;

/// A list of reads stored as one byte string, each read in `READ_BYTES`
/// (its index, then its digest, little-endian): a memory holds ~3 million
/// reads at 10,000 reports, and a digest written as a variable-length
/// number takes ten bytes to read one at a time.
pub(super) struct PackedReads(Vec<(u32, u64)>);

const READ_BYTES: usize = 12;

impl PackedReads {
    fn pack(reads: impl ExactSizeIterator<Item = (u32, u64)>) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(reads.len() * READ_BYTES);
        for (index, seen) in reads {
            bytes.extend_from_slice(&index.to_le_bytes());
            bytes.extend_from_slice(&seen.to_le_bytes());
        }
        bytes
    }

    /// The reads `bytes` packs; none when it is not a whole number of them.
    fn unpack(bytes: &[u8]) -> Option<Vec<(u32, u64)>> {
        if !bytes.len().is_multiple_of(READ_BYTES) {
            return None;
        }
        let read = |r: &[u8]| {
            let (index, seen) = r.split_at(4);
            (
                u32::from_le_bytes(index.try_into().unwrap_or_default()),
                u64::from_le_bytes(seen.try_into().unwrap_or_default()),
            )
        };
        Some(bytes.chunks_exact(READ_BYTES).map(read).collect())
    }
}

impl<'de> Deserialize<'de> for PackedReads {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = PackedReads;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("reads packed as bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<PackedReads, E> {
                PackedReads::unpack(v).map(PackedReads).ok_or_else(|| E::invalid_length(v.len(), &self))
            }
        }
        d.deserialize_bytes(Bytes)
    }
}

#[derive(Serialize, Deserialize)]
struct StoredOutput<'a, R> {
    reads: R,
    files: Cow<'a, [String]>,
}

#[derive(Serialize, Deserialize)]
struct StoredBody<'a, R> {
    key: u64,
    /// Offset, length and digest in the texts file, as `text`.
    html: Option<(u64, u64, u64)>,
    summary: Cow<'a, str>,
    /// Offset, length and digest (`Text::digest`) in the texts file.
    text: (u64, u64, u64),
    char_count: u64,
    reading_minutes: u32,
    headings: Cow<'a, [Heading]>,
    charts: Cow<'a, [String]>,
    reads: R,
    digest: u64,
}

/// Writes `memory` (its texts in the texts file `texts_id`) into `out`.
pub(super) fn write<W: std::io::Write>(memory: &Memory, texts_id: u64, out: W) -> std::io::Result<W> {
    let deps = std::cell::RefCell::default();
    postcard::to_io(&Stored::of(memory, texts_id, &deps), out).map_err(std::io::Error::other)
}

/// Gives each distinct read of a memory its index, in the order first
/// written: each read is looked up once, as its record is written (~400,000
/// at 10,000 reports: hashing them was most of writing the file).
#[derive(Default)]
struct Interner<'a> {
    deps: Vec<&'a Dep>,
    /// aHash: a save looks up every read of every output.
    index: ahash::AHashMap<&'a Dep, u32>,
}

impl<'a> Interner<'a> {
    fn index(&mut self, dep: &'a Dep) -> u32 {
        let next = self.deps.len() as u32;
        let i = *self.index.entry(dep).or_insert(next);
        if i == next {
            self.deps.push(dep);
        }
        i
    }
}

/// The interner a save fills as it writes the records, and then writes.
type Deps<'a> = &'a std::cell::RefCell<Interner<'a>>;

/// Reads as saved: written as `StoredReads`, each read given its index.
struct Interned<'a> {
    reads: &'a [Read],
    deps: Deps<'a>,
}

impl Serialize for Interned<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut deps = self.deps.borrow_mut();
        s.serialize_bytes(&PackedReads::pack(self.reads.iter().map(|(dep, seen)| (deps.index(dep), *seen))))
    }
}

/// The reads the records written before named, in their indexes' order.
struct Written<'a>(Deps<'a>);

impl Serialize for Written<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.borrow().deps.iter())
    }
}

impl<'a> Stored<'a, Interned<'a>, Written<'a>> {
    fn of(m: &'a Memory, texts_id: u64, deps: Deps<'a>) -> Self {
        let reads = |reads: &'a [Read]| Interned { reads, deps };
        let bodies = m.bodies.iter().map(|(&key, b)| StoredBody::of(key, b, reads(&b.reads))).collect();
        let output = |(path, o): (&'a String, &'a Output)| {
            (Cow::Borrowed(path.as_str()), StoredOutput { reads: reads(&o.reads), files: Cow::Borrowed(&o.files) })
        };
        let outputs = m
            .outputs
            .iter()
            .map(|(dir, records)| (Cow::Borrowed(dir.as_path()), records.iter().map(output).collect()))
            .collect();
        let search = m.search.iter().map(|(dir, kept)| (Cow::Borrowed(dir.as_path()), Cow::Borrowed(kept))).collect();
        let (texts_end, global) = (m.texts.end(), m.global);
        let Keyed { views, metas, open_data, project_values, boxes, charts } = &m.keyed;
        let keyed = StoredKeyed {
            views: views.iter().map(|(&key, (digest, r))| (key, *digest, reads(r))).collect(),
            metas: Cow::Borrowed(&**metas),
            open_data: Cow::Borrowed(&**open_data),
            project_values: Cow::Borrowed(&**project_values),
            boxes: Cow::Borrowed(&**boxes),
            charts: Cow::Borrowed(&**charts),
        };
        Stored { global, texts_id, texts_end, bodies, outputs, search, keyed, deps: Written(deps) }
    }
}

impl Stored<'_, StoredReads, Vec<Dep>> {
    /// The memory, or `None` when a read names no stored `Dep` (a damaged file).
    pub(super) fn into_memory(self, texts: Spool, disk: Disk) -> Option<Memory> {
        let deps = self.deps;
        let reads = |r: StoredReads| -> Option<Vec<Read>> {
            r.0.into_iter().map(|(i, seen)| Some((deps.get(i as usize)?.clone(), seen))).collect()
        };
        let bodies = self.bodies.into_iter().map(|b| Some((b.key, b.into_body(&reads)?))).collect::<Option<_>>()?;
        let mut outputs = HashMap::default();
        for (dir, rs) in self.outputs {
            let records: Records = rs
                .into_iter()
                .map(|(path, o)| {
                    Some((path.into_owned(), Output { reads: reads(o.reads)?, files: o.files.into_owned() }))
                })
                .collect::<Option<_>>()?;
            outputs.insert(dir.into_owned(), records);
        }
        let k = self.keyed;
        let views: Option<super::super::KeyedViews> =
            k.views.into_iter().map(|(key, digest, r)| Some((key, (digest, reads(r)?.into())))).collect();
        let keyed = Keyed {
            views: Arc::new(views?),
            metas: Arc::new(k.metas.into_owned()),
            open_data: Arc::new(k.open_data.into_owned()),
            project_values: Arc::new(k.project_values.into_owned()),
            boxes: Arc::new(k.boxes.into_owned()),
            charts: Arc::new(k.charts.into_owned()),
        };
        Some(Memory {
            global: self.global,
            bodies,
            outputs,
            search: self.search.into_iter().map(|(dir, kept)| (dir.into_owned(), kept.into_owned())).collect(),
            texts: Arc::new(texts),
            disk: Some(disk),
            keep_html: false,
            transient: false,
            keyed,
            ..Memory::default()
        })
    }
}

impl<'a, R> StoredBody<'a, R> {
    fn of(key: u64, b: &'a CachedBody, reads: R) -> Self {
        StoredBody {
            key,
            html: b.html.as_ref().map(at),
            summary: Cow::Borrowed(&b.summary),
            text: at(&b.text),
            char_count: b.char_count as u64,
            reading_minutes: b.reading_minutes,
            headings: Cow::Borrowed(&b.headings),
            charts: Cow::Borrowed(&b.charts),
            reads,
            digest: b.digest,
        }
    }
}

impl StoredBody<'_, StoredReads> {
    fn into_body(self, reads: &dyn Fn(StoredReads) -> Option<Vec<Read>>) -> Option<CachedBody> {
        Some(CachedBody {
            html: self.html.map(spooled),
            summary: self.summary.into_owned(),
            text: spooled(self.text),
            char_count: self.char_count as usize,
            reading_minutes: self.reading_minutes,
            headings: self.headings.into_owned(),
            charts: self.charts.into_owned(),
            reads: reads(self.reads)?,
            digest: self.digest,
        })
    }
}

/// Where a text is in the texts file (all are there when the memory is saved).
fn at(t: &Text) -> (u64, u64, u64) {
    match t {
        Text::Spooled { offset, len, digest } => (*offset, *len as u64, *digest),
        _ => (0, 0, 0),
    }
}

fn spooled((offset, len, digest): (u64, u64, u64)) -> Text {
    match len {
        0 => Text::Empty,
        len => Text::Spooled { offset, len: len as usize, digest },
    }
}

#[cfg(test)]
mod tests {
    use super::PackedReads;

    #[test]
    fn reads_come_back_as_packed_and_a_list_cut_short_is_refused() {
        let reads = [(0u32, 0u64), (7, u64::MAX), (u32::MAX, 0x0102_0304_0506_0708)];
        let bytes = PackedReads::pack(reads.iter().copied());
        assert_eq!(bytes.len(), 3 * 12);
        // As the memory file holds them: a length, then the bytes.
        let stored = postcard::to_allocvec(&bytes).unwrap();
        let back: PackedReads = postcard::from_bytes(&stored).unwrap();
        assert_eq!(back.0, reads);
        let cut = postcard::to_allocvec(&bytes[..35]).unwrap();
        assert!(postcard::from_bytes::<PackedReads>(&cut).is_err(), "a read cut short is refused");
    }
}
