// Loads the wizard in the single-file page (`cargo xtask dist` inlines this file). Nothing is
// requested: the wasm is in the data block above (gzipped, then base64), and the wasm-bindgen
// glue is the inline module before this one, whose text also starts the key-generation workers.
// The page's policy has forbidden the network since its first byte.
const wasmBlock = document.getElementById("portcullis-wasm");
window.portcullisGlue = document.getElementById("portcullis-glue").textContent;

const base64 = wasmBlock.textContent.trim();
wasmBlock.remove();
const gzipped = Uint8Array.fromBase64
  ? Uint8Array.fromBase64(base64)
  : Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
// The browser's own gunzip; a Response only collects the stream, it requests nothing.
const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"));
const bytes = await new Response(stream).arrayBuffer();
// Asynchronously: a synchronous compile of this size is refused on the main thread.
const module = await WebAssembly.compile(bytes);
await globalThis.portcullisInit({ module_or_path: module });
document.documentElement.dataset.ready = "true";
