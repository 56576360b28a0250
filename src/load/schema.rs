//! The front-matter schema as data: one `Field` per key of each kind of
//! content file, declared on the same line as the serde field and its type
//! (the `front_matter!` macro writes both from that line). The key lists behind
//! the "unknown field" warning, the YAML blocks of docs/content-model.md and
//! the field lines of `gongjian new` are all made from these tables.

use std::fmt::Write as _;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

/// One front-matter key: what it holds, an example value and what it means.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    /// A YAML value; a value starting with a line break is a block whose
    /// lines follow the key, indented by two spaces.
    pub example: &'static str,
    /// The English note of the users' reference.
    pub en: &'static str,
    /// The Chinese note editors see in `gongjian new`.
    pub zh: &'static str,
    /// The fields of each item, for a list of records documented field by field.
    pub items: &'static [Field],
    /// Whether `gongjian new` offers it (the rarely used ones only in the docs).
    pub in_new: bool,
}

impl Field {
    /// A field whose key the macro fills in.
    pub const fn doc(example: &'static str, en: &'static str, zh: &'static str) -> Field {
        Field { key: "", example, en, zh, items: &[], in_new: true }
    }

    /// A list of records whose item fields are documented one by one.
    pub const fn records(items: &'static [Field], en: &'static str, zh: &'static str) -> Field {
        Field { key: "", example: "", en, zh, items, in_new: true }
    }

    /// Left out of `gongjian new`'s template.
    pub const fn not_in_new(self) -> Field {
        Field { in_new: false, ..self }
    }
}

/// Declares a front-matter struct and its schema table from one line per
/// field: `key: Type = Field::doc(example, english, chinese)`. With `open`,
/// unknown keys are collected into `unknown` (warned about, never fatal);
/// with `closed` nothing is collected (list items, whose
/// `deny_unknown_fields` makes a typo an error).
macro_rules! front_matter {
    (
        $(#[$attr:meta])*
        pub struct $name:ident ($openness:ident) => $table:ident {
            $( $(#[$fattr:meta])* $field:ident : $ty:ty = $doc:expr ),* $(,)?
        }
    ) => {
        front_matter!(@struct $openness; $(#[$attr])* $name { $( $(#[$fattr])* $field : $ty ),* });
        #[doc = concat!("The schema of `", stringify!($name), "`, in the order the docs list it.")]
        pub const $table: &[$crate::load::schema::Field] = &[
            $( $crate::load::schema::Field { key: stringify!($field), ..$doc } ),*
        ];
    };
    (@struct open; $(#[$attr:meta])* $name:ident { $( $(#[$fattr:meta])* $field:ident : $ty:ty ),* }) => {
        $(#[$attr])*
        pub struct $name {
            $( $(#[$fattr])* pub $field: $ty, )*
            /// Keys no field takes (typos such as `tittle`), in file order.
            #[serde(flatten)]
            pub unknown: $crate::load::schema::UnknownKeys,
        }
    };
    (@struct closed; $(#[$attr:meta])* $name:ident { $( $(#[$fattr:meta])* $field:ident : $ty:ty ),* }) => {
        $(#[$attr])*
        pub struct $name {
            $( $(#[$fattr])* pub $field: $ty, )*
        }
    };
}
pub(crate) use front_matter;

/// The top-level keys of a front-matter that no field of its kind takes,
/// gathered by serde while it reads the known ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnknownKeys(pub Vec<String>);

impl<'de> Deserialize<'de> for UnknownKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = UnknownKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UnknownKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(KeyName(k)) = map.next_key()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(UnknownKeys(keys))
            }
        }
        d.deserialize_map(Keys)
    }
}

/// As the keys they are (a page's digest reads them).
impl serde::Serialize for UnknownKeys {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for k in &self.0 {
            map.serialize_entry(k, &())?;
        }
        map.end()
    }
}

/// A mapping key as written: YAML also allows numbers and booleans as
/// keys, which are still unknown keys, not a reason to fail.
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name;
        impl<'de> Visitor<'de> for Name {
            type Value = KeyName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyName, E> {
                Ok(KeyName("null".into()))
            }
        }
        d.deserialize_any(Name)
    }
}

/// The keys of a table, for messages.
pub fn keys(fields: &[Field]) -> impl Iterator<Item = &'static str> + '_ {
    fields.iter().map(|f| f.key)
}

/// Column where the notes of the docs' YAML blocks start.
const DOC_NOTE_COLUMN: usize = 33;

/// The YAML block of the users' reference for `fields`: every key with its
/// example and English note.
pub fn reference_yaml(fields: &[Field]) -> String {
    let mut out = String::new();
    for f in fields {
        field_lines(&mut out, f, "", DOC_NOTE_COLUMN, |f| f.en);
    }
    out
}

/// Appends `f` as YAML lines (key, then block lines or item fields), each
/// prefixed with `prefix` and noted with `note(f)` at `column`.
pub fn field_lines(out: &mut String, f: &Field, prefix: &str, column: usize, note: fn(&Field) -> &'static str) {
    let (head, block) = match f.example.strip_prefix('\n') {
        Some(block) => (format!("{}:", f.key), Some(block)),
        None if !f.items.is_empty() => (format!("{}:", f.key), None),
        None => (format!("{}: {}", f.key, f.example), None),
    };
    noted(out, &format!("{prefix}{head}"), note(f), column);
    for line in block.into_iter().flat_map(str::lines) {
        noted(out, &format!("{prefix}  {line}"), "", column);
    }
    for (i, item) in f.items.iter().enumerate() {
        let lead = if i == 0 { "  - " } else { "    " };
        noted(out, &format!("{prefix}{lead}{}: {}", item.key, item.example), note(item), column);
    }
}

/// `text`, then `# note` from `column` on (CJK counts double, as editors see it).
pub fn noted(out: &mut String, text: &str, note: &str, column: usize) {
    if note.is_empty() {
        let _ = writeln!(out, "{text}");
        return;
    }
    let width: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    let pad = column.saturating_sub(width).max(1);
    let _ = writeln!(out, "{text}{:pad$}# {note}", "");
}

/// Whether the users' reference names `key` as a field (`key:` or `` `key` ``).
#[cfg(test)]
pub(crate) fn documented(key: &str) -> bool {
    let doc = include_str!("../../docs/content-model.md");
    doc.contains(&format!("\n{key}:")) || doc.contains(&format!(" {key}:")) || doc.contains(&format!("`{key}`"))
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
