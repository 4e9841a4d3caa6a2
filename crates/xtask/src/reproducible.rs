//! What makes the shipped bytes depend on the sources alone: no absolute path of this machine
//! (rustc writes source paths into panic messages, of the workspace, of cargo's registry and of
//! rustup's toolchains), the commit the page and the CLI name, and a faithful copy of the
//! sources for `dist --verify` to build again elsewhere.
//!
//! The compiler, Trunk, the wasm-bindgen CLI and wasm-opt are pinned elsewhere
//! (rust-toolchain.toml, web.rs, Cargo.lock, package-lock.json); cargo's own hashes do not
//! depend on these flags or on the workspace's directory, so the same flags with other paths
//! give the same file names and the same bytes.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::workspace::Workspace;

/// Where each machine-specific directory appears in the binaries instead.
const WORKSPACE_AS: &str = "/portcullis";
const CARGO_HOME_AS: &str = "/cargo";
/// crates.io's sources in cargo's registry, as the pinned cargo names their directory (a hash
/// of the index's URL, the same on every machine), appear shorter still: its path is in the
/// panic messages of about 140 of the crates' source files in the workers' wasm, and 45 of the
/// page's, and this prefix takes 45 bytes off each.
const CRATES_IO_SRC: &str = "registry/src/index.crates.io-1949cf8c6b5b557f";
const CRATES_IO_SRC_AS: &str = "/crates";
const RUSTUP_HOME_AS: &str = "/rustup";

/// The variable through which the page and the CLI learn the commit they were built from.
pub const COMMIT_VAR: &str = "PORTCULLIS_COMMIT";

/// The environment of every release build (Trunk's and the static CLI's): the path remapping
/// and one size setting as `CARGO_ENCODED_RUSTFLAGS` (which wins over a developer's own
/// `RUSTFLAGS`, and keeps paths with spaces whole) and the commit, when there is one.
pub fn build_env(workspace: &Workspace, commit: Option<&str>) -> Result<Vec<(String, OsString)>> {
    let mut flags = vec![remap(workspace.root(), WORKSPACE_AS)?];
    // Later remappings win: a target directory of its own (CARGO_TARGET_DIR) maps to where it
    // would be in the workspace.
    if !workspace.target_dir().starts_with(workspace.root()) {
        flags.push(remap(
            workspace.target_dir(),
            &format!("{WORKSPACE_AS}/target"),
        )?);
    }
    let cargo_home = cargo_home()?;
    flags.push(remap(&cargo_home, CARGO_HOME_AS)?);
    flags.push(remap(&cargo_home.join(CRATES_IO_SRC), CRATES_IO_SRC_AS)?);
    flags.push(remap(&rustup_home()?, RUSTUP_HOME_AS)?);
    // The software AES (wasm has no AES instructions) in its compact form, still bitsliced and
    // constant-time: the wizard encrypts one CA key of a few KB with it, and its unrolled form
    // was 17 KB of the workers' wasm. Natively, AES-NI is used where the CPU has it.
    flags.push(String::from("--cfg=aes_backend_soft=\"compact\""));
    let mut vars = vec![(
        String::from("CARGO_ENCODED_RUSTFLAGS"),
        OsString::from(flags.join("\x1f")),
    )];
    if let Some(commit) = commit {
        vars.push((COMMIT_VAR.to_owned(), OsString::from(commit)));
    }
    Ok(vars)
}

fn remap(from: &Path, to: &str) -> Result<String> {
    let from = from
        .to_str()
        .with_context(|| format!("{} is not UTF-8: rustc cannot remap it", from.display()))?;
    Ok(format!("--remap-path-prefix={from}={to}"))
}

fn cargo_home() -> Result<PathBuf> {
    home_or("CARGO_HOME", ".cargo")
}

fn rustup_home() -> Result<PathBuf> {
    home_or("RUSTUP_HOME", ".rustup")
}

fn home_or(var: &str, in_home: &str) -> Result<PathBuf> {
    if let Some(dir) = env::var_os(var).filter(|dir| !dir.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let home = env::var_os("HOME")
        .filter(|dir| !dir.is_empty())
        .with_context(|| format!("neither {var} nor HOME is set"))?;
    Ok(PathBuf::from(home).join(in_home))
}

/// The commit checked out, as `git rev-parse HEAD` gives it, with `+modified` when the work
/// tree differs from it; `None` outside a git checkout (a source archive).
pub fn commit(workspace: &Workspace) -> Result<Option<String>> {
    let head = match workspace
        .cmd("git")
        .args(["rev-parse", "--verify", "HEAD"])
        .probe()
    {
        Ok(probe) if probe.success => probe.stdout.trim().to_owned(),
        _ => return Ok(None),
    };
    let status = workspace
        .cmd("git")
        .args(["status", "--porcelain", "--untracked-files=normal"])
        .read()?;
    Ok(Some(if status.trim().is_empty() {
        head
    } else {
        format!("{head}+modified")
    }))
}

/// Copies the sources of the checkout at `from` into `to`, as a clean clone would have them
/// plus what the work tree changed: every file git tracks or would track, none it ignores.
/// What `to` held before goes, except its own `target/`, so a second run builds warm.
pub fn copy_sources(workspace: &Workspace, to: &Path) -> Result<usize> {
    let listing = workspace
        .cmd("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .read()
        .context("listing the sources to copy (dist --verify needs a git checkout)")?;
    if to.exists() {
        for entry in fs::read_dir(to)? {
            let entry = entry?;
            if entry.file_name() == "target" {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            }
            .with_context(|| format!("clearing {}", path.display()))?;
        }
    }
    let mut copied = 0;
    for name in listing.split('\0').filter(|name| !name.is_empty()) {
        let source = workspace.root().join(name);
        // A tracked file deleted in the work tree is not part of what is built.
        if !source.exists() {
            continue;
        }
        if name.split('/').any(|part| part == ".." || part.is_empty()) {
            bail!("git listed an odd path `{name}`");
        }
        let target = to.join(name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&source, &target)
            .with_context(|| format!("copying {} to {}", source.display(), target.display()))?;
        copied += 1;
    }
    Ok(copied)
}
