//! The run state's reducer, unit-tested natively.

use super::*;
use crate::demos::resmem::{Answer, Report};

fn progress(task: usize, step: u64, total_steps: u64) -> Event {
    Event::Progress { task, step, total_steps, loss: 1.0 }
}

/// Two parts of 10 steps each, the second starting at task 2.
fn started() -> RunState {
    RunState::new(Backend::Flex, 1)
        .apply(Action::Starting(vec![(0, 10), (2, 10)]))
        .apply(Action::Event(1, 0, Event::Started { backend: Backend::Flex, total_steps: 10 }))
        .apply(Action::Event(1, 1, Event::Started { backend: Backend::Flex, total_steps: 10 }))
}

#[test]
fn parts_merge_into_one_run() {
    let s = started().apply(Action::Event(1, 0, progress(1, 4, 10))).apply(Action::Event(
        1,
        1,
        progress(0, 3, 10),
    ));
    assert_eq!(s.phase, Phase::Running);
    assert_eq!((s.step, s.total_steps), (7, 20), "steps summed over the parts");
    assert_eq!(s.loss.len(), 3, "the second part's task 0 is the run's task 2");
    assert_eq!((s.loss[1].clone(), s.loss[2].clone()), (vec![(4, 1.0)], vec![(3, 1.0)]));
    assert_eq!(s.task_in_part(2, 4), (0, 2));
    assert!((s.fraction() - 0.35).abs() < 1e-12);
    // Finished once every part is; the run took as long as its slowest part.
    let one = s.apply(Action::Event(1, 0, Event::Finished { steps: 10, seconds: 2.0 }));
    assert_eq!(one.phase, Phase::Running);
    let both = one.apply(Action::Event(1, 1, Event::Finished { steps: 10, seconds: 3.0 }));
    assert_eq!((both.phase, both.seconds, both.step), (Phase::Finished, Some(3.0), 20));
    assert_eq!(
        both.status(String::new(), None, ""),
        "Finished 20 steps on CPU (burn flex) in 3.0 s (6.67 steps/s)."
    );
}

#[test]
fn paused_once_every_training_part_confirms() {
    let s = started().apply(Action::SetPaused(true));
    assert_eq!(s.phase, Phase::Pausing);
    let one = s.apply(Action::Event(1, 0, Event::Paused));
    assert_eq!(one.phase, Phase::Pausing, "one part of two confirmed");
    assert_eq!(one.apply(Action::Event(1, 1, Event::Paused)).phase, Phase::Paused);
    // A finished part need not confirm.
    let finished = s.apply(Action::Event(1, 1, Event::Finished { steps: 10, seconds: 1.0 }));
    assert_eq!(finished.apply(Action::Event(1, 0, Event::Paused)).phase, Phase::Paused);
    // A part that ends after the others confirmed completes the pause (it trains no more).
    let last = one.apply(Action::Event(1, 1, Event::Finished { steps: 10, seconds: 1.0 }));
    assert_eq!(last.phase, Phase::Paused);
}

#[test]
fn an_older_worker_or_an_unknown_part_changes_nothing() {
    let s = started();
    assert_eq!(s.apply(Action::Event(0, 0, progress(0, 5, 10))), s);
    assert_eq!(s.apply(Action::Event(1, 7, progress(0, 5, 10))), s);
    assert_eq!(s.apply(Action::Failed(0, "old".into())), s);
    let failed = s.apply(Action::Failed(1, "the training worker failed".into()));
    assert_eq!((failed.phase, failed.error.as_deref()), (Phase::Failed, Some("the training worker failed")));
    assert_eq!(s.apply(Action::Reset(Backend::Wgpu, 2)), RunState::new(Backend::Wgpu, 2));
}

#[test]
fn a_newer_answer_replaces_the_older_and_only_what_training_measured_is_measured() {
    let answer = |k| {
        DemoResult::from(Report::Answer(Answer {
            surface: None,
            measurements: vec![],
            playground_seconds: 0.0,
            digits_seconds: k,
        }))
    };
    let s = started().apply(Action::Event(1, 0, Event::Answer(answer(1.0)))).apply(Action::Event(
        1,
        1,
        Event::Answer(answer(2.0)),
    ));
    assert_eq!((s.results.clone(), s.measured.len()), (vec![Event::Result(answer(2.0))], 0));
    let s = s.apply(Action::Event(1, 0, Event::Result(answer(3.0)))).apply(Action::Event(
        1,
        0,
        Event::Error { message: "boom".into() },
    ));
    assert_eq!((s.results.clone(), s.measured), (vec![Event::Result(answer(3.0))], vec![answer(3.0)]));
    assert_eq!((s.phase, s.error.as_deref()), (Phase::Failed, Some("boom")));
}

#[test]
fn significant_keeps_three_or_four_figures() {
    assert_eq!(
        [123.4, 12.34, 1.234, 0.1234].map(significant),
        ["123".to_string(), "12.3".into(), "1.23".into(), "0.123".into()]
    );
}

#[test]
fn a_loaded_run_is_finished_with_its_results_measured_and_says_where_it_came_from() {
    let result = DemoResult::from(Report::Answer(Answer {
        surface: None,
        measurements: vec![],
        playground_seconds: 0.0,
        digits_seconds: 1.0,
    }));
    let s = RunState::new(Backend::Flex, 3).apply(Action::Loaded(
        "run.tar".into(),
        vec![result.clone()],
        vec![vec![(40, 0.5)]],
        vec![(0, 30), (1, 10)],
    ));
    assert_eq!(
        (s.phase, s.step, s.total_steps, s.loss.clone()),
        (Phase::Finished, 40, 40, vec![vec![(40, 0.5)]])
    );
    assert_eq!((s.results.clone(), s.measured.clone()), (vec![Event::Result(result.clone())], vec![result]));
    let status = s.status(String::new(), None, "");
    assert_eq!(
        status,
        "Loaded a run of 40 steps from run.tar: not trained here. Its models answer as after a run."
    );
    // The worker that loaded the models answers; what it kept after a run is kept for the download.
    let kept = crate::demos::bundle::SavedFile { name: "m.safetensors".into(), step: 40, bytes: vec![1] };
    assert!(s.all_kept(), "a loaded run's models are all in the file");
    let s = s.apply(Action::Event(3, 0, Event::Kept { files: vec![kept.clone()] }));
    assert_eq!(s.kept, vec![kept]);
}

#[test]
fn the_download_waits_for_every_parts_models() {
    let file = |name: &str| crate::demos::bundle::SavedFile { name: name.into(), step: 10, bytes: vec![1] };
    let s = started().apply(Action::Event(1, 1, Event::Kept { files: vec![file("b")] }));
    assert!(!s.all_kept(), "part 0 has not handed its models over");
    let s = s.apply(Action::Event(1, 0, Event::Kept { files: vec![] }));
    assert!(s.all_kept(), "none is an answer too");
    // A resumed run timed only the steps after its checkpoint.
    let done = s
        .apply(Action::Resumed(12))
        .apply(Action::Event(1, 0, Event::Finished { steps: 10, seconds: 2.0 }))
        .apply(Action::Event(1, 1, Event::Finished { steps: 10, seconds: 2.0 }));
    assert_eq!(
        done.status(String::new(), None, ""),
        "Finished 20 steps on CPU (burn flex), resumed from step 12: the last 8 took 2.0 s (4.00 steps/s)."
    );
    assert_eq!(s.kept, vec![file("b")]);
}

#[test]
fn a_checkpoint_counts_once_every_part_has_one() {
    use crate::demos::checkpoint::Checkpoint;
    let s = started().apply(Action::Event(1, 0, Event::Checkpoint(Checkpoint::new(4, vec![]))));
    assert_eq!(s.saved(), None, "the second part has none yet: the run cannot resume");
    let s = s.apply(Action::Event(1, 1, Event::Checkpoint(Checkpoint::new(3, vec![]))));
    assert_eq!(s.saved(), Some(7), "steps summed over the parts");
    let s = s.apply(Action::Event(1, 0, Event::Checkpoint(Checkpoint::new(8, vec![]))));
    assert_eq!(s.saved(), Some(11), "the latest of each part");
    // A store that failed is said, for this generation only.
    let s = s.apply(Action::Unsaved(0, "old".into())).apply(Action::Unsaved(1, "no room".into()));
    assert_eq!(s.unsaved.as_deref(), Some("no room"));
}
