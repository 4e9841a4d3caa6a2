//! `cargo xtask dist`: what a person carries to an air-gapped machine or puts on a static host,
//! in `target/dist-release/`:
//!
//! - `portcullis.html`, the whole wizard in one file that makes no request (see pack.rs);
//! - `index.html`, the same bytes, for a site's root or any sub-path;
//! - `_headers`, the same policy as headers, for Netlify and Cloudflare Pages;
//! - `portcullis-x86_64-linux`, the CLI as a static musl binary;
//! - `SHA256SUMS` of the four, for `sha256sum -c`.
//!
//! Built reproducibly (reproducible.rs): `--verify` builds again from a copy of the sources in
//! another directory, at another time, in another time zone and locale, and compares every byte.

use std::fmt::Write as _;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use portcullis_words::FromTexts as _;
use sha2::{Digest, Sha256};

use crate::reproducible;
use crate::tools;
use crate::web;
use crate::workspace::Workspace;

/// Where the shipped files go, below the target directory.
const DIST_DIR: &str = "dist-release";
/// The static CLI's target, and the profile it is built with (Cargo.toml).
pub const MUSL_TARGET: &str = "x86_64-unknown-linux-musl";
const CLI_PROFILE: &str = "dist-cli";
/// The name the static CLI ships under.
const CLI_NAME: &str = "portcullis-x86_64-linux";
/// The most the page's own wasm module may weigh, gzipped: what the page compiles before its
/// first step shows. The heavy crypto belongs in the workers' module.
const PAGE_WASM_BUDGET: usize = 250 * 1024;
/// The most both wasm modules together may weigh, gzipped: the one module the wizard had when
/// it was split into the page's and the workers' (its build, gzipped the same way). The split
/// made the page start sooner; it must not make anyone download more.
const ALL_WASM_BUDGET: usize = 686_572;
/// The same, as the files are (454b9e1's one module): what a server that compresses nothing,
/// or only HTML as Debian's nginx does by default, sends.
const ALL_WASM_RAW_BUDGET: u64 = 1_570_426;
/// The workers' wasm, as Trunk names it (after its binary).
const WORKER_WASM: &str = "portcullis-worker_bg.wasm";
/// The second build of `--verify`, below the target directory.
const VERIFY_DIR: &str = "dist-verify/portcullis";

/// One file to ship.
#[derive(Debug, PartialEq)]
struct Shipped {
    name: &'static str,
    bytes: Vec<u8>,
    executable: bool,
}

/// Installs what the build needs, builds into `target/dist-release/`, prints what it wrote, and
/// with `verify` builds again elsewhere and compares. Returns the directory.
pub fn dist(workspace: &Workspace, verify: bool) -> Result<PathBuf> {
    let commit = reproducible::commit(workspace)?;
    let shipped = build(workspace, commit.as_deref())?;
    let out = workspace.target_dir().join(DIST_DIR);
    write_all(&out, &shipped)?;
    eprintln!(
        "    built from commit {}, into {}",
        commit.as_deref().unwrap_or("(no git checkout)"),
        out.display()
    );
    eprint!("{}", table(&shipped)?);
    if verify {
        verify_elsewhere(workspace, commit.as_deref(), &shipped)?;
    }
    Ok(out)
}

/// Installs what `dist` needs: the wizard's build tools and the musl target.
pub fn ensure_tools(workspace: &Workspace) -> Result<()> {
    web::ensure_tools(workspace)?;
    tools::ensure_target(workspace, MUSL_TARGET)
}

/// Builds every shipped file in `workspace` (Trunk, the packing step, the static CLI).
fn build(workspace: &Workspace, commit: Option<&str>) -> Result<Vec<Shipped>> {
    let env = reproducible::build_env(workspace, commit)?;
    let trunk_dist = web::build(workspace, &env)?;
    eprint!("{}", wasm_budget(workspace, &trunk_dist)?);
    let trunk_page = fs::read_to_string(trunk_dist.join("index.html"))
        .with_context(|| format!("reading Trunk's page in {}", trunk_dist.display()))?;
    let script = |name: &str| {
        fs::read_to_string(workspace.root().join("web").join(name))
            .with_context(|| format!("reading web/{name}"))
    };
    let (loader, early) = (
        script("single-file-loader.js")?,
        script("single-file-early.js")?,
    );
    let packed = crate::pack::pack(
        &trunk_page,
        |name| {
            fs::read(trunk_dist.join(name))
                .with_context(|| format!("reading {name} of Trunk's build"))
        },
        &crate::pack::Scripts {
            loader: &loader,
            early: &early,
        },
    )?;
    let cli = build_cli(workspace, &env)?;

    let page = packed.html.into_bytes();
    let mut shipped = vec![
        Shipped {
            name: "portcullis.html",
            bytes: page.clone(),
            executable: false,
        },
        Shipped {
            name: "index.html",
            bytes: page,
            executable: false,
        },
        Shipped {
            name: "_headers",
            bytes: packed.policy.headers_file().into_bytes(),
            executable: false,
        },
        Shipped {
            name: CLI_NAME,
            bytes: cli,
            executable: true,
        },
    ];
    shipped.push(Shipped {
        name: "SHA256SUMS",
        bytes: sha256sums(&shipped).into_bytes(),
        executable: false,
    });
    Ok(shipped)
}

/// The sizes of the two wasm modules in Trunk's build, raw and gzipped, or an error when the
/// page's own is over its budget. Gzipped as the bench measures them (`tests/browser/gzip.mjs`,
/// node's zlib at level 9), so that the budget enforced here is the figure the bench reports.
fn wasm_budget(workspace: &Workspace, trunk_dist: &Path) -> Result<String> {
    let mut page = None;
    let mut worker = None;
    for entry in fs::read_dir(trunk_dist)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == WORKER_WASM {
            worker = Some(path);
        } else if name.ends_with("_bg.wasm") {
            page = Some(path);
        }
    }
    let (Some(page), Some(worker)) = (page, worker) else {
        bail!(
            "Trunk's build in {} lacks a wasm module",
            trunk_dist.display()
        );
    };
    let english = portcullis_words::Lang::En;
    let page_module = fs::read(&page)?;
    no_words_compiled_in(
        "the page's",
        &page_module,
        english
            .words()
            .texts()
            .into_iter()
            .chain(english.refusals().texts()),
    )?;
    no_json_parser("the page's", &page_module)?;
    // The workers' module holds the core's English words for the bundle's README, but none of
    // its refusals: it hands the page its errors as data.
    no_words_compiled_in(
        "the workers'",
        &fs::read(&worker)?,
        english.refusals().texts().into_iter(),
    )?;
    let gzipped = workspace
        .cmd("node")
        .arg("tests/browser/gzip.mjs")
        .arg(&page)
        .arg(&worker)
        .read()?;
    let sizes: Vec<usize> = gzipped
        .lines()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .with_context(|| format!("tests/browser/gzip.mjs printed {gzipped:?}"))?;
    let [page_gzip, worker_gzip] = sizes[..] else {
        bail!("tests/browser/gzip.mjs printed {gzipped:?}, not two sizes");
    };
    check_budget(
        (fs::metadata(&page)?.len(), page_gzip),
        (fs::metadata(&worker)?.len(), worker_gzip),
    )
}

/// Fails if a module (`whose`: the page's or the workers') holds a text of the English words or
/// refusals: every word reaches the page as data (`crates/words`), and the workers hand the page
/// their troubles and the core's errors as data for it to say. A text compiled in means that
/// something is said through the core's `Display` (the CLI's English), or that the words were
/// compiled in again; in the workers' module the English refusals weighed 11 KB gzipped.
fn no_words_compiled_in(
    whose: &str,
    module: &[u8],
    texts: impl Iterator<Item = String>,
) -> Result<()> {
    // The module's bytes as text, where each text compiled in would be found whole (a valid
    // UTF-8 run stays as it is), searched by std's fast `str::contains`.
    let searched = String::from_utf8_lossy(module);
    // Short texts ("Next", "CA") may be found in code or in other strings.
    let found: Vec<String> = texts
        .filter(|text| text.len() >= 24)
        .filter(|text| searched.contains(text.as_str()))
        .collect();
    if let Some(first) = found.first() {
        bail!(
            "{whose} wasm module holds {} of the English words' texts, e.g. {first:?}: the \
             page must say every word from its data (web/src/say.rs, web/src/i18n.rs), and the \
             workers hand it errors as data (web/src/trouble.rs), never through the core's \
             Display",
            found.len()
        );
    }
    Ok(())
}

/// Fails if a module links serde_json's parser, by the text of its errors: the page reads its
/// data blocks with the browser's `JSON.parse` and speaks to its workers in postcard bytes
/// (`web/src/wire.rs`), and the parser weighed 11 KB gzipped in it.
fn no_json_parser(whose: &str, module: &[u8]) -> Result<()> {
    const PARSER_SAYS: &[u8] = b"EOF while parsing a value";
    if module
        .windows(PARSER_SAYS.len())
        .any(|at| at == PARSER_SAYS)
    {
        bail!(
            "{whose} wasm module links serde_json's parser: read JSON with js_sys::JSON::parse \
             (web/src/i18n.rs), and send to or from a worker through web/src/wire.rs"
        );
    }
    Ok(())
}

/// The line that reports the modules' sizes (raw, gzipped), or an error when the page's, or
/// both together, are over their budget.
fn check_budget(
    (page, page_gzip): (u64, usize),
    (worker, worker_gzip): (u64, usize),
) -> Result<String> {
    let all_gzip = page_gzip + worker_gzip;
    let all = page + worker;
    if all > ALL_WASM_RAW_BUDGET {
        bail!(
            "the two wasm modules are {all} bytes together ({page} the page's, {worker} the \
             workers'), over the {ALL_WASM_RAW_BUDGET} bytes of the one module before the split: \
             compare with this line of the last commit's `cargo xtask dist` and cut what grew, \
             or carry large texts deflated as the bundle's templates are (crates/pki/build.rs)"
        );
    }
    if all_gzip > ALL_WASM_BUDGET {
        bail!(
            "the two wasm modules are {all_gzip} bytes gzipped together ({page_gzip} the page's, \
             {worker_gzip} the workers'), over the {ALL_WASM_BUDGET} bytes of the one module \
             before the split: compare with this line of the last commit's `cargo xtask dist` \
             and cut what grew"
        );
    }
    if page_gzip > PAGE_WASM_BUDGET {
        bail!(
            "the page's wasm module is {page_gzip} bytes gzipped, over its budget of {} KiB \
             ({PAGE_WASM_BUDGET} bytes): move what the page does not need before its first step \
             into the workers' module (web/src/service.rs), or its words into the page's data \
             (crates/words)",
            PAGE_WASM_BUDGET / 1024
        );
    }
    Ok(format!(
        "    wasm: the page's {page} bytes ({page_gzip} gzipped, budget {PAGE_WASM_BUDGET}), the \
         workers' {worker} bytes ({worker_gzip} gzipped; both {all}, budget \
         {ALL_WASM_RAW_BUDGET}, and {all_gzip} gzipped, budget {ALL_WASM_BUDGET})\n"
    ))
}

/// `cargo build` of the CLI for musl, statically linked, symbols stripped (profile `dist-cli`;
/// not `dist`, whose host build scripts would land in Trunk's target/dist).
fn build_cli(workspace: &Workspace, env: &[(String, std::ffi::OsString)]) -> Result<Vec<u8>> {
    workspace
        .cargo()
        .envs(env.iter().cloned())
        .args([
            "build",
            "-p",
            "portcullis-cli",
            "--bin",
            "portcullis",
            "--locked",
            "--profile",
            CLI_PROFILE,
            "--target",
            MUSL_TARGET,
        ])
        .run()?;
    let binary = workspace
        .target_dir()
        .join(MUSL_TARGET)
        .join(CLI_PROFILE)
        .join("portcullis");
    fs::read(&binary).with_context(|| format!("reading {}", binary.display()))
}

/// `sha256sum` lines (hash, two spaces, name), in the order the files are listed.
fn sha256sums(files: &[Shipped]) -> String {
    files.iter().fold(String::new(), |mut sums, file| {
        let _ = writeln!(sums, "{}  {}", hex_sha256(&file.bytes), file.name);
        sums
    })
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// Replaces `out` with exactly these files, with modes that do not depend on the umask.
fn write_all(out: &Path, files: &[Shipped]) -> Result<()> {
    if out.exists() {
        fs::remove_dir_all(out).with_context(|| format!("clearing {}", out.display()))?;
    }
    fs::create_dir_all(out)?;
    for file in files {
        let path = out.join(file.name);
        fs::write(&path, &file.bytes).with_context(|| format!("writing {}", path.display()))?;
        let mode = if file.executable { 0o755 } else { 0o644 };
        fs::set_permissions(&path, fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Each file's size, raw and gzipped (what a static host sends), and its SHA-256.
fn table(files: &[Shipped]) -> Result<String> {
    let mut table = format!(
        "    {:<24} {:>10} {:>10}  sha256\n",
        "file", "bytes", "gzip -9"
    );
    for file in files {
        let _ = writeln!(
            table,
            "    {:<24} {:>10} {:>10}  {}",
            file.name,
            file.bytes.len(),
            gzip_size(&file.bytes)?,
            hex_sha256(&file.bytes)
        );
    }
    Ok(table)
}

fn gzip_size(bytes: &[u8]) -> Result<usize> {
    Ok(crate::pack::gzip(bytes)?.len())
}

/// Builds again from a copy of the sources in another directory, with another time zone and
/// locale, and fails unless every file is byte for byte the same.
fn verify_elsewhere(workspace: &Workspace, commit: Option<&str>, first: &[Shipped]) -> Result<()> {
    let root = workspace.target_dir().join(VERIFY_DIR);
    let copied = reproducible::copy_sources(workspace, &root)?;
    eprintln!(
        "    verify: building again from a copy of {copied} source files in {}",
        root.display()
    );
    let mut second = workspace.elsewhere(root);
    second.export("TZ", "Pacific/Chatham");
    second.export("LC_ALL", "C.UTF-8");
    let shipped = build(&second, commit)?;
    write_all(&second.target_dir().join(DIST_DIR), &shipped)?;
    let differ = differences(first, &shipped);
    if !differ.is_empty() {
        bail!(
            "the second build differs in {}: compare {} with {} (Debian's diffoscope shows how)",
            differ.join(", "),
            workspace.target_dir().join(DIST_DIR).display(),
            second.target_dir().join(DIST_DIR).display()
        );
    }
    eprintln!(
        "    verify: the second build is byte-identical ({} files)",
        shipped.len()
    );
    Ok(())
}

/// The names of the files that are not the same in both builds.
fn differences(first: &[Shipped], second: &[Shipped]) -> Vec<&'static str> {
    let mut names: Vec<_> = first.iter().chain(second).map(|file| file.name).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter(|name| bytes_of(first, name) != bytes_of(second, name))
        .collect()
}

fn bytes_of<'a>(files: &'a [Shipped], name: &str) -> Option<&'a [u8]> {
    files
        .iter()
        .find(|file| file.name == name)
        .map(|file| file.bytes.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &'static str, bytes: &[u8]) -> Shipped {
        Shipped {
            name,
            bytes: bytes.to_vec(),
            executable: false,
        }
    }

    #[test]
    fn the_wasm_modules_must_stay_within_their_budgets() -> Result<()> {
        let line = check_budget((600_000, 256_000), (970_426, 430_572))?;
        assert!(line.contains("(256000 gzipped, budget 256000)"), "{line}");
        assert!(
            line.contains("both 1570426, budget 1570426, and 686572 gzipped, budget 686572"),
            "{line}"
        );
        // Within every gzipped budget, but one byte over the raw one.
        let over = check_budget((600_000, 200_000), (970_427, 400_000)).expect_err("raw over");
        assert!(
            over.to_string().contains(
                "the two wasm modules are 1570427 bytes together (600000 the page's, 970427 \
                 the workers'), over the 1570426 bytes"
            ),
            "{over}"
        );
        let over = check_budget((600_000, 256_001), (10, 10)).expect_err("over");
        assert!(
            over.to_string()
                .contains("256001 bytes gzipped, over its budget of 250 KiB (256000 bytes)"),
            "{over}"
        );
        // The page within its own, but both together over theirs.
        let over = check_budget((600_000, 200_000), (900_000, 486_573)).expect_err("both over");
        assert!(
            over.to_string().contains(
                "the two wasm modules are 686573 bytes gzipped together (200000 the page's, \
                 486573 the workers'), over the 686572 bytes"
            ),
            "{over}"
        );
        Ok(())
    }

    #[test]
    fn a_module_with_english_words_compiled_in_is_refused() {
        let words = portcullis_words::Lang::En.refusals();
        let mut module = b"\0asm code and data ".to_vec();
        let refusals = || words.texts().into_iter();
        assert!(no_words_compiled_in("the workers'", &module, refusals()).is_ok());
        module.extend_from_slice(words.crl_invalid.as_bytes());
        let refused =
            no_words_compiled_in("the workers'", &module, refusals()).expect_err("compiled in");
        assert!(
            refused
                .to_string()
                .starts_with("the workers' wasm module holds 1 of the English"),
            "{refused}"
        );
    }

    #[test]
    fn a_module_that_links_a_json_parser_is_refused() {
        let mut module = b"\0asm code and data ".to_vec();
        assert!(no_json_parser("the page's", &module).is_ok());
        module.extend_from_slice(b"EOF while parsing a listEOF while parsing a value");
        let refused = no_json_parser("the page's", &module).expect_err("linked");
        assert!(
            refused
                .to_string()
                .starts_with("the page's wasm module links serde_json"),
            "{refused}"
        );
    }

    #[test]
    fn sums_are_what_sha256sum_checks() {
        // `printf abc | sha256sum` and `printf '' | sha256sum`.
        assert_eq!(
            sha256sums(&[file("a.html", b"abc"), file("_headers", b"")]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.html\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  _headers\n"
        );
    }

    #[test]
    fn differences_name_changed_missing_and_extra_files() {
        let first = [file("a", b"1"), file("b", b"2"), file("c", b"3")];
        let second = [file("a", b"1"), file("b", b"x"), file("d", b"3")];
        assert_eq!(differences(&first, &second), ["b", "c", "d"]);
        assert!(differences(&first, &first).is_empty());
    }

    #[test]
    fn the_table_gives_raw_and_gzip_sizes_and_the_hash() -> Result<()> {
        let text = table(&[file("portcullis.html", &[b'a'; 1000])])?;
        let row = text.lines().nth(1).context("no row")?;
        let words: Vec<_> = row.split_whitespace().collect();
        assert_eq!(words[..2], ["portcullis.html", "1000"]);
        let gzipped: usize = words[2].parse()?;
        assert!(gzipped < 100, "1000 equal bytes gzip to {gzipped}");
        assert_eq!(words[3], hex_sha256(&[b'a'; 1000]));
        Ok(())
    }

    #[test]
    fn written_files_have_fixed_modes_and_nothing_else_stays() -> Result<()> {
        let dir = tempfile_dir()?;
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("stale"), "old")?;
        let mut cli = file(CLI_NAME, b"\x7fELF");
        cli.executable = true;
        write_all(&dir, &[file("index.html", b"<!doctype html>"), cli])?;
        let mut names: Vec<_> = fs::read_dir(&dir)?
            .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()?;
        names.sort();
        assert_eq!(names, ["index.html", CLI_NAME]);
        let mode = |name: &str| -> Result<u32> {
            Ok(fs::metadata(dir.join(name))?.permissions().mode() & 0o777)
        };
        assert_eq!(mode("index.html")?, 0o644);
        assert_eq!(mode(CLI_NAME)?, 0o755);
        fs::remove_dir_all(&dir)?;
        Ok(())
    }

    fn tempfile_dir() -> Result<PathBuf> {
        Ok(std::env::temp_dir().join(format!("xtask-dist-{}", std::process::id())))
    }
}
