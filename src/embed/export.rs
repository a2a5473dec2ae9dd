//! A run's results as a document: the configuration and seeds, the backend and browser, and
//! every metric over time; as JSON, and the same flattened to CSV. The CSV is made from the
//! JSON, so the two never disagree.

use crate::demos::Event;
use crate::engine::Backend;
use serde_json::{Map, Value, json};

/// The export format's version (the `format` field).
pub const FORMAT: &str = "minima-results/1";

/// Everything an export says about one run.
pub struct RunRecord<'a> {
    /// The demo's id.
    pub demo: &'a str,
    /// The URL that reproduces the run (settings, seeds and backend).
    pub link: &'a str,
    /// The demo's configuration as JSON (its settings, seeds included).
    pub config: &'a Value,
    /// Where the tensors lived.
    pub backend: Backend,
    /// The WebGPU adapter, when the backend is WebGPU.
    pub adapter: Option<&'a str>,
    /// The browser's user agent.
    pub browser: &'a str,
    /// When the export was made (ISO 8601).
    pub exported_at: &'a str,
    /// Where the run is: `idle`, `running`, `paused`, `finished`, `failed`, ….
    pub phase: &'a str,
    /// Steps taken, and the run's total.
    pub steps: u64,
    /// Steps the run takes.
    pub total_steps: u64,
    /// Wall-clock seconds of a finished run.
    pub seconds: Option<f64>,
    /// The error of a failed run.
    pub error: Option<&'a str>,
    /// Training loss of each task over time: (step, loss).
    pub loss: &'a [Vec<(u64, f32)>],
    /// The demo's result events, in order.
    pub results: &'a [Event],
    /// The SHA-256 digest of what a finished run measured (`crate::demos::digest`).
    pub digest: Option<&'a str>,
}

/// The JSON document.
pub fn to_json(run: &RunRecord) -> Value {
    let seeds: Map<String, Value> = match run.config {
        Value::Object(map) => {
            map.iter().filter(|(k, _)| k.contains("seed")).map(|(k, v)| (k.clone(), v.clone())).collect()
        }
        _ => Map::new(),
    };
    let loss: Vec<Value> = run
        .loss
        .iter()
        .enumerate()
        .map(|(task, points)| {
            let points: Vec<Value> = points.iter().map(|&(step, loss)| json!([step, loss])).collect();
            json!({ "task": task, "points": points })
        })
        .collect();
    json!({
        "format": FORMAT,
        "minima": env!("CARGO_PKG_VERSION"),
        "demo": run.demo,
        "link": run.link,
        "config": run.config,
        "seeds": seeds,
        "backend": run.backend,
        "adapter": run.adapter,
        "browser": run.browser,
        "exported_at": run.exported_at,
        "run": {
            "phase": run.phase,
            "steps": run.steps,
            "total_steps": run.total_steps,
            "seconds": run.seconds,
            "error": run.error,
            "digest": run.digest,
        },
        "loss": loss,
        "results": run.results,
    })
}

/// The JSON document as CSV rows `series,item,step,field,value`: one row per loss point
/// (`loss`, task, step, `loss`, value) and one per number or text of each result event
/// (`result`, its index, its `step` if it has one, the field's dotted path, value). A pivot on
/// `field` gives one column per metric.
pub fn to_csv(document: &Value) -> String {
    let mut out = String::from("series,item,step,field,value\n");
    let mut row = |series: &str, item: usize, step: Option<&Value>, field: &str, value: &Value| {
        let step = step.map(cell).unwrap_or_default();
        out.push_str(&format!("{series},{item},{step},{},{}\n", quote(field), cell(value)));
    };
    for task in document["loss"].as_array().into_iter().flatten() {
        let item = task["task"].as_u64().unwrap_or(0) as usize;
        for point in task["points"].as_array().into_iter().flatten() {
            row("loss", item, Some(&point[0]), "loss", &point[1]);
        }
    }
    for (item, event) in document["results"].as_array().into_iter().flatten().enumerate() {
        // A result event carries its demo's payload under `result`.
        let step = event.get("step").or_else(|| event.get("result").and_then(|r| r.get("step")));
        let mut leaves = Vec::new();
        flatten("", event, &mut leaves);
        for (field, value) in leaves {
            row("result", item, step, &field, value);
        }
    }
    out
}

fn flatten<'a>(prefix: &str, value: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    let join = |key: &str| if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") };
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| flatten(&join(k), v, out)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| flatten(&join(&i.to_string()), v, out))
        }
        leaf => out.push((prefix.to_string(), leaf)),
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => quote(s),
        other => other.to_string(),
    }
}

fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_config_seeds_and_metrics_and_csv_agrees() {
        let config = json!({"widths": [8, 32], "data_seed": 3, "init_seed": 4, "learning_rate": 0.1});
        let loss = vec![vec![(1, 2.5), (2, 2.0)], vec![(3, 1.5)]];
        let results = vec![
            Event::Finished { steps: 3, seconds: 0.5 },
            Event::Error { message: "a, \"quoted\" text".into() },
        ];
        let run = RunRecord {
            demo: "disagreement",
            link: "http://x/index.html#demo=disagreement",
            config: &config,
            backend: Backend::Flex,
            adapter: None,
            browser: "test",
            exported_at: "2026-11-27T00:00:00Z",
            phase: "finished",
            steps: 3,
            total_steps: 3,
            seconds: Some(0.5),
            error: None,
            loss: &loss,
            results: &results,
            digest: None,
        };
        let doc = to_json(&run);
        assert_eq!(doc["format"], FORMAT);
        assert_eq!(doc["seeds"], json!({"data_seed": 3, "init_seed": 4}));
        assert_eq!(doc["backend"], "flex");
        assert_eq!(doc["loss"][1], json!({"task": 1, "points": [[3, 1.5]]}));
        assert_eq!(doc["results"][0], json!({"event": "finished", "steps": 3, "seconds": 0.5}));
        let csv = to_csv(&doc);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "series,item,step,field,value");
        assert_eq!(&lines[1..4], ["loss,0,1,loss,2.5", "loss,0,2,loss,2.0", "loss,1,3,loss,1.5"]);
        assert!(lines.contains(&"result,0,,steps,3"), "{csv}");
        assert!(lines.contains(&"result,1,,message,\"a, \"\"quoted\"\" text\""), "{csv}");
        assert_eq!(lines.len(), 1 + 3 + 3 + 2);
    }
}
