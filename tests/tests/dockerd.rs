//! Every key type's bundle against the real thing: two dockerds (Debian 12's docker.io 20.10,
//! and a current one, Debian unstable's docker.io 28 with its containerd and runc, which
//! `cargo xtask test` fetches and caches), the docker CLI and curl. Every test runs with both.
//!
//! For each key type one dockerd runs with the command line of `server/override.conf`, and then
//! another with `server/daemon.json` and the command line of `server/daemon-override.conf`. Both
//! are rewritten only where a test must differ from a real host — a temporary unix socket for
//! systemd's, a free loopback port for `0.0.0.0:2376`, a temporary folder for `/etc/docker/tls/`
//! — plus the flags that let dockerd run in a container (no iptables, no bridge, vfs storage,
//! private data and exec roots). Any other word in those files fails the test, so a change to
//! them is caught here. Against each daemon the docker CLI must connect after
//! `. clients/alice/env.sh`, through the context of `clients/bob/docker-context.sh`, and curl
//! through `clients/alice/curl.sh`; a client without a certificate, with one from another CA, or
//! with the server's own certificate must be refused in the TLS handshake.
//!
//! Needs root, dockerd, docker, curl and bash: `cargo xtask test` installs them. Without one of
//! them the tests fail with the reason, never skip silently.

use std::fmt;
use std::fs::{self, File};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use portcullis_tests::{
    CA_PASSPHRASE, Engine, KEY_TYPES, LOCAL_SERVER_TWO_CLIENTS, UnpackedBundle, engine_path,
    engines, ensure_walk_passed, free_port, make_bundle, on_path, revoke, run, unpack_zip,
    with_bundle_ca_key, with_each_engine, without_callers_docker,
};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The port the bundles' files name (the CLI's default).
const BUNDLE_PORT: u16 = 2376;
/// Where override.conf and daemon.json expect the server's TLS files.
const TLS_DIR: &str = "/etc/docker/tls/";
/// The server's TLS files: dockerd's flag (and daemon.json key, without the dashes) and the file
/// it names, in `server/` of the bundle and in [`TLS_DIR`] on the host.
const TLS_FILES: [(&str, &str); 3] = [
    ("--tlscacert", "ca.pem"),
    ("--tlscert", "server-cert.pem"),
    ("--tlskey", "server-key.pem"),
];
/// What lets dockerd run here, on loopback, beside anything else; `--data-root`, `--exec-root`
/// and `--pidfile` follow, each in the daemon's temporary folder.
const LOOPBACK_FLAGS: [&str; 4] = [
    "--iptables=false",
    "--ip6tables=false",
    "--bridge=none",
    "--storage-driver=vfs",
];
/// Environment variables that would point the docker CLI elsewhere than the test says.
const DOCKER_ENV: [&str; 5] = [
    "DOCKER_HOST",
    "DOCKER_CONTEXT",
    "DOCKER_TLS_VERIFY",
    "DOCKER_CERT_PATH",
    "DOCKER_TLS",
];
/// How long dockerd may take to answer, and to stop on SIGTERM.
const START_TIMEOUT: Duration = Duration::from_secs(60);
const STOP_TIMEOUT: Duration = Duration::from_secs(15);
/// At most this many dockerds at once, however many test threads run.
const MAX_DAEMONS: usize = 2;

macro_rules! key_type_tests {
    ($($name:ident => $key_type:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() -> Result<()> {
                check_key_type($key_type)
            }
        )*
        /// The key types the tests above cover.
        const TESTED_KEY_TYPES: &[&str] = &[$($key_type),*];
    };
}

key_type_tests! {
    dockerd_ecdsa_p256 => "ecdsa-p256",
    dockerd_ecdsa_p384 => "ecdsa-p384",
    dockerd_ed25519 => "ed25519",
    dockerd_rsa_2048 => "rsa-2048",
    dockerd_rsa_3072 => "rsa-3072",
    dockerd_rsa_4096 => "rsa-4096",
}

#[test]
fn every_key_type_is_tested() {
    assert_eq!(
        TESTED_KEY_TYPES, KEY_TYPES,
        "add a key_type_tests! line for every key type the CLI accepts"
    );
}

/// The rewrite of override.conf's command line refuses what it does not know, so that a change
/// of the bundle cannot slip past the dockerd tests.
#[test]
fn override_rewrite_refuses_unknown_words() -> Result<()> {
    let home = Path::new("/scratch");
    let good = "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2376 \
        --tlsverify --tlscacert=/etc/docker/tls/ca.pem --tlscert=/etc/docker/tls/server-cert.pem \
        --tlskey=/etc/docker/tls/server-key.pem\n";
    let argv = override_command(good, Path::new("/usr/sbin/dockerd"), home, 4242)?;
    assert_eq!(
        argv.join(" "),
        "/usr/sbin/dockerd -H unix:///scratch/docker.sock -H tcp://127.0.0.1:4242 --tlsverify \
         --tlscacert=/scratch/tls/ca.pem --tlscert=/scratch/tls/server-cert.pem \
         --tlskey=/scratch/tls/server-key.pem"
    );
    for (from, to) in [
        ("--tlsverify", "--tls"),
        (" --tlsverify", ""),
        ("0.0.0.0:2376", "0.0.0.0:2377"),
        ("/etc/docker/tls/ca.pem", "/etc/docker/ca.pem"),
        ("server-key.pem", "server-cert.pem"),
        ("ExecStart=\nExecStart", "ExecStart"),
        ("-H fd://", "-H fd:// --debug"),
    ] {
        let bad = good.replacen(from, to, 1);
        assert!(
            override_command(&bad, Path::new("/usr/sbin/dockerd"), home, 4242).is_err(),
            "accepted {bad}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// What runs for every key type.

/// Both ways of starting dockerd that the bundle offers.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// `server/override.conf`: everything on dockerd's command line.
    OverrideConf,
    /// `server/daemon.json` with the command line of `server/daemon-override.conf`.
    DaemonJson,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::OverrideConf => "override.conf",
            Mode::DaemonJson => "daemon.json",
        })
    }
}

fn check_key_type(key_type: &str) -> Result<()> {
    let bundle = make_bundle(&[&LOCAL_SERVER_TWO_CLIENTS[..], &["--key-type", key_type]].concat())?;
    check_bundle(&bundle, key_type)
}

/// The zip the wizard made and downloaded in headless Chromium (tests/browser, run by
/// `cargo xtask test` just before this) goes through the same checks as the CLI's, and curl
/// with the client.p12 the Clients step asked for.
#[test]
fn dockerd_with_the_bundle_the_browser_made() -> Result<()> {
    let zip = std::env::var_os("PORTCULLIS_BROWSER_ZIP").context(
        "PORTCULLIS_BROWSER_ZIP is not set: run `cargo xtask test`, which walks the wizard in \
         Chromium and downloads its bundle first",
    )?;
    let bundle = unpack_zip(Path::new(&zip))?;
    // Asked for on the Clients step: curl logs in with it below.
    ensure!(
        bundle.path("clients/alice/client.p12").exists(),
        "the browser's bundle has no clients/alice/client.p12"
    );
    check_bundle(&bundle, "ecdsa-p256")
}

/// The RSA-2048 zips the wizard made in Chromium with each key maker: the browser's WebCrypto,
/// and Portcullis' own Rust code (tests/browser/wizard.test.mjs).
#[test]
fn dockerd_with_the_rsa_bundles_of_both_key_makers() -> Result<()> {
    for var in ["PORTCULLIS_WEBCRYPTO_ZIP", "PORTCULLIS_RUST_RSA_ZIP"] {
        let zip = std::env::var_os(var).with_context(|| {
            format!(
                "{var} is not set: run `cargo xtask test`, which makes the bundle in Chromium first"
            )
        })?;
        let bundle = unpack_zip(Path::new(&zip))?;
        check_bundle(&bundle, "rsa-2048").with_context(|| format!("the bundle of {var}"))?;
    }
    Ok(())
}

/// The zip the single-file page made from file:// with no network at all (tests/browser/
/// offline.mjs, in a network namespace): the same checks.
#[test]
fn dockerd_with_the_bundle_the_single_file_page_made_offline() -> Result<()> {
    let zip = std::env::var_os("PORTCULLIS_OFFLINE_ZIP").context(
        "PORTCULLIS_OFFLINE_ZIP is not set: run `cargo xtask test`, which walks the single-file \
         page offline and downloads its bundle first",
    )?;
    let bundle = unpack_zip(Path::new(&zip))?;
    check_bundle(&bundle, "ecdsa-p256")
}

/// A bundle issued under an existing CA that openssl made (with a legacy-encrypted RSA key),
/// through `portcullis bundle --ca-cert --ca-key`: the same checks.
#[test]
fn dockerd_with_a_bundle_under_an_existing_openssl_ca() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let passphrase = "correct horse battery staple";
    run(Command::new("sh")
        .args([
            "-ec",
            "openssl genrsa -aes256 -traditional -passout env:PW -out ca-key.pem 3072 2>/dev/null
             openssl req -new -x509 -key ca-key.pem -passin env:PW -subj '/O=Example/CN=Company CA' \
               -addext keyUsage=critical,keyCertSign,cRLSign -days 800 -out ca.pem",
        ])
        .env("PW", passphrase)
        .current_dir(dir.path()))?;
    let ca_cert = dir.path().join("ca.pem");
    let ca_key = dir.path().join("ca-key.pem");
    let (cert_arg, key_arg) = (ca_cert.to_string_lossy(), ca_key.to_string_lossy());
    let existing = ["--ca-cert", &cert_arg, "--ca-key", &key_arg];
    let bundle = make_bundle(&[&LOCAL_SERVER_TWO_CLIENTS[..], &existing].concat())?;
    ensure!(
        !bundle.path("ca/ca-key.pem").exists(),
        "the existing CA's key was copied into the bundle"
    );
    ensure!(
        bundle.text("ca/ca.pem")? == fs::read_to_string(&ca_cert)?,
        "not the existing CA"
    );
    check_bundle(&bundle, "ecdsa-p256")
}

/// The bundle's nginx proxy in front of a dockerd that listens only on its local socket: an
/// allowed client gets through, a revoked client (`portcullis revoke`) and a client taken off
/// the allow-list are refused.
#[test]
fn nginx_proxy_checks_the_crl_and_the_allow_list() -> Result<()> {
    let nginx = on_path("nginx")
        .or_else(|| Some(PathBuf::from("/usr/sbin/nginx")).filter(|p| p.is_file()))
        .context("nginx is not installed: run `cargo xtask test`, which installs it")?;
    let bundle = make_bundle(
        &[
            &LOCAL_SERVER_TWO_CLIENTS[..],
            &["--client", "carol", "--proxy"],
        ]
        .concat(),
    )?;
    // Lock bob out by revocation, carol by the allow-list, as an operator would.
    let revoked = with_bundle_ca_key(
        &bundle.root,
        &[
            "revoke",
            "--ca-cert",
            "ca/ca.pem",
            "--cert",
            "clients/bob/cert.pem",
            "--crl",
            "proxy/crl.pem",
            "--out",
            "proxy/crl.pem",
        ],
    )?;
    ensure!(revoked.status.success(), "portcullis revoke: {revoked:?}");
    let allowed = bundle.text("proxy/allowed-clients.conf")?;
    ensure!(
        allowed.contains("\"CN=carol\" 1;\n"),
        "carol is not on the list: {allowed}"
    );
    fs::write(
        bundle.path("proxy/allowed-clients.conf"),
        allowed.replace("\"CN=carol\" 1;\n", ""),
    )?;

    with_each_engine(|engine| {
        let dockerd = &engine.dockerd;
        let home = DaemonHome::new(&bundle)?;
        for file in ["crl.pem", "allowed-clients.conf"] {
            fs::copy(
                bundle.path(&format!("proxy/{file}")),
                home.path("tls").join(file),
            )?;
        }
        let proxy = Nginx::start(&nginx, &bundle.text("proxy/nginx.conf")?, &home)?;
        let socket = format!("unix://{}", socket_in(home.dir.path()).display());
        let daemon = Dockerd::start(home, &[dockerd.display().to_string(), "-H".into(), socket])?;

        let config = tempfile::tempdir()?;
        let through_proxy = |client: &str| -> Result<Output> {
            Ok(docker(config.path())
                .env("DOCKER_HOST", format!("tcp://localhost:{}", daemon.port()))
                .env("DOCKER_TLS_VERIFY", "1")
                .env(
                    "DOCKER_CERT_PATH",
                    bundle.path(&format!("clients/{client}")),
                )
                .args(["version", "--format", "{{.Server.Version}}"])
                .output()?)
        };
        let alice = through_proxy("alice")?;
        ensure!(
            alice.status.success() && stdout(&alice) == daemon.version,
            "alice, allowed, did not get through: {alice:?}; nginx log:\n{}",
            proxy.log()
        );
        let bob = through_proxy("bob")?;
        ensure!(!bob.status.success(), "bob is revoked but got through");
        ensure!(
            proxy.log().contains("certificate revoked"),
            "nginx did not refuse bob as revoked: {bob:?}; nginx log:\n{}",
            proxy.log()
        );
        let carol = through_proxy("carol")?;
        ensure!(
            !carol.status.success(),
            "carol is off the allow-list but got through"
        );
        ensure!(
            String::from_utf8_lossy(&carol.stderr).contains("not on the allow-list"),
            "carol was refused for another reason: {carol:?}"
        );
        Ok(())
    })
}

/// `rotate-ca` of a bundle with the proxy, through real nginx: during the transition old and new
/// clients get through and the old CA's revocation still holds (one CRL per CA in the file);
/// after the cut-over the new client gets through and the old one is refused.
#[test]
fn nginx_proxy_through_a_ca_rotation() -> Result<()> {
    let nginx = on_path("nginx")
        .or_else(|| Some(PathBuf::from("/usr/sbin/nginx")).filter(|p| p.is_file()))
        .context("nginx is not installed: run `cargo xtask test`, which installs it")?;
    let old = make_bundle(&[&LOCAL_SERVER_TWO_CLIENTS[..], &["--proxy"]].concat())?;
    revoke(
        &old.root,
        "clients/bob/cert.pem",
        "proxy/crl.pem",
        "current-crl.pem",
    )?;
    let zip = old.zip.to_string_lossy().into_owned();
    let rotated = with_bundle_ca_key(
        &old.root,
        &[
            "rotate-ca",
            "--bundle",
            &zip,
            "--crl",
            "current-crl.pem",
            "--out",
            "rotated.zip",
        ],
    )?;
    ensure!(
        rotated.status.success(),
        "portcullis rotate-ca: {rotated:?}"
    );
    let new = unpack_zip(&old.root.join("rotated.zip"))?;
    with_each_engine(|engine| {
        let dockerd = &engine.dockerd;
        let config = tempfile::tempdir()?;

        for (phase, server, proxy, through, refused) in [
            (
                "the transition",
                "transition/server",
                "transition/proxy",
                &[("old", "alice"), ("new", "alice"), ("new", "bob")][..],
                &[("old", "bob", &["certificate revoked"][..])][..],
            ),
            (
                "the cut-over",
                "server",
                "proxy",
                &[("new", "alice")][..],
                // Go's client sends no certificate the daemon's list of CAs does not name.
                &[(
                    "old",
                    "alice",
                    &["no required SSL certificate", "certificate verify failed"][..],
                )][..],
            ),
        ] {
            let home = DaemonHome::for_server(&new, server)?;
            for file in ["crl.pem", "allowed-clients.conf"] {
                fs::copy(
                    new.path(&format!("{proxy}/{file}")),
                    home.path("tls").join(file),
                )?;
            }
            let nginx = Nginx::start(&nginx, &new.text(&format!("{proxy}/nginx.conf"))?, &home)?;
            let socket = format!("unix://{}", socket_in(home.dir.path()).display());
            let daemon =
                Dockerd::start(home, &[dockerd.display().to_string(), "-H".into(), socket])?;
            // Each client trusts the daemon through the new clients' ca.pem (both CAs).
            let call = |which: &str, client: &str| -> Result<Output> {
                let bundle = if which == "old" { &old } else { &new };
                let folder = config.path().join(format!("{phase}-{which}-{client}"));
                fs::create_dir_all(&folder)?;
                fs::copy(new.path("clients/alice/ca.pem"), folder.join("ca.pem"))?;
                for file in ["cert.pem", "key.pem"] {
                    fs::copy(
                        bundle.path(&format!("clients/{client}/{file}")),
                        folder.join(file),
                    )?;
                }
                Ok(docker(config.path())
                    .env("DOCKER_HOST", format!("tcp://localhost:{}", daemon.port()))
                    .env("DOCKER_TLS_VERIFY", "1")
                    .env("DOCKER_CERT_PATH", &folder)
                    .args(["version", "--format", "{{.Server.Version}}"])
                    .output()?)
            };
            for (which, client) in through {
                let output = call(which, client)?;
                ensure!(
                    output.status.success() && stdout(&output) == daemon.version,
                    "during {phase}, {client} of the {which} bundle did not get through: {output:?}; nginx log:\n{}",
                    nginx.log()
                );
            }
            for (which, client, why) in refused {
                let output = call(which, client)?;
                ensure!(
                    !output.status.success(),
                    "during {phase}, {client}'s old certificate got through"
                );
                ensure!(
                    why.iter().any(|why| nginx.log().contains(why)),
                    "during {phase}, nginx did not refuse {client}'s old certificate with {why:?}: {output:?}; nginx log:\n{}",
                    nginx.log()
                );
            }
        }
        Ok(())
    })
}

/// `server/install.sh` as a host runs it, against real dockerds: in a mount and network namespace
/// of its own (`unshare`), where /etc/docker, the systemd drop-in folder and /run are private
/// folders and port 2376 is free, with a stand-in for `systemctl` that starts dockerd from the
/// drop-in's ExecStart as systemd would. A host runs bundle A's configuration; installing bundle
/// B, whose port another program holds, fails to start and brings A back whole; B with a key
/// that does not match its certificate is refused by `dockerd --validate` before anything
/// changes (Docker 23 and later) or, where dockerd cannot check, brings A back too; B on a free
/// port then installs, and the backup holds A's files.
#[test]
fn install_sh_never_leaves_the_host_without_docker() -> Result<()> {
    let a = make_bundle(&LOCAL_SERVER_TWO_CLIENTS)?;
    let b = make_bundle(&[&LOCAL_SERVER_TWO_CLIENTS[..], &["--port", "12376"]].concat())?;
    // B's server folder again, with another key than its certificate's.
    let broken = b.dir.path().join("broken-server");
    run(Command::new("cp")
        .arg("-a")
        .arg(b.path("server"))
        .arg(&broken))?;
    fs::set_permissions(&broken, fs::Permissions::from_mode(0o755))?;
    fs::remove_file(broken.join("server-key.pem"))?;
    fs::copy(
        a.path("server/server-key.pem"),
        broken.join("server-key.pem"),
    )?;
    with_each_engine(|engine| {
        let scratch = tempfile::tempdir()?;
        let t = scratch.path();
        for dir in ["etc-docker", "systemd", "run", "state", "bin"] {
            fs::create_dir(t.join(dir))?;
        }
        let systemctl = t.join("bin/systemctl");
        fs::write(
            &systemctl,
            SYSTEMCTL_STAND_IN.replace("@STATE@", &t.join("state").display().to_string()),
        )?;
        fs::set_permissions(&systemctl, fs::Permissions::from_mode(0o755))?;
        let validates = {
            let help = Command::new(&engine.dockerd).arg("--help").output()?;
            String::from_utf8_lossy(&help.stdout).contains("--validate")
        };
        let path = std::env::join_paths(
            [t.join("bin")]
                .into_iter()
                .chain(std::env::split_paths(&engine_path(&engine.dockerd)?)),
        )?;
        let mut walk = Command::new("unshare");
        walk.args([
            "--mount",
            "--net",
            "--propagation",
            "private",
            "sh",
            "-eu",
            "-c",
        ])
        .arg(INSTALL_WALK)
        .arg("install-walk")
        .args([t, &a.root, &b.root, &broken])
        .arg(if validates {
            "validates"
        } else {
            "cannot-validate"
        })
        .env("PATH", path);
        let output = without_callers_docker(&mut walk, &t.join("docker-config")).output()?;
        ensure_walk_passed(&output, &t.join("state/dockerd.log"), "dockerd", 15)?;
        Ok(())
    })
}

/// `systemctl` for the install.sh test: `restart docker.service` stops the dockerd it started
/// and starts the drop-in's ExecStart (the local socket for `-H fd://`, plus the flags that let
/// dockerd run here), and fails as systemd's would when dockerd exits before it answers.
const SYSTEMCTL_STAND_IN: &str = r#"#!/bin/sh
state=@STATE@
stop() {
  if [ -f "$state/pid" ]; then
    pid=$(cat "$state/pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$state/pid"
  fi
}
case "$1" in
  daemon-reload) exit 0 ;;
  cat) exit 1 ;;
  is-active) [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null ;;
  stop) stop ;;
  restart)
    stop
    command=$(sed -n 's/^ExecStart=//p' /etc/systemd/system/docker.service.d/override.conf | tail -n 1)
    # shellcheck disable=SC2086
    set -- $command
    program=$1
    shift
    rewritten=
    for word in "$@"; do
      [ "$word" = fd:// ] && word=unix:///var/run/docker.sock
      rewritten="$rewritten $word"
    done
    # shellcheck disable=SC2086
    "$program" $rewritten --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
      --data-root "$state/data" --exec-root /run/docker-exec --pidfile /run/docker.pid \
      >> "$state/dockerd.log" 2>&1 &
    echo $! > "$state/pid"
    for _ in $(seq 300); do
      kill -0 "$(cat "$state/pid")" 2>/dev/null || { rm -f "$state/pid"; exit 1; }
      docker -H unix:///var/run/docker.sock version >/dev/null 2>&1 && exit 0
      sleep 0.2
    done
    exit 1 ;;
  *) echo "systemctl stand-in: $*: not known" >&2; exit 1 ;;
esac
"#;

/// The walk inside the namespace: `$1` the scratch folder, `$2` bundle A, `$3` bundle B, `$4`
/// B's server folder with a mismatched key, `$5` whether this dockerd has --validate.
const INSTALL_WALK: &str = r#"
t=$1 a=$2 b=$3 broken=$4 validates=$5
fail() { echo "FAIL: $*" >&2; exit 1; }
cleanup() { systemctl stop; [ -n "${holder:-}" ] && kill "$holder" 2>/dev/null; true; }
trap cleanup EXIT
mount --bind "$t/etc-docker" /etc/docker
mount --bind "$t/systemd" /etc/systemd/system
mount -t tmpfs tmpfs /run
ip link set lo up
# A's client, against the daemon on port $1.
client() {
  docker --tlsverify --tlscacert "$2/clients/alice/ca.pem" --tlscert "$2/clients/alice/cert.pem" \
    --tlskey "$2/clients/alice/key.pem" -H "tcp://localhost:$1" version --format '{{.Server.Version}}'
}
# Every file install.sh wrote for A, as it is now.
snapshot() {
  for f in /etc/docker/tls/ca.pem /etc/docker/tls/server-cert.pem /etc/docker/tls/server-key.pem \
    /etc/systemd/system/docker.service.d/override.conf; do
    printf '%s ' "$f"; stat -c '%a' "$f"; sha256sum < "$f"
  done
}

sh "$a/server/install.sh" > "$t/a.out" 2>&1 || { cat "$t/a.out"; fail "installing A"; }
client 2376 "$a" > /dev/null || fail "A's client cannot reach A's daemon"
before=$(snapshot)
grep -q 'warning: restarting Docker now stops the 0 running container(s): live-restore is off' "$t/a.out" ||
  { cat "$t/a.out"; fail "no live-restore warning"; }

# B on a port another program holds: dockerd does not start; A comes back whole.
python3 -c 'import socket,time; s=socket.socket(); s.bind(("0.0.0.0",12376)); s.listen(); time.sleep(600)' &
holder=$!
sleep 0.5
if sh "$b/server/install.sh" > "$t/b.out" 2>&1; then cat "$t/b.out"; fail "B installed on a taken port"; fi
grep -q 'putting back the files it replaced' "$t/b.out" || { cat "$t/b.out"; fail "no word of putting A back"; }
grep -q 'Docker runs again with its previous configuration' "$t/b.out" || { cat "$t/b.out"; fail "A did not come back"; }
[ "$(snapshot)" = "$before" ] || fail "A's files changed: $(snapshot)"
client 2376 "$a" > /dev/null || fail "A's client cannot reach the restored daemon"
kill "$holder"; holder=

# B with a key that is not its certificate's.
pid=$(cat "$t/state/pid")
if sh "$broken/install.sh" > "$t/broken.out" 2>&1; then cat "$t/broken.out"; fail "a mismatched key installed"; fi
if [ "$validates" = validates ]; then
  grep -q 'dockerd refuses the new configuration, so nothing was changed' "$t/broken.out" ||
    { cat "$t/broken.out"; fail "dockerd --validate did not refuse it"; }
  [ "$(cat "$t/state/pid")" = "$pid" ] || fail "dockerd was restarted for a configuration it refused"
else
  grep -q 'Docker runs again with its previous configuration' "$t/broken.out" ||
    { cat "$t/broken.out"; fail "A did not come back"; }
fi
[ "$(snapshot)" = "$before" ] || fail "A's files changed: $(snapshot)"
client 2376 "$a" > /dev/null || fail "A's client cannot reach the daemon after the mismatched key"

# B on a free port: installed; the backup holds A's files.
sh "$b/server/install.sh" > "$t/b2.out" 2>&1 || { cat "$t/b2.out"; fail "installing B"; }
client 12376 "$b" > /dev/null || fail "B's client cannot reach B's daemon"
backup=$(sed -n 's/^The files it replaced are kept in //p' "$t/b2.out" | sed 's/\.$//')
[ -d "$backup" ] || { cat "$t/b2.out"; fail "no backup folder named"; }
cmp "$backup/etc/docker/tls/server-cert.pem" "$a/server/server-cert.pem" || fail "the backup lacks A's certificate"
cmp "$backup/etc/docker/tls/server-key.pem" "$a/server/server-key.pem" || fail "the backup lacks A's key"
[ "$(stat -c %a "$backup/etc/docker/tls/server-key.pem")" = 400 ] || fail "the backed-up key is not 0400"
"#;

/// One broken setup for `portcullis doctor`, made with openssl the way blog posts and Docker's
/// guide make them.
struct Broken {
    name: &'static str,
    /// Extensions of the CA (`openssl req -x509 -addext`), of the server and of the client
    /// certificate (extfile lines), and the server's lifetime in days.
    ca_ext: &'static [&'static str],
    server_ext: &'static str,
    server_days: &'static str,
    client_ext: &'static str,
    /// The client's certificate and key come from another CA.
    foreign_client: bool,
    /// dockerd with `--tls` instead of `--tlsverify`.
    tls_only: bool,
    /// The host the client dials.
    dial: &'static str,
    /// What doctor must say: a line that contains this (its quoted docker words are checked
    /// against what the real docker CLI printed).
    expect: &'static str,
}

const CA_EXT: &[&str] = &[
    "basicConstraints=critical,CA:TRUE",
    "keyUsage=critical,keyCertSign,cRLSign",
];
const SERVER_EXT: &str = "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n";
const CLIENT_EXT: &str = "extendedKeyUsage=clientAuth\n";

const BROKEN: &[Broken] = &[
    Broken {
        name: "the guide's commands without a SAN",
        ca_ext: CA_EXT,
        server_ext: "extendedKeyUsage=serverAuth\n",
        server_days: "365",
        client_ext: CLIENT_EXT,
        foreign_client: false,
        tls_only: false,
        dial: "localhost",
        expect: "relies on legacy Common Name field",
    },
    Broken {
        name: "a certificate for another IP",
        ca_ext: CA_EXT,
        server_ext: "subjectAltName=IP:10.0.0.1\nextendedKeyUsage=serverAuth\n",
        server_days: "365",
        client_ext: CLIENT_EXT,
        foreign_client: false,
        tls_only: false,
        dial: "127.0.0.1",
        expect: "x509: certificate is valid for 10.0.0.1, not 127.0.0.1",
    },
    Broken {
        name: "an expired certificate",
        ca_ext: CA_EXT,
        server_ext: SERVER_EXT,
        server_days: "-1",
        client_ext: CLIENT_EXT,
        foreign_client: false,
        tls_only: false,
        dial: "localhost",
        expect: "x509: certificate has expired or is not yet valid",
    },
    Broken {
        name: "a client certificate without clientAuth",
        ca_ext: CA_EXT,
        server_ext: SERVER_EXT,
        server_days: "365",
        client_ext: "extendedKeyUsage=serverAuth\n",
        foreign_client: false,
        tls_only: false,
        dial: "localhost",
        expect: "remote error: tls: bad certificate",
    },
    Broken {
        name: "a CA with an EKU",
        ca_ext: &[
            "basicConstraints=critical,CA:TRUE",
            "keyUsage=critical,keyCertSign,cRLSign",
            "extendedKeyUsage=serverAuth",
        ],
        server_ext: SERVER_EXT,
        server_days: "365",
        client_ext: CLIENT_EXT,
        foreign_client: false,
        tls_only: false,
        dial: "localhost",
        expect: "carries an extended key usage (serverAuth)",
    },
    Broken {
        name: "a client from another CA",
        ca_ext: CA_EXT,
        server_ext: SERVER_EXT,
        server_days: "365",
        client_ext: CLIENT_EXT,
        foreign_client: true,
        tls_only: false,
        dial: "localhost",
        expect: "not issued by the CA in ca.pem",
    },
    Broken {
        name: "a daemon with --tls but not --tlsverify",
        ca_ext: CA_EXT,
        server_ext: SERVER_EXT,
        server_days: "365",
        client_ext: CLIENT_EXT,
        foreign_client: false,
        tls_only: true,
        dial: "localhost",
        expect: "its --tlsverify is off",
    },
];

/// Makes `broken`'s PKI with openssl in `dir`: ca.pem, server-cert.pem, server-key.pem, and
/// the client's folder `client/` (ca.pem, cert.pem, key.pem).
fn broken_pki(dir: &Path, broken: &Broken) -> Result<()> {
    let ca_ext: Vec<String> = broken
        .ca_ext
        .iter()
        .map(|ext| format!("-addext '{ext}'"))
        .collect();
    fs::write(dir.join("server.ext"), broken.server_ext)?;
    fs::write(dir.join("client.ext"), broken.client_ext)?;
    let script = format!(
        "key() {{ openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out \"$1\"; }}
         ca() {{ key \"$1-key.pem\"; openssl req -x509 -new -key \"$1-key.pem\" -subj \"/CN=$2\" -days 365 \
            -config /dev/null {ca_ext} -out \"$1.pem\"; }}
         leaf() {{ key \"$2-key.pem\"; openssl req -new -key \"$2-key.pem\" -subj \"/CN=$3\" -config /dev/null -out \"$2.csr\"
            openssl x509 -req -in \"$2.csr\" -CA \"$1.pem\" -CAkey \"$1-key.pem\" -CAcreateserial -days \"$4\" \
              -extfile \"$5\" -out \"$2-cert.pem\" 2>/dev/null; }}
         ca ca 'Blog CA'
         ca other 'Another CA'
         leaf ca server localhost {days} server.ext
         leaf {client_ca} client alice 365 client.ext
         mkdir client
         cp ca.pem client/ca.pem
         cp client-cert.pem client/cert.pem
         install -m 0400 client-key.pem client/key.pem",
        ca_ext = ca_ext.join(" "),
        days = broken.server_days,
        client_ca = if broken.foreign_client { "other" } else { "ca" },
    );
    run(Command::new("sh").args(["-ec", &script]).current_dir(dir))
        .with_context(|| format!("making the PKI of {}", broken.name))?;
    Ok(())
}

/// `portcullis doctor` against real dockerds set up wrongly on purpose: for each, the real
/// docker CLI fails (or, with --tls only, connects), doctor exits 1 (0) and names the cause on
/// one line, and the words doctor says docker prints are in what the real docker printed.
#[test]
fn doctor_names_what_is_wrong_with_real_daemons() -> Result<()> {
    with_each_engine(|engine| {
        let mut failures = Vec::new();
        for broken in BROKEN {
            if let Err(error) = doctor_case(engine, broken) {
                failures.push(format!("{}: {error:#}", broken.name));
            }
        }
        ensure!(failures.is_empty(), "{}", failures.join("\n\n"));
        Ok(())
    })
}

fn doctor_case(engine: &Engine, broken: &Broken) -> Result<()> {
    let pki = tempfile::tempdir()?;
    broken_pki(pki.path(), broken)?;
    let home = DaemonHome::from_files(
        pki.path().join("ca.pem"),
        pki.path().join("server-cert.pem"),
        pki.path().join("server-key.pem"),
    )?;
    let tls = |file: &str| home.path("tls").join(file).display().to_string();
    let mut argv = vec![
        engine.dockerd.display().to_string(),
        "-H".to_owned(),
        format!("unix://{}", socket_in(home.dir.path()).display()),
        "-H".to_owned(),
        format!("tcp://127.0.0.1:{}", home.port),
        format!("--tlscert={}", tls("server-cert.pem")),
        format!("--tlskey={}", tls("server-key.pem")),
    ];
    // dockerd verifies clients unless told --tlsverify=false: `--tls` alone is not enough to
    // leave the port open.
    argv.push(
        if broken.tls_only {
            "--tls"
        } else {
            "--tlsverify"
        }
        .to_owned(),
    );
    if broken.tls_only {
        argv.push("--tlsverify=false".to_owned());
    }
    argv.push(format!("--tlscacert={}", tls("ca.pem")));
    let daemon = Dockerd::start(home, &argv)?;
    let config = tempfile::tempdir()?;
    let client = pki.path().join("client");
    let host = format!("tcp://{}:{}", broken.dial, daemon.port());
    let docker_said = docker(config.path())
        .env("DOCKER_HOST", &host)
        .env("DOCKER_TLS_VERIFY", "1")
        .env("DOCKER_CERT_PATH", &client)
        .args(["version", "--format", "{{.Server.Version}}"])
        .output()?;
    let doctor = client_command(
        &portcullis_tests::portcullis_bin().display().to_string(),
        config.path(),
    )
    .args(["doctor", "--host", &host, "--cert-path"])
    .arg(&client)
    .output()?;
    let report = String::from_utf8_lossy(&doctor.stdout).into_owned();
    let docker_stderr = String::from_utf8_lossy(&docker_said.stderr).into_owned();
    let context = || format!("doctor said:\n{report}\ndocker said: {docker_stderr}");
    let connects = docker_said.status.success();
    ensure!(
        connects == broken.tls_only,
        "docker {} (expected the opposite); {}",
        if connects { "connected" } else { "failed" },
        context()
    );
    ensure!(
        doctor.status.code() == Some(if connects { 0 } else { 1 }),
        "doctor exited {:?}, but docker {}; {}",
        doctor.status.code(),
        if connects { "connected" } else { "did not" },
        context()
    );
    let line = report
        .lines()
        .find(|line| line.contains(broken.expect))
        .with_context(|| format!("no line says {:?}; {}", broken.expect, context()))?;
    // The words doctor quotes for docker must be docker's own, for every error doctor reports
    // that is about the daemon's answer (the file checks quote what docker says when loading).
    if !connects {
        let quoted: Vec<&str> = report
            .lines()
            .filter(|line| line.starts_with("error:"))
            .filter_map(|line| line.split("(docker says: \"").nth(1))
            .filter_map(|rest| rest.split("\")").next())
            .collect();
        // Over TLS 1.3 the daemon checks the client certificate after the handshake, so the
        // docker CLI prints either the daemon's alert ("remote error: tls: …") or, when its own
        // write meets the closed connection first, "connection reset by peer": the same refusal,
        // worded by timing.
        let reset = docker_stderr.contains("connection reset by peer");
        ensure!(
            quoted.iter().any(|words| docker_stderr
                .contains(words.split(": current time").next().unwrap_or(words))
                || (reset && words.starts_with("remote error: tls: "))),
            "none of doctor's quotes {quoted:?} is in what docker printed; {}",
            context()
        );
    }
    let _ = line;
    Ok(())
}

/// nginx run by a test: the bundle's proxy/nginx.conf, with only the host's paths swapped for
/// `home`'s and the port for `home`'s loopback port, inside a minimal main configuration.
struct Nginx {
    child: Child,
    dir: TempDir,
}

impl Nginx {
    fn start(binary: &Path, bundle_conf: &str, home: &DaemonHome) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let tls = home.path("tls");
        let socket = socket_in(home.dir.path());
        let mut conf = bundle_conf.to_owned();
        for (from, to) in [
            (
                "listen 2376 ssl;",
                format!("listen 127.0.0.1:{} ssl;", home.port),
            ),
            ("listen [::]:2376 ssl;", String::new()),
            ("/etc/docker/tls/", format!("{}/", tls.display())),
            (
                "unix:/var/run/docker.sock:",
                format!("unix:{}:", socket.display()),
            ),
        ] {
            ensure!(
                conf.contains(from),
                "proxy/nginx.conf no longer has `{from}`: teach the test"
            );
            conf = conf.replace(from, &to);
        }
        fs::write(dir.path().join("docker-tls.conf"), conf)?;
        let d = dir.path().display();
        fs::write(
            dir.path().join("nginx.conf"),
            format!(
                "daemon off;\nuser root;\nworker_processes 1;\npid {d}/nginx.pid;\n\
                 error_log {d}/error.log info;\nevents {{ worker_connections 64; }}\n\
                 http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  \
                 proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  \
                 uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  \
                 include {d}/docker-tls.conf;\n}}\n"
            ),
        )?;
        let config = dir.path().join("nginx.conf");
        run(Command::new(binary).arg("-t").arg("-c").arg(&config))
            .context("nginx -t refuses the bundle's proxy/nginx.conf")?;
        let child = Command::new(binary)
            .arg("-c")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting nginx")?;
        Ok(Nginx { child, dir })
    }

    fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM to the master is nginx's fast shutdown: it takes its workers down too, which
        // SIGKILL would leave behind.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .output();
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server that made its own key and sent a CSR (`bundle --server-csr`): the bundle holds no
/// server key; with the host's key put in place, the same checks pass.
#[test]
fn dockerd_with_the_hosts_own_key() -> Result<()> {
    let dir = tempfile::tempdir()?;
    run(Command::new("sh")
        .args([
            "-ec",
            "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out host-key.pem 2>/dev/null
             openssl req -new -key host-key.pem -subj /CN=localhost -out host.csr",
        ])
        .current_dir(dir.path()))?;
    let csr = dir.path().join("host.csr");
    let bundle = make_bundle(
        &[
            &LOCAL_SERVER_TWO_CLIENTS[..],
            &["--server-csr", &csr.to_string_lossy()],
        ]
        .concat(),
    )?;
    ensure!(
        !bundle.path("server/server-key.pem").exists(),
        "the host's key is in the bundle"
    );
    // As on the host, where the key already is.
    fs::copy(
        dir.path().join("host-key.pem"),
        bundle.path("server/server-key.pem"),
    )?;
    check_bundle(&bundle, "ecdsa-p256")
}

/// A bundle renewed with `portcullis renew` (new keys, same CA), with client.p12 files: the
/// same checks, and curl with client.p12.
#[test]
fn dockerd_with_a_renewed_bundle() -> Result<()> {
    let old = make_bundle(&[&LOCAL_SERVER_TWO_CLIENTS[..], &["--key-type", "ed25519"]].concat())?;
    let zip = old.zip.to_string_lossy().into_owned();
    let renewed = with_bundle_ca_key(
        &old.root,
        &[
            "renew",
            "--bundle",
            &zip,
            "--out",
            "renewed.zip",
            "--p12-password-env",
            "PW",
        ],
    )?;
    ensure!(renewed.status.success(), "portcullis renew: {renewed:?}");
    let bundle = unpack_zip(&old.root.join("renewed.zip"))?;
    ensure!(
        bundle.path("clients/alice/client.p12").exists(),
        "renew --p12-password-env wrote no clients/alice/client.p12"
    );
    check_bundle(&bundle, "ed25519")
}

/// `portcullis rotate-ca` against real daemons, phase by phase, as its README orders them: with
/// `transition/server/` installed an old client (its folder as it was) and a new client (its new
/// folder) both get in; after the cut-over to `server/` the new one still does, the old one is
/// refused by dockerd itself, and the new folder with `ca-new-only.pem` as its `ca.pem` (step 4)
/// works.
#[test]
fn dockerd_through_a_ca_rotation() -> Result<()> {
    let old = make_bundle(&LOCAL_SERVER_TWO_CLIENTS)?;
    let zip = old.zip.to_string_lossy().into_owned();
    let rotated = with_bundle_ca_key(
        &old.root,
        &["rotate-ca", "--bundle", &zip, "--out", "rotated.zip"],
    )?;
    ensure!(
        rotated.status.success(),
        "portcullis rotate-ca: {rotated:?}"
    );
    let new = unpack_zip(&old.root.join("rotated.zip"))?;
    check_rotation(&old, &new)
}

/// The same phases with the two zips the wizard made: a bundle, and the one its renew tool made
/// with "Replace the CA as well" (tests/browser/wizard.test.mjs).
#[test]
fn dockerd_through_a_ca_rotation_the_browser_made() -> Result<()> {
    let mut zips = Vec::new();
    for var in ["PORTCULLIS_ROTATION_OLD_ZIP", "PORTCULLIS_ROTATION_NEW_ZIP"] {
        let zip = std::env::var_os(var).with_context(|| {
            format!("{var} is not set: run `cargo xtask test`, which makes it in Chromium first")
        })?;
        zips.push(unpack_zip(Path::new(&zip))?);
    }
    check_rotation(&zips[0], &zips[1])
}

/// Walks a daemon through `new`'s rotation of `old`'s CA (see
/// [`dockerd_through_a_ca_rotation`]).
fn check_rotation(old: &UnpackedBundle, new: &UnpackedBundle) -> Result<()> {
    with_each_engine(|engine| {
        let dockerd = &engine.dockerd;
        let start = |dir: &str| -> Result<Dockerd> {
            let home = DaemonHome::for_server(new, dir)?;
            let argv = override_command(
                &new.text(&format!("{dir}/override.conf"))?,
                dockerd,
                home.dir.path(),
                home.port,
            )?;
            Dockerd::start(home, &argv).with_context(|| format!("dockerd from {dir}"))
        };
        let old_alice = old.path("clients/alice");
        let new_alice = new.path("clients/alice");

        // Step 1 done, step 2 under way: both kinds of client get in.
        let daemon = start("transition/server")?;
        let checks = Checks::new(new, old, &daemon)?;
        for (who, folder) in [
            ("the old client", &old_alice),
            ("the new client", &new_alice),
        ] {
            let output = run(&mut checks.docker_with_cert_path(folder))
                .with_context(|| format!("during the transition, {who}"))?;
            checks.expect_version(&stdout(&output))?;
        }
        drop(checks);
        drop(daemon);

        // Step 3, the cut-over: the new client only.
        let daemon = start("server")?;
        let checks = Checks::new(new, old, &daemon)?;
        let output = run(&mut checks.docker_with_cert_path(&new_alice))
            .context("after the cut-over, the new client")?;
        checks.expect_version(&stdout(&output))?;
        checks.refused(
            "after the cut-over, the old client's folder as it was",
            &mut checks.docker_with_cert_path(&old_alice),
            false,
        )?;
        // Trusting the daemon (both CAs), the old certificate is refused by dockerd itself.
        let mixed = checks.client_folder(
            "old-certificate-trusting-both",
            [
                new_alice.join("ca.pem"),
                old_alice.join("cert.pem"),
                old_alice.join("key.pem"),
            ],
        )?;
        checks.refused(
            "after the cut-over, the old client certificate",
            &mut checks.docker_with_cert_path(&mixed),
            true,
        )?;
        // Step 4: the new CA alone.
        let step4 = checks.client_folder(
            "new-ca-only",
            [
                new_alice.join("ca-new-only.pem"),
                new_alice.join("cert.pem"),
                new_alice.join("key.pem"),
            ],
        )?;
        let output = run(&mut checks.docker_with_cert_path(&step4))
            .context("with ca-new-only.pem as ca.pem")?;
        checks.expect_version(&stdout(&output))
    })
}

/// A bundle of two servers from a plan file (`portcullis bundle --plan`): one dockerd per
/// server folder, each from its own override.conf; the client's docker-context.sh makes a
/// context for each and both answer; each server certificate holds only its own server's names.
#[test]
fn dockerd_per_server_of_a_plan_file() -> Result<()> {
    let plans = tempfile::tempdir()?;
    let plan = plans.path().join("portcullis.json");
    fs::write(
        &plan,
        r#"{
  "version": 1,
  "servers": [{ "dns": ["localhost"] }, { "ip": ["127.0.0.1"] }],
  "clients": ["alice"]
}
"#,
    )?;
    let bundle = make_bundle(&["--plan", &plan.to_string_lossy()])?;
    ensure!(
        !bundle.path("server").exists(),
        "a bundle of two servers has a single server/ folder"
    );
    with_each_engine(|engine| {
        let dockerd = &engine.dockerd;
        let mut daemons = Vec::new();
        for dir in ["servers/localhost", "servers/127.0.0.1"] {
            let home = DaemonHome::for_server(&bundle, dir)?;
            let argv = override_command(
                &bundle.text(&format!("{dir}/override.conf"))?,
                dockerd,
                home.dir.path(),
                home.port,
            )?;
            daemons
                .push(Dockerd::start(home, &argv).with_context(|| format!("dockerd from {dir}"))?);
        }
        let config = tempfile::tempdir()?;
        // The script as written, with each host's port swapped for its daemon's.
        let script = bundle.text("clients/alice/docker-context.sh")?;
        let mut swapped = script.clone();
        for (host, daemon) in ["localhost", "127.0.0.1"].iter().zip(&daemons) {
            let from = format!("tcp://{host}:{BUNDLE_PORT} ");
            ensure!(
                script.contains(&from),
                "docker-context.sh makes no context for {host}:
    {script}"
            );
            swapped = swapped.replace(&from, &format!("tcp://{host}:{} ", daemon.port()));
        }
        let copy = bundle.path("clients/alice/contexts.sh");
        fs::write(&copy, swapped)?;
        run(client_command("sh", config.path())
            .arg(&copy)
            .current_dir("/"))?;
        for (context, daemon) in ["localhost", "127.0.0.1"].iter().zip(&daemons) {
            let output = run(docker(config.path()).args([
                "--context",
                context,
                "version",
                "--format",
                "{{.Server.Version}}",
            ]))?;
            ensure!(
                stdout(&output) == daemon.version,
                "context {context} reached another daemon: {output:?}"
            );
        }
        // curl.sh as written, told which host to call.
        let json = run(client_command("sh", config.path())
            .arg(bundle.path("clients/alice/curl.sh"))
            .arg("version")
            .arg(format!("127.0.0.1:{}", daemons[1].port())))?;
        ensure!(
            stdout(&json).contains(&format!("\"Version\":\"{}\"", daemons[1].version)),
            "curl.sh did not reach the second server: {json:?}"
        );
        // The first server's certificate names localhost only: reached as 127.0.0.1 it is refused.
        let wrong_name = docker(config.path())
            .env(
                "DOCKER_HOST",
                format!("tcp://127.0.0.1:{}", daemons[0].port()),
            )
            .env("DOCKER_TLS_VERIFY", "1")
            .env("DOCKER_CERT_PATH", bundle.path("clients/alice"))
            .args(["version", "--format", "{{.Server.Version}}"])
            .output()?;
        ensure!(
            !wrong_name.status.success()
                && String::from_utf8_lossy(&wrong_name.stderr).contains("127.0.0.1"),
            "the first server's certificate was accepted for 127.0.0.1: {wrong_name:?}"
        );
        Ok(())
    })
}

/// Runs every check against `bundle` (names localhost and 127.0.0.1, clients alice and bob, port
/// 2376), with a stranger bundle of another CA made with `key_type`.
fn check_bundle(bundle: &UnpackedBundle, key_type: &str) -> Result<()> {
    let engines = engines()?;
    // Same names, same key type, another CA: its clients must not get in.
    let stranger =
        make_bundle(&[&LOCAL_SERVER_TWO_CLIENTS[..6], &["--key-type", key_type]].concat())?;
    let mut failures = Vec::new();
    for engine in &engines {
        for mode in [Mode::OverrideConf, Mode::DaemonJson] {
            let started = Instant::now();
            if let Err(error) = check_mode(mode, &engine.dockerd, bundle, &stranger) {
                failures.push(format!(
                    "{key_type}, {} from {mode}: {error:#}",
                    engine.name
                ));
            }
            eprintln!(
                "{key_type}, {} from {mode}: {:.1} s",
                engine.name,
                started.elapsed().as_secs_f64()
            );
        }
    }
    ensure!(failures.is_empty(), "{}", failures.join("\n\n"));
    Ok(())
}

/// Starts dockerd the `mode` way and runs every client check against it.
fn check_mode(
    mode: Mode,
    dockerd: &Path,
    bundle: &UnpackedBundle,
    stranger: &UnpackedBundle,
) -> Result<()> {
    let home = DaemonHome::new(bundle)?;
    let argv = match mode {
        Mode::OverrideConf => override_command(
            &bundle.text("server/override.conf")?,
            dockerd,
            home.dir.path(),
            home.port,
        )?,
        Mode::DaemonJson => {
            let config = daemon_json(
                &bundle.text("server/daemon.json")?,
                home.dir.path(),
                home.port,
            )?;
            let path = home.path("daemon.json");
            fs::write(&path, config).context("writing the rewritten daemon.json")?;
            daemon_json_command(&bundle.text("server/daemon-override.conf")?, dockerd, &path)?
        }
    };
    let daemon = Dockerd::start(home, &argv)?;
    let checks = Checks::new(bundle, stranger, &daemon)?;
    checks.all().map_err(|error| {
        anyhow::anyhow!(
            "{error:#}\n--- last lines of the dockerd log ---\n{}",
            daemon.log_tail()
        )
    })
}

// ---------------------------------------------------------------------------------------------
// From the bundle's files to dockerd's command line.

/// The words of the second `ExecStart=` line of a systemd drop-in, after checking that the first
/// is the empty `ExecStart=` that clears the packaged command line.
fn exec_start(dropin: &str, file: &str) -> Result<Vec<String>> {
    let lines: Vec<&str> = dropin.lines().map(str::trim).collect();
    ensure!(
        lines.contains(&"[Service]"),
        "{file} has no [Service] section"
    );
    let exec_starts: Vec<&str> = lines
        .iter()
        .filter_map(|line| line.strip_prefix("ExecStart="))
        .collect();
    let [clear, command] = exec_starts.as_slice() else {
        bail!(
            "{file} must have two ExecStart= lines (an empty one, then dockerd), has {exec_starts:?}"
        );
    };
    ensure!(
        clear.is_empty(),
        "{file}'s first ExecStart= must be empty to clear the packaged command line, is {clear:?}"
    );
    ensure!(
        !command.contains(['"', '\'', '\\', '$', '%', ';']),
        "{file}'s ExecStart= has quoting or specifiers this test does not interpret: {command:?}"
    );
    let words: Vec<String> = command.split_whitespace().map(str::to_owned).collect();
    ensure!(
        words
            .first()
            .is_some_and(|binary| binary.starts_with('/') && binary.ends_with("/dockerd")),
        "{file}'s ExecStart= must start with dockerd's absolute path: {command:?}"
    );
    Ok(words)
}

fn socket_in(home: &Path) -> PathBuf {
    home.join("docker.sock")
}

/// The server's TLS file `file` named by `path` (which must be `/etc/docker/tls/FILE`), moved
/// into `home`'s `tls/`.
fn tls_path(home: &Path, what: &str, path: &str, file: &str) -> Result<PathBuf> {
    ensure!(
        path == format!("{TLS_DIR}{file}"),
        "{what} names {path:?}, not {TLS_DIR}{file}"
    );
    Ok(home.join("tls").join(file))
}

/// override.conf's dockerd command line for a daemon living in `home`: the real `dockerd`,
/// `home`'s socket instead of systemd's, loopback port `port`, `home`'s TLS files.
fn override_command(text: &str, dockerd: &Path, home: &Path, port: u16) -> Result<Vec<String>> {
    const FILE: &str = "override.conf";
    let words = exec_start(text, FILE)?;
    let mut argv = vec![dockerd.display().to_string()];
    let mut seen: Vec<&str> = Vec::new();
    let mut rest = words.iter().skip(1);
    while let Some(word) = rest.next() {
        let key = match word.as_str() {
            "-H" => {
                let host = rest.next().context("override.conf ends with -H")?;
                argv.push("-H".to_owned());
                if host == "fd://" {
                    argv.push(format!("unix://{}", socket_in(home).display()));
                    "-H fd://"
                } else if *host == format!("tcp://0.0.0.0:{BUNDLE_PORT}") {
                    argv.push(format!("tcp://127.0.0.1:{port}"));
                    "-H tcp://"
                } else {
                    bail!(
                        "{FILE} has -H {host}; the test knows fd:// and tcp://0.0.0.0:{BUNDLE_PORT}"
                    )
                }
            }
            "--tlsverify" => {
                argv.push(word.clone());
                "--tlsverify"
            }
            _ => {
                let Some((flag, file, path)) = word.split_once('=').and_then(|(flag, path)| {
                    TLS_FILES
                        .iter()
                        .find(|(known, _)| *known == flag)
                        .map(|(known, file)| (*known, *file, path))
                }) else {
                    bail!(
                        "{FILE} has {word:?}, which this test does not expect: teach the test \
                         what it means, or fix {FILE}"
                    );
                };
                let path = tls_path(home, &format!("{FILE}'s {flag}"), path, file)?;
                argv.push(format!("{flag}={}", path.display()));
                flag
            }
        };
        ensure!(!seen.contains(&key), "{FILE} has {key} twice");
        seen.push(key);
    }
    for expected in ["-H fd://", "-H tcp://", "--tlsverify"]
        .into_iter()
        .chain(TLS_FILES.map(|(flag, _)| flag))
    {
        ensure!(
            seen.contains(&expected),
            "{FILE} lacks {expected}: {words:?}"
        );
    }
    Ok(argv)
}

/// daemon.json for a daemon living in `home`: `hosts` on `home`'s socket and loopback port
/// `port`, the TLS files in `home`. Any key but those five fails.
fn daemon_json(text: &str, home: &Path, port: u16) -> Result<String> {
    const FILE: &str = "daemon.json";
    let Value::Object(entries) = serde_json::from_str(text).context("daemon.json is not JSON")?
    else {
        bail!("daemon.json is not a JSON object");
    };
    let mut rewritten = serde_json::Map::new();
    for (key, value) in entries {
        let value = match key.as_str() {
            "hosts" => {
                let tcp = format!("tcp://0.0.0.0:{BUNDLE_PORT}");
                ensure!(
                    value == json!(["unix:///var/run/docker.sock", tcp]),
                    "{FILE}'s hosts are {value}; the test knows [\"unix:///var/run/docker.sock\", \
                     \"{tcp}\"]"
                );
                json!([
                    format!("unix://{}", socket_in(home).display()),
                    format!("tcp://127.0.0.1:{port}"),
                ])
            }
            "tlsverify" => {
                ensure!(
                    value == Value::Bool(true),
                    "{FILE}'s tlsverify is {value}, not true"
                );
                value
            }
            _ => {
                let Some((_, file)) = TLS_FILES
                    .iter()
                    .find(|(flag, _)| flag.strip_prefix("--") == Some(key.as_str()))
                else {
                    bail!(
                        "{FILE} has the key {key:?}, which this test does not expect: teach the \
                         test what it means, or fix {FILE}"
                    );
                };
                let Some(path) = value.as_str() else {
                    bail!("{FILE}'s {key} is {value}, not a string");
                };
                let path = tls_path(home, &format!("{FILE}'s {key}"), path, file)?;
                Value::String(path.display().to_string())
            }
        };
        rewritten.insert(key, value);
    }
    for expected in ["hosts", "tlsverify"]
        .into_iter()
        .chain(TLS_FILES.map(|(flag, _)| flag.trim_start_matches('-')))
    {
        ensure!(
            rewritten.contains_key(expected),
            "{FILE} lacks {expected:?}"
        );
    }
    Ok(Value::Object(rewritten).to_string())
}

/// daemon-override.conf's command line: just dockerd (daemon.json sets the rest; a setting made
/// both ways stops dockerd), which then reads `config`.
fn daemon_json_command(text: &str, dockerd: &Path, config: &Path) -> Result<Vec<String>> {
    let words = exec_start(text, "daemon-override.conf")?;
    ensure!(
        words.len() == 1,
        "daemon-override.conf must start dockerd without flags, since daemon.json sets them and \
         dockerd refuses a setting made both ways: {words:?}"
    );
    Ok(vec![
        dockerd.display().to_string(),
        "--config-file".to_owned(),
        config.display().to_string(),
    ])
}

// ---------------------------------------------------------------------------------------------
// A dockerd of our own.

/// Where a test dockerd lives: a temporary folder with the server's TLS files in `tls/`, its
/// unix socket, data and exec roots, pid file and log; and a free loopback port.
#[derive(Debug)]
struct DaemonHome {
    dir: TempDir,
    port: u16,
}

impl DaemonHome {
    fn new(bundle: &UnpackedBundle) -> Result<Self> {
        Self::for_server(bundle, "server")
    }

    /// A home with the TLS files of the server folder `server_dir` of the bundle.
    fn for_server(bundle: &UnpackedBundle, server_dir: &str) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let tls = dir.path().join("tls");
        fs::create_dir(&tls)?;
        for (_, file) in TLS_FILES {
            fs::copy(bundle.path(&format!("{server_dir}/{file}")), tls.join(file))
                .with_context(|| format!("copying {server_dir}/{file}"))?;
        }
        Ok(DaemonHome {
            dir,
            port: free_port()?,
        })
    }

    /// A home with these three files as ca.pem, server-cert.pem and server-key.pem.
    fn from_files(ca: PathBuf, cert: PathBuf, key: PathBuf) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let tls = dir.path().join("tls");
        fs::create_dir(&tls)?;
        for (from, (_, to)) in [ca, cert, key].iter().zip(TLS_FILES) {
            fs::copy(from, tls.join(to)).with_context(|| format!("copying {}", from.display()))?;
        }
        Ok(DaemonHome {
            dir,
            port: free_port()?,
        })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A running dockerd, stopped (SIGTERM, then SIGKILL) and its folder removed on drop.
#[derive(Debug)]
struct Dockerd {
    child: Child,
    home: DaemonHome,
    /// The daemon's version, as its unix socket tells it.
    version: String,
    /// Keeps this daemon within [`MAX_DAEMONS`]; released after the fields above are dropped.
    _slot: DaemonSlot,
}

impl Dockerd {
    /// Starts `argv` plus the loopback flags, and waits until it answers on its unix socket and
    /// listens on its TCP port.
    fn start(home: DaemonHome, argv: &[String]) -> Result<Self> {
        let (binary, args) = argv
            .split_first()
            .context("an empty dockerd command line")?;
        let slot = DaemonSlot::acquire();
        let log = File::create(home.path("dockerd.log")).context("creating dockerd.log")?;
        let mut command = Command::new(binary);
        command
            .env("PATH", engine_path(Path::new(binary))?)
            .args(args)
            .args(LOOPBACK_FLAGS)
            .arg("--data-root")
            .arg(home.path("data"))
            .arg("--exec-root")
            .arg(home.path("exec"))
            .arg("--pidfile")
            .arg(home.path("docker.pid"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let child = command
            .spawn()
            .with_context(|| format!("starting {command:?}"))?;
        let mut daemon = Dockerd {
            child,
            home,
            version: String::new(),
            _slot: slot,
        };
        // On failure `daemon` is dropped here, which stops it and removes its folder.
        daemon
            .wait_until_ready()
            .with_context(|| format!("starting {command:?}"))?;
        Ok(daemon)
    }

    fn wait_until_ready(&mut self) -> Result<()> {
        let deadline = Instant::now() + START_TIMEOUT;
        let socket = format!("unix://{}", socket_in(self.home.dir.path()).display());
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "dockerd exited ({status}) before it answered; its log ends:\n{}",
                    self.log_tail()
                );
            }
            let output = docker(&self.home.path("docker-config"))
                .args(["-H", &socket, "version", "--format", "{{.Server.Version}}"])
                .output()
                .context("running docker")?;
            if output.status.success() {
                self.version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
                break;
            }
            let last_error = String::from_utf8_lossy(&output.stderr).trim().to_owned();
            ensure!(
                Instant::now() < deadline,
                "dockerd did not answer on {socket} within {START_TIMEOUT:?} (docker said: \
                 {last_error}); its log ends:\n{}",
                self.log_tail()
            );
            sleep(Duration::from_millis(200));
        }
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.home.port));
        while let Err(error) = TcpStream::connect_timeout(&address, Duration::from_secs(1)) {
            ensure!(
                Instant::now() < deadline,
                "dockerd did not listen on {address} within {START_TIMEOUT:?} ({error}); its \
                 log ends:\n{}",
                self.log_tail()
            );
            sleep(Duration::from_millis(100));
        }
        Ok(())
    }

    fn port(&self) -> u16 {
        self.home.port
    }

    fn log(&self) -> String {
        fs::read(self.home.path("dockerd.log"))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_else(|error| format!("(cannot read dockerd.log: {error})"))
    }

    /// The log's last lines, for error messages.
    fn log_tail(&self) -> String {
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// How long the log is now, for [`Dockerd::refused_since`].
    fn log_len(&self) -> usize {
        self.log().len()
    }

    /// Waits a few seconds for the log to show, after byte `offset`, that dockerd itself refused
    /// a TLS handshake over a certificate (not that the client gave up on dockerd's: that is
    /// logged as a "remote error").
    fn refused_since(&self, offset: usize) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let log = self.log();
            let new = log.get(offset..).unwrap_or_default();
            if new.lines().any(|line| {
                line.contains("TLS handshake error")
                    && line.to_lowercase().contains("certificate")
                    && !line.contains("remote error")
            }) {
                return Ok(());
            }
            ensure!(
                Instant::now() < deadline,
                "dockerd logged no refused TLS handshake; its new log lines:\n{new}"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Dockerd {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let deadline = Instant::now() + STOP_TIMEOUT;
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
                sleep(Duration::from_millis(100));
            }
        }
        if let Ok(None) = self.child.try_wait() {
            eprintln!("dockerd ignored SIGTERM for {STOP_TIMEOUT:?}: killing it");
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // What a clean shutdown undoes, but a kill or a failed start may leave behind.
        self.stop_containerd();
        self.unmount();
        // The folder goes when `home` is dropped, right after this.
    }
}

impl Dockerd {
    /// Stops the containerd this dockerd started, if it outlived dockerd.
    fn stop_containerd(&self) {
        let Ok(pid) = fs::read_to_string(self.home.path("exec/containerd/containerd.pid")) else {
            return;
        };
        let pid = pid.trim();
        let ours = || {
            fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|cmdline| {
                String::from_utf8_lossy(&cmdline)
                    .contains(&self.home.dir.path().display().to_string())
            })
        };
        for signal in ["-TERM", "-KILL"] {
            if !ours() {
                return;
            }
            let _ = Command::new("kill").args([signal, pid]).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while ours() && Instant::now() < deadline {
                sleep(Duration::from_millis(100));
            }
        }
    }

    /// Unmounts what dockerd mounted below its folder (at least the data root onto itself),
    /// deepest first.
    fn unmount(&self) {
        let prefix = format!("{}/", self.home.dir.path().display());
        let mut mounts: Vec<String> = fs::read_to_string("/proc/self/mounts")
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split_whitespace().nth(1))
            .filter(|point| point.starts_with(&prefix))
            .map(str::to_owned)
            .collect();
        mounts.sort_by_key(|point| std::cmp::Reverse(point.len()));
        for point in mounts {
            let _ = Command::new("umount")
                .args(["--lazy", &point])
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// One of [`MAX_DAEMONS`] places for a running dockerd.
#[derive(Debug)]
struct DaemonSlot;

static RUNNING: Mutex<usize> = Mutex::new(0);
static SLOT_FREED: Condvar = Condvar::new();

impl DaemonSlot {
    fn acquire() -> Self {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        while *running >= MAX_DAEMONS {
            running = SLOT_FREED
                .wait(running)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *running += 1;
        DaemonSlot
    }
}

impl Drop for DaemonSlot {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        *running = running.saturating_sub(1);
        SLOT_FREED.notify_one();
    }
}

// ---------------------------------------------------------------------------------------------
// The clients.

/// `program` with only `config` as docker's configuration folder (nothing touches ~/.docker)
/// and none of the environment that would steer the docker CLI.
fn client_command(program: &str, config: &Path) -> Command {
    let mut command = Command::new(program);
    command.env("DOCKER_CONFIG", config);
    for variable in DOCKER_ENV {
        command.env_remove(variable);
    }
    command
}

fn docker(config: &Path) -> Command {
    client_command("docker", config)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The client checks against one daemon.
#[derive(Debug)]
struct Checks<'a> {
    bundle: &'a UnpackedBundle,
    stranger: &'a UnpackedBundle,
    daemon: &'a Dockerd,
    /// docker's configuration folder and the client folders made up for the refusals.
    scratch: TempDir,
}

impl<'a> Checks<'a> {
    fn new(
        bundle: &'a UnpackedBundle,
        stranger: &'a UnpackedBundle,
        daemon: &'a Dockerd,
    ) -> Result<Self> {
        let scratch = tempfile::tempdir()?;
        fs::create_dir(scratch.path().join("docker-config"))?;
        Ok(Checks {
            bundle,
            stranger,
            daemon,
            scratch,
        })
    }

    fn all(&self) -> Result<()> {
        self.env_sh()
            .context("(a) docker after `. clients/alice/env.sh`")?;
        self.docker_context()
            .context("(b) docker --context from clients/bob/docker-context.sh")?;
        self.curl_sh().context("(c) sh clients/alice/curl.sh")?;
        if self.bundle.path("clients/alice/client.p12").exists() {
            self.curl_p12()
                .context("(c') curl with clients/alice/client.p12")?;
        }
        self.refusals().context("(d) refusals")
    }

    fn config(&self) -> PathBuf {
        self.scratch.path().join("docker-config")
    }

    fn docker_host(&self) -> String {
        format!("tcp://localhost:{}", self.daemon.port())
    }

    /// (a) bash sources env.sh from another folder; only DOCKER_HOST's port is changed.
    fn env_sh(&self) -> Result<()> {
        const SCRIPT: &str = r#"set -eu
cd /
. "$1"
printf 'DOCKER_HOST=%s\nDOCKER_TLS_VERIFY=%s\nDOCKER_CERT_PATH=%s\n' \
  "$DOCKER_HOST" "$DOCKER_TLS_VERIFY" "$DOCKER_CERT_PATH"
export DOCKER_HOST="${DOCKER_HOST%:*}:$2"
docker version --format '{{.Server.Version}}'
"#;
        let env_sh = self.bundle.path("clients/alice/env.sh");
        let output = client_command("bash", &self.config())
            .args(["-c", SCRIPT, "bash"])
            .arg(&env_sh)
            .arg(self.daemon.port().to_string())
            .output()
            .context("running bash")?;
        let stdout = stdout(&output);
        let mut lines = stdout.lines();
        let expected_host = format!("DOCKER_HOST=tcp://localhost:{BUNDLE_PORT}");
        ensure!(
            lines.next() == Some(expected_host.as_str()),
            "env.sh did not set {expected_host}: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        ensure!(
            lines.next() == Some("DOCKER_TLS_VERIFY=1"),
            "env.sh did not set DOCKER_TLS_VERIFY=1: {stdout}"
        );
        let cert_path = lines
            .next()
            .and_then(|line| line.strip_prefix("DOCKER_CERT_PATH="))
            .context("env.sh set no DOCKER_CERT_PATH")?;
        let folder = self.bundle.path("clients/alice").canonicalize()?;
        ensure!(
            Path::new(cert_path).canonicalize().ok() == Some(folder.clone()),
            "env.sh set DOCKER_CERT_PATH={cert_path}, not {}",
            folder.display()
        );
        ensure!(
            output.status.success(),
            "docker failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        self.expect_version(lines.next().unwrap_or_default())
    }

    /// (b) docker-context.sh (twice: it creates the context, then updates it), then
    /// `docker --context localhost version`.
    fn docker_context(&self) -> Result<()> {
        let script = self.port_swapped_copy("clients/bob/docker-context.sh")?;
        for _ in 0..2 {
            run(client_command("sh", &self.config())
                .arg(&script)
                .current_dir("/"))?;
        }
        let output = run(docker(&self.config()).args([
            "--context",
            "localhost",
            "version",
            "--format",
            "{{.Server.Version}}",
        ]))?;
        self.expect_version(&stdout(&output))
    }

    /// (c) curl.sh prints the daemon's version as JSON.
    fn curl_sh(&self) -> Result<()> {
        let script = self.port_swapped_copy("clients/alice/curl.sh")?;
        let output = run(client_command("sh", &self.config())
            .arg(&script)
            .arg("version")
            .current_dir("/"))?;
        let json = stdout(&output);
        ensure!(
            json.starts_with('{') && json.contains("\"ApiVersion\""),
            "curl.sh printed no version JSON: {json}"
        );
        Ok(())
    }

    /// (c') curl with the client's identity from client.p12 alone (the test bundles' p12
    /// password is the CA passphrase) and the CA from ca.pem.
    fn curl_p12(&self) -> Result<()> {
        let p12 = self.bundle.path("clients/alice/client.p12");
        let output = run(Command::new("curl")
            .args([
                "--fail",
                "--silent",
                "--show-error",
                "--cert-type",
                "P12",
                "--cert",
            ])
            .arg(format!("{}:{CA_PASSPHRASE}", p12.display()))
            .arg("--cacert")
            .arg(self.bundle.path("clients/alice/ca.pem"))
            .arg(format!("https://localhost:{}/version", self.daemon.port())))?;
        let json = stdout(&output);
        ensure!(
            json.contains(&format!("\"Version\":\"{}\"", self.daemon.version)),
            "curl with client.p12 got no version JSON: {json}"
        );
        Ok(())
    }

    /// (d) Strangers are refused in the TLS handshake.
    fn refusals(&self) -> Result<()> {
        let url = format!("https://localhost:{}/version", self.daemon.port());
        let ca = self.bundle.path("clients/alice/ca.pem");
        self.refused(
            "curl without a client certificate",
            Command::new("curl")
                .args(["--fail", "--silent", "--show-error", "--cacert"])
                .arg(&ca)
                .arg(&url),
            true,
        )?;

        // The stranger's own folder: its CA does not know this daemon, so the CLI gives up first.
        let stranger = self.stranger.path("clients/alice");
        self.refused(
            "docker with another CA's client folder",
            &mut self.docker_with_cert_path(&stranger),
            false,
        )?;

        // This CA for the daemon, the stranger's certificate for the client: dockerd refuses.
        let mixed = self.client_folder(
            "stranger-with-our-ca",
            [
                ca.clone(),
                stranger.join("cert.pem"),
                stranger.join("key.pem"),
            ],
        )?;
        self.refused(
            "docker with our ca.pem and another CA's client certificate",
            &mut self.docker_with_cert_path(&mixed),
            true,
        )?;

        // The server's certificate says serverAuth only: no good as a client's.
        let server = self.client_folder(
            "server-as-client",
            ["ca.pem", "server-cert.pem", "server-key.pem"]
                .map(|file| self.bundle.path(&format!("server/{file}"))),
        )?;
        self.refused(
            "docker with the server's certificate as client certificate",
            &mut self.docker_with_cert_path(&server),
            true,
        )
    }

    /// Runs `command`, which must fail over a certificate; with `by_dockerd`, dockerd's log must
    /// show that it refused the handshake itself (and then the client may see only a reset).
    fn refused(&self, what: &str, command: &mut Command, by_dockerd: bool) -> Result<()> {
        let offset = self.daemon.log_len();
        let output = command
            .output()
            .with_context(|| format!("{what}: starting {command:?}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        ensure!(
            !output.status.success(),
            "{what}: got in, must be refused; it printed {}",
            stdout(&output)
        );
        // In TLS 1.3 the client's side of the handshake is over before dockerd has checked the
        // client's certificate, so a client that writes its request at once may see only the
        // dropped connection rather than dockerd's alert; dockerd's log then says why.
        let lower = stderr.to_lowercase();
        let cut_off = ["connection reset", "broken pipe"]
            .iter()
            .any(|symptom| lower.contains(symptom));
        ensure!(
            lower.contains("certificate") || (by_dockerd && cut_off),
            "{what}: failed ({}), but not over a certificate: {stderr}",
            output.status
        );
        if by_dockerd {
            self.daemon
                .refused_since(offset)
                .with_context(|| format!("{what} (the client said: {})", stderr.trim()))?;
        }
        Ok(())
    }

    fn docker_with_cert_path(&self, folder: &Path) -> Command {
        let mut command = docker(&self.config());
        command
            .env("DOCKER_HOST", self.docker_host())
            .env("DOCKER_TLS_VERIFY", "1")
            .env("DOCKER_CERT_PATH", folder)
            .args(["version", "--format", "{{.Server.Version}}"]);
        command
    }

    /// A folder with `ca.pem`, `cert.pem`, `key.pem` copied from `files`, in that order.
    fn client_folder(&self, name: &str, files: [PathBuf; 3]) -> Result<PathBuf> {
        let folder = self.scratch.path().join(name);
        fs::create_dir(&folder)?;
        for (from, to) in files.iter().zip(["ca.pem", "cert.pem", "key.pem"]) {
            fs::copy(from, folder.join(to))
                .with_context(|| format!("copying {}", from.display()))?;
        }
        Ok(folder)
    }

    /// A copy of the bundle's script `relative`, beside it, with the port swapped for the
    /// daemon's; the port must appear exactly once.
    fn port_swapped_copy(&self, relative: &str) -> Result<PathBuf> {
        let text = self.bundle.text(relative)?;
        let port = format!(":{BUNDLE_PORT}");
        ensure!(
            text.matches(&port).count() == 1,
            "{relative} should name port {BUNDLE_PORT} once:\n{text}"
        );
        let original = self.bundle.path(relative);
        let copy = original.with_file_name(format!(
            "port-{}-{}",
            self.daemon.port(),
            original
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        fs::write(
            &copy,
            text.replace(&port, &format!(":{}", self.daemon.port())),
        )
        .with_context(|| format!("writing {}", copy.display()))?;
        Ok(copy)
    }

    fn expect_version(&self, version: &str) -> Result<()> {
        ensure!(
            version == self.daemon.version,
            "the daemon said it is version {version:?} over TLS, {:?} on its unix socket",
            self.daemon.version
        );
        Ok(())
    }
}

/// The Windows platform's daemon.json, as far as a Linux machine can check it: JSON whose every
/// key and value the current dockerd's `--validate` accepts (the settings dockerd has on every
/// OS; only the named pipe and the `C:\` paths are swapped for local ones), with the bundle's own
/// certificate and key, which `--validate` loads and matches. A key of another bundle is refused,
/// so the check can fail. Windows itself (install.ps1, the service, the firewall) cannot run
/// here.
#[test]
fn windows_daemon_json_is_what_dockerd_validates() -> Result<()> {
    let engines = engines()?;
    let current = engines.last().context("no current engine")?;
    let bundle = make_bundle(&[
        "--server-ip",
        "127.0.0.1",
        "--client",
        "alice",
        "--platform",
        "windows",
    ])?;
    let other = make_bundle(&["--server-ip", "127.0.0.1", "--client", "alice"])?;
    let text = bundle.text("server/daemon.json")?;
    ensure!(
        text.contains("\r\n"),
        "daemon.json for Windows lacks CRLF line ends"
    );
    let config: Value = serde_json::from_str(&text).context("daemon.json is not JSON")?;
    ensure!(
        config["hosts"][0] == "npipe://"
            && config["tlskey"] == r"C:\ProgramData\docker\certs.d\server-key.pem",
        "unexpected Windows daemon.json: {config}"
    );
    let validate = |key_from: &UnpackedBundle| -> Result<Output> {
        let dir = tempfile::tempdir()?;
        let local = |name: &str| dir.path().join(name).display().to_string();
        fs::copy(bundle.path("server/ca.pem"), dir.path().join("ca.pem"))?;
        fs::copy(
            bundle.path("server/server-cert.pem"),
            dir.path().join("server-cert.pem"),
        )?;
        fs::copy(
            key_from.path("server/server-key.pem"),
            dir.path().join("server-key.pem"),
        )?;
        let mut linux = config.clone();
        linux["hosts"][0] = json!(format!("unix://{}", local("docker.sock")));
        for (key, file) in [
            ("tlscacert", "ca.pem"),
            ("tlscert", "server-cert.pem"),
            ("tlskey", "server-key.pem"),
        ] {
            let windows = format!(r"C:\ProgramData\docker\certs.d\{file}");
            ensure!(linux[key] == windows.as_str(), "{key} is {}", linux[key]);
            linux[key] = json!(local(file));
        }
        let path = dir.path().join("daemon.json");
        fs::write(&path, serde_json::to_vec_pretty(&linux)?)?;
        Command::new(&current.dockerd)
            .env("PATH", engine_path(&current.dockerd)?)
            .arg("--validate")
            .arg("--config-file")
            .arg(&path)
            .output()
            .with_context(|| format!("running {}", current.dockerd.display()))
    };
    let accepted = validate(&bundle)?;
    let said = format!(
        "{}{}",
        stdout(&accepted),
        String::from_utf8_lossy(&accepted.stderr)
    );
    ensure!(
        accepted.status.success() && said.contains("configuration OK"),
        "{} --validate refused the Windows daemon.json: {said}",
        current.name
    );
    let refused = validate(&other)?;
    ensure!(
        !refused.status.success(),
        "{} --validate accepted a key that is not the certificate's: {}",
        current.name,
        stdout(&refused)
    );
    ensure!(
        String::from_utf8_lossy(&refused.stderr).contains("private key does not match public key"),
        "{} refused the other key for another reason: {}",
        current.name,
        String::from_utf8_lossy(&refused.stderr)
    );
    Ok(())
}
