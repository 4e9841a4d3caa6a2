// Loads the wizard: the wasm-bindgen glue and the wasm module, both from this page's own origin.
// The glue's source is kept as text too: a key-generation worker is started from a Blob made
// of it, so no request is needed after loading. Then network access is switched off.
const script = document.querySelector("script[data-js][data-wasm]");
const jsUrl = script.dataset.js;
const wasmUrl = script.dataset.wasm;

const [glue, glueSource] = await Promise.all([
  import(jsUrl),
  fetch(jsUrl).then((response) => response.text()),
]);
window.portcullisGlue = glueSource;
await glue.default({ module_or_path: wasmUrl });

// A second policy adds to the first: from here on, no fetch, XHR, WebSocket or beacon.
const lockdown = document.createElement("meta");
lockdown.httpEquiv = "Content-Security-Policy";
lockdown.content = "connect-src 'none'";
document.head.append(lockdown);
document.documentElement.dataset.ready = "true";
