// Loads the wizard as Trunk serves it, from this page's own origin: the page's module (its
// wasm-bindgen glue and wasm), and the workers' module, which holds the heavy crypto and which
// the page itself never runs. Its glue is kept as text (the workers are started from a Blob of
// it, so no request is needed after loading) and its wasm is compiled once the wizard shows.
// Network access is switched off before the wizard starts, so that what it measures at start
// is the page as it will stay. (`cargo xtask dist` makes the single-file page, which has its
// own loader and needs no request.)
const script = document.querySelector("script[data-js][data-wasm]");
const jsUrl = script.dataset.js;
const wasmUrl = script.dataset.wasm;
// Trunk names a worker's files after its binary, without a hash.
const workerJsUrl = new URL("portcullis-worker.js", new URL(jsUrl, location.href));
const workerWasmUrl = new URL("portcullis-worker_bg.wasm", workerJsUrl);

performance.mark("portcullis:loader");
// The page starts as soon as its own module is compiled (streaming, as it arrives; from a
// server that does not say application/wasm, from the whole file). The workers' glue, small
// and preloaded by index.html, is waited for. Their wasm, twice the page's, is fetched only
// once the page's module is in, so that it does not share the wire with it; and it is not
// waited for (a fetch already made goes on under the lockdown below).
const compiled = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() =>
  fetch(wasmUrl)
    .then((response) => response.arrayBuffer())
    .then((bytes) => WebAssembly.compile(bytes)),
);
const [glue, module, workerGlue] = await Promise.all([
  import(jsUrl),
  compiled,
  fetch(workerJsUrl).then((response) => response.text()),
]);
performance.mark("portcullis:compiled");
const workerWasm = fetch(workerWasmUrl).then((response) => response.arrayBuffer());
let compileWorker;
window.portcullisWorker = {
  glue: workerGlue,
  module: new Promise((resolve) => (compileWorker = resolve)),
};

// A second policy adds to the first: from here on, no fetch, XHR, WebSocket or beacon.
const lockdown = document.createElement("meta");
lockdown.httpEquiv = "Content-Security-Policy";
lockdown.content = "connect-src 'none'";
document.head.append(lockdown);

await glue.default({ module_or_path: module });
performance.mark("portcullis:started");
document.documentElement.dataset.ready = "true";
compileWorker(workerWasm.then((bytes) => WebAssembly.compile(bytes)));
