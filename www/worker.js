// The training worker: loads the same wasm module as the page and hands control to
// `worker_main` (src/worker.rs). Messages that arrive while the module loads are queued.
import init, { worker_main } from "./pkg/minima.js";

const queued = [];
self.onmessage = (event) => queued.push(event.data);
init()
  .then(() => worker_main(queued))
  .catch((error) =>
    self.postMessage({ event: "error", message: `could not load the wasm module: ${error}` }),
  );
