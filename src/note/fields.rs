//! A note's frontmatter fields, held in one exact-size list sorted by key.
//!
//! A note has a handful of fields and a vault has one set per note, so the
//! map a YAML reader gives (a B-tree whose first node has room for eleven
//! pairs) is turned into a list of exactly the pairs, with the same order
//! (docs/performance.md, "Notes in memory"). Lookups are a binary search.

use serde_json::{Map, Value};

/// Frontmatter fields: each key once, in the byte order of keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(Box<[(Box<str>, Value)]>);

impl Fields {
    /// The value of `key`, matched exactly.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .binary_search_by(|(k, _)| (**k).cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// The value of the first of `keys` written in the frontmatter, each
    /// looked for as written first, then in any letter case (`Tags`, `Status`:
    /// as Obsidian reads property names; docs/vault.md, "Frontmatter").
    pub fn get_any_case(&self, keys: &[&str]) -> Option<&Value> {
        keys.iter().find_map(|k| self.get(k)).or_else(|| {
            keys.iter().find_map(|k| {
                (self.0.iter())
                    .find(|(name, _)| name.eq_ignore_ascii_case(k))
                    .map(|(_, v)| v)
            })
        })
    }

    /// Every key and value, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (&**k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields from key and value pairs in any order; of pairs with one
    /// key, the last one given stays (as a map's insert would keep it).
    pub fn from_pairs(mut pairs: Vec<(String, Value)>) -> Self {
        if !pairs.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable: pairs of one key stay in the order given.
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            let mut kept: Vec<(String, Value)> = Vec::with_capacity(pairs.len());
            for pair in pairs {
                match kept.last_mut() {
                    Some(last) if last.0 == pair.0 => *last = pair,
                    _ => kept.push(pair),
                }
            }
            pairs = kept;
        }
        Self(
            pairs
                .into_iter()
                .map(|(k, mut v)| {
                    if let Value::Array(items) = &mut v {
                        items.shrink_to_fit();
                    }
                    (k.into_boxed_str(), v)
                })
                .collect(),
        )
    }

    /// The fields as a JSON object (for output that shows them whole).
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

impl From<Map<String, Value>> for Fields {
    fn from(map: Map<String, Value>) -> Self {
        // A map iterates in key order: the pairs are sorted already.
        Self::from_pairs(map.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_answer_as_the_map_they_were_made_from() {
        let Value::Object(map) = json!({
            "title": "Harbour Freight",
            "Status": "active",
            "tags": ["a", "b"],
            "count": 3,
            "ä": true,
        }) else {
            unreachable!()
        };
        let fields = Fields::from(map.clone());
        assert_eq!(fields.len(), map.len());
        for (k, v) in &map {
            assert_eq!(fields.get(k), Some(v), "{k}");
        }
        assert_eq!(fields.get("status"), None, "keys match exactly");
        assert_eq!(fields.get("zzz"), None);
        let order: Vec<&str> = fields.iter().map(|(k, _)| k).collect();
        let map_order: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(order, map_order, "the map's order");
        assert_eq!(fields.to_map(), map);
    }

    #[test]
    fn pairs_out_of_order_are_sorted_and_the_last_of_one_key_stays() {
        let fields = Fields::from_pairs(vec![
            ("b".into(), json!(1)),
            ("a".into(), json!(2)),
            ("b".into(), json!(3)),
        ]);
        let pairs: Vec<(&str, &Value)> = fields.iter().collect();
        assert_eq!(pairs, vec![("a", &json!(2)), ("b", &json!(3))]);
    }
}
