//! Debian packages the tests run but the system does not install: fetched with `apt-get download`
//! into apt states of their own under a cache folder (the system's sources and package lists stay
//! as they are), to be unpacked with `dpkg -x`. The current engine (engine.rs) and Podman
//! (podman.rs) come this way.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::workspace::Workspace;

/// `$XDG_CACHE_HOME/portcullis/NAME`, else `~/.cache/portcullis/NAME`.
pub fn cache_dir(name: &str) -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".cache"),
    };
    Ok(base.join("portcullis").join(name))
}

/// `packages` of Debian `suite`, downloaded by an apt state of their own under `cache`
/// (`apt-SUITE/`) into `into`: the new `.deb` files, one per package.
pub fn download(
    workspace: &Workspace,
    cache: &Path,
    suite: &str,
    packages: &[&str],
    into: &Path,
) -> Result<Vec<PathBuf>> {
    let state = cache.join(format!("apt-{suite}"));
    for dir in ["lists/partial", "archives/partial"] {
        fs::create_dir_all(state.join(dir))?;
    }
    fs::create_dir_all(into)?;
    let sources = state.join("sources.list");
    if !sources.exists() {
        fs::write(
            &sources,
            format!(
                "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian {suite} main\n"
            ),
        )?;
        workspace
            .cmd("apt-get")
            .args(apt_options(&state, &sources))
            .arg("update")
            .run()
            .with_context(|| {
                format!("reading Debian {suite}'s package lists (into the cache, not the system's)")
            })?;
    }
    let before: Vec<PathBuf> = debs_in(into)?;
    workspace
        .cmd("apt-get")
        .args(apt_options(&state, &sources))
        .arg("download")
        .args(packages)
        .current_dir(into)
        .run()?;
    let debs: Vec<PathBuf> = debs_in(into)?
        .into_iter()
        .filter(|deb| !before.contains(deb))
        .collect();
    if debs.len() != packages.len() {
        bail!(
            "apt-get download left {} files in {}, not one per package of {packages:?}",
            debs.len(),
            into.display()
        );
    }
    Ok(debs)
}

/// The `.deb` files in `dir`, sorted.
fn debs_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut debs: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .filter(|path| {
            path.as_ref().map_or(true, |path| {
                path.extension().is_some_and(|ext| ext == "deb")
            })
        })
        .collect::<Result<_, _>>()?;
    debs.sort();
    Ok(debs)
}

/// The file names of `debs`, for the cache's marker: what was fetched.
pub fn names(debs: &[PathBuf]) -> String {
    let names: Vec<String> = debs
        .iter()
        .filter_map(|deb| deb.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    names.join(" ")
}

/// Removes everything in `cache` but `keep` (the archives, lists and apt's caches are not needed
/// once the packages are unpacked).
pub fn clear_all_but(cache: &Path, keep: &[&Path]) -> Result<()> {
    for entry in fs::read_dir(cache)? {
        let path = entry?.path();
        if keep.contains(&path.as_path()) {
            continue;
        }
        if path.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// apt's options for a state of its own under `state`, with `sources` as the only list.
pub fn apt_options(state: &Path, sources: &Path) -> Vec<String> {
    let option = |name: &str, value: &Path| format!("-o{name}={}", value.display());
    vec![
        option("Dir::Etc::SourceList", sources),
        option("Dir::Etc::SourceParts", Path::new("/dev/null")),
        option("Dir::State::Lists", &state.join("lists")),
        option("Dir::Cache", state),
        option("Dir::Cache::Archives", &state.join("archives")),
        // Our own state: the system's lock is not ours to take, and root downloads.
        "-oDebug::NoLocking=1".to_owned(),
        "-oAPT::Sandbox::User=root".to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

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
