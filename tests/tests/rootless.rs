//! The rootless platform's bundle (`portcullis bundle --platform rootless`) against real rootless
//! dockerd — Debian 12's docker.io 20.10 and the current engine `cargo xtask test` caches — started
//! by the engine's own `dockerd-rootless.sh` under RootlessKit (slirp4netns, the builtin port
//! driver), as an unprivileged user.
//!
//! Nothing on the host changes: everything runs inside `unshare --mount --pid` (as root), where
//! the namespace alone gets what rootless Docker needs, and whose processes all end with it. The
//! user's commands run through `setpriv` (no PAM session, no login), as systemd's user manager
//! would run them. Private copies of /etc/passwd, /etc/group,
//! /etc/subuid and /etc/subgid add a test user (uid [`UID`], with a subordinate range) that no
//! host file knows; a tun device node of mode 0666 is bound over /dev/net/tun (the host's stays
//! 0600, so slirp4netns could not open it); /run/user is a tmpfs holding the user's runtime
//! folder; and an unpacked engine under root's 0700 cache is bound into the scratch folder where
//! the user can reach it. systemd is not PID 1 here, so the user's PATH has a stand-in `systemctl`
//! that starts `dockerd-rootless.sh` with the environment the user unit plus the installed drop-in
//! give (its Environment= lines are read from the installed file), and a stand-in `loginctl`
//! that records its call.
//!
//! Needs root, both engines, rootlesskit, slirp4netns and uidmap (newuidmap), docker, curl,
//! bash and unzip: `cargo xtask test` installs them. Without one the test fails with the reason.

use std::fs;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, ensure};
use portcullis_tests::{
    Engine, ensure_walk_passed, namespaced_walk, on_path, two_platform_bundles, with_each_engine,
    without_callers_docker,
};
use serde_json::{Value, json};

/// The test user, known only inside the namespace.
const USER: &str = "portcullis-rootless";
const UID: u32 = 1990;
/// Its subordinate uids and gids (newuidmap maps 65536 of them for RootlessKit).
const SUBORDINATE: &str = "231072:65536";

/// install.sh of `server/` as its user runs it, against real rootless dockerd: it refuses root;
/// as the user it installs bundle A — certificates 0444, key 0400, TLS folder 0700, daemon.json
/// with the user's home and runtime folder written in, the drop-in that has RootlessKit publish
/// the port — restarts the user's docker.service and turns on lingering. Then the docker CLI
/// connects with `. clients/alice/env.sh`, `docker info` says rootless, a container runs, and a
/// client without a certificate is refused. Bundle B, whose port another program holds, fails to start: install.sh
/// exits 1, A's files come back byte for byte, and A's daemon answers A's client again.
#[test]
fn rootless_install_sh_against_real_rootless_dockerd() -> Result<()> {
    for tool in [
        "unshare",
        "setpriv",
        "rootlesskit",
        "slirp4netns",
        "newuidmap",
        "newgidmap",
        "unzip",
        "ss",
    ] {
        ensure!(
            on_path(tool).is_some(),
            "`{tool}` is not on PATH: `cargo xtask test` installs it"
        );
    }
    let passwd = fs::read_to_string("/etc/passwd")?;
    ensure!(
        !passwd.lines().any(|line| {
            line.starts_with(&format!("{USER}:"))
                || line.split(':').nth(2) == Some(&UID.to_string())
        }),
        "/etc/passwd already has {USER} or uid {UID}; the test needs both unused"
    );
    ensure!(
        processes_of(UID)?.is_empty(),
        "processes of uid {UID} already run: {:?}",
        processes_of(UID)?
    );
    // B's CA is not A's: its client is a stranger to A's daemon.
    let [(a, port_a), (b, port_b)] = two_platform_bundles("rootless")?;
    with_each_engine(|engine| {
        let scratch = tempfile::tempdir()?;
        let t = scratch.path();
        // The user must reach its home and the stand-ins below; the folder itself stays root's.
        fs::set_permissions(t, fs::Permissions::from_mode(0o755))?;
        for dir in ["bin", "state", "etc", "docker-config", "engine"] {
            fs::create_dir(t.join(dir))?;
        }
        fs::set_permissions(t.join("bin"), fs::Permissions::from_mode(0o755))?;
        let state = t.join("state").display().to_string();
        for (name, text) in [
            ("systemctl", SYSTEMCTL_STAND_IN),
            ("loginctl", LOGINCTL_STAND_IN),
        ] {
            let path = t.join("bin").join(name);
            fs::write(&path, text.replace("@STATE@", &state))?;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
        }
        let validates = {
            let help = Command::new(&engine.dockerd).arg("--help").output()?;
            String::from_utf8_lossy(&help.stdout).contains("--validate")
        };
        // B's port is taken for the whole walk; A's is free.
        let holder = TcpListener::bind((Ipv4Addr::UNSPECIFIED, port_b))
            .with_context(|| format!("holding port {port_b}"))?;
        // The walk's shell, PID 1 of its namespace, reaps what the daemons leave behind.
        let mut walk = namespaced_walk(ROOTLESS_WALK, "rootless-walk", false);
        walk.arg(t)
            .arg(UID.to_string())
            .arg(USER)
            .arg(SUBORDINATE)
            .arg(&a.zip)
            .arg(&b.zip)
            .arg(&a.root)
            .arg(engine.root()?)
            .arg(port_a.to_string())
            .arg(port_b.to_string())
            .arg(engine.version())
            .arg(if validates {
                "validates"
            } else {
                "cannot-validate"
            });
        let output = without_callers_docker(&mut walk, &t.join("docker-config")).output()?;
        drop(holder);
        let left = processes_of(UID)?;
        for pid in &left {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        ensure_walk_passed(
            &output,
            &t.join("state/dockerd.log"),
            "the rootless dockerd",
            25,
        )?;
        ensure!(
            left.is_empty(),
            "processes of uid {UID} outlived the test (killed now): {left:?}"
        );
        eprintln!(
            "with {}:\n{}",
            engine.name,
            String::from_utf8_lossy(&output.stdout).trim_end()
        );
        check_files_left(t, engine, port_a)
    })
}

/// After the walk, the user's files are A's: daemon.json names the user's real home and runtime
/// folder; the stand-ins were called as install.sh should call them.
fn check_files_left(t: &Path, engine: &Engine, port_a: u16) -> Result<()> {
    let home = t.join("home");
    let config = home.join(".config");
    let text = fs::read_to_string(config.join("docker/daemon.json"))?;
    ensure!(
        !text.contains('$'),
        "daemon.json kept a variable for install.sh to fill in: {text}"
    );
    let daemon_json: Value =
        serde_json::from_str(&text).with_context(|| format!("daemon.json: {text}"))?;
    let tls = home.join(".config/docker/tls");
    let expected = json!({
        "hosts": [format!("unix:///run/user/{UID}/docker.sock"), format!("tcp://0.0.0.0:{port_a}")],
        "tlsverify": true,
        "tlscacert": tls.join("ca.pem"),
        "tlscert": tls.join("server-cert.pem"),
        "tlskey": tls.join("server-key.pem"),
    });
    ensure!(
        daemon_json == expected,
        "daemon.json is {daemon_json}, not {expected}"
    );
    let dropin =
        fs::read_to_string(config.join("systemd/user/docker.service.d/portcullis-tls.conf"))?;
    let publish = format!(
        "Environment=\"DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=-p 0.0.0.0:{port_a}:{port_a}/tcp\""
    );
    ensure!(
        dropin.lines().any(|line| line == publish),
        "the drop-in lacks {publish}: {dropin}"
    );
    let calls = fs::read_to_string(t.join("state/calls"))?;
    ensure!(
        calls.contains(&format!(
            "restart with DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=-p 0.0.0.0:{port_a}:{port_a}/tcp"
        )),
        "docker.service never started with A's drop-in: {calls}"
    );
    let linger = fs::read_to_string(t.join("state/loginctl")).unwrap_or_default();
    ensure!(
        linger
            .lines()
            .all(|line| line == format!("enable-linger {USER}"))
            && !linger.is_empty(),
        "loginctl was not called as `loginctl enable-linger {USER}` (with {}): {linger:?}",
        engine.name
    );
    Ok(())
}

/// The processes whose real uid is `uid` (zombies aside).
fn processes_of(uid: u32) -> Result<Vec<u32>> {
    let mut pids = Vec::new();
    for entry in fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        // The process may be gone by now.
        let Ok(status) = fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let real_uid = status
            .lines()
            .find_map(|line| line.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().next());
        let zombie = status.lines().any(|line| line.starts_with("State:\tZ"));
        if real_uid == Some(&uid.to_string()) && !zombie {
            pids.push(pid);
        }
    }
    Ok(pids)
}

/// `systemctl --user` for the rootless test: `restart docker.service` stops the dockerd it
/// started and runs what the user unit of `dockerd-rootless-setuptool.sh install` runs —
/// `dockerd-rootless.sh` — with the Environment= lines of the installed drop-in, and fails as
/// systemd's would (Type=notify) when it exits before it answers on its socket.
const SYSTEMCTL_STAND_IN: &str = r#"#!/bin/sh
state=@STATE@
dropin=${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user/docker.service.d/portcullis-tls.conf
[ "${1:-}" = --user ] || { echo "systemctl stand-in: only --user is known here: $*" >&2; exit 1; }
shift
alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" != Z ]; }
running() { [ -f "$state/pid" ] && alive "$(cat "$state/pid")"; }
stop() {
  if [ -f "$state/pid" ]; then
    pid=$(cat "$state/pid")
    # KillMode=mixed: SIGTERM to the main process, then SIGKILL to what is left of the group.
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do alive "$pid" || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$state/pid"
  fi
}
case "$*" in
  daemon-reload) echo daemon-reload >> "$state/calls" ;;
  "is-active --quiet docker.service" | "is-active docker.service") running ;;
  "stop docker.service") stop ;;
  "restart docker.service")
    stop
    if [ -f "$dropin" ]; then
      while IFS= read -r line; do
        case "$line" in
          Environment=*)
            assignment=${line#Environment=}
            assignment=${assignment#\"}
            export "${assignment%\"}" ;;
        esac
      done < "$dropin"
    fi
    echo "restart with DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=${DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS:-}" >> "$state/calls"
    # The unit's Environment=PATH=BIN:/sbin:/usr/sbin:$PATH and ExecStart=BIN/dockerd-rootless.sh.
    PATH=$PATH:/sbin:/usr/sbin setsid dockerd-rootless.sh >> "$state/dockerd.log" 2>&1 < /dev/null &
    echo $! > "$state/pid"
    for _ in $(seq 300); do
      running || { rm -f "$state/pid"; exit 1; }
      docker -H "unix://$XDG_RUNTIME_DIR/docker.sock" version > /dev/null 2>&1 && exit 0
      sleep 0.2
    done
    exit 1 ;;
  *) echo "systemctl stand-in: $*: not known" >&2; exit 1 ;;
esac
"#;

/// `loginctl`: records how it was called.
const LOGINCTL_STAND_IN: &str = r#"#!/bin/sh
echo "$*" >> @STATE@/loginctl
"#;

/// The walk inside the mount namespace, as root: `$1` the scratch folder, `$2` the test user's
/// uid, `$3` its name, `$4` its subordinate range, `$5` bundle A's zip, `$6` B's zip, `$7` A
/// unpacked (its clients), `$8` the engine's root, `$9` A's port, `$10` B's (held by the test),
/// `$11` the engine's version, `$12` whether its dockerd has --validate.
const ROOTLESS_WALK: &str = r#"
t=$1 uid=$2 user=$3 subordinate=$4 a_zip=$5 b_zip=$6 a=$7 engine_root=$8 port_a=$9
shift 9
port_b=$1 version=$2 validates=$3
home=$t/home
fail() { echo "FAIL: $*" >&2; exit 1; }
show() { echo "--- $1 ---" >&2; cat "$1" >&2; }
as_user() {
  setpriv --reuid="$uid" --regid="$uid" --clear-groups env -i HOME="$home" USER="$user" \
    LOGNAME="$user" XDG_RUNTIME_DIR="/run/user/$uid" PATH="$user_path" "$@"
}
cleanup() {
  as_user systemctl --user stop docker.service || true
  for pid in $(ps -u "$uid" -o pid=); do kill -KILL "$pid" 2>/dev/null || true; done
}
trap 'exit 1' HUP INT TERM
trap cleanup EXIT
cd "$t"

# The test user, in this namespace only.
for f in passwd group subuid subgid; do
  [ -f "/etc/$f" ] || fail "/etc/$f is missing (uidmap and passwd make it)"
  cp "/etc/$f" "$t/etc/$f"
done
echo "$user:x:$uid:$uid:Portcullis rootless test:$home:/bin/sh" >> "$t/etc/passwd"
echo "$user:x:$uid:" >> "$t/etc/group"
echo "$user:$subordinate" >> "$t/etc/subuid"
echo "$user:$subordinate" >> "$t/etc/subgid"
for f in passwd group subuid subgid; do mount --bind "$t/etc/$f" "/etc/$f"; done
install -d -m 0700 -o "$uid" -g "$uid" "$home" "$t/state"
chown "$uid:$uid" "$t/state"
# The tun device slirp4netns opens, 0666 here only.
mkdir "$t/dev"
mount -t tmpfs -o mode=0755 tmpfs "$t/dev"
mknod -m 0666 "$t/dev/tun" c 10 200
mount --bind "$t/dev/tun" /dev/net/tun
# The user's runtime folder.
mount -t tmpfs -o mode=0755 tmpfs /run/user
install -d -m 0700 -o "$uid" -g "$uid" "/run/user/$uid"
# The engine where the user reaches it, and rootless Docker's own PATH: the stand-ins (with
# dockerd-rootless.sh as docker-ce-rootless-extras puts it on PATH, and Debian's runc and
# docker-init: the unpacked engine's need a newer libc), then the engine's sbin and bin.
if [ "$engine_root" = / ]; then
  engine=
else
  mount --bind "$engine_root" "$t/engine"
  engine=$t/engine
fi
ln -s "$engine/usr/share/docker.io/contrib/dockerd-rootless.sh" "$t/bin/dockerd-rootless.sh"
ln -s /usr/sbin/runc "$t/bin/runc"
ln -s /usr/bin/docker-init "$t/bin/docker-init"
user_path=$t/bin:$engine/usr/sbin:$engine/usr/bin:/usr/local/bin:/usr/bin:/bin

# The user unpacks both bundles in its home.
cp "$a_zip" "$home/a.zip"
cp "$b_zip" "$home/b.zip"
chown "$uid:$uid" "$home/a.zip" "$home/b.zip"
(cd "$home" && as_user unzip -q a.zip -d a && as_user unzip -q b.zip -d b)
sa=$(echo "$home"/a/*/server)
sb=$(echo "$home"/b/*/server)
[ -f "$sa/install.sh" ] && [ -f "$sb/install.sh" ] || fail "no server/install.sh in the bundles"

# Root is refused, before anything is written.
if sh "$sa/install.sh" > "$t/root.out" 2>&1; then show "$t/root.out"; fail "install.sh ran as root"; fi
grep -q "install.sh: this is for rootless Docker and must run as its user, not as root; run: sh $sa/install.sh" "$t/root.out" ||
  { show "$t/root.out"; fail "no refusal of root"; }
[ ! -e "$home/.config" ] || fail "install.sh as root wrote $home/.config"

# A daemon.json of the user's own is not overwritten.
install -d -m 0700 -o "$uid" -g "$uid" "$home/.config" "$home/.config/docker"
echo '{"debug": true}' > "$home/.config/docker/daemon.json"
chown "$uid:$uid" "$home/.config/docker/daemon.json"
if as_user sh "$sa/install.sh" > "$t/own.out" 2>&1; then show "$t/own.out"; fail "install.sh replaced the user's daemon.json"; fi
grep -q "daemon.json already has other settings; merge the keys of $sa/daemon.json into it by hand" "$t/own.out" ||
  { show "$t/own.out"; fail "no refusal of the user's own daemon.json"; }
[ "$(cat "$home/.config/docker/daemon.json")" = '{"debug": true}' ] || fail "the user's daemon.json changed"
[ ! -e "$home/.config/docker/tls" ] || fail "install.sh wrote TLS files though it refused"
rm "$home/.config/docker/daemon.json"

# A, as the user.
as_user sh "$sa/install.sh" > "$t/a.out" 2>&1 || { show "$t/a.out"; fail "installing A"; }
grep -q "install.sh: rootless dockerd listens on port $port_a with mutual TLS." "$t/a.out" ||
  { show "$t/a.out"; fail "A: no word of listening"; }
if [ "$validates" = validates ]; then
  grep -q 'dockerd --validate accepts the new configuration' "$t/a.out" || { show "$t/a.out"; fail "A: not validated"; }
else
  grep -q 'this dockerd cannot check a configuration' "$t/a.out" || { show "$t/a.out"; fail "A: no word of not validating"; }
fi
grep -q 'warning: restarting Docker now stops your 0 running container(s): live-restore is off' "$t/a.out" ||
  { show "$t/a.out"; fail "A: no live-restore warning"; }
tls=$home/.config/docker/tls
dropin=$home/.config/systemd/user/docker.service.d/portcullis-tls.conf
modes() {
  for f in "$tls" "$tls/ca.pem" "$tls/server-cert.pem" "$tls/server-key.pem" \
    "$home/.config/docker/daemon.json" "$dropin"; do
    stat -c '%n %a %U' "$f"
  done
}
expected_modes="$tls 700 $user
$tls/ca.pem 444 $user
$tls/server-cert.pem 444 $user
$tls/server-key.pem 400 $user
$home/.config/docker/daemon.json 644 $user
$dropin 644 $user"
[ "$(modes)" = "$expected_modes" ] || fail "A's files: $(modes)"
for f in ca.pem server-cert.pem server-key.pem; do cmp "$sa/$f" "$tls/$f" || fail "$tls/$f is not A's"; done
cmp "$sa/override.conf" "$dropin" || fail "the drop-in is not A's override.conf"

# The docker CLI, as root, with A's env.sh: the rootless daemon answers.
client() {
  bash -c '. "$1" && docker version --format "{{.Server.Version}}"' client "$a/clients/alice/env.sh"
}
said=$(client) || fail "A's client cannot reach A's daemon: $said"
[ "$said" = "$version" ] || fail "A's client reached dockerd $said, not $version"
options=$(bash -c '. "$1" && docker info --format "{{json .SecurityOptions}}"' info "$a/clients/alice/env.sh") ||
  fail "docker info: $options"
case "$options" in *'"name=rootless"'*) ;; *) fail "docker info does not say rootless: $options" ;; esac
# A container runs through the TLS connection: an image of one static binary (Debian's tini,
# which docker.io depends on), imported from a tar (no registry), run without a network.
mkdir -p "$t/image" && cp /usr/bin/tini-static "$t/image/tini" && tar -C "$t/image" -cf "$t/image.tar" tini ||
  fail "making the test image"
said=$(bash -c '. "$1" && docker import "$2" portcullis/tini:test >/dev/null &&
  docker run --rm --pull=never --network none portcullis/tini:test /tini --version' run \
  "$a/clients/alice/env.sh" "$t/image.tar" 2>&1) || fail "no container runs through the TLS connection: $said"
case "$said" in "tini version "*) ;; *) fail "the container said: $said" ;; esac
# Without a client certificate: refused in the TLS handshake.
if said=$(curl --fail --silent --show-error --cacert "$a/clients/alice/ca.pem" "https://127.0.0.1:$port_a/version" 2>&1); then
  fail "curl without a client certificate got in: $said"
fi
if said=$(docker --tlsverify --tlscacert "$a/clients/alice/ca.pem" -H "tcp://127.0.0.1:$port_a" version 2>&1); then
  fail "docker without a client certificate got in: $said"
fi
sleep 0.5
grep -q "client didn't provide a certificate" "$t/state/dockerd.log" ||
  fail "dockerd's log does not say it refused a client without a certificate (curl said: $said)"

# Every file install.sh wrote for A, as it is now.
snapshot() {
  for f in "$tls/ca.pem" "$tls/server-cert.pem" "$tls/server-key.pem" \
    "$home/.config/docker/daemon.json" "$dropin"; do
    printf '%s %s ' "$f" "$(stat -c '%a %U' "$f")"; sha256sum < "$f"
  done
}
before=$(snapshot)

# B on a port another program holds: dockerd does not come up; A's files come back and A runs.
if as_user sh "$sb/install.sh" > "$t/b.out" 2>&1; then show "$t/b.out"; fail "B installed on a taken port"; fi
grep -q 'putting back the files it replaced' "$t/b.out" || { show "$t/b.out"; fail "B: no word of putting A back"; }
grep -q 'Docker runs again with its previous configuration' "$t/b.out" || { show "$t/b.out"; fail "B: A did not come back"; }
grep -q "0.0.0.0:$port_b: bind: address already in use" "$t/state/dockerd.log" ||
  fail "RootlessKit did not fail over B's taken port"
[ "$(snapshot)" = "$before" ] || fail "A's files changed: $(snapshot)"
said=$(client) || fail "A's client cannot reach the restored daemon: $said"
[ "$said" = "$version" ] || fail "after B, A's client reached dockerd $said, not $version"
for f in a b; do echo "--- install.sh of $f said ---"; cat "$t/$f.out"; done
"#;
