//! The single-file page: Trunk's build of the wizard with every asset inlined, so that one HTML
//! file holds both wasm modules (the page's and the workers'), their wasm-bindgen glue, the
//! loader and the CSS, and makes no request of any kind when opened — not even for its own wasm.
//!
//! Trunk cannot do this (it has no single-file mode and never inlines wasm), so this step reads
//! what Trunk wrote and rewrites its `<head>` element by element: the development policy and the
//! preload links go, the stylesheet becomes a `<style>`, the loader becomes the page's glue and
//! the single-file loader as inline module scripts. Beside them go the data: each wasm gzipped
//! (the browser's own DecompressionStream undoes it) and then base64, in HTML comments of
//! [`CHUNK`] characters each (a browser parses many small text nodes much faster than one
//! large one, and base64 holds no `--` to end a comment early), and the workers' glue as a text
//! block, never executed, from which the page starts its workers. Trunk's page does not name the
//! workers' files (a worker's are named after its binary), so they are read by those names.
//! An element it does not know is an error, never passed through, so a change in Trunk's
//! output cannot smuggle a request into the page. The output depends only on its inputs: no
//! time, no paths, no ordering but the input's.

use std::io::Write as _;

use anyhow::{Context, Result, bail, ensure};
use base64ct::{Base64, Encoding};
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

/// The name of the comments that carry the page's wasm, gzip then base64; the single-file
/// loader reads them.
const WASM_ID: &str = "portcullis-wasm";
/// Characters of base64 per comment: a multiple of 4, so that each decodes on its own.
const CHUNK: usize = 16 * 1024;
/// The id of the inline module that is the wasm-bindgen glue; the loader hands its text to the
/// key-generation workers.
const GLUE_ID: &str = "portcullis-glue";
/// Appended to the glue, which is a module: the loader, another module, reaches its init this way.
const GLUE_EXPORT: &str = "\nglobalThis.portcullisInit = __wbg_init;\n";
/// The workers' glue, as Trunk writes it for the `data-type="worker"` link of index.html (a
/// classic script, wasm-bindgen's `no-modules` output).
const WORKER_JS: &str = "portcullis-worker.js";
/// The workers' wasm, likewise.
const WORKER_WASM: &str = "portcullis-worker_bg.wasm";
/// The id of the text block that carries the workers' glue.
const WORKER_GLUE_ID: &str = "portcullis-worker-glue";
/// The name of the comments that carry the workers' wasm, gzip then base64.
const WORKER_WASM_ID: &str = "portcullis-worker-wasm";
/// A browser looks for the charset declaration only in the first 1024 bytes.
const CHARSET_WINDOW: usize = 1024;

/// The page's Content-Security-Policy: nothing may be fetched, scripts and styles run only by
/// their hashes, the wasm may be compiled and the workers started from Blob URLs.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    script_hashes: Vec<String>,
    style_hashes: Vec<String>,
}

impl Policy {
    /// The policy as the page's `<meta>` states it (a meta policy cannot say `frame-ancestors`).
    pub fn meta(&self) -> String {
        format!(
            "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {}; worker-src blob:; \
             connect-src 'none'; base-uri 'none'; form-action 'none'",
            self.script_hashes.join(" "),
            self.style_hashes.join(" "),
        )
    }

    /// The policy as a static host sends it: the meta policy, and no framing.
    pub fn header(&self) -> String {
        format!("{}; frame-ancestors 'none'", self.meta())
    }

    /// `_headers`, the file Netlify and Cloudflare Pages read, for every path of the site.
    pub fn headers_file(&self) -> String {
        format!(
            "/*\n  Content-Security-Policy: {}\n  X-Content-Type-Options: nosniff\n  \
             Referrer-Policy: no-referrer\n",
            self.header()
        )
    }
}

/// The packed page and the policy it carries.
#[derive(Debug)]
pub struct Packed {
    pub html: String,
    pub policy: Policy,
}

/// The scripts of the single-file page that are not Trunk's.
pub struct Scripts<'a> {
    /// The loader, a module run once the page is parsed (web/single-file-loader.js).
    pub loader: &'a str,
    /// What starts the page's module while the rest is parsed (web/single-file-early.js), a
    /// classic script right after the page's wasm.
    pub early: &'a str,
}

/// Packs Trunk's `index.html` into one file. `read` gives the bytes of a file Trunk's page names
/// (by its path in the build, without the leading `/`); `scripts` are the single-file page's own.
pub fn pack(
    trunk_html: &str,
    read: impl Fn(&str) -> Result<Vec<u8>>,
    scripts_of_ours: &Scripts<'_>,
) -> Result<Packed> {
    let head_start = find_tag(trunk_html, "<head>")? + "<head>".len();
    let head_end = find_tag(trunk_html, "</head>")?;
    let body = &trunk_html[head_end..];
    if let Some(tag) = ["<script", "<link", "<style", "<iframe", "<img"]
        .iter()
        .find(|tag| body.to_ascii_lowercase().contains(*tag))
    {
        bail!("Trunk's page has a `{tag}` element outside <head>: the packer would not inline it");
    }

    // The head is written anew, one element per line, from what Trunk's holds.
    let mut elements = Vec::new();
    let mut scripts = Vec::new();
    let mut styles = Vec::new();
    let mut rest = &trunk_html[head_start..head_end];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            // Comments explain the development page; they would mislead in this one.
            let end = comment
                .find("-->")
                .context("an HTML comment in <head> never ends")?;
            rest = &comment[end + "-->".len()..];
            continue;
        }
        ensure!(
            rest.starts_with('<'),
            "Trunk's <head> has text outside an element: {:?}",
            rest.lines().next().unwrap_or_default()
        );
        let tag = Tag::parse(rest)?;
        rest = &rest[tag.len..];
        match tag.name.as_str() {
            "meta" if tag.attr("http-equiv").is_some_and(is_csp) => {}
            "meta" => elements.push(tag.raw.to_owned()),
            "title" => {
                let end = rest.find("</title>").context("the <title> never ends")?;
                elements.push(format!("{}{}</title>", tag.raw, &rest[..end]));
                rest = &rest[end + "</title>".len()..];
            }
            "link" => match tag.attr("rel") {
                Some("modulepreload" | "preload") => {}
                Some("stylesheet") => {
                    let css = text_file(&read, tag.url("href")?)?;
                    refuse_end_tag(&css, "style", "the stylesheet")?;
                    styles.push(hash(&css));
                    elements.push(format!("<style>{css}</style>"));
                }
                rel => bail!("Trunk's page has a <link rel={rel:?}> the packer cannot inline"),
            },
            // Data (the German and Japanese words): never run, so outside the policy.
            "script" if tag.attr("type") == Some("application/json") => {
                let end = rest
                    .find("</script>")
                    .context("a data <script> in Trunk's page never ends")?;
                let data = &rest[..end];
                refuse_end_tag(data, "script", "a data <script>")?;
                elements.push(format!("{}{data}</script>", tag.raw));
                rest = &rest[end + "</script>".len()..];
            }
            "script" => {
                ensure!(
                    tag.attr("data-js").is_some() && tag.attr("data-wasm").is_some(),
                    "Trunk's page has a <script> that is not the loader (no data-js and data-wasm): \
                     the packer cannot inline it"
                );
                rest = rest.strip_prefix("</script>").context(
                    "a <script> in Trunk's page is not empty: the packer expects only the loader",
                )?;
                let glue = text_file(&read, tag.url("data-js")?)?;
                let wasm = read(tag.url("data-wasm")?)?;
                let worker = Module {
                    glue: text_file(&read, WORKER_JS)?,
                    wasm: read(WORKER_WASM)?,
                };
                let page = Module { glue, wasm };
                elements.extend(inline_scripts(
                    &page,
                    &worker,
                    scripts_of_ours,
                    &mut scripts,
                )?);
            }
            other => bail!("Trunk's page has a <{other}> element the packer does not know"),
        }
    }
    ensure!(
        !scripts.is_empty(),
        "Trunk's page has no loader <script>: nothing would start the wizard"
    );

    let policy = Policy {
        script_hashes: scripts,
        style_hashes: styles,
    };
    elements.insert(
        0,
        format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
            policy.meta()
        ),
    );
    let html = format!(
        "{}\n    {}\n  {body}",
        &trunk_html[..head_start],
        elements.join("\n    "),
    );
    let charset = html
        .find("<meta charset")
        .context("the page declares no charset")?;
    ensure!(
        charset < CHARSET_WINDOW,
        "the charset is declared at byte {charset}, past the first {CHARSET_WINDOW} bytes where browsers look"
    );
    Ok(Packed { html, policy })
}

/// A wasm module and its wasm-bindgen glue.
struct Module {
    glue: String,
    wasm: Vec<u8>,
}

/// The data blocks (never executed, so outside the policy): each wasm, and the workers' glue as
/// text; then the page's glue and the loader as inline modules. Between the two wasm, the
/// classic script that starts the page's module while the rest is parsed. The scripts' hashes go
/// into `hashes`. The wasm is gzipped before base64: the page is then less than half the size,
/// on disk as on the wire.
fn inline_scripts(
    page: &Module,
    worker: &Module,
    ours: &Scripts<'_>,
    hashes: &mut Vec<String>,
) -> Result<[String; 6]> {
    for (glue, what) in [
        (&page.glue, "the wasm-bindgen glue"),
        (&worker.glue, "the workers' wasm-bindgen glue"),
    ] {
        // An import would be a request, and from file:// a refused one.
        if let Some(line) = glue
            .lines()
            .find(|line| line.trim_start().starts_with("import "))
        {
            bail!("{what} imports another file (`{line}`): it cannot be inlined");
        }
    }
    ensure!(
        page.glue.contains("__wbg_init"),
        "the wasm-bindgen glue has no `__wbg_init`: not the glue this packer knows"
    );
    ensure!(
        worker.glue.contains("wasm_bindgen ="),
        "the workers' wasm-bindgen glue sets no `wasm_bindgen`: not the no-modules glue the workers start from"
    );
    let glue = format!("{}{GLUE_EXPORT}", page.glue);
    refuse_end_tag(&glue, "script", "the wasm-bindgen glue")?;
    refuse_end_tag(&worker.glue, "script", "the workers' wasm-bindgen glue")?;
    refuse_end_tag(ours.loader, "script", "the single-file loader")?;
    refuse_end_tag(ours.early, "script", "the single-file page's early start")?;
    hashes.push(hash(&glue));
    hashes.push(hash(ours.loader));
    hashes.push(hash(ours.early));
    let data = |id: &str, wasm: &[u8]| -> Result<String> { Ok(comments(id, &gzip(wasm)?)) };
    Ok([
        data(WASM_ID, &page.wasm)?,
        format!("<script>{}</script>", ours.early),
        data(WORKER_WASM_ID, &worker.wasm)?,
        format!(
            "<script type=\"text/plain\" id=\"{WORKER_GLUE_ID}\">{}</script>",
            worker.glue
        ),
        format!("<script type=\"module\" id=\"{GLUE_ID}\">{glue}</script>"),
        format!("<script type=\"module\">{}</script>", ours.loader),
    ])
}

/// `bytes` in base64, as comments `<!--NAME BASE64-->` of at most [`CHUNK`] characters each.
fn comments(name: &str, bytes: &[u8]) -> String {
    let base64 = Base64::encode_string(bytes);
    base64
        .as_bytes()
        .chunks(CHUNK)
        .map(|chunk| {
            // Base64 is ASCII, and holds no `-`: no comment ends early.
            format!("<!--{name} {}-->", String::from_utf8_lossy(chunk))
        })
        .collect()
}

/// gzip at its best level; no name and no time in the header, so the bytes depend on `bytes` only.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// The `'sha256-…'` source expression that allows exactly this inline script or style.
fn hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        Base64::encode_string(&Sha256::digest(text.as_bytes()))
    )
}

fn is_csp(value: &str) -> bool {
    value.eq_ignore_ascii_case("content-security-policy")
}

/// Inline text that would end its element early, or switch the parser into a comment state,
/// cannot be inlined as it is.
fn refuse_end_tag(text: &str, element: &str, what: &str) -> Result<()> {
    let lower = text.to_ascii_lowercase();
    for bad in [
        format!("</{element}"),
        "<!--".to_owned(),
        format!("<{element}"),
    ] {
        ensure!(
            !lower.contains(&bad),
            "{what} contains `{bad}`, which would break its inline <{element}>"
        );
    }
    Ok(())
}

fn text_file(read: &impl Fn(&str) -> Result<Vec<u8>>, path: &str) -> Result<String> {
    String::from_utf8(read(path)?).with_context(|| format!("{path} is not UTF-8"))
}

fn find_tag(html: &str, tag: &str) -> Result<usize> {
    let found: Vec<_> = html.match_indices(tag).collect();
    match found[..] {
        [(index, _)] => Ok(index),
        [] => bail!("Trunk's page has no {tag}"),
        _ => bail!("Trunk's page has {tag} {} times", found.len()),
    }
}

/// One start (or end) tag as written: `<name attr="value" …>`.
#[derive(Debug)]
struct Tag<'a> {
    name: String,
    attrs: Vec<(String, String)>,
    raw: &'a str,
    len: usize,
}

impl<'a> Tag<'a> {
    fn parse(text: &'a str) -> Result<Self> {
        let mut chars = text.char_indices().skip(1).peekable();
        let mut name = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() || c == '>' || (c == '/' && !name.is_empty()) {
                break;
            }
            name.push(c.to_ascii_lowercase());
            chars.next();
        }
        let mut attrs = Vec::new();
        loop {
            while chars
                .next_if(|&(_, c)| c.is_whitespace() || c == '/')
                .is_some()
            {}
            let Some((index, c)) = chars.next() else {
                bail!("a <{name}> tag in Trunk's page never ends");
            };
            if c == '>' {
                let len = index + 1;
                return Ok(Self {
                    name,
                    attrs,
                    raw: &text[..len],
                    len,
                });
            }
            let mut key = c.to_ascii_lowercase().to_string();
            while let Some((_, c)) =
                chars.next_if(|&(_, c)| !c.is_whitespace() && !"=>/".contains(c))
            {
                key.push(c.to_ascii_lowercase());
            }
            let mut value = String::new();
            if chars.next_if(|&(_, c)| c == '=').is_some() {
                match chars.next_if(|&(_, c)| c == '"' || c == '\'') {
                    Some((_, quote)) => {
                        for (_, c) in chars.by_ref() {
                            if c == quote {
                                break;
                            }
                            value.push(c);
                        }
                    }
                    None => {
                        while let Some((_, c)) =
                            chars.next_if(|&(_, c)| !c.is_whitespace() && c != '>')
                        {
                            value.push(c);
                        }
                    }
                }
            }
            attrs.push((key, value));
        }
    }

    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A file of the build that this tag names: a plain path, never an address elsewhere.
    fn url(&self, key: &str) -> Result<&str> {
        let value = self
            .attr(key)
            .with_context(|| format!("a <{}> in Trunk's page has no {key}", self.name))?;
        let path = value.trim_start_matches("./").trim_start_matches('/');
        ensure!(
            !path.is_empty()
                && !path.contains("..")
                && !path.contains(':')
                && !path.contains("//")
                && !path.contains(['?', '#', '&']),
            "<{} {key}={value:?}> is not a file of the build",
            self.name
        );
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Read as _;

    use super::*;

    /// A page as Trunk 0.21 writes it for our index.html and Trunk.toml.
    const TRUNK_PAGE: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <!-- explains the development page -->
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'self'"
    />
    <meta name="referrer" content="no-referrer" />
    <title>Portcullis: made on this machine</title>
    <script type="module" src="/loader.js" data-js="/app-1.js" data-wasm="/app-1_bg.wasm"></script>
    <link rel="stylesheet" href="/style-2.css" integrity="sha384-z"/>
    <!-- The German and Japanese words, as data -->
<script type="application/json" id="portcullis-words-de">["Schritt \u003c 1"]</script>
    
  <link rel="modulepreload" href="/app-1.js" crossorigin="anonymous" integrity="sha384-x"><link rel="preload" href="/app-1_bg.wasm" crossorigin="anonymous" integrity="sha384-y" as="fetch" type="application/wasm"></head>
  <body>
    <noscript>needs JavaScript</noscript>
  </body>
</html>
"#;
    const GLUE: &str = "let wasm;\nasync function __wbg_init(m) {}\nexport default __wbg_init;\n";
    /// The shape of wasm-bindgen's `no-modules` glue.
    const WORKER_GLUE: &str = "let wasm_bindgen;\n(function() {\n    wasm_bindgen = Object.assign(__wbg_init, {});\n})();\n";
    const LOADER: &str = "await globalThis.portcullisInit({});\n";
    const EARLY: &str = "window.portcullisPage = 1;\n";

    fn files() -> BTreeMap<&'static str, Vec<u8>> {
        BTreeMap::from([
            ("app-1.js", GLUE.as_bytes().to_vec()),
            ("app-1_bg.wasm", b"\0asm\x01\0\0\0".to_vec()),
            ("style-2.css", b"body { color: black }\n".to_vec()),
            (WORKER_JS, WORKER_GLUE.as_bytes().to_vec()),
            (WORKER_WASM, b"\0asm\x01\0\0\0worker".to_vec()),
        ])
    }

    fn pack_with(page: &str, files: &BTreeMap<&'static str, Vec<u8>>) -> Result<Packed> {
        pack(
            page,
            |path| files.get(path).cloned().context(format!("no {path}")),
            &Scripts {
                loader: LOADER,
                early: EARLY,
            },
        )
    }

    /// Why packing `page` failed; a page that packs fails the test.
    fn refusal(page: &str, files: &BTreeMap<&'static str, Vec<u8>>) -> String {
        match pack_with(page, files) {
            Ok(packed) => panic!("packed, though it should not:\n{}", packed.html),
            Err(error) => format!("{error:#}"),
        }
    }

    #[test]
    fn the_policy_is_the_first_element_of_head_and_names_every_inline_script() -> Result<()> {
        let packed = pack_with(TRUNK_PAGE, &files())?;
        let head = packed.html.split("<head>").nth(1).context("no head")?;
        let first = head.trim_start();
        assert!(
            first.starts_with(&format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
                packed.policy.meta()
            )),
            "{head}"
        );
        let glue = format!("{GLUE}{GLUE_EXPORT}");
        let meta = packed.policy.meta();
        assert_eq!(
            meta,
            format!(
                "default-src 'none'; script-src {} {} {} 'wasm-unsafe-eval'; style-src {}; \
                 worker-src blob:; connect-src 'none'; base-uri 'none'; form-action 'none'",
                hash(&glue),
                hash(LOADER),
                hash(EARLY),
                hash("body { color: black }\n")
            )
        );
        // What a browser computes for the stylesheet (openssl dgst -sha256 -binary | base64).
        assert!(meta.contains("style-src 'sha256-ma+qGf5rVKUZwFIdbrzEmFFODf4megF/AX+Eu/KQMSA=';"));
        for forbidden in [
            "'unsafe-inline'",
            "'unsafe-eval'",
            "'self'",
            "data:",
            "http",
        ] {
            assert!(!meta.contains(forbidden), "{forbidden} in {meta}");
        }
        Ok(())
    }

    #[test]
    fn every_asset_is_inline_and_nothing_names_a_file() -> Result<()> {
        let html = pack_with(TRUNK_PAGE, &files())?.html;
        // Each wasm comes back out of its comments, in order, with base64 and gunzip.
        let unpacked = |id: &str| -> Result<Vec<u8>> {
            let prefix = format!("<!--{id} ");
            let mut base64 = String::new();
            for part in html.split(&prefix).skip(1) {
                let chunk = part.split("-->").next().context("a comment never ends")?;
                assert!(chunk.len() <= CHUNK && chunk.len() % 4 == 0);
                base64.push_str(chunk);
            }
            let compressed = Base64::decode_vec(&base64)?;
            let mut wasm = Vec::new();
            flate2::read::GzDecoder::new(compressed.as_slice()).read_to_end(&mut wasm)?;
            Ok(wasm)
        };
        assert_eq!(unpacked(WASM_ID)?, b"\0asm\x01\0\0\0");
        assert_eq!(unpacked(WORKER_WASM_ID)?, b"\0asm\x01\0\0\0worker");
        assert!(html.contains(&format!(
            "<script type=\"text/plain\" id=\"{WORKER_GLUE_ID}\">{WORKER_GLUE}</script>"
        )));
        assert!(html.contains(&format!(
            "<script type=\"module\" id=\"{GLUE_ID}\">{GLUE}{GLUE_EXPORT}</script>"
        )));
        assert!(html.contains(&format!("<script type=\"module\">{LOADER}</script>")));
        assert!(html.contains(&format!("<script>{EARLY}</script>")));
        assert!(html.contains("<style>body { color: black }\n</style>"));
        // The words' data passes as it is, outside the policy (it never runs).
        assert!(html.contains(
            "<script type=\"application/json\" id=\"portcullis-words-de\">[\"Schritt \\u003c 1\"]</script>"
        ));
        for gone in [
            "href=",
            "src=",
            "app-1",
            "style-2",
            "portcullis-worker.js",
            "portcullis-worker_bg",
            "loader.js",
            "'self'",
        ] {
            assert!(!html.contains(gone), "{gone} is still in\n{html}");
        }
        // The only comments are the data: Trunk's are gone.
        for comment in html.split("<!--").skip(1) {
            assert!(
                comment.starts_with(&format!("{WASM_ID} "))
                    || comment.starts_with(&format!("{WORKER_WASM_ID} ")),
                "a comment that is no data: {comment:.40}"
            );
        }
        assert_eq!(html.matches("Content-Security-Policy").count(), 1);
        // The whole page: the head anew, one element per line, in Trunk's order; the rest as
        // Trunk wrote it.
        let packed = pack_with(TRUNK_PAGE, &files())?;
        let expected = format!(
            "<!doctype html>\n<html lang=\"en\">\n  <head>\n    \
             <meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />\n    \
             <meta charset=\"utf-8\" />\n    \
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n    \
             <meta name=\"referrer\" content=\"no-referrer\" />\n    \
             <title>Portcullis: made on this machine</title>\n    \
             {}\n    \
             <script>{EARLY}</script>\n    \
             {}\n    \
             <script type=\"text/plain\" id=\"{WORKER_GLUE_ID}\">{WORKER_GLUE}</script>\n    \
             <script type=\"module\" id=\"{GLUE_ID}\">{GLUE}{GLUE_EXPORT}</script>\n    \
             <script type=\"module\">{LOADER}</script>\n    \
             <style>body {{ color: black }}\n</style>\n    \
             <script type=\"application/json\" id=\"portcullis-words-de\">[\"Schritt \\u003c 1\"]</script>\n  \
             </head>\n  <body>\n    <noscript>needs JavaScript</noscript>\n  </body>\n</html>\n",
            packed.policy.meta(),
            comments(WASM_ID, &gzip(b"\0asm\x01\0\0\0")?),
            comments(WORKER_WASM_ID, &gzip(b"\0asm\x01\0\0\0worker")?),
        );
        assert_eq!(packed.html, expected);
        Ok(())
    }

    #[test]
    fn data_goes_into_small_comments_that_decode_each_on_its_own() -> Result<()> {
        let bytes: Vec<u8> = (0..50_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let html = comments("x", &bytes);
        let chunks: Vec<&str> = html
            .split("<!--x ")
            .skip(1)
            .map(|part| part.trim_end_matches("-->"))
            .collect();
        assert_eq!(chunks.len(), 50_000usize.div_ceil(3) * 4 / CHUNK + 1);
        let mut back = Vec::new();
        for chunk in chunks {
            assert!(chunk.len() <= CHUNK && !chunk.contains('-'));
            back.extend(Base64::decode_vec(chunk)?);
        }
        assert_eq!(back, bytes);
        Ok(())
    }

    #[test]
    fn the_same_input_packs_to_the_same_bytes() -> Result<()> {
        assert_eq!(
            pack_with(TRUNK_PAGE, &files())?.html,
            pack_with(TRUNK_PAGE, &files())?.html
        );
        Ok(())
    }

    #[test]
    fn the_header_policy_adds_framing_and_the_headers_file_covers_every_path() -> Result<()> {
        let policy = pack_with(TRUNK_PAGE, &files())?.policy;
        assert_eq!(
            policy.header(),
            format!("{}; frame-ancestors 'none'", policy.meta())
        );
        let headers = policy.headers_file();
        assert!(headers.starts_with("/*\n  Content-Security-Policy: default-src 'none';"));
        assert!(headers.contains("\n  X-Content-Type-Options: nosniff\n"));
        assert!(headers.ends_with("\n  Referrer-Policy: no-referrer\n"));
        Ok(())
    }

    #[test]
    fn what_it_cannot_inline_is_an_error() {
        let files = files();
        let cases = [
            (
                TRUNK_PAGE.replace(
                    "<title>",
                    "<script src=\"https://cdn.example/x.js\"></script><title>",
                ),
                "not the loader",
            ),
            (
                TRUNK_PAGE.replace("<title>", "<link rel=\"icon\" href=\"/i.png\"><title>"),
                "cannot inline",
            ),
            (
                TRUNK_PAGE.replace("<title>", "<base href=\"/x/\"><title>"),
                "does not know",
            ),
            (
                TRUNK_PAGE.replace("<noscript>", "<img src=\"/x.png\"><noscript>"),
                "outside <head>",
            ),
            (
                TRUNK_PAGE.replace("data-js=\"/app-1.js\"", "data-js=\"/../etc/passwd\""),
                "not a file of the build",
            ),
            (
                TRUNK_PAGE.replace(
                    "<script type=\"module\" src=\"/loader.js\" data-js=\"/app-1.js\" data-wasm=\"/app-1_bg.wasm\"></script>",
                    "",
                ),
                "no loader",
            ),
            (
                TRUNK_PAGE.replace("Schritt \\u003c 1", "<!-- Schritt"),
                "a data <script> contains `<!--`",
            ),
        ];
        for (page, expected) in cases {
            let refusal = refusal(&page, &files);
            assert!(
                refusal.contains(expected),
                "{refusal} (expected {expected})"
            );
        }
    }

    #[test]
    fn a_glue_that_imports_or_closes_its_script_is_refused() {
        for (file, glue, expected) in [
            (
                "app-1.js",
                "import { x } from './snippets/a.js';\n__wbg_init",
                "imports another file",
            ),
            ("app-1.js", "const s = '</script>';\n__wbg_init", "</script"),
            ("app-1.js", "let x;\n", "no `__wbg_init`"),
            (
                WORKER_JS,
                "import { x } from './snippets/a.js';\nwasm_bindgen = 1",
                "workers' wasm-bindgen glue imports another file",
            ),
            (WORKER_JS, "wasm_bindgen = '</script>';", "</script"),
            (WORKER_JS, "let wasm;\n", "sets no `wasm_bindgen`"),
        ] {
            let mut files = files();
            files.insert(file, glue.as_bytes().to_vec());
            let refusal = refusal(TRUNK_PAGE, &files);
            assert!(
                refusal.contains(expected),
                "{refusal} (expected {expected})"
            );
        }
    }

    #[test]
    fn the_charset_must_stay_in_the_first_kilobyte() {
        let page = TRUNK_PAGE.replace(
            "<meta charset=\"utf-8\" />",
            &format!(
                "<title>{}</title>\n    <meta charset=\"utf-8\" />",
                "x".repeat(2000)
            ),
        );
        let refusal = refusal(&page, &files());
        assert!(refusal.contains("first 1024 bytes"), "{refusal}");
    }

    #[test]
    fn tags_read_quoted_unquoted_and_multi_line_attributes() -> Result<()> {
        let tag = Tag::parse("<meta\n  http-equiv=\"A\"\n content='b c' x=y async/>rest")?;
        assert_eq!(tag.name, "meta");
        assert_eq!(tag.attr("http-equiv"), Some("A"));
        assert_eq!(tag.attr("content"), Some("b c"));
        assert_eq!(tag.attr("x"), Some("y"));
        assert_eq!(tag.attr("async"), Some(""));
        assert_eq!(
            &"<meta\n  http-equiv=\"A\"\n content='b c' x=y async/>rest"[tag.len..],
            "rest"
        );
        assert_eq!(Tag::parse("</title>")?.name, "/title");
        assert!(Tag::parse("<meta content=\"never closed").is_err());
        Ok(())
    }
}
