//! Digests every stage keys its reuse by: one fixed-seed hasher, so a
//! digest is the same in every build and process, and the ways of feeding
//! it bytes, serialisable values and `Debug` forms. It sits below the
//! stages so that load, model and derive need not reach into render.

mod blocks;
mod by_digest;
mod serialised;

pub use blocks::{digest_blocks, digesting};
pub use by_digest::{ByDigest, DigestMap};

use std::hash::{BuildHasher, Hasher};

use serde::Serialize;

/// A digest that is the same in every build and process (fixed seeds).
pub fn hasher() -> impl Hasher {
    ahash::RandomState::with_seeds(0x656e_6769, 0x6e65_2d67, 0x6a21_7265, 0x6164_7321).build_hasher()
}

/// Digest of bytes.
pub fn digest_bytes(bytes: &[u8]) -> u64 {
    let mut h = hasher();
    h.write(bytes);
    h.finish()
}

/// Digest of a value as it would be serialised (what a template sees).
pub fn digest_value<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut h = serialised::HashSer(hasher());
    // A value that cannot serialise hashes what it fed so far, and rendering reports it.
    let _ = value.serialize(&mut h);
    h.0.finish()
}

/// Digest of a value's `Debug` form (model structs, which do not serialise).
pub fn digest_debug<T: std::fmt::Debug + ?Sized>(value: &T) -> u64 {
    let mut w = HashWriter(hasher());
    let _ = std::fmt::Write::write_fmt(&mut w, format_args!("{value:?}"));
    w.0.finish()
}

struct HashWriter<H>(H);

impl<H: Hasher> std::fmt::Write for HashWriter<H> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}
