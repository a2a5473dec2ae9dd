//! Whether the reader can see a demo: in the viewport (of the top-level page, through any
//! iframes) and in a visible tab. Embedded demos pause while unseen and autoplay when first
//! seen; `prefers-reduced-motion` turns autoplay off.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function watch_visibility(element, report) {
  let inView = null;
  const send = () => { if (inView !== null) report(inView && document.visibilityState === "visible"); };
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) inView = entry.isIntersecting;
    send();
  });
  observer.observe(element);
  document.addEventListener("visibilitychange", send);
  return () => {
    observer.disconnect();
    document.removeEventListener("visibilitychange", send);
  };
}

export function prefers_reduced_motion() {
  return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
}
"#)]
extern "C" {
    fn watch_visibility(element: &web_sys::Element, report: &Closure<dyn FnMut(bool)>) -> js_sys::Function;
    /// The reader's system asks for reduced motion.
    pub fn prefers_reduced_motion() -> bool;
}

/// Whether the element behind `node` is seen: `None` until the browser first reports.
#[hook]
pub fn use_seen(node: NodeRef) -> Option<bool> {
    let seen = use_state(|| None);
    {
        let seen = seen.clone();
        use_effect_with(node, move |node| {
            let report = Closure::<dyn FnMut(bool)>::new(move |v: bool| seen.set(Some(v)));
            let stop = node.cast::<web_sys::Element>().map(|element| watch_visibility(&element, &report));
            move || {
                if let Some(stop) = stop {
                    let _ = stop.call0(&JsValue::NULL);
                }
                drop(report);
            }
        });
    }
    *seen
}
