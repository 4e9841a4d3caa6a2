// What every Playwright test of the wizard shares: Debian's Chromium (never a downloaded
// browser), the walk through the steps, and scratch folders below the test output.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

import { createRequire } from "node:module";

import { chromium } from "playwright-core";
import puppeteer from "puppeteer-core";

export const out = path.resolve(process.env.PORTCULLIS_BROWSER_OUT ?? "target/browser-test");
export const PASSPHRASE = "correct horse battery staple";

/// Debian's headless Chromium, with nothing of its own that would reach for the network.
export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

/// Debian's Firefox ESR, headless, over WebDriver BiDi (puppeteer-core: playwright-core asks
/// stock Firefox for a BiDi command it lacks). Puppeteer's profile turns off Firefox's own
/// background requests (updates, telemetry, safe browsing).
export function launchFirefox() {
  return puppeteer.launch({ browser: "firefox", executablePath: "/usr/bin/firefox-esr", headless: true });
}

/// The puppeteer selector of the button named `name`.
export const firefoxButton = (name) => `::-p-aria([name="${name}"][role="button"])`;

/// In a puppeteer page: waits for the step headed `text` to show.
export async function firefoxHeading(page, text) {
  await page.waitForFunction(
    (text) => [...document.querySelectorAll("h1")].some((h) => h.textContent.trim() === text),
    { timeout: 30_000 },
    text,
  );
}

/// In a puppeteer page: Next, then the step `expected`.
export async function firefoxNext(page, expected) {
  await page.locator(firefoxButton("Next")).click();
  await firefoxHeading(page, expected);
}

/// In a puppeteer page, from the Overview to Generate with `maker` chosen: the CA with
/// `keyType`, the server localhost and 127.0.0.1, the clients `clients` (one a line), and
/// `pause` ms on each of the Server and Clients steps.
export async function firefoxWalkToGenerate(page, { keyType, maker, clients, pause = 0 }) {
  const wait = () => new Promise((resolve) => setTimeout(resolve, pause));
  await firefoxNext(page, "CA");
  await page.locator("#ca-name").fill("Portcullis Firefox CA");
  await (await page.locator("#key-type").waitHandle()).select(keyType);
  await page.locator("#ca-passphrase").fill(PASSPHRASE);
  await page.locator("#ca-passphrase-repeat").fill(PASSPHRASE);
  await firefoxNext(page, "Server");
  await page.locator("#server-dns").fill("localhost");
  await page.locator("#server-ip").fill("127.0.0.1");
  await wait();
  await firefoxNext(page, "Clients");
  await page.locator("#clients").fill(clients);
  await wait();
  await firefoxNext(page, "Generate");
  if (maker) await (await page.locator("#key-maker").waitHandle()).select(maker);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
};

/// The Trunk build the served wizard's tests load.
export const dist = path.resolve(process.env.PORTCULLIS_DIST ?? "target/dist");

/// The file of the Trunk build that a request's path names, with its content type; null if
/// there is none.
export function distFile(pathname) {
  const file = path.join(dist, path.normalize(pathname === "/" ? "/index.html" : pathname));
  if (!file.startsWith(dist + path.sep) || !fs.existsSync(file)) return null;
  return { file, type: TYPES[path.extname(file)] ?? "application/octet-stream" };
}

/// The Trunk build, served as `cargo xtask serve` serves it, on a free loopback port: its
/// `url`, and `close()`.
export async function serveDist() {
  assert.ok(fs.existsSync(path.join(dist, "index.html")), `no build in ${dist}: run cargo xtask test`);
  const server = http.createServer((request, response) => {
    const found = distFile(decodeURIComponent(new URL(request.url, "http://localhost").pathname));
    if (!found) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": found.type });
    fs.createReadStream(found.file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/// The WCAG 2.2 A/AA and best-practice rules axe-core finds broken on the page as it is now, a
/// line each (rule, impact, what it asks, where). The page's context must bypass its CSP, which
/// rightly forbids the injected script.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axeSource });
  }
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"] },
    });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`,
    );
  });
}

/// Screenshots of the page as it is, at its width and at a phone's.
export async function shoot(page, name, folder = path.join(out, "screenshots")) {
  fs.mkdirSync(folder, { recursive: true });
  const size = page.viewportSize();
  await page.screenshot({ path: path.join(folder, `${name}-${size.width}.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(folder, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(size);
}

/// Clicks the button `name` and returns the download it starts.
export async function clickDownload(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  return download;
}

/// Generates, walks Review to Download, and saves the bundle as `zip`. With `inWorker`, that is
/// first asked of the wizard's worker (see `generateHoldingTheWorker`), and its answer is the
/// download's `inWorker`.
export async function generateAndDownload(page, certificates, zip, inWorker) {
  let answer;
  if (inWorker) {
    answer = await generateHoldingTheWorker(page, certificates, inWorker);
  } else {
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByText(new RegExp(`^Done: ${certificates} certificates`)).waitFor({ timeout: 60_000 });
  }
  await next(page, "Review");
  await next(page, "Download");
  const download = await clickDownload(page, "Download bundle");
  await download.saveAs(zip);
  download.inWorker = answer;
  return download;
}

/// A scratch folder below the test output, and `sh -ec` running there (with `env` added).
export function scratch(name, env = {}) {
  fs.mkdirSync(out, { recursive: true });
  const dir = fs.mkdtempSync(path.join(out, `${name}-`));
  const sh = (line) => execFileSync("sh", ["-ec", line], { cwd: dir, env: { ...process.env, ...env } }).toString();
  return { dir, sh };
}

export async function next(page, expected) {
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { level: 1, name: expected, exact: true }).waitFor();
}

export async function fillCa(page, keyType = "ecdsa-p256") {
  await page.getByRole("textbox", { name: "CA name" }).fill("Portcullis test CA");
  await page.getByRole("combobox", { name: "Key type" }).selectOption(keyType);
  await page.getByLabel("CA passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Repeat the CA passphrase").fill(PASSPHRASE);
}

export async function fillServerAndClients(page) {
  await page.getByRole("textbox", { name: "Server DNS names" }).fill("localhost");
  await page.getByRole("textbox", { name: "Server IP addresses" }).fill("127.0.0.1");
  await page.getByRole("textbox", { name: "Port" }).fill("2376");
  await next(page, "Clients");
  await page.getByRole("textbox", { name: "Client names" }).fill("alice\nbob");
  await next(page, "Generate");
}

/// From the Overview, the bundle the dockerd interop test checks (localhost and 127.0.0.1, port
/// 2376, clients alice and bob, ECDSA P-256), saved as `zip`; its listing is checked. Returns
/// what `inWorker` learned from the wizard's worker, if given.
export async function walkToBundle(page, zip, inWorker) {
  await next(page, "CA");
  await fillCa(page);
  await next(page, "Server");
  await fillServerAndClients(page);
  const download = await generateAndDownload(page, 4, zip, inWorker);
  assert.equal(download.suggestedFilename(), "docker-tls-localhost.zip");
  const listing = execFileSync("unzip", ["-l", zip]).toString();
  for (const file of ["server/install.sh", "server/server-key.pem", "clients/alice/env.sh", "clients/bob/key.pem"]) {
    assert.ok(listing.includes(`docker-tls-localhost/${file}`), `${file} missing from the zip:\n${listing}`);
  }
  await page.getByText(/^Saved docker-tls-localhost\.zip/).waitFor();
  return download.inWorker;
}

/// Records, from before the page's first script, every `securitypolicyviolation` the page sees,
/// on `window.portcullisViolations`.
export async function recordViolations(context) {
  await context.addInitScript(() => {
    window.portcullisViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.portcullisViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
    });
  });
}

export function violations(page) {
  return page.evaluate(() => window.portcullisViolations);
}

/// What a `fetch` of `url` from the page came to: "went through", or the error.
export function fetchFromPage(page, url) {
  return page.evaluate(async (url) => {
    try {
      await fetch(url);
      return "went through";
    } catch (error) {
      return String(error);
    }
  }, url);
}

/// Inside a worker: fetches `url` and says what came of it and which directives the worker saw
/// refuse it ("Failed to fetch; refused by connect-src").
async function fetchInWorker(url) {
  const refusedBy = [];
  self.addEventListener("securitypolicyviolation", (event) => refusedBy.push(event.effectiveDirective));
  let outcome;
  try {
    await fetch(url);
    outcome = "went through";
  } catch (error) {
    outcome = error.message;
  }
  // The violation is reported in a task of its own, maybe after the rejection.
  for (let i = 0; i < 50 && refusedBy.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return `${outcome}; refused by ${refusedBy.join(", ") || "nothing"}`;
}

/// What a `fetch` from a Web Worker started the way the wizard starts its own (a Blob URL under
/// the page's policy) came to; see `fetchInWorker`.
export function fetchFromBlobWorker(page, url) {
  return page.evaluate(
    ([url, fetchInWorker]) =>
      new Promise((resolve) => {
        const source = `(${fetchInWorker})(${JSON.stringify(url)}).then(postMessage);`;
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
        worker.onmessage = (event) => {
          worker.terminate();
          resolve(event.data);
        };
        worker.onerror = (event) => resolve(`the worker failed: ${event.message}`);
      }),
    [url, fetchInWorker.toString()],
  );
}

/// Clicks Generate and waits for the bundle, having asked the wizard's key worker `inWorker`
/// first. The key worker starts when the CA step is left, to derive the CA key's encryption
/// key ahead; `inWorker` asks it once that is done. Where it has not started (no passphrase),
/// Generate starts it: what the wizard posts to it (the wasm module, then the request) is held
/// until `inWorker` (given the worker, idle, with its script loaded) is done, then let go, in
/// order.
export async function generateHoldingTheWorker(page, certificates, inWorker) {
  const [running] = page.workers();
  if (running) {
    await page.locator("p.stock").filter({ hasText: "the CA key's encryption key" }).waitFor();
    const answer = await inWorker(running);
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByText(new RegExp(`^Done: ${certificates} certificates`)).waitFor({ timeout: 60_000 });
    return answer;
  }
  await page.evaluate(() => {
    const post = Worker.prototype.postMessage;
    const held = [];
    Worker.prototype.postMessage = function (...args) {
      held.push(() => post.apply(this, args));
    };
    window.portcullisReleasePosts = () => {
      Worker.prototype.postMessage = post;
      for (const send of held) send();
    };
  });
  const started = page.waitForEvent("worker");
  await page.getByRole("button", { name: "Generate" }).click();
  const worker = await started;
  const answer = await inWorker(worker);
  await page.evaluate(() => window.portcullisReleasePosts());
  await page.getByText(new RegExp(`^Done: ${certificates} certificates`)).waitFor({ timeout: 60_000 });
  return answer;
}

/// What a `fetch` from the wizard's own key-generation worker came to; see `fetchInWorker`.
export function fetchFromAppWorker(worker, url) {
  return worker.evaluate(fetchInWorker, url);
}

/// The header's network indicator, once it has measured.
export async function networkIndicator(page) {
  const status = page.locator("p.network");
  await status.filter({ hasNotText: "Checking" }).waitFor();
  return status.innerText();
}
