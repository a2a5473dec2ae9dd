//! Files the reader takes away: downloads of text (the JSON and CSV exports), a figure as a
//! standalone SVG or a PNG, and the clipboard. The figure is serialised from what is on screen:
//! the chart's `<svg>` with its computed styles inlined (so it looks the same outside the page)
//! and, for a heatmap, its canvas embedded as an image under the SVG.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r##"
const NS = "http://www.w3.org/2000/svg";
const STYLES = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
  "stroke-linecap", "stroke-linejoin", "opacity", "font-family", "font-size", "font-weight",
  "text-anchor", "dominant-baseline", "visibility", "display", "color"];

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

export function download_text(name, mime, text) {
  save(new Blob([text], { type: mime }), name);
}

export function download_bytes(name, mime, bytes) {
  save(new Blob([bytes], { type: mime }), name);
}

function size(svg) {
  const rect = svg.getBoundingClientRect();
  const box = svg.viewBox && svg.viewBox.baseVal;
  const width = rect.width || (box && box.width) || 600;
  const height = rect.height || (box && box.height) || 400;
  return { width, height, box: box && box.width ? box : { x: 0, y: 0, width, height } };
}

export function figure_svg(figure) {
  const svg = figure.querySelector("svg");
  if (!svg) return "";
  const clone = svg.cloneNode(true);
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [clone, ...clone.querySelectorAll("*")];
  from.forEach((element, i) => {
    const computed = getComputedStyle(element);
    to[i].setAttribute("style", STYLES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(";"));
  });
  const { width, height, box } = size(svg);
  clone.setAttribute("xmlns", NS);
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  const layer = (name, attributes) => {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    return node;
  };
  const area = { x: box.x, y: box.y, width: box.width, height: box.height };
  const under = [layer("rect",
      { ...area, fill: getComputedStyle(document.documentElement).backgroundColor || "#fff" })];
  const canvas = figure.querySelector("canvas");
  if (canvas) {
    under.push(layer("image", { ...area, href: canvas.toDataURL("image/png"), preserveAspectRatio: "none" }));
  }
  const label = svg.getAttribute("aria-label");
  if (label) {
    const title = layer("title", {});
    title.textContent = label;
    under.unshift(title);
  }
  clone.prepend(...under);
  return new XMLSerializer().serializeToString(clone);
}

export function download_svg(figure, name) {
  const text = figure_svg(figure);
  if (!text) return false;
  save(new Blob([text], { type: "image/svg+xml" }), name);
  return true;
}

export async function download_png(figure, name) {
  const text = figure_svg(figure);
  if (!text) return false;
  const { width, height } = size(figure.querySelector("svg"));
  const scale = 2;
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    await new Promise((ok, fail) => {
      image.onload = ok;
      image.onerror = () => fail(new Error("the figure could not be drawn"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((ok) => canvas.toBlob(ok, "image/png"));
    if (!blob) return false;
    save(blob, name);
    return true;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function copy_text(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (_) {
    return false;
  }
}
"##)]
extern "C" {
    /// Offers `text` as a download named `name`.
    pub fn download_text(name: &str, mime: &str, text: &str);
    /// Offers `bytes` as a download named `name`.
    pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]);
    /// The figure's chart as a standalone SVG document ("" when it has no `<svg>`).
    pub fn figure_svg(figure: &web_sys::Element) -> String;
    /// Offers the figure as an SVG download; false when it has no `<svg>`.
    pub fn download_svg(figure: &web_sys::Element, name: &str) -> bool;
    /// Offers the figure as a PNG download (twice the on-screen size); resolves to false when
    /// it could not be drawn.
    pub async fn download_png(figure: &web_sys::Element, name: &str) -> JsValue;
    /// Copies `text` to the clipboard; resolves to false when the browser refuses.
    pub async fn copy_text(text: &str) -> JsValue;
}

/// A file name from a title: lower case, words joined by `-`, at most 60 characters.
pub fn file_name(title: &str, extension: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("minima-{}.{extension}", if slug.is_empty() { "figure" } else { slug })
}
