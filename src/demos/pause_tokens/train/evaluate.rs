//! Measuring an arm's model on the held-out questions: its answer read at the last position, or,
//! for the chain of thought, every hop written greedily, each fed back in, then the answer.

use crate::data::pointer::{Arm, Chase, Task};
use crate::demos::pause_tokens::Evaluation;
use crate::engine::{EngineError, read_ints};
use crate::models::gpt::Gpt;
use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData};

/// `model` of `arm`, trained `step` steps, on `questions`.
pub(super) async fn evaluate(
    model: &Gpt,
    task: &Task,
    questions: &[Chase],
    arm: Arm,
    step: usize,
    device: &Device,
) -> Result<Evaluation, EngineError> {
    let model = model.valid();
    let device = &device.clone().without_autodiff();
    let n = questions.len();
    // The inputs up to the first position read: the whole input, or in the chain of thought the
    // question alone (the model writes the rest).
    let mut tokens: Vec<Vec<i64>> = questions
        .iter()
        .map(|q| {
            let input = if arm == Arm::Cot { task.question(q) } else { task.input(q, arm) };
            input.into_iter().map(i64::from).collect()
        })
        .collect();
    let mut written: Vec<Vec<u32>> = vec![Vec::new(); n];
    for _ in 0..task.targets_len(arm) {
        let t = tokens[0].len();
        let input = Tensor::<2, Int>::from_data(TensorData::new(tokens.concat(), [n, t]), device);
        let next = read_ints(model.forward_from(input, t - 1).argmax(2)).await?; // [n] (of [n, 1, 1])
        for ((seq, out), &token) in tokens.iter_mut().zip(&mut written).zip(&next) {
            seq.push(token);
            out.push(token as u32);
        }
    }
    let share = |count: usize| count as f64 / n.max(1) as f64;
    let walks: Vec<Vec<u32>> = questions.iter().map(|q| task.targets(q, arm)).collect();
    let hops_right = (0..task.targets_len(arm))
        .map(|h| share(written.iter().zip(&walks).filter(|(w, t)| w[h] == t[h]).count()))
        .collect();
    let answers: Vec<u32> = written.iter().map(|w| *w.last().unwrap_or(&u32::MAX)).collect();
    let right = answers.iter().zip(questions).filter(|&(&a, q)| a == q.answer(task.hops)).count();
    let answered_start = answers.iter().zip(questions).filter(|&(&a, q)| a == q.start).count();
    let baseline = questions.iter().filter(|q| q.answer(task.hops) == q.start).count();
    Ok(Evaluation {
        arm,
        step,
        accuracy: share(right),
        answered_start: share(answered_start),
        baseline: share(baseline),
        hops_right,
    })
}
