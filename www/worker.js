// The training worker: loads a training module (scripts/dist.mjs points this at the CPU module,
// and www/worker-webgpu.js, its copy, at the WebGPU one) and hands control to
// `worker_main` (src/worker.rs). Messages that arrive while the module loads are queued.
import init, { worker_main } from "./cpu/cpu.js";

const queued = [];
self.onmessage = (event) => queued.push(event.data);
init()
  .then(() => worker_main(queued))
  .catch((error) =>
    self.postMessage({ event: "error", message: `could not load the wasm module: ${error}` }),
  );
