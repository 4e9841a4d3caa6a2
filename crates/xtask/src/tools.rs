//! Installs what the checks need, and only what is missing: CI may start on a brand-new Debian
//! machine, while a developer's second run should touch nothing.

use std::env;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::workspace::Workspace;

/// The core must build for the browser, so the tests check it for this target too.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Debian packages whose programs the interop and browser tests drive. `python3-venv` is here
/// because Debian's python3 cannot create the pkilint venv without it; Chromium and Firefox are
/// Debian's, since a browser downloaded by a test tool never works here.
pub const TEST_PACKAGES: &[&str] = &[
    "docker.io",
    "openssl",
    "curl",
    "unzip",
    "python3-venv",
    "chromium",
    "chromium-driver",
    // The wizard's tests in the other engine (tests/browser/firefox.test.mjs).
    "firefox-esr",
    "nginx",
    // `file` tells that the shipped CLI is statically linked; `unshare` (util-linux, always
    // there) runs the offline browser test in a network namespace of its own.
    "file",
    // libfuzzer-sys compiles libFuzzer, which is C++, for `cargo xtask fuzz`.
    "g++",
    // `ss` (install.sh waits for dockerd's port with it) and `ip` (the install.sh test brings up
    // loopback in its own network namespace).
    "iproute2",
    // The runtime of the podman the podman platform's test runs (unstable's, fetched into a cache
    // of its own, runs Debian 12's runc; docker.io pulls it in too, but podman needs it itself).
    "runc",
    // Rootless dockerd for the rootless platform's test (tests/tests/rootless.rs): RootlessKit,
    // its slirp4netns network, and newuidmap/newgidmap (uidmap) that map the test user's
    // subordinate ids.
    "rootlesskit",
    "slirp4netns",
    "uidmap",
];

/// The cargo-fuzz that builds and runs fuzz/.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The cargo-deny that checks deny.toml.
const CARGO_DENY_VERSION: &str = "0.20.2";

/// The key generation bench times `openssl genpkey` next to the core.
pub const BENCH_PACKAGES: &[&str] = &["openssl"];

/// The browser bench times the wizard in both browsers.
pub const BROWSER_BENCH_PACKAGES: &[&str] = &["chromium", "firefox-esr"];

/// Child processes find pkilint's `lint_pkix_cert` through this variable.
pub const PKILINT_VAR: &str = "PORTCULLIS_PKILINT";

/// Everything `cargo xtask test` needs; returns the path of `lint_pkix_cert`.
pub fn ensure_all(workspace: &Workspace) -> Result<PathBuf> {
    ensure_target(workspace, WASM_TARGET)?;
    ensure_target(workspace, crate::dist::MUSL_TARGET)?;
    ensure_component(workspace, "rustfmt", "fmt")?;
    ensure_component(workspace, "clippy", "clippy")?;
    ensure_cargo_deny(workspace)?;
    ensure_cargo_fuzz(workspace)?;
    ensure_packages(workspace, TEST_PACKAGES)?;
    crate::web::ensure_tools(workspace)?;
    ensure_pkilint(workspace)
}

/// cargo-deny, pinned. Its release profile (fat LTO, one codegen unit) is for shipping it; for
/// checking one lock file a plain optimized build does as well and compiles far faster.
fn ensure_cargo_deny(workspace: &Workspace) -> Result<()> {
    ensure_cargo_subcommand(
        workspace,
        "deny",
        CARGO_DENY_VERSION,
        &[
            ("CARGO_PROFILE_RELEASE_LTO", "false"),
            ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
        ],
    )
}

/// cargo-fuzz, pinned; `--sanitizer none` lets it build on stable Rust.
pub fn ensure_cargo_fuzz(workspace: &Workspace) -> Result<()> {
    ensure_cargo_subcommand(workspace, "fuzz", CARGO_FUZZ_VERSION, &[])
}

/// `cargo-NAME` of exactly `version`, installed (with `envs`) unless `cargo NAME --version`
/// already says so.
fn ensure_cargo_subcommand(
    workspace: &Workspace,
    name: &str,
    version: &str,
    envs: &[(&str, &str)],
) -> Result<()> {
    let package = format!("cargo-{name}");
    let probe = workspace.cargo().args([name, "--version"]);
    ensure_cargo_install(workspace, probe, &package, version, envs)
}

/// The crate `package` of exactly `version`, `cargo install --locked`ed (with `envs`) unless
/// `probe` (its `--version`) prints `PACKAGE VERSION`. --force: reached only when what is on
/// PATH is another version (or missing), whose binary cargo may not know it owns.
pub fn ensure_cargo_install(
    workspace: &Workspace,
    probe: Cmd,
    package: &str,
    version: &str,
    envs: &[(&str, &str)],
) -> Result<()> {
    let wanted = format!("{package} {version}");
    if probe
        .probe()
        .is_ok_and(|probe| probe.success && probe.stdout.trim() == wanted)
    {
        skipped(&wanted);
        return Ok(());
    }
    workspace
        .cargo()
        .args([
            "install",
            "--locked",
            "--force",
            package,
            "--version",
            version,
        ])
        .envs(envs.iter().copied())
        .run()
}

/// A rustup target of the pinned toolchain (rust-toolchain.toml), added only when missing.
pub fn ensure_target(workspace: &Workspace, target: &str) -> Result<()> {
    let installed = workspace
        .cmd("rustup")
        .args(["target", "list", "--installed"])
        .read()?;
    if installed.lines().any(|line| line.trim() == target) {
        skipped(&format!("rustup target {target}"));
        return Ok(());
    }
    workspace
        .cmd("rustup")
        .args(["target", "add", target])
        .run()
}

/// Asks cargo rather than rustup, because what matters is that `cargo <subcommand>` works.
fn ensure_component(workspace: &Workspace, component: &str, subcommand: &str) -> Result<()> {
    if workspace
        .cargo()
        .args([subcommand, "--version"])
        .probe()?
        .success
    {
        skipped(&format!("rustup component {component}"));
        return Ok(());
    }
    workspace
        .cmd("rustup")
        .args(["component", "add", component])
        .run()
}

/// Installs the missing ones with apt-get, which needs root; without root, says what to install.
pub fn ensure_packages(workspace: &Workspace, packages: &[&str]) -> Result<()> {
    if !has_dpkg(workspace) {
        // Not Debian: the developer installs the tools their own way; the tests say what is missing.
        eprintln!(
            "    no dpkg-query: not checking Debian packages; make sure {} are installed",
            packages.join(", ")
        );
        return Ok(());
    }
    let mut missing = Vec::new();
    for &package in packages {
        if is_installed(workspace, package)? {
            skipped(&format!("Debian package {package}"));
        } else {
            missing.push(package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let missing_list = missing.join(" ");
    if !is_root(workspace)? {
        bail!(
            "missing Debian packages: {missing_list}; install them with `sudo apt-get install {missing_list}` or run as root"
        );
    }
    // A brand-new machine has empty package lists; install would find nothing without this.
    workspace.cmd("apt-get").arg("update").run()?;
    workspace
        .cmd("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y", "--no-install-recommends"])
        .args(&missing)
        .run()
}

fn has_dpkg(workspace: &Workspace) -> bool {
    workspace.cmd("dpkg-query").arg("--version").probe().is_ok()
}

fn is_installed(workspace: &Workspace, package: &str) -> Result<bool> {
    let status = workspace
        .cmd("dpkg-query")
        .args(["-W", "--showformat=${Status}", package])
        .probe()?;
    // A removed package is still known to dpkg ("deinstall ok config-files"), so the exit status
    // alone does not answer; the status text does.
    Ok(status.stdout.contains("install ok installed"))
}

fn is_root(workspace: &Workspace) -> Result<bool> {
    let uid = workspace.cmd("id").arg("-u").read()?;
    Ok(uid.trim() == "0")
}

/// The Python tools the tests call (pkilint, icalendar, jsonschema and what they need), pinned
/// with their hashes: a fresh machine tests with the versions the last one did.
const PYTHON_REQUIREMENTS: &str = "tests/python-requirements.txt";

/// The pinned `name==version` lines of `requirements`, names lower-cased with `_` as `-` (as
/// `pip freeze` may spell them either way).
fn pinned(requirements: &str) -> Vec<String> {
    requirements
        .lines()
        .filter(|line| !line.starts_with(['#', ' ']) && line.contains("=="))
        .map(|line| line.split_whitespace().next().unwrap_or(line))
        .map(normal_pin)
        .collect()
}

fn normal_pin(pin: &str) -> String {
    pin.trim().to_lowercase().replace('_', "-")
}

/// The PyPI tools live in a venv of their own, cached across runs (pip is asked only when a pin
/// is missing from it); returns the path of pkilint's `lint_pkix_cert`.
fn ensure_pkilint(workspace: &Workspace) -> Result<PathBuf> {
    let venv = pkilint_venv()?;
    let python = venv.join("bin").join("python");
    let lint = venv.join("bin").join("lint_pkix_cert");
    if !is_executable(&python) {
        workspace
            .cmd("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .run()?;
    }
    let requirements = workspace.root().join(PYTHON_REQUIREMENTS);
    let wanted = pinned(
        &fs::read_to_string(&requirements)
            .with_context(|| format!("reading {}", requirements.display()))?,
    );
    let frozen = workspace
        .cmd(&python)
        .args(["-m", "pip", "freeze"])
        .read()?;
    let installed: Vec<String> = frozen.lines().map(normal_pin).collect();
    if wanted.iter().all(|pin| installed.contains(pin)) {
        skipped(&format!(
            "Python packages of {PYTHON_REQUIREMENTS} ({})",
            venv.display()
        ));
    } else {
        workspace
            .cmd(&python)
            .args(["-m", "pip", "install", "--quiet", "--require-hashes", "-r"])
            .arg(&requirements)
            .run()?;
    }
    if !is_executable(&lint) {
        bail!("`pip install pkilint` did not create {}", lint.display());
    }
    Ok(lint)
}

/// `${XDG_CACHE_HOME:-$HOME/.cache}/portcullis/pkilint-venv`: outside the repo and `target/`, so
/// neither `git clean` nor `cargo clean` forces a reinstall from PyPI.
fn pkilint_venv() -> Result<PathBuf> {
    let cache = match env::var_os("XDG_CACHE_HOME").filter(|dir| !dir.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => env::var_os("HOME")
            .filter(|dir| !dir.is_empty())
            .map(|home| PathBuf::from(home).join(".cache"))
            .context("neither XDG_CACHE_HOME nor HOME is set: nowhere to put the pkilint venv")?,
    };
    Ok(cache.join("portcullis").join("pkilint-venv"))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path)
        .map(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

pub fn skipped(what: &str) {
    eprintln!("    {what}: present, skipped");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_requirements_pin_the_three_tools_with_hashes() -> Result<()> {
        let text = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(PYTHON_REQUIREMENTS),
        )?;
        let pins = pinned(&text);
        for tool in ["pkilint==", "icalendar==", "jsonschema==", "cryptography=="] {
            assert!(
                pins.iter().any(|pin| pin.starts_with(tool)),
                "{tool} not pinned"
            );
        }
        // Every entry (a pin and its indented continuation lines) carries a hash, or pip's
        // --require-hashes refuses the file.
        let mut entries: Vec<String> = Vec::new();
        for line in text.lines().filter(|line| !line.starts_with('#')) {
            match entries.last_mut() {
                Some(entry) if line.starts_with(' ') => entry.push_str(line),
                _ => entries.push(line.to_owned()),
            }
        }
        assert_eq!(entries.len(), pins.len(), "{entries:?}");
        for entry in &entries {
            assert!(entry.contains("--hash=sha256:"), "no hash: {entry}");
        }
        Ok(())
    }

    #[test]
    fn freeze_spellings_match_the_pins() {
        let pins = pinned(
            "# comment\npyasn1_alt_modules==0.4.10 \\\n    --hash=sha256:00\nAttrs==26.1.0\n",
        );
        assert_eq!(pins, ["pyasn1-alt-modules==0.4.10", "attrs==26.1.0"]);
        assert!(pins.contains(&normal_pin("pyasn1-alt-modules==0.4.10")));
        assert!(!pins.contains(&normal_pin("attrs==25.0.0")));
    }
}
