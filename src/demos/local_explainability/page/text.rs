//! The page's prose, built from the configuration it describes.

use crate::demos::local_explainability::{
    CLAIM_SIGMA, FIT_POINTS, LocalExplainabilityConfig, MIRRORS, REG_NEIGHBOURS, REG_POINTS, REG_SIGMA, TEST,
    TRAIN, WIDE_SIGMA,
};

/// The lead paragraph.
pub fn lead(config: &LocalExplainabilityConfig) -> String {
    format!(
        "A local linear explanation (as LIME gives) fits an affine function to a model around one input. Li, \
            Nagarajan, Plumb & Talwalkar (ICLR 2021) showed that how well such explanations fit over a \
            neighbourhood bounds how well the model generalises, and that explanations fitted from finite data \
            generalise only over wide neighbourhoods. Here {} MLPs (widths {}, penalties λ ∈ {{{}}}, {} seeds, each \
            measured after {} steps) learn to predict diabetes progression from 10 variables ({TRAIN} training and \
            {TEST} test patients).",
        config.zoo_size(),
        list(&config.widths),
        config.sorted_lambdas().iter().map(|l| format!("{l}")).collect::<Vec<_>>().join(", "),
        config.seeds,
        list(&config.checkpoints()),
    )
}

/// What MNF is and why it bounds the gap.
pub fn theory(config: &LocalExplainabilityConfig) -> String {
    format!(
        "MNF (mirrored neighbourhood fidelity) at a point x asks: if I explained the model around a nearby point \
            x′ (drawn from N(x, σ²) for each σ), how wrong would that explanation be at x? A model that is close to \
            affine over neighbourhoods of width σ has a small MNF. The paper's Theorem 1 bounds the test error by the \
            training error, the MNF and the complexity of the explanations' class, not the model's: a model that \
            simple local functions describe well cannot have memorised its data point by point. The penalty (λ, in \
            the style of ExpO) makes affine fits on {REG_NEIGHBOURS} points from N(x, {REG_SIGMA}²) around \
            {REG_POINTS} training points of each batch fit the model. Each explanation here is fitted on {FIT_POINTS} \
            points of its neighbourhood; MNF uses {MIRRORS} neighbours x′ and treats the data's density as flat over \
            a neighbourhood (the mirrored neighbourhood is N(x, σ²) itself). Fidelity is averaged over the first {} \
            test patients.",
        config.eval_points.min(TEST)
    )
}

/// What the explanation-generalisation table shows.
pub fn explanations() -> String {
    format!(
        "An explanation fitted from the data alone: at each test patient, an affine fit to the model on the \
            training patients, weighted by a Gaussian kernel of width σ. Its error on those patients (in-sample) \
            against the same weighted error on the other test patients (held out). At σ = {CLAIM_SIGMA} the kernel \
            rests on about two patients, and the fit does not carry over; at σ = {WIDE_SIGMA} on about eighteen, \
            and it does (the paper's Theorem 2)."
    )
}

/// The limits of this small setting.
pub fn limits() -> &'static str {
    "Limits: one small tabular data set, MLPs only, explanations fitted on few points, a zoo of tens of models (the \
        paper's of hundreds). NF ranks the models almost as well as MNF here (see the reference), so this page does \
        not claim MNF is the better predictor."
}

fn list(values: &[usize]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}
