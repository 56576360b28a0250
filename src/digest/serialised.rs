//! Digests of serialisable values without writing them out: a serde
//! `Serializer` that feeds every part of a value straight into a hasher
//! (type tags, lengths, raw bytes of numbers and strings), with no
//! escaping or number formatting. Two values of one type digest alike
//! only if they serialise alike.

use std::hash::Hasher;

use serde::ser::{self, Serialize};

/// Type tags, so values of different shapes never feed the same bytes.
#[repr(u8)]
enum Tag {
    Bool = 1,
    Int,
    Uint,
    Float,
    Char,
    Str,
    Bytes,
    None,
    Some,
    Unit,
    Variant,
    Seq,
    Map,
    Struct,
    End,
}

/// Feeds a value into `H`.
pub struct HashSer<H: Hasher>(pub H);

/// A value's `Serialize` asked to fail; the digest keeps what it had fed.
#[derive(Debug)]
pub struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, _: &mut std::fmt::Formatter) -> std::fmt::Result {
        Ok(())
    }
}

impl std::error::Error for Stopped {}

impl ser::Error for Stopped {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stopped
    }
}

impl<H: Hasher> HashSer<H> {
    fn tag(&mut self, t: Tag) {
        self.0.write_u8(t as u8);
    }

    fn bytes(&mut self, t: Tag, b: &[u8]) {
        self.tag(t);
        self.0.write_usize(b.len());
        self.0.write(b);
    }

    fn len(&mut self, t: Tag, len: Option<usize>) {
        self.tag(t);
        // Unknown lengths are closed by `End`; a known one is fed too.
        self.0.write_usize(len.map_or(usize::MAX, |n| n));
    }
}

type Done = Result<(), Stopped>;

impl<H: Hasher> ser::Serializer for &mut HashSer<H> {
    type Ok = ();
    type Error = Stopped;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.tag(Tag::Bool);
        self.0.write_u8(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.tag(Tag::Int);
        self.0.write_i64(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.tag(Tag::Int);
        self.0.write_i128(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.tag(Tag::Uint);
        self.0.write_u64(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.tag(Tag::Uint);
        self.0.write_u128(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.tag(Tag::Float);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.tag(Tag::Char);
        self.0.write_u32(v.into());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.bytes(Tag::Str, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.bytes(Tag::Bytes, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(Tag::None);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.tag(Tag::Some);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.tag(Tag::Unit);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Done {
        self.tag(Tag::Variant);
        self.0.write_u32(index);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Done {
        self.tag(Tag::Variant);
        self.0.write_u32(index);
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Stopped> {
        self.len(Tag::Seq, len);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Stopped> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Stopped> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Self, Stopped> {
        self.tag(Tag::Variant);
        self.0.write_u32(index);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Stopped> {
        self.len(Tag::Map, len);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stopped> {
        self.tag(Tag::Struct);
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, index: u32, _: &'static str, _: usize) -> Result<Self, Stopped> {
        self.tag(Tag::Variant);
        self.0.write_u32(index);
        self.tag(Tag::Struct);
        Ok(self)
    }
}

impl<H: Hasher> HashSer<H> {
    fn end(&mut self) -> Done {
        self.tag(Tag::End);
        Ok(())
    }
}

macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<H: Hasher> ser::$trait for &mut HashSer<H> {
            type Ok = ();
            type Error = Stopped;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                HashSer::end(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<H: Hasher> ser::SerializeMap for &mut HashSer<H> {
    type Ok = ();
    type Error = Stopped;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        HashSer::end(self)
    }
}

macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl<H: Hasher> ser::$trait for &mut HashSer<H> {
            type Ok = ();
            type Error = Stopped;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
                // The name too: a field left out (`skip_serializing_if`) must not shift the next one.
                self.bytes(Tag::Str, key.as_bytes());
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                HashSer::end(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use crate::digest::digest_value;

    #[test]
    fn values_that_serialise_differently_digest_differently() {
        let values = [
            serde_json::json!(null),
            serde_json::json!(true),
            serde_json::json!(1),
            serde_json::json!(1.0),
            serde_json::json!(-1),
            serde_json::json!("1"),
            serde_json::json!(["a", "b"]),
            serde_json::json!(["ab"]),
            serde_json::json!([["a"], "b"]),
            serde_json::json!({"a": "b"}),
            serde_json::json!({"a": "b", "c": null}),
            serde_json::json!({"ab": ""}),
            serde_json::json!([{"a": 1}, {"b": 1}]),
            serde_json::json!([{"a": 1, "b": 1}]),
        ];
        let digests: std::collections::HashSet<u64> = values.iter().map(digest_value).collect();
        assert_eq!(digests.len(), values.len());
        assert_eq!(digest_value(&values[9]), digest_value(&serde_json::json!({"a": "b"})), "and alike alike");
        assert_ne!(digest_value(&Some(f64::NAN)), digest_value(&None::<f64>), "no number is lost to null");
    }
}
