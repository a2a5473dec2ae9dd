//! The path-star page's "ask" part: a graph typed by the reader, answered by the models being
//! trained (between steps too).

use super::star_graph::StarGraph;
use super::{color, question_text};
use crate::app::session::Phase;
use crate::data::path_star::Graph;
use crate::demos::Query;
use crate::demos::path_star::PathStarQuery;
use crate::demos::path_star::{Answer, PathStarConfig};
use crate::rng::Rng;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`AskView`].
#[derive(Properties, PartialEq)]
pub(super) struct AskProps {
    pub(super) config: PathStarConfig,
    pub(super) answer: Option<Answer>,
    pub(super) phase: Phase,
    pub(super) on_ask: Callback<Query>,
    /// A held-out graph to start from.
    pub(super) sample: Option<Graph>,
}

/// A graph typed by the user, and each mode's answer.
#[function_component(AskView)]
pub(super) fn ask_view(props: &AskProps) -> Html {
    let shape = props.config.shape();
    let seed = use_mut_ref(|| 0u64);
    let text = use_state(|| {
        let mut rng = Rng::for_component(0, "page-graph", 0);
        if shape.is_valid() { question_text(&shape.sample(&mut rng)) } else { String::new() }
    });
    let checked = shape.read_text(&text);
    let live = !matches!(props.phase, Phase::Idle | Phase::Starting | Phase::Failed);
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let ask = {
        let (text, on_ask) = (text.clone(), props.on_ask.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_ask.emit(Query::PathStar(PathStarQuery { text: (*text).clone() }));
        })
    };
    let random = {
        let (text, seed, on_ask) = (text.clone(), seed.clone(), props.on_ask.clone());
        Callback::from(move |_| {
            if !shape.is_valid() {
                return;
            }
            *seed.borrow_mut() += 1;
            let mut rng = Rng::for_component(*seed.borrow(), "page-graph", 0);
            let t = question_text(&shape.sample(&mut rng));
            text.set(t.clone());
            if live {
                on_ask.emit(Query::PathStar(PathStarQuery { text: t }));
            }
        })
    };
    let held_out = props.sample.clone().map(|g| {
        let (text, on_ask) = (text.clone(), props.on_ask.clone());
        Callback::from(move |_| {
            let t = question_text(&g);
            text.set(t.clone());
            if live {
                on_ask.emit(Query::PathStar(PathStarQuery { text: t }));
            }
        })
    });
    let answer = props.answer.as_ref().filter(|a| a.text == *text);
    html! {
        <div class="figure ask">
            <h2>{ "Ask the models about a graph of your own" }</h2>
            <p class="caption">
                { format!("Write a G({}, {}, {}) star in the paper's format: the {} edges u,v separated by |, then /, \
                    the source and the goal. Edge order is up to you. The models answer with their weights as they are \
                    now — during training too.",
                    shape.degree, shape.path_len, shape.labels, shape.edges()) }
            </p>
            <form class="ask-form" onsubmit={ask}>
                <input type="text" value={(*text).clone()} oninput={on_input} aria-label="graph to ask about"
                       spellcheck="false" data-testid="ask-text" />
                <button type="submit" disabled={!live || checked.is_err()} data-testid="ask">{ "Ask" }</button>
                <button type="button" onclick={random}>{ "Random graph" }</button>
                if let Some(h) = held_out {
                    <button type="button" onclick={h}>{ "A held-out graph" }</button>
                }
            </form>
            if let Err(problem) = &checked {
                <p class="problems" role="alert">{ problem.clone() }</p>
            }
            if !live {
                <p class="note">{ "Start training to ask: the answers come from the models being trained." }</p>
            }
            if let Some(a) = answer {
                if let Some(problem) = &a.problem {
                    <p class="problems" role="alert">{ problem.clone() }</p>
                }
                if let Some(g) = &a.graph {
                    <div class="small-multiples" data-testid="answers">
                        { for a.paths.iter().map(|p| html! {
                            <StarGraph graph={g.clone()} predicted={Some(p.path.clone())} color={color(p.mode)}
                                       title={format!("{} (step {})", p.mode.label(), p.step)} />
                        })}
                    </div>
                }
            }
        </div>
    }
}
