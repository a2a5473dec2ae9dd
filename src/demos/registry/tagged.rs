//! A value tagged with its demo's id: `{"demo": ID, NAME: value}`, the JSON shape of
//! `DemoConfig` (`NAME` = `config`), `DemoResult` (`NAME` = `result`) and `Query` (`NAME` =
//! `query`).

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Serialises `{"demo": id, name: value}`.
pub fn serialize<S: Serializer, T: Serialize>(
    serializer: S,
    id: &str,
    name: &'static str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry("demo", id)?;
    map.serialize_entry(name, value)?;
    map.end()
}

/// Reads `{"demo": id, name: value}` into the id and the still unread value.
pub fn read<'de, D: Deserializer<'de>>(deserializer: D, name: &str) -> Result<(String, Value), D::Error> {
    let mut map = Map::deserialize(deserializer)?;
    let id = match map.remove("demo") {
        Some(Value::String(id)) => id,
        _ => return Err(D::Error::custom("missing the demo's id (`demo`)")),
    };
    let value = map.remove(name).unwrap_or(Value::Object(Map::new()));
    if let Some(extra) = map.keys().next() {
        return Err(D::Error::custom(format!("unknown field `{extra}`")));
    }
    Ok((id, value))
}

/// The value read as `T`.
pub fn value<'de, D: Deserializer<'de>, T: DeserializeOwned>(value: Value) -> Result<T, D::Error> {
    serde_json::from_value(value).map_err(D::Error::custom)
}
