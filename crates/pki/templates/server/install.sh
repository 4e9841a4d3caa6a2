#!/bin/sh
# Installs the TLS files of the Docker daemon on {{HOST}} and turns on mutual TLS on port
# {{PORT}}. Made by Portcullis. Run it as root on the Docker host, from anywhere:
#
#   sudo sh install.sh                 flags in a systemd drop-in (override.conf); the default
#   sudo sh install.sh --daemon-json   settings in /etc/docker/daemon.json instead
#
# It never leaves the host without Docker: it checks the new configuration with dockerd --validate
# first (Docker 23 and later), keeps every file it replaces in /etc/docker/portcullis-backup-TIME/,
# and if dockerd does not come back it puts those files back and restarts the old configuration.
# Running it again is safe: it rewrites its own files with the same content.
# DESTDIR=/some/dir stages every file under that directory and leaves systemd alone.
set -eu

method=flags
for arg in "$@"; do
  case "$arg" in
    --daemon-json) method=daemon-json ;;
    --flags) method=flags ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
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
  ! { grep -q '"tlsverify"' "$daemon_json" && grep -qF '"{{TLS_DIR}}/ca.pem"' "$daemon_json"; }; then
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
if [ "$method" = flags ]; then
  dropin_template="$here/override.conf"
else
  dropin_template="$here/daemon-override.conf"
fi
dropin_text=$(sed "s|^ExecStart=/usr/bin/dockerd|ExecStart=$dockerd_path$containerd_flag|" "$dropin_template")
new_key="$here/server-key.pem"
[ -f "$new_key" ] || new_key="$tls_dir/server-key.pem"

# 1. Check the new configuration before anything changes, where dockerd can (Docker 23 and
# later): the drop-in's flags and the daemon.json dockerd will read, with the new certificate
# and key (dockerd checks that they belong together) copied aside.
if [ -z "$root" ] && "$dockerd_path" --help 2>/dev/null | grep -q -- '--validate'; then
  install -d -m 0755 /etc/docker
  check=$(mktemp -d /etc/docker/.portcullis-check.XXXXXX)
  trap 'rm -rf "$check"' EXIT
  install -m 0444 "$here/ca.pem" "$check/ca.pem"
  install -m 0444 "$here/server-cert.pem" "$check/server-cert.pem"
  install -m 0400 "$new_key" "$check/server-key.pem"
  flags=$(printf '%s\n' "$dropin_text" | sed -n 's|^ExecStart=[^ ]*dockerd *||p' | tail -n 1 |
    sed "s|{{TLS_DIR}}/|$check/|g")
  config=
  if [ "$method" = daemon-json ] && [ ! -f "$daemon_json" ]; then
    config="$check/daemon.json"
    sed "s|{{TLS_DIR}}/|$check/|g" "$here/daemon.json" > "$config"
  elif [ -f "$daemon_json" ]; then
    config="$check/daemon.json"
    sed "s|{{TLS_DIR}}/|$check/|g" "$daemon_json" > "$config"
  fi
  # The flags are words of their own, split on purpose.
  # shellcheck disable=SC2086
  if ! said=$("$dockerd_path" --validate ${config:+--config-file "$config"} $flags 2>&1); then
    echo "install.sh: dockerd refuses the new configuration, so nothing was changed: $said" >&2
    exit 1
  fi
  rm -rf "$check"
  trap - EXIT
  echo "install.sh: dockerd --validate accepts the new configuration."
elif [ -z "$root" ]; then
  echo "install.sh: this dockerd cannot check a configuration before it starts (no --validate before Docker 23); if it does not start, the previous files come back."
fi

# 2. Keep what is replaced, so that a dockerd that does not come back can be given it again.
backup=
if [ -z "$root" ]; then
  install -d -m 0755 /etc/docker
  # Named by the time, and unique even for two runs in one second (mktemp makes it 0700).
  backup=$(mktemp -d "/etc/docker/portcullis-backup-$(date -u +%Y%m%dT%H%M%SZ)-XXXXXX")
  : > "$backup/absent"
  for file in "{{TLS_DIR}}/ca.pem" "{{TLS_DIR}}/server-cert.pem" "{{TLS_DIR}}/server-key.pem" \
    /etc/systemd/system/docker.service.d/override.conf /etc/docker/daemon.json; do
    if [ -e "$file" ]; then
      install -d -m 0700 "$backup$(dirname -- "$file")"
      cp -p "$file" "$backup$file"
    else
      echo "$file" >> "$backup/absent"
    fi
  done
fi

# 3. The new files.
install -d -m 0755 "$root/etc/docker" "$dropin_dir"
install -d -m 0700 "$tls_dir"
install -m 0444 "$here/ca.pem" "$tls_dir/ca.pem"
install -m 0444 "$here/server-cert.pem" "$tls_dir/server-cert.pem"
if [ -f "$here/server-key.pem" ]; then
  install -m 0400 "$here/server-key.pem" "$tls_dir/server-key.pem"
fi
if [ "$method" = daemon-json ]; then
  [ -f "$daemon_json" ] || install -m 0644 "$here/daemon.json" "$daemon_json"
fi
printf '%s\n' "$dropin_text" > "$dropin_dir/override.conf.tmp"
chmod 0644 "$dropin_dir/override.conf.tmp"
mv -f "$dropin_dir/override.conf.tmp" "$dropin_dir/override.conf"

if [ -n "$root" ]; then
  echo "install.sh: staged under $root ($method); systemd left alone"
  exit 0
fi

# 4. Restart. Without live-restore, that stops every running container.
if ! grep -Eq '"live-restore"[[:space:]]*:[[:space:]]*true' /etc/docker/daemon.json 2>/dev/null; then
  running=$(docker ps -q 2>/dev/null | wc -l | tr -d ' ')
  echo "install.sh: warning: restarting Docker now stops the ${running:-0} running container(s): live-restore is off. Those with a restart policy start again; to keep containers running through a restart, set \"live-restore\": true in /etc/docker/daemon.json first." >&2
fi

# True once dockerd runs and listens on its TLS port (it may take a few seconds).
listening() {
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    if systemctl is-active --quiet docker.service &&
      ss -Hltn "sport = :{{PORT}}" 2>/dev/null | grep -q .; then
      return 0
    fi
    sleep 1
  done
  return 1
}

systemctl daemon-reload
if systemctl restart docker.service && listening; then
  echo "install.sh: dockerd listens on port {{PORT}} with mutual TLS ($method)."
  echo "The files it replaced are kept in $backup."
  echo "They include the previous server key: delete that folder once Docker works as it should."
  echo "Open TCP port {{PORT}} in the firewall for your clients only, then on a client:"
  echo "  . clients/{{FIRST_CLIENT}}/env.sh && docker version"
  exit 0
fi

echo "install.sh: dockerd did not come back with the new configuration (see: journalctl -u docker.service -n 50); putting back the files it replaced from $backup" >&2
while IFS= read -r file; do
  rm -f "$file"
done < "$backup/absent"
for file in "{{TLS_DIR}}/ca.pem" "{{TLS_DIR}}/server-cert.pem" "{{TLS_DIR}}/server-key.pem" \
  /etc/systemd/system/docker.service.d/override.conf /etc/docker/daemon.json; do
  if [ -e "$backup$file" ]; then
    cp -p "$backup$file" "$file"
  fi
done
systemctl daemon-reload
if systemctl restart docker.service && systemctl is-active --quiet docker.service; then
  echo "install.sh: Docker runs again with its previous configuration, none of which was lost. Fix the cause above, then run install.sh again." >&2
else
  echo "install.sh: Docker does not start with its previous configuration either; see: journalctl -u docker.service -n 50. The previous files are back in place, and copied in $backup." >&2
fi
exit 1
