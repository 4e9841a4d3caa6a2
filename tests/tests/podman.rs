//! The podman platform's bundle (`portcullis bundle --platform podman`) against real Podman: Debian
//! unstable's podman 5.8 (Debian 12's 4.3 cannot serve its API with TLS), which
//! `cargo xtask test` fetches, patches to run on its own libc, and caches with a `podman` wrapper
//! in the folder `PORTCULLIS_PODMAN` names.
//!
//! `server/install.sh` runs as root as on a host, in a mount, network and PID namespace of its own
//! (`unshare`): /etc is a private copy (the host's has no /etc/containers, and install.sh writes
//! there and to /etc/systemd/system), /run a tmpfs, and every port free. systemd is not PID 1
//! here, so PATH has a stand-in `systemctl` that starts the installed unit's ExecStart= line as
//! systemd starts a Type=exec service. Then the docker CLI and `podman --connection` reach the
//! service as the bundle's clients say; nothing of the machine's docker or podman configuration
//! is read or written.
//!
//! Needs root, docker, unshare, ss, ip, python3 and unzip: `cargo xtask test` installs them.
//! Without one the test fails with the reason, never skips.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use anyhow::{Context, Result, ensure};
use portcullis_tests::{
    ensure_root, ensure_walk_passed, namespaced_walk, on_path, two_platform_bundles,
    without_callers_docker,
};

/// install.sh of `server/` as root on a host with podman 5.8: it installs bundle A — certificates
/// 0444, key 0400, TLS folder 0700 in /etc/containers/docker-tls, the unit with ExecStart= on the
/// podman that is really there — enables and starts podman-docker-tls.service. The docker CLI
/// with `. clients/alice/env.sh` reaches "Podman Engine" and runs a container; docker without a
/// client certificate, or with one of another CA, is refused in the TLS handshake; `clients/alice/podman-connection.sh`
/// adds a connection that `podman --connection` uses. Bundle B, whose port another program holds,
/// does not come up: install.sh exits 1, A's files are back byte for byte, and A's service
/// answers A's client again.
#[test]
fn podman_install_sh_against_real_podman() -> Result<()> {
    ensure_root("the podman test", "install.sh and podman's service need it")?;
    for tool in [
        "docker", "unshare", "ss", "ip", "python3", "unzip", "timeout",
    ] {
        ensure!(
            on_path(tool).is_some(),
            "`{tool}` is not on PATH: `cargo xtask test` installs it"
        );
    }
    let podman_dir = std::env::var_os("PORTCULLIS_PODMAN")
        .map(PathBuf::from)
        .context(
            "PORTCULLIS_PODMAN is not set: run `cargo xtask test`, which fetches a podman that \
             serves its API with TLS from Debian unstable",
        )?;
    ensure!(
        podman_dir.join("podman").is_file(),
        "{} is missing: run `cargo xtask test`, which fetches it",
        podman_dir.join("podman").display()
    );
    // B's CA is not A's: its client is a stranger to A's daemon.
    let [(a, port_a), (b, port_b)] = two_platform_bundles("podman")?;

    let scratch = tempfile::tempdir()?;
    let t = scratch.path();
    for dir in ["bin", "state", "etc", "home", "xdg", "docker-config"] {
        fs::create_dir(t.join(dir))?;
    }
    let systemctl = t.join("bin/systemctl");
    fs::write(
        &systemctl,
        SYSTEMCTL_STAND_IN.replace("@STATE@", &t.join("state").display().to_string()),
    )?;
    fs::set_permissions(&systemctl, fs::Permissions::from_mode(0o755))?;
    let path = std::env::join_paths([t.join("bin"), podman_dir.clone()].into_iter().chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))?;
    let mut walk = namespaced_walk(PODMAN_WALK, "podman-walk", true);
    walk.arg(t)
        .arg(&a.root)
        .arg(&b.root)
        .arg(&podman_dir)
        .arg(port_a.to_string())
        .arg(port_b.to_string())
        .env("PATH", path)
        .env("HOME", t.join("home"))
        .env("XDG_CONFIG_HOME", t.join("xdg"))
        .env_remove("CONTAINER_HOST")
        .env_remove("CONTAINER_CONNECTION");
    let output = without_callers_docker(&mut walk, &t.join("docker-config")).output()?;
    ensure_walk_passed(&output, &t.join("state/podman.log"), "podman", 25)?;
    eprintln!("{}", String::from_utf8_lossy(&output.stdout).trim_end());
    // The connection is the test's own: podman kept it in the private XDG_CONFIG_HOME.
    let connections = fs::read_to_string(t.join("xdg/containers/podman-connections.json"))
        .context("podman-connection.sh left no podman-connections.json in XDG_CONFIG_HOME")?;
    ensure!(
        connections.contains(&format!("tcp://127.0.0.1:{port_a}")),
        "the connection is not A's: {connections}"
    );
    Ok(())
}

/// `systemctl` for the podman test, for podman-docker-tls.service only: `restart` stops the podman
/// it started and runs the ExecStart= line of the unit installed in /etc/systemd/system as
/// systemd runs a Type=exec service — it succeeds once the program is started, whatever it does
/// next; `is-active` is whether that process still runs, `show --property=MainPID --value` its
/// pid (0 when it does not run); every call is recorded.
const SYSTEMCTL_STAND_IN: &str = r#"#!/bin/sh
state=@STATE@
unit=/etc/systemd/system/podman-docker-tls.service
# Whether process $1 runs (and is not a zombie); it may end while this looks.
alive() { st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1); [ -n "$st" ] && [ "$st" != Z ]; }
running() { [ -f "$state/pid" ] && alive "$(cat "$state/pid")"; }
stop() {
  if [ -f "$state/pid" ]; then
    pid=$(cat "$state/pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do alive "$pid" || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$state/pid"
  fi
}
echo "$*" >> "$state/calls"
case "$*" in
  daemon-reload) ;;
  "enable podman-docker-tls.service" | "disable podman-docker-tls.service") ;;
  "is-active --quiet podman-docker-tls.service" | "is-active podman-docker-tls.service") running ;;
  "show --property=MainPID --value podman-docker-tls.service")
    if running; then cat "$state/pid"; else echo 0; fi ;;
  "stop podman-docker-tls.service" | stop) stop ;;
  "restart podman-docker-tls.service")
    stop
    [ -f "$unit" ] || { echo "Failed to restart podman-docker-tls.service: Unit not found." >&2; exit 5; }
    command=$(sed -n 's/^ExecStart=//p' "$unit" | tail -n 1)
    # shellcheck disable=SC2086
    set -- $command
    [ -x "$1" ] || { echo "podman-docker-tls.service: $1: not executable" >&2; exit 1; }
    echo "start $*" >> "$state/calls"
    setsid "$@" >> "$state/podman.log" 2>&1 < /dev/null &
    echo $! > "$state/pid" ;;
  *) echo "systemctl stand-in: $*: not known" >&2; exit 1 ;;
esac
"#;

/// The walk inside the namespaces, as root: `$1` the scratch folder, `$2` bundle A, `$3` bundle B
/// (another CA), `$4` the folder of the podman wrapper, `$5` A's port, `$6` B's.
const PODMAN_WALK: &str = r#"
t=$1 a=$2 b=$3 podman_dir=$4 port_a=$5 port_b=$6
fail() { echo "FAIL: $*" >&2; exit 1; }
show() { echo "--- $1 ---" >&2; cat "$1" >&2; }
cleanup() {
  systemctl stop || true
  [ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
  true
}
trap 'exit 1' HUP INT TERM
trap cleanup EXIT

# A private /etc without podman's files, a private /run, loopback up.
cp -a /etc/. "$t/etc"
rm -rf "$t/etc/containers/docker-tls" "$t/etc/systemd/system/podman-docker-tls.service"
mount --bind "$t/etc" /etc
mount -t tmpfs tmpfs /run
ip link set lo up

tls=/etc/containers/docker-tls
unit=/etc/systemd/system/podman-docker-tls.service

# A.
sh "$a/server/install.sh" > "$t/a.out" 2>&1 || { show "$t/a.out"; fail "installing A"; }
grep -q "install.sh: Podman's API listens on port $port_a with mutual TLS." "$t/a.out" ||
  { show "$t/a.out"; fail "A: no word of listening"; }
grep -qx "enable podman-docker-tls.service" "$t/state/calls" || fail "A: the service was not enabled"
modes() {
  for f in "$tls" "$tls/ca.pem" "$tls/server-cert.pem" "$tls/server-key.pem" "$unit"; do
    stat -c '%n %a %U' "$f"
  done
}
expected_modes="$tls 700 root
$tls/ca.pem 444 root
$tls/server-cert.pem 444 root
$tls/server-key.pem 400 root
$unit 644 root"
[ "$(modes)" = "$expected_modes" ] || fail "A's files: $(modes)"
for f in ca.pem server-cert.pem server-key.pem; do cmp "$a/server/$f" "$tls/$f" || fail "$tls/$f is not A's"; done
# The unit is A's, with ExecStart= on the podman PATH has rather than /usr/bin/podman.
sed "s|^ExecStart=/usr/bin/podman |ExecStart=$podman_dir/podman |" "$a/server/podman-docker-tls.service" |
  cmp - "$unit" || fail "the installed unit is not A's with podman's path: $(cat "$unit")"
grep -qx "start $podman_dir/podman system service --time=0 --tls-cert=$tls/server-cert.pem --tls-key=$tls/server-key.pem --tls-client-ca=$tls/ca.pem tcp://0.0.0.0:$port_a" "$t/state/calls" ||
  fail "the service was not started from the installed unit: $(cat "$t/state/calls")"

# The docker CLI with A's env.sh reaches Podman's API.
client() {
  bash -c '. "$1" && docker version' client "$a/clients/alice/env.sh"
}
said=$(client 2>&1) || fail "A's client cannot reach A's service: $said"
echo "$said" | grep -q 'Podman Engine' || fail "A's client did not reach Podman: $said"
# A container runs through the TLS connection: an image of one static binary (Debian's tini,
# which docker.io depends on), imported from a tar (no registry), run without a network.
mkdir -p "$t/image" && cp /usr/bin/tini-static "$t/image/tini" && tar -C "$t/image" -cf "$t/image.tar" tini ||
  fail "making the test image"
said=$(bash -c '. "$1" && docker import "$2" portcullis/tini:test >/dev/null &&
  docker run --rm --pull=never --network none portcullis/tini:test /tini --version' run \
  "$a/clients/alice/env.sh" "$t/image.tar" 2>&1) || fail "no container runs through the TLS connection: $said"
case "$said" in "tini version "*) ;; *) fail "the container said: $said" ;; esac
# Without a client certificate, and with one of another CA: refused in the TLS handshake.
if said=$(docker --tlsverify --tlscacert "$a/clients/alice/ca.pem" -H "tcp://127.0.0.1:$port_a" version 2>&1); then
  fail "docker without a client certificate got in: $said"
fi
echo "$said" | grep -q 'remote error: tls: certificate required' ||
  fail "docker without a client certificate was not refused for it: $said"
if said=$(docker --tlsverify --tlscacert "$a/clients/alice/ca.pem" --tlscert "$b/clients/alice/cert.pem" \
  --tlskey "$b/clients/alice/key.pem" -H "tcp://127.0.0.1:$port_a" version 2>&1); then
  fail "docker with another CA's client certificate got in: $said"
fi
# Over TLS 1.3 the server checks the client certificate after the handshake, so docker prints
# either podman's alert or, when its own write meets the closed connection first, "connection
# reset by peer": then podman's log must show that it refused the certificate.
echo "$said" | grep -q 'remote error: tls: ' ||
  { echo "$said" | grep -q 'connection reset by peer' &&
    grep -q 'tls: failed to verify certificate' "$t/state/podman.log"; } ||
  fail "docker with another CA's client certificate was not refused in the handshake: $said"
echo "another CA's client: $(echo "$said" | grep -o 'remote error: tls: [a-z ]*\|connection reset by peer' | head -n 1)"

# podman-connection.sh, then podman through the connection it added.
sh "$a/clients/alice/podman-connection.sh" > "$t/connection.out" 2>&1 ||
  { show "$t/connection.out"; fail "podman-connection.sh"; }
grep -q 'Connection 127.0.0.1 is ready' "$t/connection.out" || { show "$t/connection.out"; fail "no connection named"; }
said=$(podman --connection 127.0.0.1 version --format '{{.Server.Version}}' 2>&1) ||
  fail "podman --connection 127.0.0.1 version: $said"
[ "$said" = "$(podman version --format '{{.Client.Version}}')" ] || fail "the connection reached podman $said"
echo "podman --connection 127.0.0.1: server $said"

# Every file install.sh wrote for A, as it is now.
snapshot() {
  for f in "$tls/ca.pem" "$tls/server-cert.pem" "$tls/server-key.pem" "$unit"; do
    printf '%s %s ' "$f" "$(stat -c '%a %U' "$f")"; sha256sum < "$f"
  done
}
before=$(snapshot)

# B on a port another program holds: the service does not come up; A's files come back and A runs.
python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("0.0.0.0",int(sys.argv[1]))); s.listen(); time.sleep(600)' "$port_b" &
holder=$!
for _ in $(seq 50); do ss -Hltn "sport = :$port_b" | grep -q . && break; sleep 0.1; done
if sh "$b/server/install.sh" > "$t/b.out" 2>&1; then show "$t/b.out"; fail "B installed on a taken port"; fi
grep -q 'putting back the files it replaced' "$t/b.out" || { show "$t/b.out"; fail "B: no word of putting A back"; }
grep -q 'the service runs again with its previous files' "$t/b.out" || { show "$t/b.out"; fail "B: A did not come back"; }
grep -q "0.0.0.0:$port_b: bind: address already in use" "$t/state/podman.log" ||
  fail "podman did not fail over B's taken port"
[ "$(snapshot)" = "$before" ] || fail "A's files changed: $(snapshot)"
for _ in $(seq 50); do ss -Hltn "sport = :$port_a" | grep -q . && break; sleep 0.1; done
said=$(client 2>&1) || fail "A's client cannot reach the restored service: $said"
echo "$said" | grep -q 'Podman Engine' || fail "after B, A's client did not reach Podman: $said"
kill "$holder"; holder=
for f in a b; do echo "--- install.sh of $f said ---"; cat "$t/$f.out"; done
"#;
