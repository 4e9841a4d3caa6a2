//! A Podman that serves its API with mutual TLS, for the podman platform's interop test: Debian
//! 12's podman 4.3 (and trixie's 5.4) cannot, so podman comes from Debian unstable, with the
//! libraries it needs newer than Debian 12's (libc6 among them) and Debian 12's conmon and
//! netavark. They are fetched with `apt-get download` into apt states of their own (the system's
//! sources and package lists stay as they are), unpacked with `dpkg -x` into one root (not
//! installed), and cached outside the repository so that a machine fetches them once. The podman
//! binary is patched once with Debian 12's patchelf (unpacked beside, then removed) to load
//! unstable's libc from that root rather than the system's; a wrapper script `bin/podman` gives
//! it configuration files of its own (vfs storage and state in the cache, Debian 12's runc).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::debian::{self, download};
use crate::tools::skipped;
use crate::workspace::Workspace;

/// Unstable's podman and the libraries it needs newer than Debian 12 has.
const UNSTABLE_PACKAGES: [&str; 8] = [
    "podman",
    "libc6",
    "libgpgme45",
    "libassuan9",
    "libgpg-error0",
    "libsubid6",
    "libseccomp2",
    "libsqlite3-0",
];

/// Debian 12's helpers podman starts (they run on Debian 12's libraries).
const BOOKWORM_PACKAGES: [&str; 2] = ["conmon", "netavark"];

/// What patches podman's loader and library path; unpacked beside the root, not installed.
const PATCHELF: &str = "patchelf";

/// The option of `podman system service` that serves the API with mutual TLS (Podman 5.7).
const TLS_OPTION: &str = "--tls-client-ca";

/// The tests find the folder of the `podman` wrapper here.
pub const PODMAN_VAR: &str = "PORTCULLIS_PODMAN";

/// The folder of the `podman` wrapper, fetched unless the cache holds a working one.
pub fn ensure(workspace: &Workspace) -> Result<PathBuf> {
    let cache = debian::cache_dir("podman-unstable")?;
    let bin = cache.join("bin");
    let wrapper = bin.join("podman");
    let marker = cache.join(".complete");
    if let Ok(versions) = fs::read_to_string(&marker)
        && serves_tls(workspace, &wrapper)
    {
        skipped(&format!(
            "podman from Debian unstable ({}), cached in {}",
            versions.trim(),
            cache.display()
        ));
        return Ok(bin);
    }
    if cache.exists() {
        fs::remove_dir_all(&cache).with_context(|| format!("clearing {}", cache.display()))?;
    }
    let root = cache.join("root");
    let tools = cache.join("tools");
    for dir in ["debs", "root", "tools", "bin", "conf", "state"] {
        fs::create_dir_all(cache.join(dir))?;
    }
    let mut debs = download(
        workspace,
        &cache,
        "unstable",
        &UNSTABLE_PACKAGES,
        &cache.join("debs"),
    )?;
    debs.extend(download(
        workspace,
        &cache,
        "bookworm",
        &BOOKWORM_PACKAGES,
        &cache.join("debs"),
    )?);
    let patchelf = download(workspace, &cache, "bookworm", &[PATCHELF], &tools)?;
    for deb in &debs {
        workspace.cmd("dpkg").arg("-x").arg(deb).arg(&root).run()?;
    }
    for deb in &patchelf {
        workspace.cmd("dpkg").arg("-x").arg(deb).arg(&tools).run()?;
    }
    // Unstable's podman on unstable's libc: its loader and its libraries from the root. DT_RPATH
    // rather than RUNPATH, so that the libraries' own dependencies are looked up there too.
    let libs = root.join("usr/lib/x86_64-linux-gnu");
    workspace
        .cmd(tools.join("usr/bin/patchelf"))
        .arg("--set-interpreter")
        .arg(libs.join("ld-linux-x86-64.so.2"))
        .arg("--force-rpath")
        .arg("--set-rpath")
        .arg(&libs)
        .arg(root.join("usr/bin/podman"))
        .run()
        .context("patching the unpacked podman to load unstable's libc")?;
    write_config(&cache, &root)?;
    if !serves_tls(workspace, &wrapper) {
        let version = workspace
            .cmd(&wrapper)
            .arg("--version")
            .read()
            .context("running the unpacked podman")?;
        bail!(
            "Debian unstable's {} cannot serve its API with TLS (`podman system service --help` \
             has no {TLS_OPTION})",
            version.trim()
        );
    }
    fs::write(&marker, format!("{}\n", debian::names(&debs)))?;
    // The packages are unpacked and podman patched; their archives, lists, apt's caches and
    // patchelf are not needed again.
    let (conf, home, state) = (cache.join("conf"), cache.join("home"), cache.join("state"));
    debian::clear_all_but(&cache, &[&root, &bin, &marker, &conf, &home, &state])?;
    Ok(bin)
}

/// Whether `wrapper`'s podman can serve its API with mutual TLS.
fn serves_tls(workspace: &Workspace, wrapper: &Path) -> bool {
    wrapper.is_file()
        && workspace
            .cmd(wrapper)
            .args(["system", "service", "--help"])
            .probe()
            .is_ok_and(|probe| probe.success && probe.stdout.contains(TLS_OPTION))
}

/// podman's configuration files and the `bin/podman` wrapper that hands them to it.
fn write_config(cache: &Path, root: &Path) -> Result<()> {
    let state = cache.join("state");
    let home = cache.join("home");
    fs::create_dir_all(home.join(".config/containers"))?;
    fs::write(
        home.join(".config/containers/policy.json"),
        "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n",
    )?;
    let quoted = |path: &Path| format!("\"{}\"", path.display());
    let containers_conf = format!(
        "[containers]\n\
         log_driver = \"k8s-file\"\n\
         [engine]\n\
         cgroup_manager = \"cgroupfs\"\n\
         events_logger = \"file\"\n\
         events_logfile_path = {events}\n\
         conmon_path = [{conmon}]\n\
         helper_binaries_dir = [{libexec}, {lib}]\n\
         runtime = \"runc\"\n\
         tmp_dir = {tmp}\n\
         static_dir = {static_dir}\n\
         volume_path = {volumes}\n\
         database_backend = \"sqlite\"\n\
         [engine.runtimes]\n\
         runc = [\"/usr/sbin/runc\"]\n\
         [network]\n\
         network_backend = \"netavark\"\n\
         network_config_dir = {networks}\n",
        events = quoted(&state.join("events.log")),
        conmon = quoted(&root.join("usr/bin/conmon")),
        libexec = quoted(&root.join("usr/libexec/podman")),
        lib = quoted(&root.join("usr/lib/podman")),
        tmp = quoted(&state.join("tmp")),
        static_dir = quoted(&state.join("root/libpod")),
        volumes = quoted(&state.join("root/volumes")),
        networks = quoted(&state.join("networks")),
    );
    fs::write(cache.join("conf/containers.conf"), containers_conf)?;
    let storage_conf = format!(
        "[storage]\ndriver = \"vfs\"\ngraphroot = {}\nrunroot = {}\n",
        quoted(&state.join("root")),
        quoted(&state.join("run")),
    );
    fs::write(cache.join("conf/storage.conf"), storage_conf)?;
    let single = |path: &Path| format!("'{}'", path.display().to_string().replace('\'', r"'\''"));
    let wrapper = format!(
        "#!/bin/sh\n\
         # podman from Debian unstable, patched to load its libc from {root}; made by cargo xtask.\n\
         export CONTAINERS_CONF={containers}\n\
         export CONTAINERS_STORAGE_CONF={storage}\n\
         export CONTAINERS_REGISTRIES_CONF=/dev/null\n\
         export PODMAN_IGNORE_CGROUPSV1_WARNING=1\n\
         # policy.json is found in HOME; a caller's XDG_CONFIG_HOME (podman system connection\n\
         # keeps its connections there) is kept.\n\
         export HOME={home}\n\
         export XDG_CONFIG_HOME=\"${{XDG_CONFIG_HOME:-$HOME/.config}}\"\n\
         exec {podman} \"$@\"\n",
        root = root.display(),
        containers = single(&cache.join("conf/containers.conf")),
        storage = single(&cache.join("conf/storage.conf")),
        home = single(&home),
        podman = single(&root.join("usr/bin/podman")),
    );
    let path = cache.join("bin/podman");
    fs::write(&path, wrapper)?;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
    Ok(())
}
