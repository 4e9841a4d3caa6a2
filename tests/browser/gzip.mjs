// The one measure of a file's gzipped size, for the bench and for the page's budget that
// `cargo xtask dist` enforces: node's zlib at level 9. (Other deflate implementations at their
// best level differ from it by kilobytes on the page's module, so both use this.)
//
// As a program: `node tests/browser/gzip.mjs FILE...` prints each file's gzipped size in bytes,
// one per line.

import fs from "node:fs";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

export const gzipSize = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of process.argv.slice(2)) console.log(gzipSize(fs.readFileSync(file)));
}
