//! A memory's fingerprint: what saving it would record, as one digest, so
//! a build that changed neither its output nor its memory writes nothing.

use super::Memory;

/// What saving `memory` would record of its bodies, its outputs' reads
/// and files and its keyed digests (`Keyed`), as one digest in no particular order: a build whose output
/// and memory both stand as loaded need not write it again.
pub fn fingerprint(memory: &Memory) -> u64 {
    use std::hash::{Hash, Hasher};
    let one = |h: &dyn Fn(&mut dyn Hasher)| {
        let mut hasher = super::hasher();
        h(&mut hasher);
        hasher.finish()
    };
    let mut sum = (memory.global, memory.bodies.len() as u64, memory.outputs.len() as u64);
    for (key, body) in &memory.bodies {
        let h = one(&|h| {
            h.write_u64(*key);
            h.write_u64(body.digest);
        });
        sum.0 = sum.0.wrapping_add(h);
    }
    for (dir, records) in &memory.outputs {
        sum.2 = sum.2.wrapping_add(records.len() as u64);
        for (path, o) in records {
            let h = one(&|mut h| {
                dir.hash(&mut h);
                path.hash(&mut h);
                o.reads.hash(&mut h);
                o.files.hash(&mut h);
            });
            sum.1 = sum.1.wrapping_add(h);
        }
    }
    let k = &memory.keyed;
    for (key, (digest, reads)) in k.views.iter() {
        sum.0 = sum.0.wrapping_add(one(&|mut h| (key, digest, reads).hash(&mut h)));
    }
    for (n, map) in k.digest_maps().into_iter().enumerate() {
        for (key, digest) in map.iter() {
            sum.0 = sum.0.wrapping_add(one(&|mut h| (n, key, digest).hash(&mut h)));
        }
    }
    one(&|h| {
        h.write_u64(sum.0);
        h.write_u64(sum.1);
        h.write_u64(sum.2);
    })
}
