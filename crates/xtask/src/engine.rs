//! A current Docker engine for the dockerd interop tests, beside Debian 12's docker.io 20.10:
//! docker.io, containerd and runc from Debian unstable, fetched with `apt-get download` into an apt
//! state of their own (the system's sources and package lists stay as they are), unpacked with
//! `dpkg -x` (not installed), and cached outside the repository so that a machine fetches them
//! once. They run on Debian 12's libc.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::debian;
use crate::tools::skipped;
use crate::workspace::Workspace;

/// The packages of the engine, as unstable names them.
const PACKAGES: [&str; 3] = ["docker.io", "containerd", "runc"];

/// The oldest major version that counts as current.
const MIN_MAJOR: u32 = 28;

/// The tests find the engine's root (its `usr/sbin/dockerd`, `usr/bin/containerd`, …) here.
pub const ENGINE_VAR: &str = "PORTCULLIS_CURRENT_DOCKER";

/// The unpacked engine's root, fetched unless the cache holds a complete one.
pub fn ensure(workspace: &Workspace) -> Result<PathBuf> {
    let cache = debian::cache_dir("docker-unstable")?;
    let root = cache.join("root");
    let marker = cache.join(".complete");
    if let Ok(versions) = fs::read_to_string(&marker)
        && root.join("usr/sbin/dockerd").is_file()
    {
        skipped(&format!(
            "current engine from Debian unstable ({}), cached in {}",
            versions.trim(),
            cache.display()
        ));
        return Ok(root);
    }
    if cache.exists() {
        fs::remove_dir_all(&cache).with_context(|| format!("clearing {}", cache.display()))?;
    }
    let debs = debian::download(
        workspace,
        &cache,
        "unstable",
        &PACKAGES,
        &cache.join("debs"),
    )?;
    fs::create_dir_all(&root)?;
    for deb in &debs {
        workspace.cmd("dpkg").arg("-x").arg(deb).arg(&root).run()?;
    }
    let version = workspace
        .cmd(root.join("usr/sbin/dockerd"))
        .arg("--version")
        .read()
        .context("running the unpacked dockerd")?;
    let major = major_version(&version)
        .with_context(|| format!("no version in `dockerd --version`: {version}"))?;
    if major < MIN_MAJOR {
        bail!(
            "Debian unstable's dockerd is {major}, older than {MIN_MAJOR}: {}",
            version.trim()
        );
    }
    fs::write(&marker, format!("{}\n", debian::names(&debs)))?;
    debian::clear_all_but(&cache, &[&root, &marker])?;
    Ok(root)
}

/// 28 of `Docker version 28.5.2+dfsg4, build 3ef3c07`.
fn major_version(text: &str) -> Option<u32> {
    text.split_whitespace()
        .skip_while(|word| *word != "version")
        .nth(1)?
        .split('.')
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_major_version() {
        assert_eq!(
            major_version("Docker version 28.5.2+dfsg4, build 3ef3c07c88"),
            Some(28)
        );
        assert_eq!(
            major_version("Docker version 20.10.24+dfsg1, build 297e128"),
            Some(20)
        );
        assert_eq!(major_version("dockerd: not found"), None);
    }
}
