// `cargo xtask bench --browser`: how fast the wizard is in Debian's headless Chromium, each
// figure beside a reference measured in the same browser run. A benchmark, never a test: it
// prints medians and ratios and fails only when something does not work at all.
//
// It needs the builds `cargo xtask dist` makes: the served wizard in PORTCULLIS_DIST
// (target/dist) and the single-file page in PORTCULLIS_DIST_RELEASE (target/dist-release).
// PORTCULLIS_BENCH_RUNS sets how many runs each median is of (default 5; the pure-JavaScript
// node-forge anchor, some 50 s a run, is run once; the RSA-4096 bundle by WebCrypto and its
// anchor, three times as many, at least 15; the loads, four times as many, at least 20).

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { gzipSize } from "./gzip.mjs";
import { fillCa, firefoxWalkToGenerate, launchChromium, launchFirefox, next } from "./lib.mjs";

const dist = path.resolve(process.env.PORTCULLIS_DIST ?? "target/dist");
const release = path.resolve(process.env.PORTCULLIS_DIST_RELEASE ?? "target/dist-release");
const forge = path.resolve("node_modules/node-forge/dist");
const runs = Number(process.env.PORTCULLIS_BENCH_RUNS ?? 5);
const PAUSE_MS = 7_500;

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
const BLANK = "<!doctype html><html lang=en><meta charset=utf-8><title>blank</title><h1>blank</h1></html>";

for (const file of [path.join(dist, "index.html"), path.join(release, "portcullis.html"), path.join(forge, "forge.min.js")]) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run cargo xtask bench --browser`);
}

// The served wizard (Trunk's build, as `cargo xtask serve` serves it), a blank page beside it,
// the shipped index.html (the single file, as a static host serves it) under /release/, and
// node-forge under /forge/.
const server = http.createServer((request, response) => {
  let name = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
  if (name === "/blank.html") return response.writeHead(200, { "content-type": TYPES[".html"] }).end(BLANK);
  if (name.endsWith("/")) name += "index.html";
  const [root, rest] = name.startsWith("/forge/")
    ? [forge, name.slice("/forge".length)]
    : name.startsWith("/release/")
      ? [release, name.slice("/release".length)]
      : [dist, name];
  const file = path.join(root, path.normalize(rest));
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) return response.writeHead(404).end();
  response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const scratch = fs.mkdtempSync(path.join(path.resolve("target"), "bench-"));
const blankFile = path.join(scratch, "blank.html");
fs.writeFileSync(blankFile, BLANK);

// PORTCULLIS_BENCH_BROWSERS: which browsers to bench, of chromium and firefox (default both).
const browsers = (process.env.PORTCULLIS_BENCH_BROWSERS ?? "chromium,firefox").split(",");
const browser = browsers.includes("chromium") ? await launchChromium() : null;

/// Before the page's first script: when it became interactive (the loader's data-ready), when
/// Generate was clicked and when "Done" showed, and every long main-thread task.
function instrument() {
  window.bench = { longTasks: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  const watch = () => {
    if (!window.bench.ready && document.documentElement.dataset.ready === "true") {
      window.bench.ready = performance.now();
      console.debug("portcullis-bench:ready");
    }
    if (window.bench.clicked && !window.bench.done && document.querySelector("p.done")) window.bench.done = performance.now();
  };
  new MutationObserver(watch).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener(
    "click",
    (event) => {
      if (event.target.closest?.("button")?.textContent === "Generate") window.bench.clicked = performance.now();
    },
    true,
  );
  addEventListener("load", () => {
    window.bench.loaded = performance.now();
    console.debug("portcullis-bench:loaded");
  });
}

async function newPage() {
  const context = await browser.newContext();
  await context.addInitScript(instrument);
  const page = await context.newPage();
  return { context, page };
}

/// Opens the wizard, walks to Generate with `keyType` (CA, one server, the client alice: three
/// keys), pausing `pause` ms on each of the Server and Clients steps, clicks Generate and waits
/// for Done. Returns click to Done and the longest main-thread task in between, in ms.
async function bundle(keyType, maker, pause = 0) {
  const { context, page } = await newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector("html[data-ready=true]");
  await next(page, "CA");
  await fillCa(page, keyType);
  await next(page, "Server");
  await page.getByRole("textbox", { name: "Server DNS names" }).fill("localhost");
  await page.getByRole("textbox", { name: "Server IP addresses" }).fill("127.0.0.1");
  await page.waitForTimeout(pause);
  await next(page, "Clients");
  await page.getByRole("textbox", { name: "Client names" }).fill("alice");
  await page.waitForTimeout(pause);
  await next(page, "Generate");
  await page.getByRole("combobox", { name: "Make the keys with" }).selectOption(maker);
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 3 certificates/).waitFor({ timeout: 600_000 });
  await page.waitForFunction(() => window.bench.done);
  const { clicked, done, longTasks } = await page.evaluate(() => window.bench);
  const during = longTasks.filter((task) => task.start + task.duration >= clicked && task.start <= done);
  await context.close();
  return { ms: done - clicked, longest: Math.max(0, ...during.map((task) => task.duration)) };
}

/// Time to interactive of `url` (the wizard: its loader's data-ready; a blank page: load).
/// Waited for by the console line the instrument writes, not by a `waitForFunction`: that
/// would inject Playwright's script into the page while it loads, which cost the wizard, still
/// loading when `goto` returns, 12–30 ms (paired runs) that the blank page, already loaded,
/// never paid.
async function load(url, wizard) {
  const { context, page } = await newPage();
  const line = wizard ? "portcullis-bench:ready" : "portcullis-bench:loaded";
  const seen = page.waitForEvent("console", { predicate: (message) => message.text() === line, timeout: 60_000 });
  await page.goto(url);
  await seen;
  const value = await page.evaluate((wizard) => (wizard ? window.bench.ready : window.bench.loaded), wizard);
  await context.close();
  return value;
}

/// Runs `f` in a blank page of the bench's origin (a secure context, like the wizard's) with
/// node-forge loaded; returns its result in ms.
async function inBlankPage(f, arg) {
  const { context, page } = await newPage();
  await page.goto(`${base}/blank.html`);
  await page.addScriptTag({ url: "/forge/forge.min.js" });
  const ms = await page.evaluate(f, arg);
  await context.close();
  return ms;
}

// Three RSA-4096 keys by the browser's WebCrypto, asked for at once.
async function rsa3InPage() {
  const t = performance.now();
  const algorithm = { name: "RSASSA-PKCS1-v1_5", modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  await Promise.all([0, 1, 2].map(() => crypto.subtle.generateKey(algorithm, true, ["sign"])));
  return performance.now() - t;
}
const webcryptoRsa3 = () => inBlankPage(rsa3InPage);

// node-forge's documented asynchronous call; in a browser with WebCrypto it hands RSA over.
const forgeDefault3 = () =>
  inBlankPage(async () => {
    const t = performance.now();
    const one = () =>
      new Promise((resolve, reject) =>
        forge.pki.rsa.generateKeyPair({ bits: 4096, e: 0x10001 }, (error, pair) => (error ? reject(error) : resolve(pair))),
      );
    await Promise.all([one(), one(), one()]);
    return performance.now() - t;
  });

// node-forge in pure JavaScript, its prime search in two Web Workers: three keys, one by one.
const forgePureJs3 = () =>
  inBlankPage(async () => {
    forge.options.usePureJavaScript = true;
    const t = performance.now();
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve, reject) =>
        forge.pki.rsa.generateKeyPair({ bits: 4096, e: 0x10001, workers: 2, workerScript: "/forge/prime.worker.min.js" }, (error, pair) =>
          error ? reject(error) : resolve(pair),
        ),
      );
    }
    return performance.now() - t;
  });

// One PBKDF2-HMAC-SHA256 of the CA key's 600,000 rounds, 256 bits, by WebCrypto. A salt of
// its own each time: Firefox answers a deriveBits it has just made again at once.
async function pbkdf2InPage() {
  const t = performance.now();
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("correct horse battery staple"), "PBKDF2", false, ["deriveBits"]);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 600_000 }, key, 256);
  return performance.now() - t;
}
const webcryptoPbkdf2 = () => inBlankPage(pbkdf2InPage);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/// `n` runs of `f`, alternating with `n` runs of the reference `g` (so both see the same
/// machine), returning the medians.
async function paired(n, f, g) {
  const a = [];
  const b = [];
  for (let i = 0; i < n; i++) {
    a.push(await f());
    if (g) b.push(await g());
  }
  return [a, b];
}

const ms = (value) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const rows = [];
const row = (what, value, reference, referenceName, extra = "") =>
  rows.push([what, ms(value), `${ratio(value, reference)} ${referenceName} (${ms(reference)})`, extra]);

const longest = (results) => `longest main-thread task ${ms(median(results.map((r) => r.longest)))}`;
const clickToDone = (results) => median(results.map((r) => r.ms));
const middleHalf = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.round(q * (sorted.length - 1))];
  return `${ms(at(0.25))}–${ms(at(0.75))}`;
};

if (browsers.includes("chromium")) {
  console.error(`browser bench: ${runs} runs a median, in ${browser.version()}`);

  // RSA-4096 key generation is a random prime search, in WebCrypto as in Rust: single rounds of
  // the bundle and of its anchor each range over 1–3.5 s here, and a median of 5 pairs put one
  // build anywhere from 0.6× to 1.45×. Three times as many pairs (at least 15), so that the
  // ratio holds still; the row gives the middle half of each side.
  const rsaRuns = Math.max(runs * 3, 15);
  const [rsaWeb, anchorRsa] = await paired(rsaRuns, () => bundle("rsa-4096", "webcrypto"), webcryptoRsa3);
  const [rsaRust] = await paired(Math.max(1, Math.min(runs, 3)), () => bundle("rsa-4096", "rust"));
  const [forgeDefault] = await paired(runs, forgeDefault3);
  const forgePure = await forgePureJs3();
  const [rsaPaused] = await paired(Math.max(1, Math.min(runs, 3)), () => bundle("rsa-4096", "webcrypto", PAUSE_MS));
  const [p256, anchorPbkdf2] = await paired(runs, () => bundle("ecdsa-p256", "webcrypto"), webcryptoPbkdf2);
  const [p256Rust] = await paired(runs, () => bundle("ecdsa-p256", "rust"));
  // A blank page loads in 25–70 ms here: many loads, so that its median holds still.
  const loads = Math.max(runs * 4, 20);
  const [served, blank] = await paired(loads, () => load(`${base}/`, true), () => load(`${base}/blank.html`, false));
  const [shipped, blankShipped] = await paired(loads, () => load(`${base}/release/`, true), () => load(`${base}/blank.html`, false));
  const [single, blankFileLoad] = await paired(
    loads,
    () => load(pathToFileURL(path.join(release, "portcullis.html")).href, true),
    () => load(pathToFileURL(blankFile).href, false),
  );

  const anchor = median(anchorRsa);
  row(
    "RSA-4096 bundle, WebCrypto, clicked at once",
    clickToDone(rsaWeb),
    anchor,
    "of 3 × WebCrypto generateKey",
    `${longest(rsaWeb)}; ${rsaRuns} pairs, middle half ${middleHalf(rsaWeb.map((r) => r.ms))} against ${middleHalf(anchorRsa)}`,
  );
  row("RSA-4096 bundle, Rust code, clicked at once", clickToDone(rsaRust), anchor, "of 3 × WebCrypto generateKey", longest(rsaRust));
  row("RSA-4096 bundle, WebCrypto, after 15 s on Server and Clients", clickToDone(rsaPaused), anchor, "of 3 × WebCrypto generateKey", longest(rsaPaused));
  row("  node-forge default async, 3 × RSA-4096", median(forgeDefault), anchor, "of 3 × WebCrypto generateKey");
  row("  node-forge pure JS, 2 workers, 3 × RSA-4096 (1 run)", forgePure, anchor, "of 3 × WebCrypto generateKey");
  row("RSA-4096 bundle, WebCrypto, clicked at once", clickToDone(rsaWeb), median(forgeDefault), "of node-forge default async");
  row("RSA-4096 bundle, WebCrypto, clicked at once", clickToDone(rsaWeb), forgePure, "of node-forge pure JS with workers");
  row("P-256 bundle, WebCrypto PBKDF2", clickToDone(p256), median(anchorPbkdf2), "of one WebCrypto PBKDF2, 600,000 rounds", longest(p256));
  row("P-256 bundle, Rust code", clickToDone(p256Rust), median(anchorPbkdf2), "of one WebCrypto PBKDF2, 600,000 rounds", longest(p256Rust));
  row("load to interactive, served (target/dist)", median(served), median(blank), "of a blank page from the same server");
  row("load to interactive, the shipped index.html served", median(shipped), median(blankShipped), "of a blank page from the same server");
  row("load to interactive, portcullis.html from file://", median(single), median(blankFileLoad), "of a blank page from file://");
}

// The same figures in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi: the
// same instrument, walk and references, each against Firefox's own WebCrypto. Firefox makes
// WebCrypto keys on a pool of threads, where Chromium makes them one after another, so the
// keys a run asks for at once are made side by side there. Firefox has no `longtask` entries,
// and node-forge and the single file are left to the Chromium rows.
if (browsers.includes("firefox")) {
  const firefox = await launchFirefox();
  console.error(`browser bench: ${runs} runs a median, in Firefox ${await firefox.version()}`);
  const open = async () => {
    const context = await firefox.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(instrument);
    return { context, page };
  };
  // As `bundle` above.
  const ffBundle = async (keyType, maker, pause = 0) => {
    const { context, page } = await open();
    await page.goto(`${base}/`);
    await page.waitForSelector("html[data-ready=true]");
    await firefoxWalkToGenerate(page, { keyType, maker: null, clients: "alice", pause });
    // The page itself chooses the key maker and clicks Generate, a turn of its event loop
    // later (Yew renders the choice in between). Sent over BiDi, a select or a click that
    // arrives while one of the page's workers computes reaches the page only once that
    // computation ends: up to seconds of the Rust prime search, which then went on ahead of
    // the click and out of the figure.
    await page.evaluate(
      (maker) =>
        new Promise((resolve) => {
          const select = document.querySelector("#key-maker");
          select.value = maker;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          setTimeout(() => {
            [...document.querySelectorAll("button")].find((button) => button.textContent === "Generate").click();
            resolve();
          }, 0);
        }),
      maker,
    );
    await page.waitForSelector("p.done", { timeout: 600_000 });
    await page.waitForFunction(() => window.bench.done);
    // The run used the maker chosen: WebCrypto signs its RSA keys, and says so.
    const signedByWebCrypto = await page.evaluate(() => document.body.innerText.includes("The RSA signatures were made by this browser's WebCrypto"));
    if (signedByWebCrypto !== (maker === "webcrypto" && keyType.startsWith("rsa"))) {
      throw new Error(`a ${keyType} run with the key maker ${maker} did not say what it should of WebCrypto's signatures`);
    }
    const { clicked, done } = await page.evaluate(() => window.bench);
    await context.close();
    return { ms: done - clicked };
  };
  // As `load` above, by the instrument's console line.
  const ffLoad = async (url, wizard) => {
    const { context, page } = await open();
    const line = wizard ? "portcullis-bench:ready" : "portcullis-bench:loaded";
    const seen = new Promise((resolve) => page.on("console", (message) => message.text() === line && resolve()));
    await page.goto(url);
    await seen;
    const value = await page.evaluate((wizard) => (wizard ? window.bench.ready : window.bench.loaded), wizard);
    await context.close();
    return value;
  };
  const ffInBlankPage = async (f) => {
    const { context, page } = await open();
    await page.goto(`${base}/blank.html`);
    const value = await page.evaluate(f);
    await context.close();
    return value;
  };

  const [rsaWeb, anchorRsa] = await paired(Math.max(runs * 3, 15), () => ffBundle("rsa-4096", "webcrypto"), () => ffInBlankPage(rsa3InPage));
  const [rsaRust] = await paired(Math.max(1, Math.min(runs, 3)), () => ffBundle("rsa-4096", "rust"));
  const [rsaPaused] = await paired(Math.max(1, Math.min(runs, 3)), () => ffBundle("rsa-4096", "webcrypto", PAUSE_MS));
  const [p256, anchorPbkdf2] = await paired(runs, () => ffBundle("ecdsa-p256", "webcrypto"), () => ffInBlankPage(pbkdf2InPage));
  const [p256Rust] = await paired(runs, () => ffBundle("ecdsa-p256", "rust"));
  const loads = Math.max(runs * 4, 20);
  const [served, blank] = await paired(loads, () => ffLoad(`${base}/`, true), () => ffLoad(`${base}/blank.html`, false));
  await firefox.close();

  const anchor = median(anchorRsa);
  const rsa3 = "of 3 × Firefox's WebCrypto generateKey";
  const middle = `middle half ${middleHalf(rsaWeb.map((r) => r.ms))} against ${middleHalf(anchorRsa)}`;
  row("Firefox: RSA-4096 bundle, WebCrypto, clicked at once", clickToDone(rsaWeb), anchor, rsa3, middle);
  row("Firefox: RSA-4096 bundle, Rust code, clicked at once", clickToDone(rsaRust), anchor, rsa3);
  row("Firefox: RSA-4096 bundle, WebCrypto, after 15 s on Server and Clients", clickToDone(rsaPaused), anchor, rsa3);
  const pbkdf2 = "of one Firefox WebCrypto PBKDF2, 600,000 rounds";
  row("Firefox: P-256 bundle, WebCrypto PBKDF2", clickToDone(p256), median(anchorPbkdf2), pbkdf2);
  row("Firefox: P-256 bundle, Rust code", clickToDone(p256Rust), median(anchorPbkdf2), pbkdf2);
  row("Firefox: load to interactive, served (target/dist)", median(served), median(blank), "of a blank page from the same server");
}

// The page's module is what the page compiles before its first step shows; the workers' module
// (named after its binary, see index.html) only once the page is up.
const sizes = [];
const size = (label, bytes) => sizes.push([label, bytes.length, gzipSize(bytes)]);
const wasms = fs.readdirSync(dist).filter((name) => name.endsWith(".wasm"));
const workerWasm = wasms.filter((name) => name === "portcullis-worker_bg.wasm");
const pageWasm = wasms.filter((name) => !workerWasm.includes(name));
for (const name of pageWasm) size(`${name} (the page's, before the first step)`, fs.readFileSync(path.join(dist, name)));
for (const name of workerWasm) size(`${name} (the workers', after)`, fs.readFileSync(path.join(dist, name)));
sizes.push(["all wasm", sizes.reduce((sum, row) => sum + row[1], 0), sizes.reduce((sum, row) => sum + row[2], 0)]);
size("portcullis.html (single file)", fs.readFileSync(path.join(release, "portcullis.html")));

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log("what".padEnd(widths[0]), "median".padStart(widths[1]), " ratio");
for (const r of rows) console.log(r[0].padEnd(widths[0]), r[1].padStart(widths[1]), ` ${r[2].padEnd(widths[2])}  ${r[3]}`);
console.log();
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log("file".padEnd(72), "bytes".padStart(12), "gzip -9".padStart(12));
for (const [file, raw, gzip] of sizes) console.log(file.padEnd(72), kib(raw).padStart(12), kib(gzip).padStart(12));

await browser?.close();
server.close();
fs.rmSync(scratch, { recursive: true, force: true });
