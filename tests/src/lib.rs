//! Shared helpers of the interop tests: run the `portcullis` binary, unpack its bundle with the
//! real `unzip`, and find the external tools.
//!
//! The tests live in `tests/tests/*.rs`; `cargo xtask test` builds the CLI first and installs
//! every tool they call, so a missing tool is a failure, never a silent skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, bail, ensure};
use tempfile::TempDir;

/// The passphrase the test bundles' CA keys are encrypted with.
pub const CA_PASSPHRASE: &str = "correct horse battery staple";

/// The `portcullis` binary: `$PORTCULLIS_BIN` (set by `cargo xtask test`), else the debug build
/// in this workspace's target directory.
pub fn portcullis_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("PORTCULLIS_BIN") {
        return PathBuf::from(path);
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    target.join("debug").join("portcullis")
}

/// Runs `portcullis ARGS` with `envs` set, from `dir`.
pub fn portcullis(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Result<Output> {
    let bin = portcullis_bin();
    ensure!(
        bin.is_file(),
        "{} is missing: run `cargo xtask test` (or `cargo build -p portcullis-cli` first)",
        bin.display()
    );
    let mut command = Command::new(&bin);
    command.args(args).current_dir(dir);
    // The locale picks the README's language: none unless a test sets one.
    for locale in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(locale);
    }
    for (key, value) in envs {
        command.env(key, value);
    }
    command
        .output()
        .with_context(|| format!("running {}", bin.display()))
}

/// A bundle made by the CLI and unpacked with `unzip` into a temporary directory.
#[derive(Debug)]
pub struct UnpackedBundle {
    /// Keeps the directory alive; removed on drop.
    pub dir: TempDir,
    /// The zip file.
    pub zip: PathBuf,
    /// The bundle's folder (`docker-tls-HOST/`).
    pub root: PathBuf,
}

impl UnpackedBundle {
    /// A path below the bundle's folder.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// The text of a file below the bundle's folder.
    pub fn text(&self, relative: &str) -> Result<String> {
        std::fs::read_to_string(self.path(relative)).with_context(|| format!("reading {relative}"))
    }
}

/// Makes a bundle with `portcullis bundle --out bundle.zip EXTRA…`, the CA passphrase from the
/// environment, and unpacks it with the real `unzip` (which applies the zip's unix modes).
pub fn make_bundle(extra_args: &[&str]) -> Result<UnpackedBundle> {
    let dir = tempfile::tempdir()?;
    let zip = dir.path().join("bundle.zip");
    let mut args = vec![
        "bundle",
        "--out",
        "bundle.zip",
        "--ca-passphrase-env",
        "TEST_CA_PASSPHRASE",
    ];
    args.extend_from_slice(extra_args);
    let output = portcullis(dir.path(), &args, &[("TEST_CA_PASSPHRASE", CA_PASSPHRASE)])?;
    ensure!(
        output.status.success(),
        "portcullis {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    unpack(dir, zip)
}

/// Unpacks a bundle zip (made elsewhere, e.g. downloaded from the wizard) into a temporary
/// directory with the real `unzip`.
pub fn unpack_zip(zip: &Path) -> Result<UnpackedBundle> {
    let dir = tempfile::tempdir()?;
    let copy = dir.path().join("bundle.zip");
    std::fs::copy(zip, &copy).with_context(|| format!("copying {}", zip.display()))?;
    unpack(dir, copy)
}

fn unpack(dir: TempDir, zip: PathBuf) -> Result<UnpackedBundle> {
    run(Command::new("unzip")
        .arg("-q")
        .arg(&zip)
        .arg("-d")
        .arg(dir.path().join("unpacked")))?;
    let mut entries = std::fs::read_dir(dir.path().join("unpacked"))?;
    let root = match entries.next() {
        Some(entry) => entry?.path(),
        None => bail!("the zip is empty"),
    };
    Ok(UnpackedBundle { dir, zip, root })
}

/// `openssl ARGS` in `dir`: what it printed, stdout then stderr, whether it succeeded or not
/// (the callers look for `: OK`, a revocation, or compare outputs).
pub fn openssl_said(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .context("running openssl")?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr))
}

/// Runs a command and fails with its stderr unless it succeeds.
pub fn run(command: &mut Command) -> Result<Output> {
    let output = command
        .output()
        .with_context(|| format!("starting {command:?}"))?;
    ensure!(
        output.status.success(),
        "{command:?} failed ({}): {}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(output)
}

/// The `lint_pkix_cert` of pkilint: `$PORTCULLIS_PKILINT` (set by `cargo xtask test`), else the
/// venv `cargo xtask` creates.
pub fn pkilint_bin() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("PORTCULLIS_PKILINT") {
        return Ok(PathBuf::from(path));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .context("neither XDG_CACHE_HOME nor HOME is set")?;
    let path = cache.join("portcullis/pkilint-venv/bin/lint_pkix_cert");
    ensure!(
        path.is_file(),
        "pkilint is not installed at {}: run `cargo xtask test`",
        path.display()
    );
    Ok(path)
}

/// Every key type the CLI accepts, by its command-line name.
pub const KEY_TYPES: [&str; 6] = [
    "ecdsa-p256",
    "ecdsa-p384",
    "ed25519",
    "rsa-2048",
    "rsa-3072",
    "rsa-4096",
];

/// The names of the bundles the dockerd checks run against: they connect to `localhost` /
/// `127.0.0.1` as `alice` and `bob`.
pub const LOCAL_SERVER_TWO_CLIENTS: [&str; 8] = [
    "--server-dns",
    "localhost",
    "--server-ip",
    "127.0.0.1",
    "--client",
    "alice",
    "--client",
    "bob",
];

/// `portcullis ARGS --ca-key ca/ca-key.pem --ca-passphrase-env PW` from a bundle's folder, with
/// the passphrase of the test bundles' CA in `PW`: revoke and renew open the CA key this way.
pub fn with_bundle_ca_key(bundle_root: &Path, args: &[&str]) -> Result<Output> {
    let mut args = args.to_vec();
    args.extend(["--ca-key", "ca/ca-key.pem", "--ca-passphrase-env", "PW"]);
    portcullis(bundle_root, &args, &[("PW", CA_PASSPHRASE)])
}

/// In a bundle's folder: revokes `cert` (a path there) on top of the CRL `crl` into `out`, with
/// the bundle's CA.
pub fn revoke(bundle_root: &Path, cert: &str, crl: &str, out: &str) -> Result<()> {
    let revoked = with_bundle_ca_key(
        bundle_root,
        &[
            "revoke",
            "--ca-cert",
            "ca/ca.pem",
            "--cert",
            cert,
            "--crl",
            crl,
            "--out",
            out,
        ],
    )?;
    ensure!(revoked.status.success(), "portcullis revoke: {revoked:?}");
    Ok(())
}

/// In a bundle's folder: revokes `cert` on top of the CRL `crl` into `current-crl.pem`, then
/// renews the bundle `zip` with that CRL into `renewed.zip`; returns renew's output.
pub fn revoke_then_renew(bundle_root: &Path, zip: &Path, cert: &str, crl: &str) -> Result<Output> {
    revoke(bundle_root, cert, crl, "current-crl.pem")?;
    let zip = zip.to_string_lossy();
    let renewed = with_bundle_ca_key(
        bundle_root,
        &[
            "renew",
            "--bundle",
            &zip,
            "--crl",
            "current-crl.pem",
            "--out",
            "renewed.zip",
        ],
    )?;
    ensure!(renewed.status.success(), "portcullis renew: {renewed:?}");
    Ok(renewed)
}

/// Whether openssl, checking the CRL `crl` (a path in `dir`), accepts `cert` as a client
/// certificate; a refusal for any reason other than revocation is an error.
pub fn crl_accepts(dir: &Path, crl: &str, cert: &str) -> Result<bool> {
    let output = Command::new("openssl")
        .args([
            "verify",
            "-crl_check",
            "-purpose",
            "sslclient",
            "-CAfile",
            "ca/ca.pem",
            "-CRLfile",
            crl,
            cert,
        ])
        .current_dir(dir)
        .output()
        .context("running openssl verify")?;
    if !output.status.success() {
        let text =
            String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
        ensure!(
            text.contains("certificate revoked"),
            "{cert} refused for another reason: {text}"
        );
    }
    Ok(output.status.success())
}

/// The options (`--server-days`) a message names, in order, each once.
pub fn options_named(message: &str) -> Vec<String> {
    let mut options: Vec<String> = Vec::new();
    for (at, _) in message.match_indices("--") {
        let option: String = message[at..]
            .chars()
            .take_while(|c| *c == '-' || c.is_ascii_lowercase() || c.is_ascii_digit())
            .collect();
        let name_starts = option
            .chars()
            .nth(2)
            .is_some_and(|c| c.is_ascii_lowercase());
        let preceded = message[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-');
        if name_starts && !preceded && !options.contains(&option) {
            options.push(option);
        }
    }
    options
}

/// Fails unless every option `message` (a refusal of `portcullis SUBCOMMAND`, given `typed`)
/// advises is one that `portcullis SUBCOMMAND --help` lists: advice must name something the
/// command has. What the user typed and the refusal quotes back is not advice.
pub fn advice_names_real_options(subcommand: &str, message: &str, typed: &[&str]) -> Result<()> {
    let help = portcullis(Path::new("."), &[subcommand, "--help"], &[])?;
    let help = String::from_utf8_lossy(&help.stdout);
    let missing: Vec<String> = options_named(message)
        .into_iter()
        .filter(|option| !typed.contains(&option.as_str()))
        .filter(|option| {
            !help
                .split(|c: char| c.is_whitespace() || c == ',' || c == '=' || c == '[' || c == ']')
                .any(|word| word == option)
        })
        .collect();
    ensure!(
        missing.is_empty(),
        "`portcullis {subcommand}` has no {}, which its refusal advises: {message}",
        missing.join(", ")
    );
    Ok(())
}

/// A Docker engine the dockerd tests run: its dockerd, and its name for messages.
#[derive(Debug)]
pub struct Engine {
    pub dockerd: PathBuf,
    /// "dockerd VERSION", e.g. "dockerd 28.5.2+dfsg4".
    pub name: String,
}

impl Engine {
    /// The engine's root: `/` for `/usr/sbin/dockerd`, the unpacked tree for the current one.
    pub fn root(&self) -> Result<&Path> {
        self.dockerd
            .ancestors()
            .nth(3)
            .with_context(|| format!("{} is not in a usr/sbin folder", self.dockerd.display()))
    }

    /// VERSION of the name, as `docker version` reports the server's.
    pub fn version(&self) -> &str {
        self.name.trim_start_matches("dockerd ")
    }
}

/// Fails with one line unless this process runs as root: `what` needs it for `why`.
pub fn ensure_root(what: &str, why: &str) -> Result<()> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
    let uid = status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        .context("no effective Uid: line in /proc/self/status")?;
    ensure!(
        uid == "0",
        "{what} must run as root ({why}), not as uid {uid}"
    );
    Ok(())
}

/// Every engine the tests run against: Debian 12's docker.io, and a current one (Debian
/// unstable's, unpacked by `cargo xtask test` into the folder `PORTCULLIS_CURRENT_DOCKER`
/// names). Fails with one line unless this process is root and both engines, docker, curl and
/// bash are there. (The same as dockerd.rs's.)
pub fn engines() -> Result<Vec<Engine>> {
    ensure_root("the dockerd tests", "dockerd needs it")?;
    for tool in ["docker", "curl", "bash"] {
        ensure!(
            on_path(tool).is_some(),
            "`{tool}` is not on PATH: `cargo xtask test` installs it"
        );
    }
    let debian = ["/usr/sbin/dockerd", "/usr/bin/dockerd"]
        .map(PathBuf::from)
        .into_iter()
        .find(|path| path.is_file())
        .context("dockerd is not in /usr/sbin: `cargo xtask test` installs docker.io")?;
    let current = std::env::var_os("PORTCULLIS_CURRENT_DOCKER")
        .map(|root| PathBuf::from(root).join("usr/sbin/dockerd"))
        .context(
            "PORTCULLIS_CURRENT_DOCKER is not set: run `cargo xtask test`, which fetches a \
             current dockerd from Debian unstable",
        )?;
    ensure!(
        current.is_file(),
        "{} is missing: run `cargo xtask test`, which fetches it",
        current.display()
    );
    [debian, current]
        .into_iter()
        .map(|dockerd| {
            let output = run(Command::new(&dockerd)
                .env("PATH", engine_path(&dockerd)?)
                .arg("--version"))?;
            // "Docker version 28.5.2+dfsg4, build 3ef3c07" → "dockerd 28.5.2+dfsg4".
            let said = String::from_utf8_lossy(&output.stdout).trim().to_owned();
            let version = said
                .split_whitespace()
                .nth(2)
                .map(|word| word.trim_end_matches(','))
                .with_context(|| format!("{} --version said {said:?}", dockerd.display()))?;
            let name = format!("dockerd {version}");
            Ok(Engine { dockerd, name })
        })
        .collect()
}

/// Runs `check` once with each engine; reports every failure, each under its engine's name,
/// and how long each engine took.
pub fn with_each_engine(check: impl Fn(&Engine) -> Result<()>) -> Result<()> {
    let mut failures = Vec::new();
    for engine in engines()? {
        let started = std::time::Instant::now();
        if let Err(error) = check(&engine) {
            failures.push(format!("with {}: {error:#}", engine.name));
        }
        eprintln!(
            "with {}: {:.1} s",
            engine.name,
            started.elapsed().as_secs_f64()
        );
    }
    ensure!(failures.is_empty(), "{}", failures.join("\n\n"));
    Ok(())
}

/// PATH for `dockerd`: its own folder and the `bin` beside it first, so that an unpacked engine
/// starts its own containerd, runc and docker-init rather than the system's.
pub fn engine_path(dockerd: &Path) -> Result<std::ffi::OsString> {
    let sbin = dockerd.parent().context("dockerd has no folder")?;
    let bin = sbin.with_file_name("bin");
    let rest = std::env::var_os("PATH").unwrap_or_default();
    Ok(std::env::join_paths(
        [sbin.to_path_buf(), bin]
            .into_iter()
            .chain(std::env::split_paths(&rest)),
    )?)
}

/// Where `name` is on PATH, if it is.
pub fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// Two bundles of one loopback server on `platform`, each on a port of its own nobody listens on
/// now, each with its own CA (so each one's client is a stranger to the other's daemon) and the
/// client `alice`: the install tests' A and B.
pub fn two_platform_bundles(platform: &str) -> Result<[(UnpackedBundle, u16); 2]> {
    let port_a = free_port()?;
    let port_b = loop {
        let port = free_port()?;
        if port != port_a {
            break port;
        }
    };
    let bundle = |port: u16| {
        make_bundle(&[
            "--server-ip",
            "127.0.0.1",
            "--client",
            "alice",
            "--platform",
            platform,
            "--port",
            &port.to_string(),
        ])
    };
    Ok([(bundle(port_a)?, port_a), (bundle(port_b)?, port_b)])
}

/// `sh -eu -c SCRIPT NAME`, to which the caller adds the script's arguments, run in a mount
/// namespace of its own (and a network namespace of its own with `own_network`), and in a PID
/// namespace of its own, so that when the walk ends the kernel ends whatever is left in it;
/// killed after ten minutes.
pub fn namespaced_walk(script: &str, name: &str, own_network: bool) -> Command {
    let mut walk = Command::new("timeout");
    walk.args(["--kill-after=20", "600", "unshare", "--mount"]);
    if own_network {
        walk.arg("--net");
    }
    walk.args(["--propagation", "private"])
        .args(["--pid", "--fork", "--mount-proc", "--kill-child=TERM"])
        .args(["sh", "-eu", "-c", script, name]);
    walk
}

/// `command`, a namespaced walk that runs the docker CLI, with a docker configuration of its own
/// (`docker_config`) and none of the caller's DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH or
/// DOCKER_CONTEXT: what it connects to is what the walk says.
pub fn without_callers_docker<'a>(
    command: &'a mut Command,
    docker_config: &Path,
) -> &'a mut Command {
    command
        .env("DOCKER_CONFIG", docker_config)
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_TLS_VERIFY")
        .env_remove("DOCKER_CERT_PATH")
        .env_remove("DOCKER_CONTEXT")
}

/// Fails unless a walk (`output`) succeeded, with what it printed and the last `tail` lines of
/// the `daemon`'s log at `log`.
pub fn ensure_walk_passed(output: &Output, log: &Path, daemon: &str, tail: usize) -> Result<()> {
    let log = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = log.lines().collect();
    ensure!(
        output.status.success(),
        "{}{}\n--- {daemon}'s log ends ---\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        lines[lines.len().saturating_sub(tail)..].join("\n")
    );
    Ok(())
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
        .context("binding 127.0.0.1:0 for a port")?;
    Ok(listener.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_found_in_advice_once_each() {
        assert_eq!(
            options_named(
                "server validity: 400 days would outlast the CA; use --server-days 30 or less, or raise --ca-days (see portcullis bundle --help); --server-days again; re--use; --9"
            ),
            ["--server-days", "--ca-days", "--help"]
        );
        assert!(options_named("set servers[0].days to 30 or less in the plan file").is_empty());
    }
}
