//! The `postMessage` protocol between an embedding page and an embedded demo, version
//! [`VERSION`]. Every message in either direction is a JSON object with `minima: 1` and a `type`.
//! Its one documentation for embedders is `www/embed.html`, whose tables are checked against
//! [`REQUESTS`] and [`EVENTS`] by the end-to-end tests; `www/minima-embed.js` speaks it.
//!
//! A message whose origin is not the allowed one, or that does not have this shape, changes
//! nothing; a minima-shaped message from the allowed origin that is wrong gets a `reply` with
//! `ok: false` and the reason.

use crate::settings::format_value;
use serde_json::{Map, Value, json};

/// The protocol's version: the value of the `minima` field.
pub const VERSION: u64 = 1;

/// Every request type (embedding page → demo), with its fields and effect.
pub const REQUESTS: &[(&str, &str, &str)] = &[
    ("play", "", "Start training, or resume."),
    ("pause", "", "Pause between two steps."),
    ("step", "", "Take one optimiser step (starts paused if nothing runs)."),
    ("reset", "", "Stop and clear the run."),
    (
        "setConfig",
        "config: {key: value}",
        "Change settings (and backend); the run resets. The reply's data.problems names bad values, which fall back to \
            their defaults.",
    ),
    ("getState", "", "Reply with the run's state (as in a state event)."),
    ("export", "format: \"json\" | \"csv\"", "Reply with the results export (an object, or CSV text)."),
];

/// Every event type (demo → embedding page), with its fields.
pub const EVENTS: &[(&str, &str, &str)] = &[
    (
        "ready",
        "protocol, controls: [{key, label, help, hidden, locked}], state",
        "The demo listens; sent once.",
    ),
    (
        "state",
        "phase, step, totalSteps, backend, seconds, error, pausedOffscreen, config, link, digest",
        "The run's phase changed (idle, starting, running, pausing, paused, finished, failed).",
    ),
    (
        "step",
        "step, totalSteps, loss: [per task]",
        "Training progress: about 100 per task, and one after each step() taken while paused.",
    ),
    ("result", "event: {event, …}", "A measurement of the demo, as in the JSON export's results."),
    (
        "claim",
        "id, state, value, shown, at",
        "A claim of the paper changed state as the run went on: state is not-decided, holds or does-not-hold; \
            value is what this browser measured, shown as the page writes it, at where in the run.",
    ),
    (
        "done",
        "steps, seconds, digest",
        "The run finished; digest is the SHA-256 of every result it measured (the same digest in two browsers: \
            the same results to the last bit).",
    ),
    ("error", "message", "The run failed."),
    (
        "problems",
        "problems: [{key, message}]",
        "The URL or the settings had bad values (each replaced by its default).",
    ),
    ("resize", "height", "The demo's content height in CSS pixels changed."),
    ("reply", "id, ok, data | error", "The answer to a request that carried an id."),
];

/// Result formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The JSON document of [`super::export`].
    Json,
    /// The same, flattened to CSV rows.
    Csv,
}

/// What the embedding page asks.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Start, or resume.
    Play,
    /// Pause between steps.
    Pause,
    /// One optimiser step.
    Step,
    /// Stop and clear the run.
    Reset,
    /// Change settings: (key, value as URL text).
    SetConfig(Vec<(String, String)>),
    /// Reply with the run's state.
    GetState,
    /// Reply with the results.
    Export(Format),
}

/// How a received message reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// Not a minima message (no `minima` field): someone else's traffic, silently ignored.
    NotOurs,
    /// A minima message that is wrong (version, type, fields): it changes nothing, and the
    /// sender gets a `reply` with `ok: false` and the reason.
    Rejected { id: Option<Value>, reason: String },
    /// A valid request.
    Request { id: Option<Value>, request: Request },
}

/// Reads a received message's data.
pub fn parse(data: &Value) -> Parsed {
    let Some(object) = data.as_object() else { return Parsed::NotOurs };
    let Some(version) = object.get("minima") else { return Parsed::NotOurs };
    let id = object.get("id").cloned();
    let reject = |reason: String| Parsed::Rejected { id: id.clone(), reason };
    if version.as_u64() != Some(VERSION) {
        return reject(format!("protocol version {version} is not spoken here (this demo speaks {VERSION})"));
    }
    let Some(kind) = object.get("type").and_then(Value::as_str) else {
        return reject("a message needs a string 'type'".into());
    };
    let allowed: &[&str] = match kind {
        "setConfig" => &["config"],
        "export" => &["format"],
        _ => &[],
    };
    if let Some(extra) = object
        .keys()
        .find(|k| !["minima", "type", "id"].contains(&k.as_str()) && !allowed.contains(&k.as_str()))
    {
        return reject(format!("'{kind}' takes no field '{extra}'"));
    }
    let request = match kind {
        "play" => Request::Play,
        "pause" => Request::Pause,
        "step" => Request::Step,
        "reset" => Request::Reset,
        "getState" => Request::GetState,
        "setConfig" => match object.get("config").map(config_pairs) {
            Some(Ok(pairs)) => Request::SetConfig(pairs),
            Some(Err(reason)) => return reject(reason),
            None => return reject("'setConfig' needs a 'config' object".into()),
        },
        "export" => match object.get("format").and_then(Value::as_str).unwrap_or("json") {
            "json" => Request::Export(Format::Json),
            "csv" => Request::Export(Format::Csv),
            other => return reject(format!("'{other}' is not an export format (json or csv)")),
        },
        other => return reject(format!("unknown message type '{other}'")),
    };
    Parsed::Request { id, request }
}

/// A `config` object as URL pairs: numbers, strings, booleans, and arrays of those.
fn config_pairs(config: &Value) -> Result<Vec<(String, String)>, String> {
    let Some(object) = config.as_object() else { return Err("'config' must be an object".into()) };
    object
        .iter()
        .map(|(key, value)| {
            let scalar = |v: &Value| matches!(v, Value::Number(_) | Value::String(_) | Value::Bool(_));
            let ok = scalar(value)
                || value.as_array().is_some_and(|items| !items.is_empty() && items.iter().all(scalar));
            if ok {
                Ok((key.clone(), format_value(value)))
            } else {
                Err(format!("config.{key} must be a number, a string, or a list of them"))
            }
        })
        .collect()
}

/// An event from the demo: `{minima: 1, type, demo, ...fields}`.
pub fn message(demo: &str, kind: &str, fields: Value) -> Value {
    let mut object = Map::new();
    object.insert("minima".into(), json!(VERSION));
    object.insert("type".into(), json!(kind));
    object.insert("demo".into(), json!(demo));
    if let Value::Object(fields) = fields {
        object.extend(fields);
    }
    Value::Object(object)
}

/// The reply to a request: `ok` with `data`, or not with the `error`.
pub fn reply(demo: &str, id: Option<Value>, result: Result<Value, String>) -> Value {
    let id = id.unwrap_or(Value::Null);
    match result {
        Ok(data) => message(demo, "reply", json!({ "id": id, "ok": true, "data": data })),
        Err(error) => message(demo, "reply", json!({ "id": id, "ok": false, "error": error })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(value: Value) -> Request {
        match parse(&value) {
            Parsed::Request { request, .. } => request,
            other => panic!("{value} → {other:?}"),
        }
    }

    fn rejected(value: Value) -> String {
        match parse(&value) {
            Parsed::Rejected { reason, .. } => reason,
            other => panic!("{value} should be rejected, got {other:?}"),
        }
    }

    #[test]
    fn requests_parse() {
        assert_eq!(request(json!({"minima": 1, "type": "play"})), Request::Play);
        assert_eq!(request(json!({"minima": 1, "type": "step", "id": "a"})), Request::Step);
        assert_eq!(
            request(json!({"minima": 1, "type": "export", "format": "csv"})),
            Request::Export(Format::Csv)
        );
        assert_eq!(request(json!({"minima": 1, "type": "export"})), Request::Export(Format::Json));
        assert_eq!(
            request(
                json!({"minima": 1, "type": "setConfig", "config": {"k": 5, "widths": [8, 32], "embedding": "input"}})
            ),
            Request::SetConfig(vec![
                ("embedding".into(), "input".into()),
                ("k".into(), "5".into()),
                ("widths".into(), "8,32".into())
            ])
        );
        match parse(&json!({"minima": 1, "type": "getState", "id": 7})) {
            Parsed::Request { id, request: Request::GetState } => assert_eq!(id, Some(json!(7))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn other_traffic_is_not_ours_and_wrong_shapes_are_rejected() {
        for other in [
            json!("play"),
            json!(null),
            json!([1, 2]),
            json!({"type": "play"}),
            json!({"source": "react-devtools"}),
        ] {
            assert_eq!(parse(&other), Parsed::NotOurs, "{other}");
        }
        assert!(rejected(json!({"minima": 2, "type": "play"})).contains("version 2"));
        assert!(rejected(json!({"minima": "1", "type": "play"})).contains("version"));
        assert!(rejected(json!({"minima": 1})).contains("'type'"));
        assert!(rejected(json!({"minima": 1, "type": "launch"})).contains("unknown message type 'launch'"));
        assert!(rejected(json!({"minima": 1, "type": "play", "config": {}})).contains("no field 'config'"));
        assert!(rejected(json!({"minima": 1, "type": "setConfig"})).contains("needs a 'config'"));
        assert!(
            rejected(json!({"minima": 1, "type": "setConfig", "config": [1]})).contains("must be an object")
        );
        assert!(
            rejected(json!({"minima": 1, "type": "setConfig", "config": {"k": {"x": 1}}}))
                .contains("config.k")
        );
        assert!(
            rejected(json!({"minima": 1, "type": "setConfig", "config": {"k": []}})).contains("config.k")
        );
        assert!(rejected(json!({"minima": 1, "type": "export", "format": "xml"})).contains("'xml'"));
    }

    #[test]
    fn every_documented_request_parses() {
        for (kind, ..) in REQUESTS {
            let mut m = json!({"minima": 1, "type": kind});
            if *kind == "setConfig" {
                m["config"] = json!({});
            }
            assert!(matches!(parse(&m), Parsed::Request { .. }), "{kind}");
        }
    }

    #[test]
    fn events_carry_version_type_and_demo() {
        let m = message("sam", "step", json!({"step": 3}));
        assert_eq!(m, json!({"minima": 1, "type": "step", "demo": "sam", "step": 3}));
        let r = reply("sam", Some(json!(4)), Err("no".into()));
        assert_eq!(
            r,
            json!({"minima": 1, "type": "reply", "demo": "sam", "id": 4, "ok": false, "error": "no"})
        );
    }
}
