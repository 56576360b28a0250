//! Hash maps and sets keyed by values that are digests already (of paths,
//! of reads): their hasher takes the key as it is instead of hashing it
//! again, which at tens of thousands of keys a save is measurable.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds the pass-through hasher for `HashMap<u64, _, ByDigest>`.
pub type ByDigest = BuildHasherDefault<AsIs>;

/// A hasher for keys that are digests already.
#[derive(Default)]
pub struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }

    // Only reached by keys other than `u64`; mixed so they still spread.
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.0 = self.0.rotate_left(8) ^ u64::from(b));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by digests (`ByDigest`).
pub type DigestMap<V> = std::collections::HashMap<u64, V, ByDigest>;
