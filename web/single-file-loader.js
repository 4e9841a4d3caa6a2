// Loads the wizard in the single-file page (`cargo xtask dist` inlines this file). Nothing is
// requested: the page's wasm and the workers' wasm are in the data blocks above (gzipped, then
// base64), the page's wasm-bindgen glue is the inline module before this one, and the workers'
// glue is a text block, whose text starts the workers. The workers' module, which holds the
// heavy crypto, is unpacked and compiled only once the wizard shows.
// The page's policy has forbidden the network since its first byte.
const take = (id) => {
  const block = document.getElementById(id);
  block.remove();
  return block.textContent.trim();
};
// The browser's own gunzip; a Response only collects the stream, it requests nothing.
const unpack = (base64) => {
  const gzipped = Uint8Array.fromBase64
    ? Uint8Array.fromBase64(base64)
    : Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
};

performance.mark("portcullis:loader");
const wasm = take("portcullis-wasm");
const workerWasm = take("portcullis-worker-wasm");
let compileWorker;
window.portcullisWorker = {
  glue: take("portcullis-worker-glue"),
  module: new Promise((resolve) => (compileWorker = resolve)),
};
// Asynchronously: a synchronous compile of this size is refused on the main thread.
const bytes = await unpack(wasm);
performance.mark("portcullis:unpacked");
const module = await WebAssembly.compile(bytes);
performance.mark("portcullis:compiled");
await globalThis.portcullisInit({ module_or_path: module });
performance.mark("portcullis:started");
document.documentElement.dataset.ready = "true";
compileWorker(unpack(workerWasm).then((bytes) => WebAssembly.compile(bytes)));
