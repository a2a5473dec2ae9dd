// The live examples and reference tables of www/embed.html (a file, not an inline script: the
// page's Content-Security-Policy allows scripts from this origin only).
import init, { embed_reference } from "./ui/ui.js";
import { mount, embedUrl } from "./minima-embed.js";

const cell = (text, code = false) => {
  const td = document.createElement("td");
  if (code) { const c = document.createElement("code"); c.textContent = text; td.append(c); } else td.textContent = text;
  return td;
};
const row = (cells, attributes = {}) => {
  const tr = document.createElement("tr");
  for (const [k, v] of Object.entries(attributes)) tr.setAttribute(k, v);
  tr.append(...cells);
  return tr;
};

// The iframe example and its snippet.
const iframeUrl = embedUrl({ demo: "resmem", autoplay: true, controls: ["k", "sigma"], lock: ["k"], base: new URL("../index.html", location.href) })
  .replace(/&origin=[^&]*/, "");
document.getElementById("iframe-snippet").textContent =
  `<iframe src="${iframeUrl}"\n        title="minima: ResMem demo" style="width: 100%; height: 760px; border: 0"\n        allow="clipboard-write"></iframe>`;
document.getElementById("iframe-example").src = iframeUrl;

// The JS API example, driven by the buttons, with its events logged.
const log = document.getElementById("api-log");
const say = (line) => { log.textContent += `${line}\n`; log.scrollTop = log.scrollHeight; };
const demo = mount(document.getElementById("api-example"), {
  demo: "disagreement", backend: "flex", controls: ["models", "randomness", "backend"], lock: ["backend"], intro: false,
  height: "600px", autoResize: false, // a fixed frame (it scrolls inside), so it is in view with the buttons
  config: { widths: [32], train_sizes: [100], epochs: [10, 50], models: 4 },
});
let lastStep = 0;
demo.on("ready", () => say("ready"));
demo.on("state", (e) => say(`state: ${e.phase}${e.pausedOffscreen ? " (out of view)" : ""}, step ${e.step}`));
demo.on("step", (e) => { if (e.step - lastStep >= 100 || e.step < lastStep || e.step === e.totalSteps) { lastStep = e.step; say(`step ${e.step} of ${e.totalSteps}`); } });
demo.on("result", (e) => say(`result: ${e.event.event}`));
demo.on("done", (e) => say(`done: ${e.steps} steps in ${e.seconds.toFixed(1)} s`));
demo.on("error", (e) => say(`error: ${e.message}`));
demo.on("problems", (e) => say(`problems: ${e.problems.map((p) => `${p.key}: ${p.message}`).join("; ")}`));
const act = (id, fn) => document.getElementById(id).addEventListener("click", async () => {
  try { const reply = await fn(); if (reply !== null && reply !== undefined) say(`→ ${JSON.stringify(reply).slice(0, 160)}`); }
  catch (error) { say(String(error)); }
});
act("api-play", () => demo.play());
act("api-pause", () => demo.pause());
act("api-step", () => demo.step());
act("api-reset", () => demo.reset());
act("api-config", () => demo.setConfig({ models: 3 }));
act("api-export", () => demo.export("json").then((d) => ({ format: d.format, phase: d.run.phase, steps: d.run.steps, results: d.results.length })));
act("api-destroy", () => demo.destroy());

// The reference tables come from the code itself (src/embed, the settings tables).
await init();
const reference = JSON.parse(embed_reference());
document.getElementById("protocol-version").textContent = reference.protocol;
for (const o of reference.options) document.getElementById("options-rows").append(row([cell(o.option, true), cell(o.meaning)]));
for (const r of reference.requests) document.getElementById("request-rows").append(row([cell(r.type, true), cell(r.fields, true), cell(r.meaning)], { "data-message": r.type }));
for (const e of reference.events) document.getElementById("event-rows").append(row([cell(e.type, true), cell(e.fields, true), cell(e.meaning)], { "data-message": e.type }));
const settings = document.getElementById("demo-settings");
for (const d of reference.demos) {
  const h = document.createElement("h3");
  h.textContent = `${d.title} (demo=${d.id})`;
  const paper = document.createElement("p");
  paper.textContent = `Reproduces ${d.paper}.`;
  const table = document.createElement("table");
  table.dataset.demo = d.id;
  table.innerHTML = "<thead><tr><th>key</th><th>setting</th><th>values</th><th>default</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const s of d.settings) body.append(row([cell(s.key, true), cell(`${s.label}: ${s.help}`), cell(s.values), cell(s.default ?? "", true)]));
  table.append(body);
  settings.append(h, paper, table);
}
document.documentElement.dataset.ready = "1";
