// minima-embed.js: mount a minima demo into any element of your page.
//
//   import { mount } from "https://<where minima is served>/www/minima-embed.js";
//   const demo = mount(document.querySelector("#here"), {
//     demo: "resmem", config: { k: 5 }, controls: ["k", "sigma"], autoplay: true,
//   });
//   demo.on("done", (e) => console.log(e.steps, "steps in", e.seconds, "s"));
//   demo.on("claim", (e) => e.state === "holds" && console.log(e.id, "reproduced:", e.shown));
//
// Each demo runs in its own iframe (its own page, worker and GPU device, isolated from your
// page's styles and scripts) and is driven through the versioned postMessage protocol that
// www/embed.html documents; destroy() removes the frame, which terminates its worker and frees
// what it held on the GPU. No dependencies.

export const PROTOCOL = 1;

const EVENTS = ["ready", "state", "step", "result", "claim", "done", "error", "problems", "resize", "message"];

function value(v) {
  return Array.isArray(v) ? v.join(",") : String(v);
}

/** The iframe URL for `options` (see mount). */
export function embedUrl(options) {
  if (!options || typeof options.demo !== "string" || !options.demo) {
    throw new TypeError("minima: mount(element, { demo: '<id>', … }): the ids are listed in embed.html");
  }
  const base = new URL(options.base ?? new URL("../index.html", import.meta.url));
  const pairs = [["demo", options.demo], ["embed", "1"]];
  const origin = globalThis.location?.origin;
  if (origin && origin !== "null") pairs.push(["origin", origin]);
  if (options.backend) pairs.push(["backend", options.backend]);
  if (options.autoplay) pairs.push(["autoplay", "1"]);
  if (options.intro === false) pairs.push(["intro", "0"]);
  if (options.theme) pairs.push(["theme", options.theme]);
  if (options.controls) pairs.push(["controls", value(options.controls)]);
  for (const name of options.hide ?? []) pairs.push([`${name}_hide`, "1"]);
  for (const name of options.lock ?? []) pairs.push([`${name}_lock`, "1"]);
  for (const [key, v] of Object.entries(options.config ?? {})) pairs.push([key, value(v)]);
  base.hash = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  return base.href;
}

/**
 * Mounts demo `options.demo` into `element` (an element or a CSS selector) and returns a handle
 * that drives it. The options and the handle are documented in one place: www/embed.html.
 */
export function mount(element, options) {
  const host = typeof element === "string" ? document.querySelector(element) : element;
  if (!host) throw new TypeError(`minima: no element ${element} to mount into`);
  const src = embedUrl(options);
  const origin = new URL(src).origin;
  const iframe = document.createElement("iframe");
  iframe.src = src;
  iframe.title = options.title ?? `minima demo: ${options.demo}`;
  iframe.allow = "clipboard-write";
  iframe.style.cssText = `width: 100%; border: 0; display: block; height: ${options.height ?? "640px"};`;
  iframe.dataset.minimaDemo = options.demo;

  const listeners = new Map(EVENTS.map((e) => [e, new Set()]));
  const pending = new Map();
  const queue = [];
  let nextId = 1;
  let isReady = false;
  let destroyed = false;
  let resolveReady;
  let rejectReady;
  const ready = new Promise((ok, fail) => { resolveReady = ok; rejectReady = fail; });
  ready.catch(() => {});

  const emit = (type, data) => {
    for (const fn of listeners.get(type) ?? []) {
      try { fn(data); } catch (error) { console.error("minima: a listener failed", error); }
    }
  };
  const onMessage = (event) => {
    if (event.source !== iframe.contentWindow || event.origin !== origin) return;
    const data = event.data;
    if (!data || typeof data !== "object" || data.minima !== PROTOCOL || typeof data.type !== "string") return;
    emit("message", data);
    if (data.type === "reply") {
      const waiting = pending.get(data.id);
      if (!waiting) return;
      pending.delete(data.id);
      if (data.ok) waiting.ok(data.data);
      else waiting.fail(new Error(`minima: ${data.error}`));
      return;
    }
    if (data.type === "resize" && options.autoResize !== false && data.height > 0) {
      iframe.style.height = `${data.height}px`;
    }
    if (data.type === "ready" && !isReady) {
      isReady = true;
      for (const message of queue.splice(0)) iframe.contentWindow.postMessage(message, origin);
      resolveReady(data);
    }
    emit(data.type, data);
  };
  window.addEventListener("message", onMessage);

  const request = (type, fields = {}) => {
    if (destroyed) return Promise.reject(new Error("minima: this demo was destroyed"));
    const id = nextId++;
    const message = { minima: PROTOCOL, type, id, ...fields };
    return new Promise((ok, fail) => {
      pending.set(id, { ok, fail });
      if (isReady) iframe.contentWindow.postMessage(message, origin);
      else queue.push(message);
    });
  };

  host.append(iframe);
  return {
    iframe,
    demo: options.demo,
    ready,
    play: () => request("play"),
    pause: () => request("pause"),
    step: () => request("step"),
    reset: () => request("reset"),
    setConfig: (config) => request("setConfig", { config }),
    getState: () => request("getState"),
    export: (format = "json") => request("export", { format }),
    on(type, fn) {
      if (!listeners.has(type)) throw new TypeError(`minima: no event '${type}' (${EVENTS.join(", ")})`);
      listeners.get(type).add(fn);
      return () => listeners.get(type).delete(fn);
    },
    off(type, fn) {
      listeners.get(type)?.delete(fn);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      window.removeEventListener("message", onMessage);
      for (const { fail } of pending.values()) fail(new Error("minima: this demo was destroyed"));
      pending.clear();
      rejectReady(new Error("minima: this demo was destroyed"));
      // Removing the frame ends its page: the worker is terminated and its GPU device freed.
      iframe.src = "about:blank";
      iframe.remove();
      for (const set of listeners.values()) set.clear();
    },
  };
}
