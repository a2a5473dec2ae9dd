// Starts the page (index.html loads this file: a Content-Security-Policy without inline
// scripts). scripts/dist.mjs points the import at the hashed ui module.
import init, { start_app } from "./ui/ui.js";
init()
  .then(() => {
    start_app();
    document.documentElement.dataset.ready = "1";
  })
  .catch((error) => {
    const app = document.getElementById("app");
    app.innerHTML = "";
    const p = document.createElement("p");
    p.className = "problems";
    p.setAttribute("role", "alert");
    p.textContent = `minima could not start: ${error}. It needs a browser with WebAssembly; was the app built (see README)?`;
    app.append(p);
  });
