// The training worker: loads a training module (scripts/dist.mjs points this at the CPU module,
// and www/worker-webgpu.js, its copy, at the WebGPU one) and hands control to
// `worker_main` (src/worker.rs). Messages that arrive while the module loads are queued.
import init, { worker_main, failed_allocation, panicked } from "./cpu/cpu.js";

const queued = [];
self.onmessage = (event) => queued.push(event.data);

// A wasm trap ends the run with "unreachable". When an allocation failed first (src/heap.rs),
// say that the worker ran out of memory; when a panic was already reported, say nothing more.
// Either way the page's error handler does not see the bare trap.
let told = false;
function explain(event) {
  let bytes = 0;
  let crashed = false;
  try {
    bytes = failed_allocation();
    crashed = panicked();
  } catch {
    return; // the module never loaded: its own message says so
  }
  if (bytes > 0 && !told) {
    told = true;
    const mb = (bytes / 2 ** 20).toFixed(0);
    self.postMessage({
      event: "error",
      message: `the training worker ran out of memory: it could not allocate ${mb} MiB more (a browser tab's WebAssembly memory ends at 4 GiB, often sooner). Lower the largest settings — batch size, width, layers, networks — and press Reset.`,
    });
  }
  if (bytes > 0 || crashed) {
    event.preventDefault();
  } else if (event.type === "unhandledrejection") {
    // A rejection never reaches the page's error handler: say what it was.
    self.postMessage({ event: "error", message: `the training worker failed: ${event.reason}` });
    event.preventDefault();
  }
}
// A lost WebGPU device (a driver reset, the GPU process restarting, a destroyed device) ends the
// run with a message that says so and offers the CPU. burn creates the device inside the wasm
// module: every device it requests is watched here. `minimaLoseDevice` destroys it on purpose
// (Command::Provoke, for the tests).
let device = null;
let lostMessage = null;
// After the loss, the run's own errors (a poisoned device, a failed read) say less: only the
// loss is told.
const post = self.postMessage.bind(self);
self.postMessage = (data, ...rest) => {
  if (lostMessage && data?.event === "error" && data.message !== lostMessage) return;
  post(data, ...rest);
};
if (self.GPUAdapter && GPUAdapter.prototype.requestDevice) {
  const request = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const requested = await request.apply(this, args);
    device = requested;
    requested.lost.then((info) => {
      if (told) return;
      told = true;
      const why = [info.reason, info.message].filter(Boolean).join(": ") || "no reason given";
      lostMessage = `the GPU device was lost (${why}). Choose "CPU (burn flex)" as the backend, or press Reset to try WebGPU again.`;
      self.postMessage({ event: "error", message: lostMessage });
    });
    return requested;
  };
}
self.minimaLoseDevice = () => {
  if (!device) return false;
  device.destroy();
  return true;
};

self.addEventListener("error", explain);
self.addEventListener("unhandledrejection", explain);

init().then(
  () => worker_main(queued),
  (error) => self.postMessage({ event: "error", message: `could not load the wasm module: ${error}` }),
);
