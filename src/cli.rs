//! The command-line runner (native only): runs any experiment from a JSON config and writes its events as JSON
//! lines, on flex by default or on a native GPU through burn's wgpu backend (`--features gpu`).
//!
//! ```text
//! minima run disagreement --config c.json [--backend flex|wgpu]
//! minima run path-star --query '{"text": "1,2|2,3/1,3"}'   # then asks the trained models
//! minima check sam [--config c.json] [--json] [--events]  # runs to the verdict, judges the claims:
//!                                   # exit 0 when every claim holds, 1 when one does not, 3 when one
//!                                   # is not decided; --json prints the verdicts as JSON instead of a
//!                                   # table; --events first prints the run's events, as `run` does
//! minima run path-star --save DIR   # also writes the trained models and the results to DIR
//! minima load DIR|FILE.tar [--query JSON]... # prints the kept results, then asks the kept models
//! minima defaults disagreement      # prints the default config as JSON
//! minima demos                      # lists the demos: id, title, paper
//! ```

use crate::demos::claims::{self, State};
use crate::demos::{AskAfterRun, DEMOS, DemoConfig, Event, Query, StopAtVerdict, ids};
use crate::engine::{Backend, block_on, init_device};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::Write;
use std::process::ExitCode;

mod kept;

const USAGE: &str = "usage:\n  \
                     minima run <demo> [--config FILE.json] [--backend flex|wgpu] [--query JSON]... [--save DIR]\n  \
                     minima load DIR|FILE.tar [--backend flex|wgpu] [--query JSON]...\n  \
                     minima check <demo> [--config FILE.json] [--backend flex|wgpu] [--json]\n  \
                     minima defaults <demo>\n  minima demos";

/// Runs the command line (`minima run …`, `minima defaults …`).
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("minima: {message}\n\n{USAGE}\n\ndemos: {}", ids());
            ExitCode::FAILURE
        }
    }
}

fn demo_config(demo: &str, config: Value) -> Result<DemoConfig, String> {
    serde_json::from_value(json!({ "demo": demo, "config": config }))
        .map_err(|e| format!("config for '{demo}': {e}"))
}

/// Every `--query JSON` as a question to `demo`'s models (its [`crate::demos::Demo::Query`]).
pub(crate) fn queries(args: &[String], demo: &str) -> Result<VecDeque<Query>, String> {
    args.windows(2)
        .filter(|w| w[0] == "--query")
        .map(|w| {
            let value: Value = serde_json::from_str(&w[1]).map_err(|e| format!("--query {}: {e}", w[1]))?;
            serde_json::from_value(json!({ "demo": demo, "query": value }))
                .map_err(|e| format!("--query {} is no question to '{demo}': {e}", w[1]))
        })
        .collect()
}

pub(crate) fn option<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args.get(i + 1).map(|s| Some(s.as_str())).ok_or(format!("{name} needs a value")),
    }
}

/// The configuration of `--config FILE` (the defaults without it) for `demo`.
fn config_of(args: &[String], demo: &str) -> Result<DemoConfig, String> {
    let config = match option(args, "--config")? {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?
        }
        None => json!({}),
    };
    demo_config(demo, config)
}

pub(crate) fn backend_of(args: &[String]) -> Result<Backend, String> {
    match option(args, "--backend")? {
        Some(name) => Backend::parse(name).ok_or(format!("unknown backend '{name}'")),
        None => Ok(Backend::Flex),
    }
}

/// `minima check`: runs `demo` until every claim is decided (or to the end), then prints every
/// claim's verdict. Exit 0 when all hold, 1 when one does not hold, 3 when one is not decided by
/// the end of the run.
fn check(args: &[String], demo: &str) -> Result<ExitCode, String> {
    let config = config_of(args, demo)?;
    let problems = config.validate();
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.key, p.message)).collect();
        return Err(format!("invalid configuration for '{demo}': {}", list.join("; ")));
    }
    let backend = backend_of(args)?;
    let device = block_on(init_device(backend)).map_err(|e| e.to_string())?;
    // The run stops once every claim is decided: no later step changes a verdict.
    let (control, mut failed) = (StopAtVerdict::new(&config, None), None);
    let events = args.iter().any(|a| a == "--events");
    block_on(config.run(backend, &device, &control, &mut |event| {
        control.see(&event);
        if events {
            print_event(&event);
        }
        if let Event::Error { message } = event {
            failed = Some(message);
        }
    }));
    if let Some(message) = failed {
        return Err(message);
    }
    let verdicts = config.verdicts(&control.results());
    if args.iter().any(|a| a == "--json") {
        println!("{}", serde_json::to_string(&verdicts).map_err(|e| e.to_string())?);
    } else {
        print!("{}", claims::table(&verdicts));
    }
    let count = |s: State| verdicts.iter().filter(|v| v.state == s).count();
    let (holds, fails, open) = (count(State::Holds), count(State::DoesNotHold), count(State::NotDecided));
    eprintln!("{demo}: {holds} of {} claims hold, {fails} do not, {open} not decided", verdicts.len());
    Ok(match (fails, open) {
        (0, 0) => ExitCode::SUCCESS,
        (0, _) => ExitCode::from(3),
        _ => ExitCode::FAILURE,
    })
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    if let [c] = args
        && c == "demos"
    {
        for d in DEMOS {
            println!("{:<14} {} — {}", d.id, d.title, d.paper.citation());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (command, demo) = match args {
        [c, d, ..] => (c.as_str(), d.as_str()),
        _ => return Err("missing command or demo".into()),
    };
    if command == "load" {
        return kept::load(args, demo);
    }
    match command {
        "defaults" => {
            let config = demo_config(demo, json!({}))?;
            let value = serde_json::to_value(&config).map_err(|e| e.to_string())?;
            println!("{}", serde_json::to_string_pretty(&value["config"]).map_err(|e| e.to_string())?);
            Ok(ExitCode::SUCCESS)
        }
        "check" => check(args, demo),
        "run" => {
            let config = config_of(args, demo)?;
            let backend = backend_of(args)?;
            let save = option(args, "--save")?;
            if save.is_some() && !config.keeps() {
                let keep: Vec<&str> = DEMOS
                    .iter()
                    .map(|d| d.id)
                    .filter(|id| DemoConfig::defaults(id).is_some_and(|c| c.keeps()))
                    .collect();
                return Err(format!(
                    "the {demo} demo keeps no models yet ({} do): --save would write nothing",
                    keep.join(", ")
                ));
            }
            let control = kept::KeepTo::new(AskAfterRun::new(queries(args, demo)?), save.is_some());
            let device = block_on(init_device(backend)).map_err(|e| e.to_string())?;
            let (mut failed, mut results, mut loss) = (None, Vec::new(), Vec::<Vec<(u64, f32)>>::new());
            let mut emit = |event: Event| {
                match &event {
                    Event::Error { message } => failed = Some(message.clone()),
                    Event::Result(r) => results.push(r.clone()),
                    Event::Progress { task, step, loss: l, .. } => {
                        if loss.len() <= *task {
                            loss.resize(task + 1, Vec::new());
                        }
                        loss[*task].push((*step, *l));
                    }
                    _ => {}
                }
                print_event(&event);
            };
            block_on(config.run(backend, &device, &control, &mut emit));
            if let Some(message) = failed {
                return Err(message);
            }
            if let Some(dir) = save {
                kept::write(dir, &config, &results, loss, control.files())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command '{other}'")),
    }
}

/// Writes `event` to standard output as one JSON line.
pub(crate) fn print_event(event: &Event) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, event);
    let _ = writeln!(out);
}
