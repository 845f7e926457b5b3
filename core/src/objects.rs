//! Objects only: serde's derive reads a struct from a JSON object *or* from a JSON array of its
//! field values in order. The contract (and its JSON Schemas) allows only objects, so a list
//! where a case, an effort or a part of a plan belongs must be an error naming the field.
//!
//! A type declared with `#[serde(remote = "Self")]` gets its derived (de)serialiser as inherent
//! functions instead of trait impls; [`object_only!`] then implements `Deserialize` on top of it
//! by asking the deserializer for a map (so a list is an "invalid type" error at that path) and
//! forwards `Serialize` unchanged. `#[schemars(rename = "…")]` keeps the schema's name (with
//! `remote = "Self"` it would otherwise be `Self`).

/// Implements `Deserialize` (objects only) and `Serialize` for a `#[serde(remote = "Self")]`
/// type; `$expecting` ends serde's "invalid type: …, expected …" message.
macro_rules! object_only {
    ($ty:ident, $expecting:literal) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$ty, A::Error> {
                        // The inherent function is the derived deserialiser (`remote = "Self"`).
                        $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                // The inherent function is the derived serialiser (`remote = "Self"`).
                $ty::serialize(self, serializer)
            }
        }
    };
}

pub(crate) use object_only;
