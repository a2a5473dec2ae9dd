//! Measuring the seeds' teacher and student pairs: log-odds of the given label on the training
//! points, the student's slope on the teacher's, the gaps by the teacher's confidence and both
//! networks' test accuracy; at checkpoints of the students' training and after it.

use crate::data::Labelled;
use crate::data::digits::CLASSES;
use crate::demos::distillation::{Classifier, Pair, Scatter, fit, gap_by_teacher_rank, log_odds};
use crate::demos::epochs::DeviceSet;
use crate::engine::{EngineError, read_floats, read_ints};
use crate::metrics::accuracy;
use crate::models::deep_mlp::BatchedDeepMlp;
use burn::module::Module;
use burn::tensor::activation::softmax;
use burn::tensor::{Device, Tensor};
use web_time::Instant;

/// Log-odds drawn in the scatter are clamped to ±this.
const CLAMP: f64 = 12.0;

/// What a measurement reads besides the students: the seeds' copies of the training set (`m` of
/// `n` rows each), their given and flipped labels, the test set (on the device, once per seed),
/// the run's start, and the teachers' outputs, read once (the teachers no longer change).
pub(super) struct Measurement<'a> {
    labelled: &'a DeviceSet,
    test: &'a Labelled,
    test_inputs: Tensor<2>,
    flips: &'a [(Vec<u8>, Vec<bool>)],
    m: usize,
    n: usize,
    started: Instant,
    /// The teachers' probabilities on their training points `[M·n·10]`, their classes there
    /// `[M·n]` and on the test set `[M·t]`.
    teacher_p: Vec<f32>,
    teacher_classes: Vec<i64>,
    teacher_test: Vec<i64>,
}

impl<'a> Measurement<'a> {
    /// Reads the teachers' outputs once.
    pub async fn new(
        teacher: &BatchedDeepMlp,
        labelled: &'a DeviceSet,
        test: &'a Labelled,
        flips: &'a [(Vec<u8>, Vec<bool>)],
        started: Instant,
        device: &Device,
    ) -> Result<Self, EngineError> {
        let (m, n, t) = (flips.len(), labelled.labels.len() / flips.len(), test.len());
        let test_inputs = DeviceSet::new(test, device)
            .inputs
            .unsqueeze_dim::<3>(0)
            .repeat_dim(0, m)
            .reshape([m * t, test.dim]);
        // Measured at temperature 1: the probabilities a classifier gives, on the training points
        // (host, for the log-odds) and the classes predicted on them and on the test set (device).
        let teacher_train = probabilities_tensor(teacher, &labelled.inputs, m, n, 1.0); // [M·n, 10]
        let teacher_p = read_floats(teacher_train.clone()).await?;
        let teacher_classes = read_ints(teacher_train.argmax(1)).await?;
        let teacher_test =
            read_ints(probabilities_tensor(teacher, &test_inputs, m, t, 1.0).argmax(1)).await?;
        Ok(Measurement {
            labelled,
            test,
            test_inputs,
            flips,
            m,
            n,
            started,
            teacher_p,
            teacher_classes,
            teacher_test,
        })
    }

    /// Every seed's pair, with the students trained `student_epochs` epochs so far.
    pub async fn classifier(
        &self,
        student: &BatchedDeepMlp,
        student_epochs: usize,
    ) -> Result<Classifier, EngineError> {
        let (m, n, t) = (self.m, self.n, self.test.len());
        let (teacher_p, teacher_classes, teacher_test) =
            (&self.teacher_p, &self.teacher_classes, &self.teacher_test);
        let student_p = read_floats(probabilities_tensor(student, &self.labelled.inputs, m, n, 1.0)).await?;
        let student_test =
            read_ints(probabilities_tensor(student, &self.test_inputs, m, t, 1.0).argmax(1)).await?;
        let pairs: Vec<Pair> = (0..m)
            .map(|k| {
                let given = &self.flips[k].0;
                let pick = |p: &[f32]| -> Vec<f64> {
                    (0..n).map(|i| f64::from(p[(k * n + i) * CLASSES + given[i] as usize])).collect()
                };
                let (tp, sp) = (pick(teacher_p), pick(&student_p));
                let (tx, sx): (Vec<f64>, Vec<f64>) =
                    (tp.iter().map(|&p| log_odds(p)).collect(), sp.iter().map(|&p| log_odds(p)).collect());
                let (slope, intercept) = fit(&tx, &sx);
                let test_accuracy =
                    |classes: &[i64]| accuracy(&classes[k * t..(k + 1) * t], &self.test.labels);
                Pair {
                    seed: k,
                    slope,
                    intercept,
                    least_confident_gap: gap_by_teacher_rank(&tp, &sp, 0.0, 0.1),
                    most_confident_gap: gap_by_teacher_rank(&tp, &sp, 0.5, 1.0),
                    teacher_fit: accuracy(&teacher_classes[k * n..(k + 1) * n], given),
                    test_accuracy: (test_accuracy(teacher_test), test_accuracy(&student_test)),
                }
            })
            .collect();
        let clamp = |v: f64| v.clamp(-CLAMP, CLAMP) as f32;
        let scatter = Scatter {
            seed: 0,
            points: (0..n)
                .map(|i| {
                    let label = self.flips[0].0[i] as usize;
                    (
                        clamp(log_odds(f64::from(teacher_p[i * CLASSES + label]))),
                        clamp(log_odds(f64::from(student_p[i * CLASSES + label]))),
                    )
                })
                .collect(),
            flipped: self.flips[0].1.clone(),
        };
        Ok(Classifier { pairs, scatter, student_epochs, seconds: self.started.elapsed().as_secs_f64() })
    }
}

/// Softmax(logits / temperature) of each network on its own copy of the rows, `[M·rows, 10]`,
/// without autodiff.
pub(super) fn probabilities_tensor(
    model: &BatchedDeepMlp,
    inputs: &Tensor<2>,
    m: usize,
    rows: usize,
    temperature: f64,
) -> Tensor<2> {
    let x = inputs.clone().without_autodiff().reshape([m, rows, 64]);
    let logits = model.valid().forward(x) / temperature; // [M, rows, 10]
    softmax(logits, 2).reshape([m * rows, CLASSES])
}
