//! A memory's fingerprint: what saving it would record, as one digest, so
//! a build that changed neither its output nor its memory writes nothing.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::Memory;

/// What saving `memory` would record of its bodies, its outputs' reads
/// and files and its keyed digests (`Keyed`), as one digest in no particular order: a build whose output
/// and memory both stand as loaded need not write it again.
pub fn fingerprint(memory: &Memory) -> u64 {
    // Sums of each entry's digest, so the order of the maps does not
    // matter; the outputs (~20,000 records at 10,000 reports) are summed on
    // every core, as the last step of a build that changed nothing.
    let mut sum = (memory.global, memory.bodies.len() as u64, memory.outputs.len() as u64);
    for (key, body) in &memory.bodies {
        sum.0 = sum.0.wrapping_add(one(&(*key, body.digest)));
    }
    for (dir, records) in &memory.outputs {
        sum.2 = sum.2.wrapping_add(records.len() as u64);
        let outputs = records.par_iter().map(|(path, o)| one(&(dir, path, &o.reads, &o.files)));
        sum.1 = sum.1.wrapping_add(outputs.reduce(|| 0, u64::wrapping_add));
    }
    let k = &memory.keyed;
    for (key, (digest, reads)) in k.views.iter() {
        sum.0 = sum.0.wrapping_add(one(&(key, digest, reads)));
    }
    for (n, map) in k.digest_maps().into_iter().enumerate() {
        for (key, digest) in map.iter() {
            sum.0 = sum.0.wrapping_add(one(&(n, key, digest)));
        }
    }
    one(&sum)
}

/// The digest of one entry.
fn one(value: &impl Hash) -> u64 {
    let mut hasher = crate::digest::hasher();
    value.hash(&mut hasher);
    hasher.finish()
}
