//! What a read names, shared rather than copied: `Key`, the stable key (a
//! source path, a campaign id, a link's path), and a chart's arguments
//! (`shared`). A warm build loads ~400,000
//! reads naming ~100,000 distinct keys at 10,000 reports, and every page
//! kept as it was carries its reads over: as strings, each was a copy and
//! an allocation, as shared keys each is a count going up.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A key of a read. Compares, hashes, prints and is stored as the string
/// it holds (a read digested or saved as a `String` is the same).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key(Arc<str>);

impl Deref for Key {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        str::hash(&self.0, h);
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Key {
    fn from(s: &str) -> Key {
        Key(Arc::from(s))
    }
}

impl From<String> for Key {
    fn from(s: String) -> Key {
        Key(Arc::from(s))
    }
}

impl From<&String> for Key {
    fn from(s: &String) -> Key {
        Key(Arc::from(s.as_str()))
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

/// Makes a key straight from the string decoded (not through a `String` of its own).
struct KeyVisitor;

impl serde::de::Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Key, E> {
        Ok(Key::from(s))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Key, E> {
        Ok(Key::from(s))
    }
}

/// Stores an `Arc<T>` as the `T` it holds (serde's own impl needs a
/// feature that would rebuild every crate using serde).
pub mod shared {
    use super::*;

    pub fn serialize<T: Serialize, S: Serializer>(value: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
        T::serialize(value, s)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Arc<T>, D::Error> {
        T::deserialize(d).map(Arc::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_hashes_prints_and_is_stored_as_its_string() {
        let (key, text) = (Key::from("content/reports/东光.md"), String::from("content/reports/东光.md"));
        let digest = |h: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            h(&mut hasher);
            hasher.finish()
        };
        assert_eq!(digest(&|h| key.hash(h)), digest(&|h| text.hash(h)));
        assert_eq!(format!("{key:?}"), format!("{text:?}"));
        let stored = postcard::to_allocvec(&key).unwrap();
        assert_eq!(stored, postcard::to_allocvec(&text).unwrap());
        assert_eq!(postcard::from_bytes::<Key>(&stored).unwrap(), key);
    }
}
