// Loads the wizard as Trunk serves it: the wasm-bindgen glue and the wasm module, both from this
// page's own origin. The glue's source is kept as text too: a key-generation worker is started
// from a Blob made of it, so no request is needed after loading. Network access is switched off
// before the wizard starts, so that what it measures at start is the page as it will stay.
// (`cargo xtask dist` makes the single-file page, which has its own loader and needs no request.)
const script = document.querySelector("script[data-js][data-wasm]");
const jsUrl = script.dataset.js;
const wasmUrl = script.dataset.wasm;

const [glue, glueSource, module] = await Promise.all([
  import(jsUrl),
  fetch(jsUrl).then((response) => response.text()),
  fetch(wasmUrl)
    .then((response) => response.arrayBuffer())
    .then((bytes) => WebAssembly.compile(bytes)),
]);
window.portcullisGlue = glueSource;

// A second policy adds to the first: from here on, no fetch, XHR, WebSocket or beacon.
const lockdown = document.createElement("meta");
lockdown.httpEquiv = "Content-Security-Policy";
lockdown.content = "connect-src 'none'";
document.head.append(lockdown);

await glue.default({ module_or_path: module });
document.documentElement.dataset.ready = "true";
