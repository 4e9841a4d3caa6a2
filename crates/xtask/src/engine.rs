//! A current Docker engine for the dockerd interop tests, beside Debian 12's docker.io 20.10:
//! docker.io, containerd and runc from Debian unstable, fetched with `apt-get download` into an apt
//! state of their own (the system's sources and package lists stay as they are), unpacked with
//! `dpkg -x` (not installed), and cached outside the repository so that a machine fetches them
//! once. They run on Debian 12's libc.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::tools::skipped;
use crate::workspace::Workspace;

/// The packages of the engine, as unstable names them.
const PACKAGES: [&str; 3] = ["docker.io", "containerd", "runc"];

/// The oldest major version that counts as current.
const MIN_MAJOR: u32 = 28;

/// The tests find the engine's root (its `usr/sbin/dockerd`, `usr/bin/containerd`, …) here.
pub const ENGINE_VAR: &str = "PORTCULLIS_CURRENT_DOCKER";

/// Where the engine is kept: `$XDG_CACHE_HOME/portcullis/docker-unstable`, else under
/// `~/.cache`.
fn cache_dir() -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".cache"),
    };
    Ok(base.join("portcullis").join("docker-unstable"))
}

/// The unpacked engine's root, fetched unless the cache holds a complete one.
pub fn ensure(workspace: &Workspace) -> Result<PathBuf> {
    let cache = cache_dir()?;
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
    for dir in ["lists/partial", "archives/partial", "debs", "root"] {
        fs::create_dir_all(cache.join(dir))?;
    }
    let sources = cache.join("sources.list");
    fs::write(
        &sources,
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian unstable main\n",
    )?;
    let apt_options = apt_options(&cache, &sources);
    workspace
        .cmd("apt-get")
        .args(&apt_options)
        .arg("update")
        .run()
        .context("reading Debian unstable's package lists (into the cache, not the system's)")?;
    workspace
        .cmd("apt-get")
        .args(&apt_options)
        .arg("download")
        .args(PACKAGES)
        .current_dir(cache.join("debs"))
        .run()?;
    let mut debs: Vec<PathBuf> = fs::read_dir(cache.join("debs"))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    debs.sort();
    if debs.len() != PACKAGES.len() {
        bail!(
            "apt-get download left {} files in {}, not one per package of {PACKAGES:?}",
            debs.len(),
            cache.join("debs").display()
        );
    }
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
    let names: Vec<String> = debs
        .iter()
        .filter_map(|deb| deb.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    fs::write(&marker, format!("{}\n", names.join(" ")))?;
    // The packages are unpacked; their archives, lists and apt's caches are not needed again.
    for entry in fs::read_dir(&cache)? {
        let path = entry?.path();
        if path == root || path == marker {
            continue;
        }
        if path.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    Ok(root)
}

/// apt's options for a state of its own under `cache`, with `sources` as the only list.
fn apt_options(cache: &Path, sources: &Path) -> Vec<String> {
    let option = |name: &str, value: &Path| format!("-o{name}={}", value.display());
    vec![
        option("Dir::Etc::SourceList", sources),
        option("Dir::Etc::SourceParts", Path::new("/dev/null")),
        option("Dir::State::Lists", &cache.join("lists")),
        option("Dir::Cache", cache),
        option("Dir::Cache::Archives", &cache.join("archives")),
        // Our own state: the system's lock is not ours to take, and root downloads.
        "-oDebug::NoLocking=1".to_owned(),
        "-oAPT::Sandbox::User=root".to_owned(),
    ]
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

    #[test]
    fn apt_keeps_to_its_own_state() {
        let options = apt_options(Path::new("/c"), Path::new("/c/sources.list"));
        for expected in [
            "-oDir::Etc::SourceList=/c/sources.list",
            "-oDir::Etc::SourceParts=/dev/null",
            "-oDir::State::Lists=/c/lists",
            "-oDir::Cache=/c",
        ] {
            assert!(options.iter().any(|o| o == expected), "{expected}");
        }
    }
}
