//! What this small setting can and cannot say, in words built from the settings and what the run
//! measured so far, beside the paper's numbers.

use super::latest;
use crate::data::pointer::Arm;
use crate::demos::pause_tokens::{Evaluation, PauseTokensConfig};
use yew::prelude::*;

pub fn why_view(evals: &[Evaluation], config: &PauseTokensConfig) -> Html {
    let now = latest(evals, &config.arms);
    let score =
        |arm: Arm| now.iter().find(|(a, _)| *a == arm).and_then(|(_, e)| e.as_ref().map(|e| e.accuracy));
    let measured = match (score(Arm::None), score(Arm::Pause), score(Arm::Cot)) {
        (Some(n), Some(p), Some(c)) => {
            format!("So far here: no extra tokens {n:.3}, pauses {p:.3}, chain of thought {c:.3}.")
        }
        _ => "The arms' scores appear here as they are measured.".into(),
    };
    html! {
        <div class="figure why">
            <h2>{ "What this small setting can and cannot say" }</h2>
            <p>{ measured }</p>
            <p>{ "Not reproduced at this scale: the paper's gains came from a 1B-parameter model with pauses in both \
                pretraining and finetuning, on reading-comprehension and reasoning benchmarks. A study of small \
                settings for this demo (docs/studies/pause-tokens.md, three seeds each) found no gain from pauses \
                on parity of 20 or 40 bits, on 3SUM with or without Pfau et al.'s mixed chain-of-thought supervision, \
                or on pointer chasing; at 3 hops pauses even cost accuracy, since the answer position must first \
                find the start, which spends one of the two layers. The paper's four arms (pauses in pretraining, in \
                finetuning, in both or in neither), run at this small scale, did not follow the paper's order: no \
                pauses scored highest. Pfau et al.'s larger model (4 layers, width 384) has not been run: it needs \
                a GPU." }</p>
            <p>{ "What it shows: a mechanism that bounds any gain. A pause at layer ℓ reads only layer ℓ − 1, so \
                however many pauses are added, an answer is at most as many lookups deep as the model has layers. \
                Chain of thought is not bounded that way, because each written token is read again from the bottom. \
                Pauses could still help a task whose work splits into parallel pieces; pointer chasing is the \
                opposite case." }</p>
        </div>
    }
}
