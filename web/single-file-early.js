// Starts the page's module in the single-file page while the browser still parses the rest of
// it (`cargo xtask dist` inlines this file as a classic script right after the comments that
// hold the page's wasm, so they are in the document when it runs): unpacks them through the
// browser's own gunzip and compiles the module, off the main thread, while the workers' wasm
// after it is still being parsed. The single-file loader awaits `window.portcullisPage`, and
// unpacks the workers' wasm later with the same two helpers (`window.portcullisWasm`).
performance.mark("portcullis:early");
window.portcullisWasm = {
  // The base64 in the comments of <head> whose text starts with `name`, in order; they go.
  data(name) {
    const prefix = `${name} `;
    const parts = [];
    for (const node of [...document.head.childNodes]) {
      if (node.nodeType === Node.COMMENT_NODE && node.data.startsWith(prefix)) {
        parts.push(node.data.slice(prefix.length));
        node.remove();
      }
    }
    return parts.join("");
  },
  // The bytes of gzipped base64, by the browser's own gunzip; a Response only collects the
  // stream, it requests nothing.
  unpack(base64) {
    const gzipped = Uint8Array.fromBase64
      ? Uint8Array.fromBase64(base64)
      : Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const gunzip = new DecompressionStream("gzip");
    const writer = gunzip.writable.getWriter();
    writer.write(gzipped);
    writer.close();
    return new Response(gunzip.readable).arrayBuffer();
  },
};
window.portcullisPage = (async () => {
  const { data, unpack } = window.portcullisWasm;
  const bytes = await unpack(data("portcullis-wasm"));
  performance.mark("portcullis:unpacked");
  // Asynchronously: a synchronous compile of this size is refused on the main thread.
  return WebAssembly.compile(bytes);
})();
