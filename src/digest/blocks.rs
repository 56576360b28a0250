//! A digest of bytes that are written out in pieces, so a file's check
//! digest is made as it is written, never from the whole file in memory:
//! the hasher is fed a fixed-size block at a time (the digest of a whole
//! slice fed at once would depend on how it is cut), and a reader digests
//! the bytes it read the same way.

use std::hash::Hasher;
use std::io::Write;

/// The bytes the hasher is fed at a time (also what is written at a time).
const BLOCK: usize = 1 << 16;

/// Digest of `bytes`, as `Digesting` makes it of the same bytes written.
pub fn digest_blocks(bytes: &[u8]) -> u64 {
    let mut h = super::hasher();
    bytes.chunks(BLOCK).for_each(|block| h.write(block));
    h.finish()
}

/// A writer that passes what it is given on to `out` a block at a time,
/// digesting it (`digest_blocks`); `finish` writes the rest and gives the digest.
pub struct Digesting<W, H> {
    out: W,
    block: Vec<u8>,
    hasher: H,
}

/// A `Digesting` writer into `out`.
pub fn digesting<W: Write>(out: W) -> Digesting<W, impl Hasher> {
    Digesting { out, block: Vec::with_capacity(BLOCK), hasher: super::hasher() }
}

impl<W: Write, H: Hasher> Digesting<W, H> {
    /// Writes the last, partial block; the digest of all written.
    pub fn finish(mut self) -> std::io::Result<u64> {
        self.pass_on()?;
        Ok(self.hasher.finish())
    }

    fn pass_on(&mut self) -> std::io::Result<()> {
        if !self.block.is_empty() {
            self.hasher.write(&self.block);
            self.out.write_all(&self.block)?;
            self.block.clear();
        }
        Ok(())
    }
}

impl<W: Write, H: Hasher> Write for Digesting<W, H> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len().min(BLOCK - self.block.len());
        self.block.extend_from_slice(&bytes[..n]);
        if self.block.len() == BLOCK {
            self.pass_on()?;
        }
        Ok(n)
    }

    /// Blocks are digested whole: what is held stays until the block is full or `finish`.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `Digesting` as postcard's output: each byte of an encoded value goes
/// into the block as it comes (through `Write`, each one-byte number was a
/// `write_all` of its own: ~1.3% of the instructions of a build adding a
/// report at 10,000). A failed write is postcard's one output error.
impl<W: Write, H: Hasher> postcard::ser_flavors::Flavor for Digesting<W, H> {
    type Output = Self;

    #[inline]
    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.block.push(byte);
        if self.block.len() == BLOCK {
            self.pass_on().map_err(|_| postcard::Error::SerializeBufferFull)?;
        }
        Ok(())
    }

    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        self.write_all(bytes).map_err(|_| postcard::Error::SerializeBufferFull)
    }

    fn finalize(self) -> postcard::Result<Self> {
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_encoded_into_it_is_written_and_digested_as_its_encoding() {
        let value: Vec<(u32, String)> = (0..40_000).map(|i| (i * 37, format!("项目{i}"))).collect();
        let encoded = postcard::to_allocvec(&value).unwrap();
        assert!(encoded.len() > 2 * BLOCK, "spans blocks");
        let mut out = Vec::new();
        let digest = postcard::serialize_with_flavor(&value, digesting(&mut out)).unwrap().finish().unwrap();
        assert_eq!(out, encoded);
        assert_eq!(digest, digest_blocks(&encoded));
    }

    #[test]
    fn the_digest_of_bytes_written_in_any_pieces_is_that_of_the_bytes() {
        let bytes: Vec<u8> = (0..3 * BLOCK + 17).map(|i| (i * 7 + i / 251) as u8).collect();
        for cut in [1, 1000, BLOCK - 1, BLOCK, BLOCK + 5, bytes.len()] {
            let mut w = digesting(Vec::new());
            bytes.chunks(cut).for_each(|piece| w.write_all(piece).unwrap());
            let out_len = w.out.len();
            assert!(out_len % BLOCK == 0 && out_len <= bytes.len(), "whole blocks passed on before `finish`");
            let written = std::mem::take(&mut w.out);
            let digest = w.finish().unwrap();
            assert_eq!(digest, digest_blocks(&bytes), "cut every {cut}");
            assert_eq!(written, &bytes[..out_len]);
        }
        let mut other = bytes.clone();
        other[BLOCK + 3] ^= 1;
        assert_ne!(digest_blocks(&other), digest_blocks(&bytes));
        assert_ne!(digest_blocks(&bytes[..bytes.len() - 1]), digest_blocks(&bytes));
    }
}
