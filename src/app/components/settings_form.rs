//! Controls generated from a settings table: one labelled input per row, no per-field code.

use crate::settings::{Kind, Setting};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`SettingsForm`].
#[derive(Properties, PartialEq)]
pub struct SettingsFormProps {
    /// The table to render.
    pub table: &'static [Setting],
    /// Current text of each setting, by key.
    pub values: Vec<(String, String)>,
    /// Called with (key, new text) when a control changes.
    pub on_change: Callback<(String, String)>,
    /// Keys of settings to hide.
    #[prop_or_default]
    pub hidden: Vec<String>,
    /// Keys of settings shown but fixed (by the page that embeds the demo).
    #[prop_or_default]
    pub locked: Vec<String>,
}

fn input_value(e: &Event) -> Option<String> {
    let target = e.target()?;
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        return Some(input.value());
    }
    target.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value)
}

/// A form with one control per setting.
#[function_component(SettingsForm)]
pub fn settings_form(props: &SettingsFormProps) -> Html {
    let rows = props.table.iter().filter(|s| !props.hidden.iter().any(|h| h == s.key)).map(|setting| {
        let key = setting.key;
        let value = props.values.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
        let id = format!("setting-{key}");
        let disabled = props.locked.iter().any(|l| l == key);
        let onchange = {
            let on_change = props.on_change.clone();
            Callback::from(move |e: Event| {
                if let Some(v) = input_value(&e) {
                    on_change.emit((key.to_string(), v));
                }
            })
        };
        let control = match setting.kind {
            Kind::Choice { options } => html! {
                <select id={id.clone()} {onchange} {disabled} aria-describedby={format!("{id}-help")}>
                    { for options.iter().map(|(v, label)| html! {
                        <option value={*v} selected={*v == value}>{ *label }</option>
                    })}
                </select>
            },
            Kind::Int { min, max } => html! {
                <input id={id.clone()} type="number" min={min.to_string()} max={max.to_string()} step="1"
                       value={value.clone()} {onchange} {disabled} aria-describedby={format!("{id}-help")} />
            },
            Kind::Float { min, max } => html! {
                <input id={id.clone()} type="number" min={min.to_string()} max={max.to_string()} step="any"
                       value={value.clone()} {onchange} {disabled} aria-describedby={format!("{id}-help")} />
            },
            Kind::ChoiceList { options } => {
                let chosen: Vec<String> = value.split(',').map(str::to_string).collect();
                html! {
                    <span id={id.clone()} class="choices" role="group" aria-labelledby={format!("{id}-label")}
                          aria-describedby={format!("{id}-help")}>
                        { for options.iter().map(|(v, label)| {
                            let on_change = props.on_change.clone();
                            let checked = chosen.iter().any(|c| c == v);
                            let current = chosen.clone();
                            let toggle = Callback::from(move |_: Event| {
                                let mut next: Vec<String> = current.clone();
                                match next.iter().position(|c| c == v) {
                                    Some(i) => { next.remove(i); }
                                    None => next.push((*v).to_string()),
                                }
                                on_change.emit((key.to_string(), next.join(",")));
                            });
                            html! {
                                <label class="choice">
                                    <input type="checkbox" {checked} {disabled} onchange={toggle} />
                                    { *label }
                                </label>
                            }
                        })}
                    </span>
                }
            }
            Kind::FloatList { .. } => html! {
                <input id={id.clone()} type="text" inputmode="decimal" value={value.clone()} {onchange} {disabled}
                       aria-describedby={format!("{id}-help")} />
            },
            Kind::IntList { .. } => html! {
                <input id={id.clone()} type="text" inputmode="numeric" value={value.clone()} {onchange} {disabled}
                       aria-describedby={format!("{id}-help")} />
            },
        };
        html! {
            <div class="setting">
                <label for={id.clone()} id={format!("{id}-label")}>{ setting.label }</label>
                { control }
                <small id={format!("{id}-help")} class="help">
                    { setting.help }
                    if disabled { { " Fixed by the page that embeds this demo." } }
                </small>
            </div>
        }
    });
    html! { <div class="settings">{ for rows }</div> }
}
