#!/bin/sh
# Installs the TLS files of the Docker daemon on {{HOST}} and turns on mutual TLS on port
# {{PORT}}. Made by Portcullis. Run it as root on the Docker host, from anywhere:
#
#   sudo sh install.sh                 flags in a systemd drop-in (override.conf); the default
#   sudo sh install.sh --daemon-json   settings in /etc/docker/daemon.json instead
#
# Running it again is safe: it rewrites its own files with the same content.
# DESTDIR=/some/dir stages every file under that directory and leaves systemd alone.
set -eu

method=flags
for arg in "$@"; do
  case "$arg" in
    --daemon-json) method=daemon-json ;;
    --flags) method=flags ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg; use --flags (default), --daemon-json or --help" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: must run as root (it writes to /etc/docker and restarts Docker); run: sudo sh $0 $*" >&2
  exit 1
fi

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=${DESTDIR:-}
tls_dir="$root{{TLS_DIR}}"
dropin_dir="$root/etc/systemd/system/docker.service.d"
daemon_json="$root/etc/docker/daemon.json"

for file in ca.pem server-cert.pem override.conf daemon.json daemon-override.conf; do
  if [ ! -f "$here/$file" ]; then
    echo "install.sh: $here/$file is missing; run the install.sh inside the unzipped server/ folder" >&2
    exit 1
  fi
done
# The key is in this folder, or (when this host made its own key and sent a CSR) already in place.
if [ ! -f "$here/server-key.pem" ] && [ ! -f "$tls_dir/server-key.pem" ]; then
  echo "install.sh: no server-key.pem here or in {{TLS_DIR}}; this host made its own key (a CSR): put it at {{TLS_DIR}}/server-key.pem with mode 0400 first" >&2
  exit 1
fi

# dockerd refuses to start when a setting comes both from a flag and from daemon.json.
if [ "$method" = flags ] && [ -f "$daemon_json" ] &&
  grep -Eq '"(hosts|tls|tlsverify|tlscacert|tlscert|tlskey)"' "$daemon_json"; then
  echo "install.sh: $daemon_json sets hosts or tls keys, which clash with the flags in override.conf; remove those keys, or run: sudo sh $0 --daemon-json" >&2
  exit 1
fi
if [ "$method" = daemon-json ] && [ -f "$daemon_json" ] && ! cmp -s "$here/daemon.json" "$daemon_json" &&
  ! { grep -q '"tlsverify"' "$daemon_json" && grep -q 'tcp://0.0.0.0:{{PORT}}' "$daemon_json"; }; then
  echo "install.sh: $daemon_json already has other settings; merge the keys of $here/daemon.json into it by hand and run this again" >&2
  exit 1
fi

# Where the packaged unit runs dockerd from (/usr/bin in Docker's packages, /usr/sbin in
# Debian's docker.io), and whether it hands dockerd an external containerd.
dockerd_path=$(command -v dockerd 2>/dev/null || echo /usr/bin/dockerd)
containerd_flag=
if [ -z "$root" ] && systemctl cat docker.service 2>/dev/null |
  grep -q -- '--containerd=/run/containerd/containerd.sock'; then
  containerd_flag=' --containerd=/run/containerd/containerd.sock'
fi

install -d -m 0755 "$root/etc/docker" "$dropin_dir"
install -d -m 0700 "$tls_dir"
install -m 0444 "$here/ca.pem" "$tls_dir/ca.pem"
install -m 0444 "$here/server-cert.pem" "$tls_dir/server-cert.pem"
if [ -f "$here/server-key.pem" ]; then
  install -m 0400 "$here/server-key.pem" "$tls_dir/server-key.pem"
fi

if [ "$method" = flags ]; then
  dropin_template="$here/override.conf"
else
  dropin_template="$here/daemon-override.conf"
  [ -f "$daemon_json" ] || install -m 0644 "$here/daemon.json" "$daemon_json"
fi
sed "s|^ExecStart=/usr/bin/dockerd|ExecStart=$dockerd_path$containerd_flag|" "$dropin_template" \
  > "$dropin_dir/override.conf.tmp"
chmod 0644 "$dropin_dir/override.conf.tmp"
mv -f "$dropin_dir/override.conf.tmp" "$dropin_dir/override.conf"

if [ -n "$root" ]; then
  echo "install.sh: staged under $root ($method); systemd left alone"
  exit 0
fi

systemctl daemon-reload
systemctl restart docker.service
listening=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  if ss -Hltn "sport = :{{PORT}}" 2>/dev/null | grep -q .; then
    listening=yes
    break
  fi
  sleep 1
done
if [ -z "$listening" ] || ! systemctl is-active --quiet docker.service; then
  echo "install.sh: dockerd is not listening on port {{PORT}}; see: journalctl -u docker.service -n 50" >&2
  exit 1
fi
echo "install.sh: dockerd listens on port {{PORT}} with mutual TLS ($method)."
echo "Open TCP port {{PORT}} in the firewall for your clients only, then on a client:"
echo "  . clients/{{FIRST_CLIENT}}/env.sh && docker version"
