//! Values of settings as URL text: parsing one value of a [`Kind`] (with the message a person
//! reads when it is wrong) and writing one back.

use super::Kind;
use serde_json::Value;

/// Parses one value of `kind` from text.
pub fn parse_value(kind: Kind, text: &str) -> Result<Value, String> {
    let text = text.trim();
    let int = |t: &str, min: u64, max: u64| -> Result<u64, String> {
        let v: u64 = t.trim().parse().map_err(|_| format!("'{t}' is not a whole number (0, 1, 2, …)"))?;
        if (min..=max).contains(&v) { Ok(v) } else { Err(format!("{v} is outside {min}..={max}")) }
    };
    let float = |t: &str, min: f64, max: f64| -> Result<f64, String> {
        let t = t.trim();
        let v: f64 = t.parse().map_err(|_| format!("'{t}' is not a number"))?;
        if v.is_finite() && (min..=max).contains(&v) {
            Ok(v)
        } else {
            Err(format!("{t} is outside {min}..={max}"))
        }
    };
    match kind {
        Kind::Int { min, max } => int(text, min, max).map(Value::from),
        Kind::Float { min, max } => float(text, min, max).map(Value::from),
        Kind::FloatList { min, max, max_len } => {
            list(text, max_len, "numbers", |t| float(t, min, max).map(Value::from))
        }
        Kind::IntList { min, max, max_len } => {
            list(text, max_len, "whole numbers", |t| int(t, min, max).map(Value::from))
        }
        Kind::Choice { options } => choice(options, text).map(Value::from),
        Kind::ChoiceList { options } => {
            let mut chosen: Vec<&str> = Vec::new();
            for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let value = choice(options, item)?;
                if !chosen.contains(&value) {
                    chosen.push(value);
                }
            }
            if chosen.is_empty() {
                return Err("choose at least one".into());
            }
            Ok(Value::from(chosen))
        }
    }
}

fn choice(options: &'static [(&'static str, &'static str)], text: &str) -> Result<&'static str, String> {
    options.iter().find(|(v, _)| v.eq_ignore_ascii_case(text)).map(|(v, _)| *v).ok_or_else(|| {
        let names: Vec<&str> = options.iter().map(|(v, _)| *v).collect();
        format!("'{text}' is not one of {}", names.join(", "))
    })
}

/// A comma-separated list of 1..=`max_len` items (`what`, for the message), each parsed by `one`.
fn list(
    text: &str,
    max_len: usize,
    what: &str,
    one: impl Fn(&str) -> Result<Value, String>,
) -> Result<Value, String> {
    let items: Vec<&str> = text.split(',').filter(|s| !s.trim().is_empty()).collect();
    if items.is_empty() || items.len() > max_len {
        return Err(format!("give 1 to {max_len} comma-separated {what}"));
    }
    items.into_iter().map(one).collect::<Result<Vec<_>, _>>().map(Value::from)
}

/// A list setting's values in increasing order, without repeats (the order a demo runs them in).
pub fn sorted_unique(values: &[usize]) -> Vec<usize> {
    let mut v = values.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// Renders one value as URL text.
pub fn format_value(value: &Value) -> String {
    match value {
        Value::Array(items) => items.iter().map(format_value).collect::<Vec<_>>().join(","),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
