// The wizard as `cargo xtask serve` serves it (Trunk's build: a page, a loader, the glue and the
// wasm), in Debian's headless Chromium, driven by playwright-core (never a downloaded browser).
// Run by `cargo xtask test`:
//   node --test tests/browser/
// with PORTCULLIS_DIST (the Trunk build) and PORTCULLIS_BROWSER_OUT (where the downloaded zip
// and the screenshots go). The zip is then handed to the dockerd interop test. The single-file
// page has tests of its own (single-file.test.mjs, offline.mjs).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import {
  PASSPHRASE,
  axeViolations,
  clickDownload,
  distFile,
  fetchFromPage,
  fillCa,
  fillServerAndClients,
  generateAndDownload,
  launchChromium,
  networkIndicator,
  next,
  out,
  scratch,
  serveDist,
  shoot,
} from "./lib.mjs";

let served;
let baseUrl;
let browser;

before(async () => {
  fs.mkdirSync(out, { recursive: true });
  served = await serveDist();
  baseUrl = served.url;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await served?.close();
});

/// A fresh page at `width`, loaded, with every request after loading recorded.
async function openWizard(width, { bypassCSP = false, locale = "en-US", overview = "Overview" } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, bypassCSP, locale });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  let loaded = false;
  const duringLoad = [];
  const afterLoad = [];
  context.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("blob:") || url.startsWith("data:")) return;
    (loaded ? afterLoad : duringLoad).push(url);
  });
  await page.goto(baseUrl);
  await page.waitForSelector("html[data-ready=true]");
  loaded = true;
  // The listener works: loading itself was seen (page, loader, glue, wasm).
  assert.ok(duringLoad.some((url) => url.endsWith(".wasm")), `load requests not seen: ${duringLoad}`);
  await page.getByRole("heading", { level: 1, name: overview }).waitFor();
  return { context, page, errors, afterLoad };
}

test("walks every step with a host name, an IP and two clients, and downloads the zip", async () => {
  const { context, page, errors, afterLoad } = await openWizard(1280);
  await shoot(page, "1-overview");
  await next(page, "CA");
  await fillCa(page);
  await shoot(page, "2-ca");
  await next(page, "Server");
  await page.getByRole("textbox", { name: "Server DNS names" }).fill("localhost");
  await page.getByRole("textbox", { name: "Server IP addresses" }).fill("127.0.0.1");
  await shoot(page, "3-server");
  // Back and forth keeps what was typed.
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("heading", { level: 1, name: "CA", exact: true }).waitFor();
  assert.equal(await page.getByRole("textbox", { name: "CA name" }).inputValue(), "Portcullis test CA");
  await next(page, "Server");
  assert.equal(await page.getByRole("textbox", { name: "Server DNS names" }).inputValue(), "localhost");
  await next(page, "Clients");
  await page.getByRole("textbox", { name: "Client names" }).fill("alice\nbob");
  await page.getByRole("checkbox", { name: /nginx proxy that can revoke/ }).check();
  // client.p12 under the CA passphrase, which the real-dockerd test's curl uses.
  await page.getByRole("checkbox", { name: /one password-protected file \(client\.p12\)/ }).check();
  await page.getByLabel("client.p12 password", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Repeat the client.p12 password").fill(PASSPHRASE);
  await shoot(page, "4-clients");
  await next(page, "Generate");
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 60_000 });
  await shoot(page, "5-generate");
  await next(page, "Review");
  for (const title of ["CA certificate", "Server certificate", "Client alice certificate", "Client bob certificate"]) {
    await page.getByRole("heading", { name: title }).waitFor();
  }
  const server = page.getByRole("region", { name: "Server certificate" });
  const serverText = await server.innerText();
  assert.match(serverText, /DNS:localhost, IP:127\.0\.0\.1/);
  assert.match(serverText, /serverAuth/);
  assert.match(serverText, /SHA-256 fingerprint\s+([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  assert.match(await page.locator("section.openssl pre").innerText(), /openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256/);
  await shoot(page, "6-review");
  await next(page, "Download");
  const download = await clickDownload(page, "Download bundle");
  assert.equal(download.suggestedFilename(), "docker-tls-localhost.zip");
  const zip = path.join(out, "bundle.zip");
  await download.saveAs(zip);
  assert.equal(fs.readFileSync(zip).subarray(0, 2).toString(), "PK");
  const listing = execFileSync("unzip", ["-l", zip]).toString();
  for (const file of ["server/install.sh", "clients/bob/env.sh", "clients/bob/client.p12", "proxy/nginx.conf", "proxy/crl.pem", "renew.ics"]) {
    assert.ok(listing.includes(`docker-tls-localhost/${file}`), `${file} missing from the zip:\n${listing}`);
  }
  await page.getByText(/^Saved docker-tls-localhost\.zip/).waitFor();
  await shoot(page, "7-download");
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a plan file opens, gains a server, is saved again, and the zip has a folder per server with its platform's files", async () => {
  const { context, page, errors, afterLoad } = await openWizard(1280);
  const planIn = path.join(out, "swarm-plan-in.json");
  fs.writeFileSync(planIn, JSON.stringify({
    version: 1,
    servers: [{ dns: ["manager1.swarm.test"] }, { dns: ["worker1.swarm.test"], ip: ["10.0.0.21"], port: 12376, platform: "podman" }],
    clients: ["alice"],
  }));
  await page.getByLabel("Open a plan file (portcullis.json)").setInputFiles(planIn);
  await page.getByText("Read the plan: 2 servers, 1 client.").waitFor();
  await next(page, "CA");
  await page.getByLabel("CA passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Repeat the CA passphrase").fill(PASSPHRASE);
  await next(page, "Server");
  assert.equal(await page.getByRole("textbox", { name: "Server DNS names" }).inputValue(), "manager1.swarm.test");
  const others = page.getByRole("textbox", { name: "Other servers" });
  assert.equal(await others.inputValue(), "worker1.swarm.test 10.0.0.21 :12376 @podman");
  assert.equal(await page.getByLabel("How the host runs its daemon").inputValue(), "systemd");
  // A mistake names its line; then a third server.
  await others.fill("worker1.swarm.test 10.0.0.21 :12376 @podman\nworker2..swarm.test");
  assert.match(await page.locator("#other-servers-error").innerText(), /`worker2\.\.swarm\.test` has an empty label.*\(other servers, line 2\)$/);
  await others.fill("worker1.swarm.test 10.0.0.21 :12376 @podman\n10.0.0.22 @windows");
  await shoot(page, "servers-several");
  await next(page, "Clients");
  const planDownload = await clickDownload(page, "Save the plan (portcullis.json)");
  assert.equal(planDownload.suggestedFilename(), "portcullis.json");
  const planOut = path.join(out, "swarm-plan-out.json");
  await planDownload.saveAs(planOut);
  const saved = JSON.parse(fs.readFileSync(planOut, "utf8"));
  assert.equal(saved.version, 1);
  assert.deepEqual(saved.servers.map((s) => [s.dns ?? [], s.ip ?? [], s.port, s.platform ?? "systemd"]), [
    [["manager1.swarm.test"], [], 2376, "systemd"],
    [["worker1.swarm.test"], ["10.0.0.21"], 12376, "podman"],
    [[], ["10.0.0.22"], 2376, "windows"],
  ]);
  assert.ok(!fs.readFileSync(planOut, "utf8").includes(PASSPHRASE), "the passphrase is in the plan file");
  await next(page, "Generate");
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 5 certificates/).waitFor({ timeout: 60_000 });
  await next(page, "Review");
  const worker = page.getByRole("region", { name: "Server worker1.swarm.test certificate" });
  assert.match(await worker.innerText(), /DNS:worker1\.swarm\.test, IP:10\.0\.0\.21/);
  await next(page, "Download");
  const download = await clickDownload(page, "Download bundle");
  const zip = path.join(out, "swarm.zip");
  await download.saveAs(zip);
  const listing = execFileSync("unzip", ["-l", zip]).toString();
  for (const file of [
    "portcullis.json",
    "servers/manager1.swarm.test/server-cert.pem",
    "servers/manager1.swarm.test/override.conf",
    "servers/worker1.swarm.test/podman-docker-tls.service",
    "servers/10.0.0.22/install.ps1",
    "clients/alice/docker-context.sh",
    "clients/alice/podman-connection.sh",
  ]) {
    assert.ok(listing.includes(`docker-tls-manager1.swarm.test/${file}`), `${file} missing from the zip:\n${listing}`);
  }
  assert.ok(!listing.includes("servers/10.0.0.22/install.sh"), "a Windows host got a shell install script");
  const inZip = execFileSync("unzip", ["-p", zip, "docker-tls-manager1.swarm.test/portcullis.json"]).toString();
  assert.deepEqual(JSON.parse(inZip).servers, saved.servers);
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an existing CA made by openssl signs a server's CSR, then issues a whole bundle", async () => {
  const { context, page, errors, afterLoad } = await openWizard(1280);
  const { dir, sh } = scratch("openssl-ca", { PW: PASSPHRASE });
  sh(`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -aes-256-cbc -pass env:PW -out ca-key.pem
      openssl req -new -x509 -key ca-key.pem -passin env:PW -subj "/O=Example/CN=Company CA" \\
        -addext keyUsage=critical,keyCertSign,cRLSign -days 800 -out ca.pem
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out node-key.pem
      openssl req -new -key node-key.pem -subj /CN=node1 -addext subjectAltName=DNS:node1.example.com,IP:10.1.2.3 -out node.csr`);

  await page.getByRole("button", { name: "Sign a CSR" }).click();
  await page.getByRole("heading", { level: 1, name: "Sign a CSR" }).waitFor();
  await page.getByLabel("…or open the certificate's file").setInputFiles(path.join(dir, "ca.pem"));
  await page.getByLabel("…or open the key's file").setInputFiles(path.join(dir, "ca-key.pem"));
  await page.getByLabel("CA passphrase", { exact: true }).fill(PASSPHRASE);
  // The key is opened once the passphrase is committed (Enter or leaving the field).
  await page.getByLabel("CA passphrase", { exact: true }).press("Enter");
  await page.getByText(/^Your CA "Company CA" \(ECDSA P-384/).waitFor();
  await page.getByLabel("…or open the CSR's file").setInputFiles(path.join(dir, "node.csr"));
  await page.getByText(/It asks for: subject CN=node1, key ECDSA P-256, names DNS:node1\.example\.com, IP:10\.1\.2\.3/).waitFor();
  // Unconfirmed names are not taken: nothing to sign for yet.
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  // The wizard's own fix, naming its checkbox where the CLI names --use-csr-names.
  await page
    .getByText("Not signed: server names: none given; give the server's DNS names or IP addresses, or put the names the CSR asks for into the certificate", { exact: true })
    .waitFor();
  await page.getByRole("checkbox", { name: "Put the names the CSR asks for into the certificate" }).check();
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  const signed = page.getByRole("region", { name: "Signed certificate" });
  await signed.waitFor();
  assert.match(await signed.innerText(), /DNS:node1\.example\.com, IP:10\.1\.2\.3/);
  await shoot(page, "sign-csr");
  const certDownload = await clickDownload(page, "Save server-cert.pem");
  await certDownload.saveAs(path.join(dir, "server-cert.pem"));
  assert.match(sh("openssl verify -CAfile ca.pem -purpose sslserver server-cert.pem"), /server-cert\.pem: OK/);
  assert.throws(() => sh("openssl verify -CAfile ca.pem -purpose sslclient server-cert.pem 2>&1"));
  assert.equal(sh("openssl x509 -noout -pubkey -in server-cert.pem"), sh("openssl pkey -pubout -in node-key.pem"));

  // Back in the wizard, the same CA (still typed in) issues a bundle.
  await page.getByRole("button", { name: "Back to the wizard" }).click();
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  await next(page, "CA");
  await page.getByRole("checkbox", { name: /^Use an existing CA/ }).check();
  await page.getByText(/^Your CA "Company CA"/).waitFor();
  await shoot(page, "existing-ca");
  await next(page, "Server");
  await fillServerAndClients(page);
  const zip = path.join(dir, "bundle.zip");
  await generateAndDownload(page, 4, zip);
  const listing = execFileSync("unzip", ["-l", zip]).toString();
  assert.ok(!listing.includes("ca/ca-key.pem"), "the existing CA's key went into the zip");
  execFileSync("unzip", ["-q", zip, "-d", path.join(dir, "unzipped")]);
  const root = path.join(dir, "unzipped", "docker-tls-localhost");
  assert.equal(fs.readFileSync(path.join(root, "ca/ca.pem"), "utf8"), fs.readFileSync(path.join(dir, "ca.pem"), "utf8"));
  assert.match(sh(`openssl verify -CAfile ca.pem -purpose sslserver ${root}/server/server-cert.pem`), /OK/);
  assert.match(sh(`openssl verify -CAfile ca.pem -purpose sslclient ${root}/clients/alice/cert.pem`), /OK/);
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("under the guide's one-year CA the defaults end with it, with a warning; a typed lifetime is refused", async () => {
  const { context, page, errors } = await openWizard(1280);
  const { dir, sh } = scratch("short-ca", { PW: PASSPHRASE });
  sh(`openssl genrsa -aes256 -passout env:PW -out ca-key.pem 2048 2>/dev/null
      openssl req -new -x509 -days 300 -key ca-key.pem -passin env:PW -sha256 -subj /CN=Guide-CA -out ca.pem`);
  await next(page, "CA");
  await page.getByRole("checkbox", { name: /^Use an existing CA/ }).check();
  await page.getByLabel("…or open the certificate's file").setInputFiles(path.join(dir, "ca.pem"));
  await page.getByLabel("…or open the key's file").setInputFiles(path.join(dir, "ca-key.pem"));
  await page.getByLabel("CA passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("CA passphrase", { exact: true }).press("Enter");
  await page.getByText(/^Your CA "Guide-CA"/).waitFor();
  await next(page, "Server");
  await page.getByRole("textbox", { name: "Server DNS names" }).fill("localhost");
  await page.getByRole("textbox", { name: "Server certificate validity in days" }).fill("400");
  await next(page, "Clients");
  await page.getByRole("textbox", { name: "Client names" }).fill("alice");
  await next(page, "Generate");
  await page.getByRole("button", { name: "Generate" }).click();
  await page
    .getByText(/^Generation failed: server validity: 400 days would outlast the CA, which expires on .*; set the server certificate's validity to 299 days or less$/)
    .waitFor({ timeout: 60_000 });
  // The worker sent the refusal as data: in German it is said in German, advice and all.
  const language = page.getByRole("combobox", { name: "Language" });
  await language.selectOption("de");
  await page
    .getByText(/^Erzeugen fehlgeschlagen: Gültigkeit des Servers: 400 Tage würden die CA überdauern, die am .* abläuft; setzen Sie die Gültigkeit des Server-Zertifikats auf höchstens 299 Tage$/)
    .waitFor();
  await language.selectOption("en");
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("textbox", { name: "Server certificate validity in days" }).fill("365");
  await next(page, "Clients");
  await next(page, "Generate");
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 3 certificates/).waitFor({ timeout: 60_000 });
  const warnings = await page.getByRole("list", { name: "Warnings" }).innerText();
  assert.match(warnings, /the server certificate of localhost: valid until \d{4}-\d\d-\d\d [\d:]+ UTC, when the CA ends, rather than for 365 days/);
  assert.match(warnings, /the client certificate of alice: valid until/);
  // Sent as data too: said again in Japanese.
  await page.getByRole("combobox", { name: "Language" }).selectOption("ja");
  const japanese = await page.getByRole("list", { name: "警告" }).innerText();
  assert.match(japanese, /localhost のサーバ証明書：365 日ではなく、CA の期限が切れる \d{4}-\d\d-\d\d [\d:]+ UTC まで有効です。/);
  assert.match(japanese, /alice のクライアント証明書：/);
  await page.getByRole("combobox", { name: "Language" }).selectOption("en");
  await shoot(page, "short-ca");
  const zip = path.join(dir, "bundle.zip");
  await next(page, "Review");
  await next(page, "Download");
  await (await clickDownload(page, "Download bundle")).saveAs(zip);
  sh(`unzip -q bundle.zip
      test "$(openssl x509 -noout -enddate -in docker-tls-localhost/server/server-cert.pem)" = "$(openssl x509 -noout -enddate -in ca.pem)"`);
  assert.deepEqual(errors, []);
  await context.close();
});

/// An RSA-2048 bundle made by `maker` ("webcrypto" or "rust"), saved as `zip`; Review says who
/// made each key, and openssl opens the CA key with the passphrase only.
async function rsaBundle(page, maker, zip) {
  await next(page, "CA");
  await fillCa(page, "rsa-2048");
  await next(page, "Server");
  await fillServerAndClients(page);
  const select = page.getByRole("combobox", { name: "Make the keys with" });
  assert.equal(await select.inputValue(), "webcrypto", "WebCrypto is the default");
  await select.selectOption(maker);
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 60_000 });
  const done = await page.locator(".status").innerText();
  await next(page, "Review");
  const review = async (title) => page.getByRole("region", { name: `${title} certificate` }).innerText();
  await next(page, "Download");
  await (await clickDownload(page, "Download bundle")).saveAs(zip);
  await page.getByRole("button", { name: "Back" }).click();
  return { done, server: await review("Server"), ca: await review("CA"), client: await review("Client alice") };
}

/// openssl opens the bundle's CA key with the passphrase, and refuses another.
function caKeyOpens(zip) {
  const { sh } = scratch("ca-key", { PW: PASSPHRASE });
  sh(`unzip -q ${zip}
      openssl pkey -in docker-tls-localhost/ca/ca-key.pem -passin env:PW -noout
      ! openssl pkey -in docker-tls-localhost/ca/ca-key.pem -passin pass:wrong-passphrase -noout 2>/dev/null
      openssl verify -CAfile docker-tls-localhost/ca/ca.pem -purpose sslserver docker-tls-localhost/server/server-cert.pem`);
}

test("RSA keys by the browser's WebCrypto: the bundle is whole, and Review says who made each key", async () => {
  const { context, page, errors, afterLoad } = await openWizard(1280);
  const zip = process.env.PORTCULLIS_WEBCRYPTO_ZIP ?? path.join(out, "webcrypto-rsa.zip");
  const said = await rsaBundle(page, "webcrypto", zip);
  assert.match(said.server, /Key made by\s+this browser's WebCrypto/);
  assert.match(said.client, /Key made by\s+this browser's WebCrypto/);
  assert.match(said.ca, /Key made by\s+this browser's WebCrypto; encrypted with a key from WebCrypto's PBKDF2/);
  assert.match(said.server, /RSA 2048-bit/);
  // And the signatures: WebCrypto's, checked by the core (the dockerd test checks the bundle).
  assert.match(said.done, /The RSA signatures were made by this browser's WebCrypto/);
  caKeyOpens(zip);
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("RSA keys by Portcullis' own Rust code, as chosen: the same bundle", async () => {
  const { context, page, errors } = await openWizard(1280);
  const zip = process.env.PORTCULLIS_RUST_RSA_ZIP ?? path.join(out, "rust-rsa.zip");
  const said = await rsaBundle(page, "rust", zip);
  assert.match(said.server, /Key made by\s+Portcullis' own Rust code/);
  assert.match(said.ca, /Key made by\s+Portcullis' own Rust code; encrypted with a key from Portcullis' own PBKDF2/);
  assert.doesNotMatch(said.done, /signatures were made by this browser's WebCrypto/);
  caKeyOpens(zip);
  assert.deepEqual(errors, []);
  await context.close();
});

test("without crypto.subtle (plain HTTP from another address) the keys fall back to the Rust code, and say so", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // http://portcullis.test is no secure context, so the browser offers no WebCrypto there.
  await context.route("http://portcullis.test/**", async (route) => {
    const found = distFile(new URL(route.request().url()).pathname);
    if (!found) return route.fulfill({ status: 404 });
    await route.fulfill({ status: 200, contentType: found.type, body: fs.readFileSync(found.file) });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto("http://portcullis.test/");
  await page.waitForSelector("html[data-ready=true]");
  assert.deepEqual(await page.evaluate(() => [window.isSecureContext, typeof crypto.subtle]), [false, "undefined"]);
  const zip = path.join(out, "fallback-rsa.zip");
  await next(page, "CA");
  await fillCa(page, "rsa-2048");
  await next(page, "Server");
  await fillServerAndClients(page);
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 60_000 });
  await page.getByText(/^WebCrypto was not used: this page is not in a secure context/).waitFor();
  await next(page, "Review");
  assert.match(await page.getByRole("region", { name: "Server certificate" }).innerText(), /Key made by\s+Portcullis' own Rust code/);
  await next(page, "Download");
  await (await clickDownload(page, "Download bundle")).saveAs(zip);
  caKeyOpens(zip);
  assert.deepEqual(errors, []);
  await context.close();
});

test("renewal from the zip: same CA and names, new keys and serials", async () => {
  const { dir, sh } = scratch("renew");
  // The old bundle, made in the wizard.
  {
    const { context, page, errors } = await openWizard(1280);
    await next(page, "CA");
    await fillCa(page);
    await next(page, "Server");
    await fillServerAndClients(page);
    await generateAndDownload(page, 4, path.join(dir, "old.zip"));
    assert.deepEqual(errors, []);
    await context.close();
  }
  // A fresh page, as a year later: open the zip and renew.
  const { context, page, errors, afterLoad } = await openWizard(1280);
  await page.getByRole("button", { name: "Renew a bundle" }).click();
  await page.getByRole("heading", { level: 1, name: "Renew a bundle" }).waitFor();
  await page.getByRole("button", { name: "Renew", exact: true }).click();
  await page.getByText("Open the old bundle first.").waitFor();
  await page.getByLabel("Open the old bundle (the zip Portcullis made)").setInputFiles(path.join(dir, "old.zip"));
  const table = page.locator("table.expiries");
  await table.waitFor();
  for (const what of ["server certificate", "client certificate of alice", "client certificate of bob", "CA certificate"]) {
    assert.match(await table.innerText(), new RegExp(what));
  }
  await page.getByLabel("CA passphrase", { exact: true }).fill("not the passphrase");
  await page.getByRole("button", { name: "Renew", exact: true }).click();
  await page.getByText(/^Not renewed: CA key: cannot be decrypted with this passphrase/).waitFor({ timeout: 60_000 });
  await page.getByLabel("CA passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByRole("button", { name: "Renew", exact: true }).click();
  await page.getByText(/^Renewed: 3 certificates issued again/).waitFor({ timeout: 60_000 });
  await shoot(page, "renew");
  const download = await clickDownload(page, "Download the renewed bundle");
  assert.equal(download.suggestedFilename(), "renewed-docker-tls-localhost.zip");
  await download.saveAs(path.join(dir, "new.zip"));
  sh("unzip -q old.zip -d old && unzip -q new.zip -d new");
  const o = "old/docker-tls-localhost";
  const n = "new/docker-tls-localhost";
  assert.equal(fs.readFileSync(`${dir}/${n}/ca/ca.pem`, "utf8"), fs.readFileSync(`${dir}/${o}/ca/ca.pem`, "utf8"), "the CA changed");
  for (const cert of ["server/server-cert.pem", "clients/alice/cert.pem", "clients/bob/cert.pem"]) {
    const field = (root, what) => sh(`openssl x509 -noout ${what} -in ${root}/${cert}`);
    assert.notEqual(field(n, "-serial"), field(o, "-serial"), `${cert}: the same serial`);
    assert.notEqual(field(n, "-pubkey"), field(o, "-pubkey"), `${cert}: the same key`);
    assert.equal(field(n, "-subject"), field(o, "-subject"), `${cert}: another subject`);
    assert.equal(field(n, "-ext subjectAltName"), field(o, "-ext subjectAltName"), `${cert}: other names`);
    // The old CA certificate, as the clients and the daemon have it, trusts the new ones.
    assert.match(sh(`openssl verify -CAfile ${o}/ca/ca.pem ${n}/${cert}`), /OK/);
  }
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("replacing the CA from the zip: a new CA, transition/ and the four steps", async () => {
  const { dir, sh } = scratch("rotate");
  // Both zips go on to the dockerd interop test, which walks a real daemon through the phases.
  const oldZip = process.env.PORTCULLIS_ROTATION_OLD_ZIP ?? path.join(out, "rotation-old.zip");
  const newZip = process.env.PORTCULLIS_ROTATION_NEW_ZIP ?? path.join(out, "rotation-new.zip");
  {
    const { context, page, errors } = await openWizard(1280);
    await next(page, "CA");
    await fillCa(page);
    await next(page, "Server");
    await fillServerAndClients(page);
    await generateAndDownload(page, 4, oldZip);
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { context, page, errors, afterLoad } = await openWizard(1280);
  await page.getByRole("button", { name: "Renew a bundle" }).click();
  await page.getByRole("heading", { level: 1, name: "Renew a bundle" }).waitFor();
  await page.getByLabel("Open the old bundle (the zip Portcullis made)").setInputFiles(oldZip);
  await page.locator("table.expiries").waitFor();
  await page.getByLabel("CA passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel(/^Replace the CA as well/).check();
  const fresh = "a passphrase of the new CA";
  await page.getByLabel("New CA passphrase", { exact: true }).fill(fresh);
  await page.getByRole("button", { name: "Replace the CA", exact: true }).click();
  await page.getByText("new CA passphrase: the two entries differ; type the same passphrase twice").first().waitFor();
  await page.getByLabel("Repeat the new CA passphrase", { exact: true }).fill(fresh);
  await page.getByRole("button", { name: "Replace the CA", exact: true }).click();
  await page.getByText(/^Rotated: a new CA and 3 new certificates/).waitFor({ timeout: 60_000 });
  await shoot(page, "rotate");
  const download = await clickDownload(page, "Download the bundle with the new CA");
  assert.equal(download.suggestedFilename(), "rotated-docker-tls-localhost.zip");
  await download.saveAs(newZip);
  fs.copyFileSync(oldZip, path.join(dir, "old.zip"));
  fs.copyFileSync(newZip, path.join(dir, "new.zip"));
  sh("unzip -q old.zip -d old && unzip -q new.zip -d new");
  const o = "old/docker-tls-localhost";
  const n = "new/docker-tls-localhost";
  const read = (file) => fs.readFileSync(`${dir}/${file}`, "utf8");
  assert.notEqual(read(`${n}/ca/ca.pem`), read(`${o}/ca/ca.pem`), "the CA is the old one");
  assert.match(sh(`openssl x509 -noout -subject -in ${n}/ca/ca.pem`), /Portcullis test CA, \d{4}-\d{2}-\d{2}/);
  sh(`openssl pkey -in ${n}/ca/ca-key.pem -passin 'pass:${fresh}' -noout`);
  // The transition: the daemon's current certificate, both CAs for clients and for the daemon.
  assert.equal(read(`${n}/transition/server/server-cert.pem`), read(`${o}/server/server-cert.pem`));
  for (const cert of [`${o}/clients/alice/cert.pem`, `${n}/clients/alice/cert.pem`]) {
    assert.match(sh(`openssl verify -purpose sslclient -CAfile ${n}/transition/server/ca.pem ${cert}`), /OK/);
  }
  assert.match(sh(`openssl verify -CAfile ${n}/clients/alice/ca.pem ${o}/server/server-cert.pem`), /OK/);
  assert.match(sh(`openssl verify -CAfile ${n}/clients/alice/ca-new-only.pem ${n}/server/server-cert.pem`), /OK/);
  const readme = read(`${n}/README.md`);
  for (const step of ["Daemons trust both CAs", "Clients move", "Cut over", "Drop the old CA"]) {
    assert.ok(readme.includes(step), `README lacks ${step}`);
  }
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("axe-core finds no WCAG 2.2 A/AA or best-practice violation on any step or tool, in English, German and Japanese, at 1280 and 390 px", async () => {
  const found = [];
  const english = [];
  for (const width of [1280, 390]) {
    const { context, page, errors } = await openWizard(width, { bypassCSP: true });
    // Each step in each language: the switch keeps what was typed, so one walk sees all three.
    const language = page.getByRole("combobox", { name: "Language" });
    const check = async (where) => {
      for (const lang of ["en", "de", "ja"]) {
        await language.selectOption(lang);
        await page.waitForSelector(`html[lang=${lang}]`);
        for (const line of await axeViolations(page)) found.push(`${width} px, ${lang}, ${where}: ${line}`);
        if (lang !== "en" && width === 1280) {
          for (const text of await englishLeft(page)) english.push(`${lang}, ${where}: ${text}`);
        }
      }
      await language.selectOption("en");
      await page.waitForSelector("html[lang=en]");
    };
    await check("Overview");
    await next(page, "CA");
    await check("CA");
    await fillCa(page);
    await next(page, "Server");
    await check("Server");
    await fillServerAndClients(page);
    await check("Generate");
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 60_000 });
    await check("Generate, done");
    await next(page, "Review");
    await check("Review");
    await next(page, "Download");
    await check("Download");
    for (const tool of ["Sign a CSR", "Renew a bundle", "Revoke a certificate", "Check certificates"]) {
      await page.goto(page.url());
      await page.waitForSelector("html[data-ready=true]");
      await page.getByRole("button", { name: tool }).click();
      await page.getByRole("heading", { level: 1, name: tool }).waitFor();
      await check(tool);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
  assert.deepEqual(found, [], found.join("\n"));
  // And no English is left in German or Japanese, but in code, in what is marked English, and in
  // the files' own contents.
  assert.deepEqual(english, [], english.join("\n"));
});

// The visible texts of the page, outside code, quotes (docker's and Go's own words) and what is
// marked lang="en", that hold English words standing alone (a sentence left untranslated; not
// a name such as ecdsa-with-SHA256).
function englishLeft(page) {
  return page.evaluate(() => {
    const words = /(^|\s)(the|and|is|are|of|to|with|your|you|this|that|for|from|has|have|its|not|can|cannot)(\s|$)/i;
    const quoted = /„[^“]*“|「[^」]*」|"[^"]*"|“[^”]*”/g;
    const skipped = "code, pre, kbd, samp, script, style, textarea, option, [lang=en], .version";
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const left = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || element.closest(skipped) || element.getClientRects().length === 0) continue;
      const text = node.textContent.trim();
      if (words.test(text.replace(quoted, ""))) left.push(text);
    }
    return left;
  });
}

test("the title names the step, Next and Back move the focus to the new step's heading, and at 390 px the current step stays in sight", async () => {
  const { context, page, errors } = await openWizard(390);
  assert.equal(await page.title(), "Step 1 of 7: Overview — Portcullis");
  const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
  const inSight = async () => {
    const box = await page.locator(".steps li.current").boundingBox();
    const nav = await page.locator(".steps").boundingBox();
    return box !== null && box.x >= 0 && box.x + box.width <= 390 && box.y >= nav.y && box.y + box.height <= nav.y + nav.height;
  };
  assert.ok(await inSight(), "Overview is out of sight in the step list");
  await next(page, "CA");
  assert.equal(await page.title(), "Step 2 of 7: CA — Portcullis");
  assert.equal(await focused(), "step-title");
  await fillCa(page);
  await next(page, "Server");
  await fillServerAndClients(page);
  assert.equal(await page.title(), "Step 5 of 7: Generate — Portcullis");
  assert.equal(await focused(), "step-title");
  assert.ok(await inSight(), "Generate is out of sight in the step list at 390 px");
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("heading", { level: 1, name: "Clients", exact: true }).waitFor();
  assert.equal(await focused(), "step-title");
  assert.equal(await page.title(), "Step 4 of 7: Clients — Portcullis");
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("button", { name: "Check certificates" }).click();
  await page.getByRole("heading", { level: 1, name: "Check certificates" }).waitFor();
  assert.equal(await page.title(), "Check certificates — Portcullis");
  assert.equal(await focused(), "step-title");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the wizard speaks the browser's language, switches by the Language select, remembers the choice, and writes the README in it", async () => {
  // A German browser gets German from the first paint on.
  const { context, page, errors } = await openWizard(1280, { locale: "de-DE", overview: "Überblick" });
  const language = page.getByRole("combobox", { name: "Language" });
  assert.equal(await page.getAttribute("html", "lang"), "de");
  assert.equal(await page.title(), "Schritt 1 von 7: Überblick — Portcullis");
  assert.equal(await language.inputValue(), "de");
  assert.deepEqual(await language.locator("option").allInnerTexts(), ["English", "Deutsch", "日本語"]);
  await page.getByRole("button", { name: "Weiter" }).click();
  await page.getByRole("heading", { level: 1, name: "CA", exact: true }).waitFor();
  await page.getByRole("textbox", { name: "Name der CA" }).fill("Portcullis Test-CA");
  // The lesson beside it, from the page's data.
  const lesson = page.locator("#teaching-title");
  assert.equal(await lesson.innerText(), "Was eine CA ist und warum ihr Schlüssel offline bleibt");
  // The core's refusal, said in German beside the field, then in Japanese after the switch.
  const passphrase = page.getByLabel("Passphrase der CA", { exact: true });
  await passphrase.fill("kurz");
  await passphrase.blur();
  const passphraseError = page.locator("#ca-passphrase-error");
  await page.waitForFunction(() => document.querySelector("#ca-passphrase-error")?.textContent.startsWith("Passphrase der CA: nur 4 Zeichen"));
  assert.equal(await passphrase.getAttribute("aria-invalid"), "true");
  // Next is refused with the wizard's own words around the core's.
  await page.getByRole("button", { name: "Weiter" }).click();
  const refusal = page.locator("p.refusal");
  assert.match(await refusal.innerText(), /^Beheben Sie zuerst diese Fehler: Passphrase der CA: nur 4 Zeichen/);
  // The switch keeps what was typed, and the step.
  await language.selectOption("ja");
  await page.waitForSelector("html[lang=ja]");
  assert.equal(await page.title(), "ステップ 2/7：CA — Portcullis");
  assert.equal(await page.getByRole("textbox", { name: "CA の名前" }).inputValue(), "Portcullis Test-CA");
  assert.match(await passphraseError.innerText(), /^CA のパスフレーズ：4 文字しかありません。8 文字以上にしてください/);
  assert.equal(await lesson.innerText(), "CA とは何か、そしてその鍵をオフラインに置く理由");
  // A refusal on show is said again in the new language.
  assert.match(await refusal.innerText(), /^まずこれらを直してください：CA のパスフレーズ：4 文字しかありません/);
  await page.getByRole("button", { name: "戻る" }).waitFor();
  // Remembered across a reload, over the browser's own German.
  await page.reload();
  await page.waitForSelector("html[data-ready=true]");
  await page.getByRole("heading", { level: 1, name: "概要" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  // Back to English for the walk; German again before Generate, so the README is German.
  await language.selectOption("en");
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  await next(page, "CA");
  assert.equal(await lesson.innerText(), "What a CA is, and why its key stays offline");
  await page.getByRole("button", { name: "Back" }).click();
  await next(page, "CA");
  await fillCa(page);
  await next(page, "Server");
  await fillServerAndClients(page);
  await language.selectOption("de");
  await page.getByRole("heading", { level: 1, name: "Erzeugen" }).waitFor();
  await page.getByRole("button", { name: "Erzeugen" }).click();
  await page.getByText(/^Fertig: 4 Zertifikate/).waitFor({ timeout: 60_000 });
  await page.getByRole("button", { name: "Weiter" }).click();
  await page.getByRole("button", { name: "Weiter" }).click();
  await page.getByRole("heading", { level: 1, name: "Herunterladen" }).waitFor();
  const download = await clickDownload(page, "Bundle herunterladen");
  const zip = path.join(out, "bundle-de.zip");
  await download.saveAs(zip);
  const readme = execFileSync("unzip", ["-p", zip, "docker-tls-localhost/README.md"]).toString();
  assert.match(readme, /^# Docker über gegenseitiges TLS für localhost/);
  // Scripts stay English.
  const install = execFileSync("unzip", ["-p", zip, "docker-tls-localhost/server/install.sh"]).toString();
  assert.doesNotMatch(install, /Zertifikat/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a file the worker refuses is refused in the page's language, and again after a switch", async () => {
  const { context, page, errors } = await openWizard(1280, { locale: "de-DE", overview: "Überblick" });
  await page.getByRole("button", { name: "Eine CSR signieren" }).click();
  await page.getByRole("heading", { level: 1, name: "Eine CSR signieren" }).waitFor();
  await page.getByRole("textbox", { name: "Zertifikat der bestehenden CA (PEM)" }).fill("kein Zertifikat");
  const key = page.getByRole("textbox", { name: "Privater Schlüssel der bestehenden CA (PEM)" });
  await key.fill("kein Schlüssel");
  await key.blur();
  // The worker read it, and sent back why it refused it as data; the page says it in German.
  const said = page.locator("p.error[role=alert]");
  await page.getByText(/^Zertifikat der CA: ist kein gültiges X\.509-Zertifikat; geben Sie das Zertifikat der CA im PEM-Format an$/).waitFor();
  // A PEM block of the wrong kind, in Japanese after the switch.
  await page.getByRole("combobox", { name: "Language" }).selectOption("ja");
  await page.waitForSelector("html[lang=ja]");
  assert.equal(await said.innerText(), "CA の証明書：有効な X.509 証明書ではありません。CA の証明書を PEM 形式で指定してください");
  const certificate = page.getByRole("textbox", { name: "既存の CA の証明書（PEM）" });
  await certificate.fill("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  await certificate.blur();
  await page.getByText("CA の証明書：CERTIFICATE ブロックがありません。CA の鍵ではなく、CA の証明書を指定してください").waitFor();
  // And in English, as the CLI says it.
  await page.getByRole("combobox", { name: "Language" }).selectOption("en");
  await page.getByText("CA certificate: holds no CERTIFICATE block; give the CA's certificate, not its key").waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("a field's error is announced: aria-invalid, described by its error, in a polite live region that was there before", async () => {
  const { context, page, errors } = await openWizard(1280);
  await next(page, "CA");
  await fillCa(page);
  await next(page, "Server");
  const port = page.getByRole("textbox", { name: "Port" });
  const region = page.locator("#port-error");
  assert.equal(await region.getAttribute("aria-live"), "polite");
  assert.equal(await region.innerText(), "");
  assert.equal(await port.getAttribute("aria-invalid"), "false");
  await port.fill("70000");
  await port.blur();
  await page.waitForFunction(() => document.querySelector("#port-error")?.textContent.startsWith("port:"));
  assert.equal(await port.getAttribute("aria-invalid"), "true");
  assert.match(await port.getAttribute("aria-describedby"), /\bport-error\b/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard only: Tab, typing and Enter walk from the Overview to the downloaded zip", async () => {
  const { dir } = scratch("keyboard");
  const { context, page, errors } = await openWizard(1280);
  // Tab until the focused element is the one described (an id, or a button's text), at most 60
  // times; the page is never clicked.
  const tabTo = async (target) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      const here = await page.evaluate(() => {
        const el = document.activeElement;
        return { id: el?.id ?? "", text: el?.tagName === "BUTTON" ? el.textContent.trim() : "" };
      });
      if ((target.id && here.id === target.id) || (target.button && here.text === target.button)) return;
    }
    assert.fail(`Tab never reached ${JSON.stringify(target)}`);
  };
  const press = async (button, heading) => {
    await tabTo({ button });
    await page.keyboard.press("Enter");
    if (heading) await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
  };
  const type = async (id, text) => {
    await tabTo({ id });
    await page.keyboard.type(text);
  };
  await press("Next", "CA");
  await type("ca-name", "Keyboard CA");
  await type("ca-passphrase", PASSPHRASE);
  await type("ca-passphrase-repeat", PASSPHRASE);
  await press("Next", "Server");
  await type("server-dns", "localhost");
  await type("server-ip", "127.0.0.1");
  await press("Next", "Clients");
  await type("clients", "alice");
  await press("Next", "Generate");
  await press("Generate");
  await page.getByText(/^Done: 3 certificates/).waitFor({ timeout: 60_000 });
  await press("Next", "Review");
  await press("Next", "Download");
  await tabTo({ button: "Download bundle" });
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  assert.equal(download.suggestedFilename(), "docker-tls-localhost.zip");
  const zip = path.join(dir, "keyboard.zip");
  await download.saveAs(zip);
  const listing = execFileSync("unzip", ["-l", zip]).toString();
  assert.ok(listing.includes("docker-tls-localhost/clients/alice/key.pem"), listing);
  assert.deepEqual(errors, []);
  await context.close();
});

test("checking certificates: a client folder is fine, a key of another folder is named with docker's words", async () => {
  const { dir, sh } = scratch("check");
  const bin = process.env.PORTCULLIS_BIN ?? path.resolve("target/debug/portcullis");
  sh(`'${bin}' bundle --server-dns docker.example.com --client alice --client bob --no-ca-passphrase --out b.zip >/dev/null 2>&1
      unzip -q b.zip`);
  const client = (name, file) => path.join(dir, "docker-tls-docker.example.com", "clients", name, file);
  const { context, page, errors, afterLoad } = await openWizard(1280);
  await page.getByRole("button", { name: "Check certificates" }).click();
  await page.getByRole("heading", { level: 1, name: "Check certificates" }).waitFor();
  await page.getByLabel("…or open ca.pem").setInputFiles(client("alice", "ca.pem"));
  await page.getByLabel("…or open cert.pem").setInputFiles(client("alice", "cert.pem"));
  await page.getByLabel("…or open key.pem").setInputFiles(client("alice", "key.pem"));
  await page.getByRole("textbox", { name: "DOCKER_HOST" }).fill("tcp://docker.example.com:2376");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.getByText(/^Nothing here stops docker\./).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator(".findings li.error").count(), 0);
  await shoot(page, "check");
  // bob's key with alice's certificate.
  await page.getByLabel("…or open key.pem").setInputFiles(client("bob", "key.pem"));
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.getByText("docker will not connect: 1 problem to fix.").waitFor({ timeout: 30_000 });
  const problem = await page.locator(".findings li.error").innerText();
  assert.match(problem, /key\.pem is not the key of cert\.pem/);
  assert.match(problem, /tls: private key does not match public key/);
  // The findings came as data: in German they are said in German, docker's words as docker prints them.
  await page.getByRole("combobox", { name: "Language" }).selectOption("de");
  await page.getByText(/key\.pem ist nicht der Schlüssel zu cert\.pem/).waitFor();
  const gesagt = await page.locator(".findings li.error").innerText();
  assert.match(gesagt, /verwenden Sie cert\.pem und key\.pem aus demselben Ordner clients\/NAME\//);
  assert.match(gesagt, /tls: private key does not match public key/);
  assert.doesNotMatch(gesagt, /is not the key of/);
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("revoking a client writes a CRL that openssl honours", async () => {
  const { context, page, errors, afterLoad } = await openWizard(1280);
  const { dir, sh } = scratch("revoke");
  sh(`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca-key.pem
      openssl req -new -x509 -key ca-key.pem -subj /CN=Revoking-CA -addext keyUsage=critical,keyCertSign,cRLSign -days 100 -out ca.pem
      for who in lost kept; do
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $who-key.pem
        openssl req -new -key $who-key.pem -subj /CN=$who -out $who.csr
        printf 'extendedKeyUsage = clientAuth\n' > ext.cnf
        openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile ext.cnf -out $who.pem 2>/dev/null
      done`);
  await page.getByRole("button", { name: "Revoke a certificate" }).click();
  await page.getByRole("heading", { level: 1, name: "Revoke a certificate" }).waitFor();
  await page.getByLabel("…or open the certificate's file").setInputFiles(path.join(dir, "ca.pem"));
  await page.getByLabel("…or open the key's file").setInputFiles(path.join(dir, "ca-key.pem"));
  await page.getByText(/^Your CA "Revoking-CA"/).waitFor();
  await page.getByLabel("…or open a certificate's file").setInputFiles(path.join(dir, "lost.pem"));
  await page.getByRole("button", { name: "Make the CRL" }).click();
  await page.getByText("A new CRL, signed by your CA: 1 certificate revoked in all.").waitFor();
  await shoot(page, "revoke");
  const download = await clickDownload(page, "Save crl.pem");
  await download.saveAs(path.join(dir, "crl.pem"));
  const check = (who) => {
    try {
      return sh(`openssl verify -crl_check -CAfile ca.pem -CRLfile crl.pem -purpose sslclient ${who}.pem 2>&1`);
    } catch (error) {
      return String(error.stdout);
    }
  };
  assert.match(check("lost"), /certificate revoked/);
  assert.match(check("kept"), /kept\.pem: OK/);
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a server that makes its own key sends a CSR; the zip holds its certificate and no key", async () => {
  const { context, page, errors, afterLoad } = await openWizard(1280);
  const { dir, sh } = scratch("own-key");
  sh(`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out host-key.pem
      openssl req -new -key host-key.pem -subj /CN=localhost -out host.csr`);
  await next(page, "CA");
  await fillCa(page);
  await next(page, "Server");
  await page.getByRole("checkbox", { name: /^The server makes its own key/ }).check();
  await page.getByLabel("…or open the CSR's file").setInputFiles(path.join(dir, "host.csr"));
  await page.getByText(/^The CSR's signature is valid: subject CN=localhost/).waitFor();
  await shoot(page, "server-own-key");
  await fillServerAndClients(page);
  await generateAndDownload(page, 4, path.join(dir, "bundle.zip"));
  sh("unzip -q bundle.zip");
  const root = "docker-tls-localhost";
  assert.ok(!fs.existsSync(path.join(dir, root, "server/server-key.pem")), "the zip holds a server key");
  assert.equal(sh(`openssl x509 -noout -pubkey -in ${root}/server/server-cert.pem`), sh("openssl pkey -pubout -in host-key.pem"));
  assert.match(sh(`openssl verify -CAfile ${root}/ca/ca.pem -purpose sslserver ${root}/server/server-cert.pem`), /OK/);
  assert.deepEqual(afterLoad, [], "requests left the page after it loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("invalid input blocks Next, with the core's message beside the field", async () => {
  const { context, page, errors } = await openWizard(1280);
  await next(page, "CA");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { level: 1, name: "CA", exact: true }).waitFor();
  const refusal = page.locator("p.refusal");
  assert.match(await refusal.innerText(), /^Fix (this|these) first: CA passphrase: empty/);
  await fillCa(page);
  await next(page, "Server");
  const dns = page.getByRole("textbox", { name: "Server DNS names" });
  await dns.fill("docker.example.com.");
  const message = page.locator("#server-dns-error");
  assert.equal(
    await message.innerText(),
    "server DNS name: `docker.example.com.` ends with a dot, which stops dockerd from starting; write `docker.example.com`",
  );
  assert.equal(await dns.getAttribute("aria-invalid"), "true");
  await page.getByRole("textbox", { name: "Server IP addresses" }).fill("0.0.0.0");
  assert.match(await page.locator("#server-ip-error").innerText(), /wildcard listen address/);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { level: 1, name: "Server", exact: true }).waitFor();
  assert.match(await refusal.innerText(), /^Fix these first: server DNS name/);
  await shoot(page, "invalid-server");
  // The address clients will use is checked against the names.
  await dns.fill("docker.example.com");
  await page.getByRole("textbox", { name: "Server IP addresses" }).fill("");
  await page.getByRole("textbox", { name: "Address clients will connect to" }).fill("tcp://10.0.0.9:2376");
  await page.getByText("DOCKER_HOST with `10.0.0.9` would not match the certificate").waitFor();
  await next(page, "Clients");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the page may not make any request once loaded, and says so because it measured it", async () => {
  const { context, page } = await openWizard(1280);
  assert.match(await networkIndicator(page), /^Network blocked/);
  assert.match(await fetchFromPage(page, "/index.html"), /Failed to fetch|Content Security Policy/i, "connect-src 'none' must block fetch");
  const policies = await page.$$eval("meta[http-equiv=Content-Security-Policy]", (metas) => metas.map((m) => m.content));
  assert.equal(policies.length, 2);
  assert.match(policies[0], /default-src 'none'/);
  assert.equal(policies[1], "connect-src 'none'");
  assert.match(await page.locator("p.version").innerText(), /^Portcullis \d+\.\d+\.\d+, commit [0-9a-f]{12}(\+modified)?$/);
  await context.close();
});

test("keys before the click: RSA keys are made while the form is filled in, and wiped when the plan changes", async () => {
  const { context, page, errors } = await openWizard(1280);
  const stock = page.locator("p.stock");
  await next(page, "CA");
  await fillCa(page, "rsa-2048");
  await next(page, "Server");
  await fillServerAndClients(page);
  // The CA's, the server's, alice's and bob's, by WebCrypto while the steps were filled in.
  await stock.filter({ hasText: "4 of 4 RSA keys ready" }).waitFor({ timeout: 30_000 });
  // Another key type: the 2048-bit keys are wiped, 3072-bit ones made instead.
  for (const step of ["Clients", "Server", "CA"]) {
    await page.getByRole("button", { name: "Back" }).click();
    await page.getByRole("heading", { level: 1, name: step, exact: true }).waitFor();
  }
  await page.getByRole("combobox", { name: "Key type" }).selectOption("rsa-3072");
  for (const step of ["Server", "Clients", "Generate"]) await next(page, step);
  await stock.filter({ hasText: "4 of 4 RSA keys ready, and the CA key's encryption key" }).waitFor({ timeout: 60_000 });
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 60_000 });
  await page.getByText("4 of the keys were made ahead, while you filled in the form.").waitFor();
  await page.getByText(/^The CA key's encryption key \(600,000 PBKDF2 rounds\) was derived ahead/).waitFor();
  // Another maker: Portcullis' own Rust code makes them again, in the worker, one by one;
  // Generate pressed before they are all ready makes the rest, and every key is the Rust code's.
  await page.getByRole("combobox", { name: "Make the keys with" }).selectOption("rust");
  await stock.filter({ hasText: /: [0-3] of 4 RSA keys ready/ }).waitFor();
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 120_000 });
  assert.doesNotMatch(await page.locator(".status").innerText(), /4 of the keys were made ahead/);
  await next(page, "Review");
  for (const title of ["CA", "Server", "Client alice", "Client bob"]) {
    const region = await page.getByRole("region", { name: `${title} certificate` }).innerText();
    assert.match(region, /Key made by\s+Portcullis' own Rust code/, title);
  }
  const { sh } = scratch("ahead");
  await next(page, "Download");
  await (await clickDownload(page, "Download bundle")).saveAs(path.join(out, "ahead.zip"));
  // Every key is of the new type, none left over from the first.
  const bits = sh(`unzip -q ${path.join(out, "ahead.zip")}
    for key in docker-tls-localhost/server/server-key.pem docker-tls-localhost/clients/*/key.pem; do
      openssl pkey -in "$key" -noout -text | head -n 1
    done
    openssl x509 -in docker-tls-localhost/ca/ca.pem -noout -text | grep "Public-Key"`);
  assert.equal(bits.match(/3072 bit/g)?.length, 4, bits);
  assert.doesNotMatch(bits, /2048 bit/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("RSA 4096 runs in a worker: the page stays responsive, shows progress and can cancel", async () => {
  const { context, page, errors } = await openWizard(1280);
  await next(page, "CA");
  await fillCa(page, "rsa-4096");
  await next(page, "Server");
  await fillServerAndClients(page);
  // Eight clients, and Portcullis' own code, whose prime search takes long enough to watch
  // and cancel (a few keys may be ready before the click).
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("textbox", { name: "Client names" }).fill("alice bob carol dave erin frank grace heidi");
  await next(page, "Generate");
  await page.getByRole("combobox", { name: "Make the keys with" }).selectOption("rust");
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByRole("progressbar", { name: "Progress" }).waitFor();
  // The worker may first finish a key it was making ahead.
  const making = /Making the RSA keys, by Portcullis' own Rust code in parallel workers… \(step \d+ of 10\)/;
  await page.locator(".status").filter({ hasText: making }).waitFor({ timeout: 30_000 });
  // The prime search runs in parallel: the key worker and one prime-search worker per core.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.ok(page.workers().length >= 1 + Math.min(8, Math.max(2, cores)), `${page.workers().length} workers`);
  // The longest gap between 20 ms timer ticks on the main thread during a second of keygen.
  const longestGap = await page.evaluate(
    () =>
      new Promise((resolve) => {
        let last = performance.now();
        let longest = 0;
        const timer = setInterval(() => {
          const now = performance.now();
          longest = Math.max(longest, now - last);
          last = now;
        }, 20);
        setTimeout(() => {
          clearInterval(timer);
          resolve(longest);
        }, 1500);
      }),
  );
  assert.ok(longestGap < 250, `the main thread stalled for ${longestGap} ms`);
  assert.match(await page.locator(".status").innerText(), making);
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByText("Cancelled. Nothing was kept.").waitFor();
  // Cancel stops the search at once: the key worker and every prime-search worker end within
  // half a second (a prime-search worker yields every 20 ms or so; one that did not would be
  // killed by Chromium only 2 s after terminate()), and nothing starts making keys again until
  // the form changes.
  const cancelled = Date.now();
  while (page.workers().length > 0 && Date.now() - cancelled < 500) await page.waitForTimeout(10);
  assert.equal(page.workers().length, 0, "workers still running half a second after Cancel");
  await page.waitForTimeout(500);
  assert.equal(page.workers().length, 0, "a worker started again after Cancel");
  await page.getByRole("button", { name: "Next" }).click();
  assert.match(await page.locator("p.refusal").innerText(), /Press Generate/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("prime-search workers that all fail are said before the click and are a message after it, not an endless wait; Generate again starts afresh", async () => {
  // The page's policy is bypassed: the broken workers below load the real script with
  // importScripts, which its script-src refuses.
  const { context, page, errors } = await openWizard(1280, { bypassCSP: true });
  await next(page, "CA");
  await fillCa(page, "rsa-2048");
  await next(page, "Server");
  await fillServerAndClients(page);
  // The page now starts broken prime-search workers: each worker it starts runs its real
  // script inside one that breaks the prime search when told to. Every other prime-search
  // worker answers the search with a failure, as the shim does when the module cannot start;
  // the others die of an uncaught error, as a script does.
  await page.evaluate(() => {
    const Real = window.Worker;
    window.Worker = function (url, options) {
      const wrapper = `importScripts(${JSON.stringify(url)});
        const real = self.onmessage;
        self.onmessage = (e) => {
          if (e.data.portcullisBreak === "said") postMessage({ kind: "error", message: "WebAssembly.instantiate(): Out of memory" });
          else if (e.data.portcullisBreak === "threw") throw new Error("Out of memory");
          else return real(e);
        };`;
      return new Real(URL.createObjectURL(new Blob([wrapper], { type: "text/javascript" })), options);
    };
    const post = Real.prototype.postMessage;
    window.portcullisBreak = (n) => (n % 2 === 0 ? "said" : "threw");
    let searches = 0;
    Real.prototype.postMessage = function (message, transfer) {
      if (message?.kind === "primes") {
        const how = window.portcullisBreak(searches++);
        if (how) message = { ...message, portcullisBreak: how };
      }
      return post.call(this, message, transfer);
    };
  });
  const keyWorker = page.workers()[0] ?? (await page.waitForEvent("worker"));
  await page.getByRole("combobox", { name: "Make the keys with" }).selectOption("rust");
  // The keys made ahead for the Rust code failed: the step says why before the click.
  await page
    .locator("p.stock")
    .filter({ hasText: /^A key could not be made ahead of the click: .*Out of memory.*\. Generate tries again\.$/ })
    .waitFor({ timeout: 30_000 });
  // Generate tries again, with new workers, which fail too.
  await page.getByRole("button", { name: "Generate" }).click();
  await page
    .getByRole("alert")
    .filter({ hasText: /^Generation failed: the RSA keys could not be made: .*Out of memory/ })
    .waitFor({ timeout: 30_000 });
  // Every broken worker was terminated (a worker is gone from the list a moment after); the
  // key worker waits.
  const failed = Date.now();
  while (page.workers().length > 1 && Date.now() - failed < 2_000) await page.waitForTimeout(10);
  assert.equal(page.workers().length, 1, `${page.workers().length} workers after the failure`);
  assert.ok(page.workers().includes(keyWorker), "the key worker is gone");
  // Generate pressed again starts afresh; now only the first prime-search worker fails, and
  // the others make the keys.
  await page.evaluate(() => {
    let first = true;
    window.portcullisBreak = () => {
      if (!first) return undefined;
      first = false;
      return "threw";
    };
  });
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 60_000 });
  await next(page, "Review");
  assert.match(await page.getByRole("region", { name: "Server certificate" }).innerText(), /Key made by\s+Portcullis' own Rust code/);
  assert.deepEqual(errors, []);
  await context.close();
});

/// From the Overview, the key worker before it makes any RSA key: the CA step is left with P-256
/// (which starts the worker, for the CA key's encryption key), `patch` is run in the worker, and
/// the CA step is left again with `keyType`. Returns the worker.
async function keyWorkerPatchedBeforeRsa(page, keyType, patch) {
  await next(page, "CA");
  await fillCa(page);
  await next(page, "Server");
  const keyWorker = page.workers()[0] ?? (await page.waitForEvent("worker"));
  await keyWorker.evaluate(patch);
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("heading", { level: 1, name: "CA", exact: true }).waitFor();
  await page.getByRole("combobox", { name: "Key type" }).selectOption(keyType);
  await next(page, "Server");
  return keyWorker;
}

test("a key worker that cannot reach prime-search workers makes the Rust code's RSA keys itself, one at a time", async () => {
  const { context, page, errors } = await openWizard(1280);
  // Without MessageChannel the key worker has no way to hear prime-search workers.
  await keyWorkerPatchedBeforeRsa(page, "rsa-2048", () => delete self.MessageChannel);
  await fillServerAndClients(page);
  // Every status the run shows, and the most workers the page had at once.
  await page.evaluate(() => {
    window.portcullisStatuses = [];
    new MutationObserver(() => {
      const status = document.querySelector(".status")?.textContent;
      if (status && status !== window.portcullisStatuses.at(-1)) window.portcullisStatuses.push(status);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  let mostWorkers = 0;
  const counting = setInterval(() => (mostWorkers = Math.max(mostWorkers, page.workers().length)), 10);
  await page.getByRole("combobox", { name: "Make the keys with" }).selectOption("rust");
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 60_000 });
  clearInterval(counting);
  const statuses = await page.evaluate(() => window.portcullisStatuses);
  assert.ok(
    statuses.some((status) => /^Making the RSA keys, by Portcullis' own Rust code… \(step/.test(status)),
    statuses.join("\n"),
  );
  assert.ok(!statuses.some((status) => /in parallel workers/.test(status)), statuses.join("\n"));
  assert.equal(mostWorkers, 1, "a prime-search worker was started");
  await next(page, "Review");
  assert.match(await page.getByRole("region", { name: "Server certificate" }).innerText(), /Key made by\s+Portcullis' own Rust code/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("WebCrypto makes keys one at a time ahead of the click, and all a waiting run lacks at once", async () => {
  const { context, page, errors } = await openWizard(1280);
  // Counts the RSA keys WebCrypto is making at once, before and after Generate is clicked.
  // RSA-4096: slow enough that a run clicked at once still lacks keys.
  const keyWorker = await keyWorkerPatchedBeforeRsa(page, "rsa-4096", () => {
    const subtle = crypto.subtle;
    const real = subtle.generateKey.bind(subtle);
    self.portcullisKeys = { now: 0, most: 0, calls: 0 };
    subtle.generateKey = async (...args) => {
      const keys = self.portcullisKeys;
      keys.calls++;
      keys.most = Math.max(keys.most, ++keys.now);
      try {
        return await real(...args);
      } finally {
        keys.now--;
      }
    };
  });
  const keys = () => keyWorker.evaluate(() => ({ ...self.portcullisKeys }));
  await page.getByRole("textbox", { name: "Server DNS names" }).fill("localhost");
  await next(page, "Clients");
  await page.getByRole("textbox", { name: "Client names" }).fill("alice\nbob\ncarol\ndave\nerin\nfrank");
  await next(page, "Generate");
  const ahead = await keys();
  // The CA's, the server's and the first client's keys are wanted since the CA step was left,
  // the other clients' since the Clients step was: one at a time.
  assert.ok(ahead.calls >= 1, `no key started ahead: ${JSON.stringify(ahead)}`);
  assert.equal(ahead.most, 1, `keys made ahead at once: ${JSON.stringify(ahead)}`);
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 8 certificates/).waitFor({ timeout: 60_000 });
  const run = await keys();
  const cores = await keyWorker.evaluate(() => navigator.hardwareConcurrency);
  // The run lacked most of its eight keys (an RSA-4096 key takes about a second here, and at
  // least a third of that on a fast machine): it asked for them together, as many as the
  // cores allow (2 to 8).
  assert.ok(run.most >= 2 && run.most <= Math.min(Math.max(cores, 2), 8), JSON.stringify({ ahead, run, cores }));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a key WebCrypto could not make ahead of the click is said before it, and tried again by Generate", async () => {
  const { context, page, errors } = await openWizard(1280);
  // WebCrypto refuses the first RSA key asked for, as a browser out of memory would.
  const keyWorker = await keyWorkerPatchedBeforeRsa(page, "rsa-2048", () => {
    const subtle = crypto.subtle;
    const real = subtle.generateKey.bind(subtle);
    self.portcullisRefused = 0;
    subtle.generateKey = (...args) => {
      if (self.portcullisRefused++ === 0) return Promise.reject(new DOMException("out of memory", "OperationError"));
      return real(...args);
    };
  });
  await fillServerAndClients(page);
  // The refusal has come, ahead of the click.
  const asked = Date.now();
  while ((await keyWorker.evaluate(() => self.portcullisRefused)) === 0 && Date.now() - asked < 10_000) {
    await page.waitForTimeout(20);
  }
  assert.ok((await keyWorker.evaluate(() => self.portcullisRefused)) >= 1, "no key was asked for ahead");
  // The Generate step says so before the click, in its status region, with the browser's words;
  // only that one key was asked for and refused: the stock makes no more for this plan.
  const status = page.getByRole("status").filter({ has: page.locator("p.stock") });
  await status
    .filter({ hasText: "A key could not be made ahead of the click: out of memory. Generate tries again." })
    .waitFor({ timeout: 10_000 });
  assert.equal(await keyWorker.evaluate(() => self.portcullisRefused), 1);
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByText(/^Done: 4 certificates/).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByRole("alert").filter({ hasText: "Generation failed" }).count(), 0);
  assert.equal(await page.locator("p.stock").count(), 0, "the failure ahead is not said once the run is done");
  await next(page, "Review");
  assert.match(await page.getByRole("region", { name: "Server certificate" }).innerText(), /Key made by\s+this browser's WebCrypto/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a failure to start the worker is a message, not a dead page", async () => {
  const { context, page, errors } = await openWizard(390);
  // Before the CA step is left, where the key worker would start to derive the CA key's
  // encryption key ahead (a failure there is not shown: Generate says it).
  await page.evaluate(() => delete window.portcullisWorker);
  await next(page, "CA");
  await fillCa(page);
  await next(page, "Server");
  await fillServerAndClients(page);
  assert.equal(page.workers().length, 0);
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByRole("alert").filter({ hasText: "Generation failed: the page did not finish loading" }).waitFor();
  // Still alive: Back works.
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("heading", { level: 1, name: "Clients", exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
