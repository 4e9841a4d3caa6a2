//! The browser wizard's build: Trunk, the wasm-bindgen CLI of exactly the version in Cargo.lock,
//! and wasm-opt from npm's binaryen, each installed only when missing. Trunk runs `--offline`
//! because it cannot download tools on our machines.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::reproducible;
use crate::tools;
use crate::workspace::Workspace;

/// Trunk 0.22 needs a newer rustc than ours; 0.21 builds everything we use.
const TRUNK_VERSION: &str = "0.21.14";

/// Installs what building the wizard needs: the wasm32 target, Trunk, wasm-bindgen-cli and the
/// npm tools (wasm-opt, playwright-core).
pub fn ensure_tools(workspace: &Workspace) -> Result<()> {
    tools::ensure_target(workspace, tools::WASM_TARGET)?;
    ensure_trunk(workspace)?;
    ensure_wasm_bindgen(workspace)?;
    ensure_npm_tools(workspace)
}

fn ensure_trunk(workspace: &Workspace) -> Result<()> {
    let probe = workspace.cmd("trunk").arg("--version");
    tools::ensure_cargo_install(workspace, probe, "trunk", TRUNK_VERSION, &[])
}

/// The wasm-bindgen CLI must match the `wasm-bindgen` crate exactly, or Trunk refuses to run.
fn ensure_wasm_bindgen(workspace: &Workspace) -> Result<()> {
    let wanted = locked_version(workspace.root(), "wasm-bindgen")?;
    let version = workspace.cmd("wasm-bindgen").arg("--version").probe();
    if version
        .is_ok_and(|probe| probe.success && probe.stdout.trim() == format!("wasm-bindgen {wanted}"))
    {
        tools::skipped(&format!("wasm-bindgen-cli {wanted}"));
        return Ok(());
    }
    // Not --locked: the CLI's own lock file pins a webpki-roots release that is no longer
    // served, so a locked install fails; the version of the CLI itself is still pinned.
    // --force: another version's wasm2es6js or wasm-bindgen-test-runner may be in the way.
    workspace
        .cargo()
        .args([
            "install",
            "--force",
            "wasm-bindgen-cli",
            "--version",
            &format!("={wanted}"),
        ])
        .run()
}

/// The version of `package` in Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"")
            && let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    bail!("Cargo.lock has no package {package}")
}

/// `npm ci` from package-lock.json: binaryen's wasm-opt (Debian's is too old),
/// playwright-core (which drives Debian's Chromium; it never downloads a browser),
/// puppeteer-core (which drives Debian's Firefox ESR over WebDriver BiDi; nor does it), axe-core
/// (the accessibility checks the browser tests run) and node-forge (a reference in
/// `bench --browser`).
fn ensure_npm_tools(workspace: &Workspace) -> Result<()> {
    let bin = node_bin(workspace.root());
    let wasm_opt = workspace.cmd(bin.join("wasm-opt")).arg("--version").probe();
    let installed = [
        "playwright-core",
        "puppeteer-core",
        "node-forge",
        "axe-core",
    ]
    .iter()
    .all(|package| {
        workspace
            .root()
            .join("node_modules")
            .join(package)
            .join("package.json")
            .is_file()
    });
    if wasm_opt.is_ok_and(|probe| probe.stdout.contains("version 132")) && installed {
        tools::skipped(
            "npm tools (wasm-opt 132, playwright-core, puppeteer-core, axe-core, node-forge)",
        );
        return Ok(());
    }
    if workspace.cmd("npm").arg("--version").probe().is_err() {
        tools::ensure_packages(workspace, &["nodejs", "npm"])?;
    }
    workspace
        .cmd("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .run()
}

/// Where npm puts the tools' executables.
pub fn node_bin(root: &Path) -> PathBuf {
    root.join("node_modules").join(".bin")
}

/// PATH with npm's tools and cargo's installs first, so Trunk finds the right wasm-opt and
/// wasm-bindgen.
pub fn tool_path(root: &Path) -> Result<OsString> {
    let mut dirs = vec![node_bin(root)];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).context("a PATH entry contains ':'")
}

/// Trunk with the release builds' environment (reproducible.rs); npm's wasm-opt and cargo's
/// wasm-bindgen come first on the PATH that the caller exported ([`tool_path`]).
fn trunk(workspace: &Workspace, subcommand: &str, env: &[(String, OsString)]) -> Cmd {
    workspace.cmd("trunk").envs(env.iter().cloned()).args([
        subcommand,
        "--offline",
        "--locked",
        "--release",
    ])
}

/// Builds the wizard into `target/dist` (size-tuned `web-release` profile, wasm-opt -Oz): the
/// page as `serve` serves it, and what `dist` packs into one file.
pub fn build(workspace: &Workspace, env: &[(String, OsString)]) -> Result<PathBuf> {
    trunk(workspace, "build", env).run()?;
    Ok(workspace.root().join("target").join("dist"))
}

/// Builds and serves the wizard on http://127.0.0.1:8080 (Trunk.toml), until interrupted, with
/// the same environment as `dist`, so that switching between the two rebuilds nothing.
/// No autoreload: its inline script and websocket would break the page's own
/// Content-Security-Policy.
pub fn serve(workspace: &Workspace) -> Result<()> {
    let env = reproducible::build_env(workspace, reproducible::commit(workspace)?.as_deref())?;
    eprintln!("    the wizard will be on http://127.0.0.1:8080 (Ctrl-C stops it)");
    trunk(workspace, "serve", &env).arg("--no-autoreload").run()
}

/// The Playwright tests in Debian's Chromium, on node's own test runner: the served wizard and
/// the single-file page from a static server (`tests/browser/*.test.mjs`), then the single-file
/// page from file:// in a network namespace with no network at all (`tests/browser/offline.mjs`).
pub fn browser_tests(workspace: &Workspace) -> Result<()> {
    workspace
        .cmd("node")
        .args(["--test", "tests/browser/"])
        .run()?;
    workspace
        .cmd("unshare")
        .args(["--net", "--", "node", "--test", "tests/browser/offline.mjs"])
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_version_from_the_lock_file() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("xtask-lock-{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        fs::write(
            dir.join("Cargo.lock"),
            "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n",
        )?;
        assert_eq!(locked_version(&dir, "wasm-bindgen")?, "0.2.130");
        assert!(locked_version(&dir, "trunk").is_err());
        fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
