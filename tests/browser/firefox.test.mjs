// The served wizard in Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core
// (playwright-core speaks BiDi too, but asks stock Firefox for a command it lacks). Every
// other browser test runs in Chromium; this one shows that the wizard works in the other
// engine too: keys and the CA key's PBKDF2 by Firefox's WebCrypto (which makes them on a pool
// of threads of its own), RSA keys by the Rust prime search in several Web Workers, the Rust
// PBKDF2, and the single file from file://. Each bundle is checked by openssl: the chains, the
// CA key opened with the passphrase (so the PBKDF2 gave the bytes openssl derives), and each
// key against its certificate.
//
// The page starts the prime-search workers, not the key worker: Firefox 153 now and then never
// returned from a `new Worker` called inside a worker (1 to 3 runs in 40 to 60, the key worker
// frozen inside the constructor), so the RSA test by the Rust code below hung that often.
// Run by `cargo xtask test` with the Chromium tests (node --test tests/browser/).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  PASSPHRASE,
  firefoxButton,
  firefoxHeading,
  firefoxNext,
  firefoxWalkToGenerate,
  launchFirefox,
  scratch,
  serveDist,
} from "./lib.mjs";

let served;
let browser;

before(async () => {
  served = await serveDist();
  browser = await launchFirefox();
});

after(async () => {
  await browser?.close();
  await served?.close();
});

/// Before the page's first script: keeps every Blob the page makes an object URL of, so that
/// the bundle's zip can be read back without the browser's download machinery.
function keepBlobs() {
  window.portcullisBlobs = [];
  const create = URL.createObjectURL;
  URL.createObjectURL = (blob) => {
    window.portcullisBlobs.push(blob);
    return create(blob);
  };
}

async function textOf(page, selector) {
  return page.$eval(selector, (element) => element.innerText);
}

/// Walks the wizard at `url` (the served build unless given) from the Overview to a
/// downloaded bundle (the CA, the server localhost and 127.0.0.1, the clients alice and bob)
/// with `keyType` and `maker`, and returns what the network indicator, Generate and Review
/// said, and the zip's bytes.
async function bundle(keyType, maker, url = served.url) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.evaluateOnNewDocument(keepBlobs);
  await page.goto(url);
  await firefoxHeading(page, "Overview");
  await page.waitForFunction(() => !/^Checking/.test(document.querySelector("p.network")?.textContent ?? "Checking"));
  const network = await page.$eval("p.network", (element) => element.textContent);
  await firefoxWalkToGenerate(page, { keyType, maker, clients: "alice\nbob" });
  await page.locator(firefoxButton("Generate")).click();
  await page.waitForFunction(() => /^Done: 4 certificates/.test(document.querySelector("p.done")?.textContent ?? ""), {
    timeout: 120_000,
    polling: 100,
  });
  const done = await textOf(page, ".status");
  await firefoxNext(page, "Review");
  const review = await textOf(page, "main");
  await firefoxNext(page, "Download");
  await page.locator(firefoxButton("Download bundle")).click();
  // The zip's Blob, not the key worker's script, which the page made one of too.
  await page.waitForFunction(() => window.portcullisBlobs.some((blob) => blob.type === "application/zip"));
  const base64 = await page.evaluate(async () => {
    const blob = window.portcullisBlobs.findLast((b) => b.type === "application/zip");
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
  await context.close();
  // Firefox reports the refusal of the page's network check among the page's errors: at start
  // the page asks its own address (from a file, the loopback address) and says "network
  // blocked" when its policy refuses.
  const probe = url.startsWith("file:") ? "http://127.0.0.1:9/" : url;
  const refusedCheck = (error) => error.includes(`(connect-src) at ${probe} `) && error.includes("connect-src 'none'");
  assert.deepEqual(errors.filter((error) => !refusedCheck(error)), [], "the page threw");
  return { network, done, review, zip: Buffer.from(base64, "base64") };
}

/// The bundle unpacked and checked with openssl: both chains, the CA key opened with the
/// passphrase, and each certificate's key its own.
function checkWithOpenssl(name, zip, keyAlgorithm) {
  const { dir, sh } = scratch(`firefox-${name}`);
  fs.writeFileSync(path.join(dir, "bundle.zip"), zip);
  sh("unzip -q bundle.zip");
  const root = path.join(dir, "docker-tls-localhost");
  assert.ok(fs.existsSync(root), `the zip holds no docker-tls-localhost/: ${fs.readdirSync(dir)}`);
  const at = (line) => sh(`cd docker-tls-localhost && ${line}`);
  for (const cert of ["server/server-cert.pem", "clients/alice/cert.pem", "clients/bob/cert.pem"]) {
    assert.match(at(`openssl verify -CAfile ca/ca.pem ${cert}`), /: OK/, cert);
  }
  const caKey = at(`openssl pkey -in ca/ca-key.pem -passin 'pass:${PASSPHRASE}' -noout -text`);
  assert.match(caKey, new RegExp(keyAlgorithm), "the CA key, opened with the passphrase");
  const pairs = [
    ["ca/ca-key.pem", "ca/ca.pem", `-passin 'pass:${PASSPHRASE}'`],
    ["server/server-key.pem", "server/server-cert.pem", ""],
    ["clients/alice/key.pem", "clients/alice/cert.pem", ""],
    ["clients/bob/key.pem", "clients/bob/cert.pem", ""],
  ];
  for (const [key, cert, pass] of pairs) {
    assert.equal(at(`openssl pkey -in ${key} ${pass} -pubout`), at(`openssl x509 -in ${cert} -noout -pubkey`), key);
  }
}

test("Firefox: RSA keys by Firefox's WebCrypto make a bundle openssl accepts, and Review says so", async () => {
  const { network, done, review, zip } = await bundle("rsa-2048", "webcrypto");
  assert.match(network, /^Network blocked: At start this page tried a request to its own address/);
  assert.match(done, /The RSA signatures were made by this browser's WebCrypto/);
  assert.match(review, /Key made by\s+this browser's WebCrypto; encrypted with a key from WebCrypto's PBKDF2/);
  assert.doesNotMatch(review, /Key made by\s+Portcullis/);
  checkWithOpenssl("webcrypto", zip, "Private-Key: \\(2048 bit");
});

test("Firefox: RSA keys by the Rust prime search in Web Workers make a bundle openssl accepts", async () => {
  const { done, review, zip } = await bundle("rsa-2048", "rust");
  assert.doesNotMatch(done, /signatures were made by this browser's WebCrypto/);
  assert.match(review, /Key made by\s+Portcullis' own Rust code; encrypted with a key from Portcullis' own PBKDF2/);
  assert.doesNotMatch(review, /Key made by\s+this browser's WebCrypto/);
  checkWithOpenssl("rust-rsa", zip, "Private-Key: \\(2048 bit");
});

test("Firefox: Portcullis' own Rust code makes a P-256 bundle openssl accepts, the CA key's PBKDF2 too", async () => {
  const { done, review, zip } = await bundle("ecdsa-p256", "rust");
  assert.doesNotMatch(done, /by this browser's WebCrypto/);
  assert.match(review, /Key made by\s+Portcullis' own Rust code; encrypted with a key from Portcullis' own PBKDF2/);
  assert.doesNotMatch(review, /WebCrypto/);
  checkWithOpenssl("rust", zip, "ASN1 OID: prime256v1");
});

test("Firefox: an ECDSA P-256 bundle, with the CA key's PBKDF2 by WebCrypto", async () => {
  const { review, zip } = await bundle("ecdsa-p256", "webcrypto");
  assert.match(review, /encrypted with a key from WebCrypto's PBKDF2/);
  checkWithOpenssl("p256", zip, "ASN1 OID: prime256v1");
});

// What an air-gapped Firefox user opens: the shipped single file, from disk. Firefox lets a
// page from a file read the files beside it whatever its connect-src says, so a check that
// asked the file's own address said "Network NOT blocked" here while the network was shut.
test("Firefox: the single file from file:// says the network is blocked, and makes a bundle openssl accepts", async () => {
  const release = path.resolve(process.env.PORTCULLIS_DIST_RELEASE ?? "target/dist-release");
  const file = path.join(release, "portcullis.html");
  assert.ok(fs.existsSync(file), `no portcullis.html in ${release}: run cargo xtask dist`);
  const { network, review, zip } = await bundle("rsa-2048", "webcrypto", pathToFileURL(file).href);
  assert.match(network, /^Network blocked: At start this page tried a request to this machine's loopback address/);
  assert.match(review, /Key made by\s+this browser's WebCrypto/);
  checkWithOpenssl("single-file", zip, "Private-Key: \\(2048 bit");
});
