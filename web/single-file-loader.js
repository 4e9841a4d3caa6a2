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
// The base64 in the comments of <head> whose text starts with `name`, in order; they go.
const data = (name) => {
  const prefix = `${name} `;
  const parts = [];
  for (const node of [...document.head.childNodes]) {
    if (node.nodeType === Node.COMMENT_NODE && node.data.startsWith(prefix)) {
      parts.push(node.data.slice(prefix.length));
      node.remove();
    }
  }
  return parts.join("");
};
// The browser's own gunzip; a Response only collects the stream, it requests nothing.
const unpack = (base64) => {
  const gzipped = Uint8Array.fromBase64
    ? Uint8Array.fromBase64(base64)
    : Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const gunzip = new DecompressionStream("gzip");
  const writer = gunzip.writable.getWriter();
  writer.write(gzipped);
  writer.close();
  return new Response(gunzip.readable).arrayBuffer();
};

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
