// The single-file page that `cargo xtask dist` ships (target/dist-release), hosted the way a
// teacher would host it: Debian's nginx serving the folder under a sub-path, /some/sub/path/,
// with the headers of its `_headers` file. It must walk and download as the served wizard does,
// request nothing but itself, and measure its own network access. The same page from file://
// with no network at all is offline.mjs.
//
// Run by `cargo xtask test` with PORTCULLIS_DIST_RELEASE.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  fetchFromAppWorker,
  fetchFromBlobWorker,
  fetchFromPage,
  fillCa,
  launchChromium,
  networkIndicator,
  next,
  recordViolations,
  scratch,
  shoot,
  violations,
  walkToBundle,
} from "./lib.mjs";

const release = path.resolve(process.env.PORTCULLIS_DIST_RELEASE ?? "target/dist-release");
const SUB_PATH = "/some/sub/path/";

let browser;
let nginx;
let site;

// A port nobody listens on now.
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// `_headers` as nginx `add_header` lines: every header it names, for every path.
function headersAsNginx(headersFile) {
  const lines = headersFile.split("\n");
  assert.equal(lines[0], "/*", "_headers must apply to every path");
  return lines
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const match = /^ {2}([A-Za-z-]+): (.+)$/.exec(line);
      assert.ok(match, `not a header line of _headers: ${line}`);
      assert.ok(!match[2].includes('"'), `a header value nginx would need quoted differently: ${line}`);
      return `add_header ${match[1]} "${match[2]}" always;`;
    })
    .join("\n      ");
}

// Debian's nginx serving `folder` under SUB_PATH (and nothing at /), with `headers`, logging
// every request. Returns the site's address and its access log.
async function startNginx(folder, headers) {
  const { dir } = scratch("nginx");
  const port = await freePort();
  const config = path.join(dir, "nginx.conf");
  fs.writeFileSync(
    config,
    `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 64; }
http {
  types { text/html html; }
  default_type application/octet-stream;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / { return 404; }
    location ${SUB_PATH} {
      alias ${folder}/;
      ${headers}
    }
  }
}
`,
  );
  const binary = fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
  execFileSync(binary, ["-t", "-c", config], { stdio: "pipe" });
  const child = spawn(binary, ["-c", config], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}${SUB_PATH}`;
  for (let tries = 0; ; tries++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch (error) {
      if (tries > 100) throw new Error(`nginx did not start: ${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const accessLog = path.join(dir, "access.log");
  return {
    child,
    url,
    /// The request lines nginx logged from Chromium ("GET /some/sub/path/ HTTP/1.1"), once at
    /// least `count` are there (nginx logs a request after answering it); the test's own
    /// requests (node's, nginx's start-up check) are left out by their user agent.
    async browserRequests(count = 0) {
      for (let tries = 0; ; tries++) {
        const lines = fs.readFileSync(accessLog, "utf8").split("\n").filter((line) => line.includes("Chrome/"));
        if (lines.length >= count || tries > 40) return lines.map((line) => /"([^"]*)"/.exec(line)[1]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

function stop(server) {
  server?.child.kill();
}

before(async () => {
  for (const name of ["portcullis.html", "index.html", "_headers", "SHA256SUMS"]) {
    assert.ok(fs.existsSync(path.join(release, name)), `no ${name} in ${release}: run cargo xtask dist`);
  }
  nginx = await startNginx(release, headersAsNginx(fs.readFileSync(path.join(release, "_headers"), "utf8")));
  site = nginx.url;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  stop(nginx);
});

// A fresh page of `url` at `width`, with every request and policy violation recorded.
async function open(url, width = 1280, { locale = "en-US", overview = "Overview", setUp } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, locale });
  await recordViolations(context);
  if (setUp) await setUp(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  const requests = [];
  context.on("request", (request) => requests.push(request.url()));
  await page.goto(url);
  await page.waitForSelector("html[data-ready=true]");
  await page.getByRole("heading", { level: 1, name: overview }).waitFor();
  return { context, page, errors, requests };
}

test("index.html is portcullis.html, and SHA256SUMS checks with sha256sum", () => {
  const page = fs.readFileSync(path.join(release, "portcullis.html"));
  assert.ok(page.equals(fs.readFileSync(path.join(release, "index.html"))), "index.html differs from portcullis.html");
  const checked = execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: release }).toString();
  for (const name of ["portcullis.html", "index.html", "_headers", "portcullis-x86_64-linux"]) {
    assert.match(checked, new RegExp(`^${name.replace(".", "\\.")}: OK$`, "m"));
  }
});

test("the policy is the first element of <head> and forbids the network from the first byte", async () => {
  const { context, page } = await open(`${site}portcullis.html`);
  const first = await page.evaluate(() => {
    const element = document.head.firstElementChild;
    return { tag: element.tagName, equiv: element.httpEquiv, content: element.content };
  });
  assert.equal(first.tag, "META");
  assert.equal(first.equiv, "Content-Security-Policy");
  const directives = Object.fromEntries(first.content.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  assert.deepEqual(directives["default-src"], ["'none'"]);
  assert.deepEqual(directives["connect-src"], ["'none'"]);
  assert.deepEqual(directives["worker-src"], ["blob:"]);
  assert.deepEqual(directives["base-uri"], ["'none'"]);
  assert.deepEqual(directives["form-action"], ["'none'"]);
  assert.ok(directives["script-src"].includes("'wasm-unsafe-eval'"));
  for (const source of [...directives["script-src"], ...directives["style-src"]]) {
    assert.match(source, /^'sha256-[A-Za-z0-9+/]{43}='$|^'wasm-unsafe-eval'$/, `script-src or style-src allows ${source}`);
  }
  assert.doesNotMatch(first.content, /'unsafe-inline'|'unsafe-eval'|'self'|https?:|data:/);
  // Only one policy, and every executed inline script is one of its hashes.
  assert.equal(await page.locator("meta[http-equiv=Content-Security-Policy]").count(), 1);
  const scripts = await page.$$eval("script", (elements) => elements.map((e) => ({ type: e.type, src: e.src, text: e.textContent })));
  assert.ok(scripts.every((script) => script.src === ""), "a script names a file");
  const executed = scripts.filter((script) => script.type === "module");
  assert.equal(executed.length, 2);
  for (const script of executed) {
    const hash = execFileSync("openssl", ["dgst", "-sha256", "-binary"], { input: script.text });
    assert.ok(directives["script-src"].includes(`'sha256-${hash.toString("base64")}'`), "an inline script runs without its hash in the policy");
  }
  // The header policy is the meta policy plus what only a header can say.
  const headers = await (await fetch(`${site}portcullis.html`)).headers;
  assert.equal(headers.get("content-security-policy"), `${first.content}; frame-ancestors 'none'`);
  assert.equal(headers.get("x-content-type-options"), "nosniff");
  assert.equal(headers.get("referrer-policy"), "no-referrer");
  await context.close();
});

test("under a sub-path it walks, downloads, and requests nothing but itself", async () => {
  const earlier = (await nginx.browserRequests()).length;
  const { context, page, errors, requests } = await open(site);
  assert.match(await networkIndicator(page), /^Network blocked/);
  assert.match(await page.locator("p.version").innerText(), /^Portcullis \d+\.\d+\.\d+, commit [0-9a-f]{12}/);
  const { dir } = scratch("sub-path");
  const fromWorker = await walkToBundle(page, path.join(dir, "bundle.zip"), (worker) =>
    fetchFromAppWorker(worker, `${site}from-the-worker`),
  );
  // The wizard's own worker could not reach the server that served the page: both policies
  // hold in it.
  assert.equal(fromWorker, "Failed to fetch; refused by connect-src, connect-src");
  await shoot(page, "single-file-download");
  // The browser's view and the server's agree: one request, for the page.
  assert.deepEqual(requests.filter((url) => !url.startsWith("blob:")), [site]);
  const served = async () => (await nginx.browserRequests(earlier + 1)).slice(earlier);
  assert.deepEqual(await served(), [`GET ${SUB_PATH} HTTP/1.1`]);
  // The only violations are the page's own measurement at start, refused by both policies
  // that hold here: the page's meta and nginx's header.
  const probe = { directive: "connect-src", blocked: site };
  assert.deepEqual(await violations(page), [probe, probe]);
  assert.match(await fetchFromPage(page, `${site}x`), /Failed to fetch/);
  // A worker is held by both policies too.
  assert.equal(await fetchFromBlobWorker(page, `${site}y`), "Failed to fetch; refused by connect-src, connect-src");
  assert.deepEqual(await served(), [`GET ${SUB_PATH} HTTP/1.1`], "a blocked fetch reached the server");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a copy whose policy was taken out says that the network is NOT blocked", async () => {
  const { dir } = scratch("no-policy");
  const page = fs.readFileSync(path.join(release, "portcullis.html"), "utf8");
  const stripped = page.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*" \/>/, "");
  assert.notEqual(stripped, page);
  fs.writeFileSync(path.join(dir, "index.html"), stripped);
  const plain = await startNginx(dir, "");
  try {
    const { context, page: tab } = await open(plain.url);
    assert.match(await networkIndicator(tab), /^Network NOT blocked/);
    // It measured: its request reached the server. (With no policy, Chromium also asks for
    // /favicon.ico of its own accord; the page's policy forbids that, see above.)
    const served = (await plain.browserRequests(3)).filter((line) => line !== "GET /favicon.ico HTTP/1.1");
    assert.deepEqual(served, [`GET ${SUB_PATH} HTTP/1.1`, `GET ${SUB_PATH} HTTP/1.1`]);
    await context.close();
  } finally {
    stop(plain);
  }
});

test("from file:// it speaks the browser's language from its own data, and where storage is refused the switch still works for the visit", async () => {
  const file = pathToFileURL(path.join(release, "portcullis.html")).href;
  // As some browsers do from file://: any use of localStorage throws.
  const refuseStorage = (context) =>
    context.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    });
  const { context, page, errors, requests } = await open(file, 1280, { locale: "ja-JP", overview: "概要", setUp: refuseStorage });
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  const language = page.getByRole("combobox", { name: "Language" });
  await language.selectOption("de");
  await page.getByRole("heading", { level: 1, name: "Überblick" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "de");
  // Not remembered, and nothing said about it: the next visit asks the browser again.
  await page.reload();
  await page.waitForSelector("html[data-ready=true]");
  await page.getByRole("heading", { level: 1, name: "概要" }).waitFor();
  assert.equal(await page.locator(".language-problem").count(), 0);
  assert.deepEqual(requests.filter((url) => !url.startsWith("blob:")), [file, file]);
  assert.deepEqual(errors, []);
  await context.close();
});

// A copy of the single file with the data blocks whose ids match `ids` taken out.
function cutCopy(name, ids) {
  const { dir } = scratch(name);
  const page = fs.readFileSync(path.join(release, "portcullis.html"), "utf8");
  const block = new RegExp(`<script type="application/json" id="portcullis-(${ids})">[^<]*</script>`, "g");
  const cut = page.replace(block, "");
  assert.equal(page.length - cut.length > 10_000, true, "the data blocks were there to take out");
  const file = path.join(dir, "portcullis.html");
  fs.writeFileSync(file, cut);
  return pathToFileURL(file).href;
}

// Walks to the Server step, types a port above 65535, and returns what the page says of it.
async function refusePort(tab) {
  await next(tab, "CA");
  await fillCa(tab);
  await next(tab, "Server");
  const port = tab.getByRole("textbox", { name: "Port" });
  await port.fill("70000");
  await port.blur();
  await tab.waitForFunction(() => document.querySelector("#port-error")?.textContent !== "");
  return tab.locator("#port-error").innerText();
}

test("a copy without one language's data stays usable in English and says what is missing", async () => {
  const url = cutCopy("no-german", "(words|refusals|lessons)-de");
  const { context, page: tab, errors } = await open(url, 1280, { locale: "de-DE" });
  const problem = tab.locator(".language-problem");
  assert.equal(
    await problem.innerText(),
    "Deutsch is missing from this copy of the page (this copy of the page has no #portcullis-words-de).",
  );
  assert.equal(await tab.getAttribute("html", "lang"), "en");
  assert.match(await tab.locator("aside.teaching").innerText(), /^Mutual TLS in one picture/);
  // The wizard itself works on, its refusals said in English.
  assert.equal(await refusePort(tab), "port: 70000 is above 65535; Docker's TLS port is 2376");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a copy without its refusals' data still shows what was refused, and says what is missing", async () => {
  const url = cutCopy("no-refusals", "refusals-[a-z]+");
  const { context, page: tab, errors } = await open(url, 1280);
  const said = await refusePort(tab);
  assert.match(said, /Port/);  // the field, as the core names it
  assert.match(said, /70000/);
  assert.match(said, /\(the words to say this are missing from this copy of the page: this copy of the page has no #portcullis-refusals-en\)$/);
  assert.equal(await tab.getByRole("textbox", { name: "Port" }).getAttribute("aria-invalid"), "true");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a copy without any words' data shows only what is missing, in one clear alert", async () => {
  const url = cutCopy("no-words", "(words|refusals|lessons)-[a-z]+");
  const { context, page: tab, errors, requests } = await open(url, 1280, { locale: "de-DE", overview: "Portcullis" });
  assert.equal(
    await tab.getByRole("alert").innerText(),
    "Deutsch is missing from this copy of the page (this copy of the page has no #portcullis-words-de). " +
      "English is missing from this copy of the page (this copy of the page has no #portcullis-words-en).",
  );
  assert.match(await tab.locator("main").innerText(), /Use a complete copy of portcullis\.html/);
  assert.equal(await tab.locator("#step-title").count(), 0);
  assert.deepEqual(requests.filter((url) => !url.startsWith("blob:")), [url]);
  assert.deepEqual(errors, []);
  await context.close();
});
