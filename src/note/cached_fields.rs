//! A note's frontmatter fields in the parse cache (docs/performance.md).
//!
//! `serde_json::Value` describes itself only to self-describing formats; the
//! cache's binary format is not one, so each value is written as an explicitly
//! tagged [`Field`] and read back into the same `Value`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};

use super::Fields;

/// One frontmatter value, tagged by kind.
#[derive(Serialize, Deserialize)]
enum Field {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
    List(Vec<Field>),
    Map(Vec<(String, Field)>),
}

impl From<&Value> for Field {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Field::Null,
            Value::Bool(b) => Field::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Field::Unsigned(u),
                (None, Some(i), _) => Field::Signed(i),
                (None, None, Some(f)) => Field::Float(f),
                (None, None, None) => Field::Null,
            },
            Value::String(s) => Field::Text(s.clone()),
            Value::Array(items) => Field::List(items.iter().map(Field::from).collect()),
            Value::Object(map) => Field::Map(map_to_fields(map)),
        }
    }
}

impl From<Field> for Value {
    fn from(field: Field) -> Self {
        match field {
            Field::Null => Value::Null,
            Field::Bool(b) => Value::Bool(b),
            Field::Unsigned(u) => Value::Number(u.into()),
            Field::Signed(i) => Value::Number(i.into()),
            Field::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
            Field::Text(s) => Value::String(s),
            Field::List(items) => Value::Array(items.into_iter().map(Value::from).collect()),
            Field::Map(entries) => Value::Object(fields_to_map(entries)),
        }
    }
}

fn map_to_fields(map: &Map<String, Value>) -> Vec<(String, Field)> {
    map.iter()
        .map(|(k, v)| (k.clone(), Field::from(v)))
        .collect()
}

fn fields_to_map(entries: Vec<(String, Field)>) -> Map<String, Value> {
    entries
        .into_iter()
        .map(|(k, v)| (k, Value::from(v)))
        .collect()
}

pub fn serialize<S: Serializer>(fields: &Fields, serializer: S) -> Result<S::Ok, S::Error> {
    let entries: Vec<(&str, Field)> = fields.iter().map(|(k, v)| (k, Field::from(v))).collect();
    entries.serialize(serializer)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
    Vec::<(String, Field)>::deserialize(deserializer).map(|entries| {
        Fields::from_pairs(
            entries
                .into_iter()
                .map(|(k, v)| (k, Value::from(v)))
                .collect(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_frontmatter_value_comes_back_the_same() {
        let value = serde_json::json!({
            "title": "Harbour Freight",
            "count": 3,
            "delta": -4,
            "ratio": 0.25,
            "flag": true,
            "none": null,
            "tags": ["a", "b/c"],
            "nested": {"owner": "Sam", "list": [1, {"x": "y"}]},
        });
        let Value::Object(map) = value else {
            unreachable!()
        };
        let bytes = postcard::to_stdvec(&map_to_fields(&map)).unwrap();
        let back: Vec<(String, Field)> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(fields_to_map(back), map);
    }
}
