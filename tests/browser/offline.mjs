// The single-file page from file://, on a machine with no network at all: `cargo xtask test`
// runs this file inside a network namespace of its own,
//   unshare --net -- node --test tests/browser/offline.mjs
// where only a downed loopback exists. Playwright talks to Chromium over a pipe, so nothing
// here needs a socket. The page must walk, generate and download a bundle (which the dockerd
// interop test then checks, from PORTCULLIS_OFFLINE_ZIP), request nothing but its own file, see
// no policy violation but its own measurement at start, and neither it nor a worker may fetch.
//
// Not named *.test.mjs: `node --test tests/browser/` must not run it outside the namespace.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  fetchFromAppWorker,
  fetchFromBlobWorker,
  fetchFromPage,
  launchChromium,
  networkIndicator,
  out,
  recordViolations,
  shoot,
  violations,
  walkToBundle,
} from "./lib.mjs";

const release = path.resolve(process.env.PORTCULLIS_DIST_RELEASE ?? "target/dist-release");
const zip = path.resolve(process.env.PORTCULLIS_OFFLINE_ZIP ?? path.join(out, "offline", "bundle.zip"));
const page = pathToFileURL(path.join(release, "portcullis.html")).href;

let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(release, "portcullis.html")), `no portcullis.html in ${release}: run cargo xtask dist`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test("this test has no network: no interface has an address, and loopback is unreachable", async () => {
  assert.deepEqual(os.networkInterfaces(), {}, "run inside `unshare --net`");
  const error = await new Promise((resolve) => {
    const socket = net.connect(80, "127.0.0.1");
    socket.on("connect", () => resolve(null));
    socket.on("error", resolve);
  });
  assert.equal(error?.code, "ENETUNREACH");
});

test("from file:// with no network it walks, generates and downloads, and requests only itself", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await recordViolations(context);
  const requests = [];
  context.on("request", (request) => requests.push(request.url()));
  const workers = [];
  const tab = await context.newPage();
  tab.on("worker", (worker) => workers.push(worker.url()));
  const errors = [];
  tab.on("pageerror", (error) => errors.push(String(error)));
  await tab.goto(page);
  await tab.waitForSelector("html[data-ready=true]");
  await tab.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  // From a file there is no address of its own to ask: the page asks the loopback address.
  assert.match(await networkIndicator(tab), /^Network blocked\s*: At start this page tried a request to this machine's loopback address/);

  fs.mkdirSync(path.dirname(zip), { recursive: true });
  const fromWorker = await walkToBundle(tab, zip, (worker) => fetchFromAppWorker(worker, "https://example.com/"));
  assert.equal(fromWorker, "Failed to fetch; refused by connect-src", "the wizard's own worker");
  await shoot(tab, "offline-download", path.join(out, "offline"));
  assert.ok(workers.length >= 1 && workers.every((url) => url.startsWith("blob:null/")), `the keys were not made in a Blob worker: ${workers}`);

  assert.deepEqual(requests.filter((url) => !url.startsWith("blob:")), [page], "requests beyond the file itself");
  // The one violation is the page's own measurement at start, of the loopback address.
  assert.deepEqual(await violations(tab), [{ directive: "connect-src", blocked: "http://127.0.0.1:9/" }]);
  for (const url of ["https://example.com/", page]) {
    assert.match(await fetchFromPage(tab, url), /Failed to fetch/);
    assert.equal(await fetchFromBlobWorker(tab, url), "Failed to fetch; refused by connect-src");
  }
  const refused = (await violations(tab)).slice(1);
  assert.deepEqual(refused.map((v) => v.directive), ["connect-src", "connect-src"], "the page's fetches were not refused by its policy");
  assert.deepEqual(errors, []);
  await context.close();
});
