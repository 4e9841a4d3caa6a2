// Loads the wizard in the single-file page (`cargo xtask dist` inlines this file). Nothing is
// requested: the page's wasm and the workers' wasm are in the comments above (gzipped, then
// base64, in pieces), the page's module is being unpacked and compiled already (by
// single-file-early.js, as soon as its comments were parsed), the page's wasm-bindgen glue is
// the inline module before this one, and the workers' glue is a text block, whose text starts
// the workers. The workers' module is read, unpacked and compiled only once the wizard shows:
// the page needs none of it before.
// The page's policy has forbidden the network since its first byte.
performance.mark("portcullis:loader");
const take = (id) => {
  const block = document.getElementById(id);
  block.remove();
  return block.textContent;
};
// What the early script unpacked the page's wasm with, for the workers' wasm (single-file-early.js).
const { data, unpack } = window.portcullisWasm;

// The page's module, started while the page was still being parsed (single-file-early.js).
const module = await window.portcullisPage;
performance.mark("portcullis:compiled");
let compileWorker;
window.portcullisWorker = {
  glue: take("portcullis-worker-glue"),
  module: new Promise((resolve) => (compileWorker = resolve)),
};
await globalThis.portcullisInit({ module_or_path: module });
performance.mark("portcullis:started");
document.documentElement.dataset.ready = "true";
compileWorker(unpack(data("portcullis-worker-wasm")).then((bytes) => WebAssembly.compile(bytes)));
