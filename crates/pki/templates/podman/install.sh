#!/bin/sh
# Installs the TLS files of Podman's Docker-compatible API on {{HOST}} and serves it with mutual
# TLS on port {{PORT}}. Made by Portcullis. Run it as root on the host, from anywhere:
#
#   sudo sh install.sh
#
# It puts the certificates into {{TLS_DIR}}, the unit podman-docker-tls.service into
# /etc/systemd/system, and starts it (enabled, so it comes back after a reboot). Podman 5.7 or
# later is needed: older ones cannot serve their API with TLS. It keeps every file it replaces in
# {{TLS_DIR}}/../portcullis-backup-TIME/, and if the service does not come back it puts them back
# and restarts the old configuration. Running it again is safe.
set -eu

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg; it takes none (or --help)" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: must run as root (it writes to /etc and starts a system service); run: sudo sh $0" >&2
  exit 1
fi

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
tls_dir="{{TLS_DIR}}"
unit=/etc/systemd/system/podman-docker-tls.service

for file in ca.pem server-cert.pem podman-docker-tls.service; do
  if [ ! -f "$here/$file" ]; then
    echo "install.sh: $here/$file is missing; run the install.sh inside the unzipped server/ folder" >&2
    exit 1
  fi
done
if [ ! -f "$here/server-key.pem" ] && [ ! -f "$tls_dir/server-key.pem" ]; then
  echo "install.sh: no server-key.pem here or in $tls_dir; this host made its own key (a CSR): put it at $tls_dir/server-key.pem with mode 0400 first" >&2
  exit 1
fi
podman_path=$(command -v podman 2>/dev/null) || {
  echo "install.sh: podman is not installed; install it (e.g. apt-get install podman), then run this again" >&2
  exit 1
}
if ! "$podman_path" system service --help 2>/dev/null | grep -q -- '--tls-client-ca'; then
  echo "install.sh: $("$podman_path" --version 2>/dev/null || echo podman) cannot serve its API with TLS (podman system service has no --tls-client-ca); upgrade to Podman 5.7 or later, then run this again" >&2
  exit 1
fi
unit_text=$(sed "s|^ExecStart=/usr/bin/podman |ExecStart=$podman_path |" "$here/podman-docker-tls.service")

# 1. Keep what is replaced.
install -d -m 0755 "$(dirname -- "$tls_dir")"
# Named by the time, and unique even for two runs in one second (mktemp makes it 0700).
backup=$(mktemp -d "$(dirname -- "$tls_dir")/portcullis-backup-$(date -u +%Y%m%dT%H%M%SZ)-XXXXXX")
: > "$backup/absent"
for file in "$tls_dir/ca.pem" "$tls_dir/server-cert.pem" "$tls_dir/server-key.pem" "$unit"; do
  if [ -e "$file" ]; then
    cp -p "$file" "$backup/$(basename -- "$file")"
  else
    echo "$file" >> "$backup/absent"
  fi
done

# 2. The new files.
install -d -m 0700 "$tls_dir"
install -m 0444 "$here/ca.pem" "$tls_dir/ca.pem"
install -m 0444 "$here/server-cert.pem" "$tls_dir/server-cert.pem"
if [ -f "$here/server-key.pem" ]; then
  install -m 0400 "$here/server-key.pem" "$tls_dir/server-key.pem"
fi
printf '%s\n' "$unit_text" > "$unit.tmp"
chmod 0644 "$unit.tmp"
mv -f "$unit.tmp" "$unit"

# True once the service runs and its own process listens on the TLS port. The unit is Type=exec:
# systemd calls it active as soon as podman starts, before podman binds the port (or fails to), so
# a listener of another program on that port must not count.
listening() {
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    if systemctl is-active --quiet podman-docker-tls.service; then
      pid=$(systemctl show --property=MainPID --value podman-docker-tls.service 2>/dev/null || true)
      if [ -n "$pid" ] && [ "$pid" != 0 ] &&
        ss -Hltnp "sport = :{{PORT}}" 2>/dev/null | grep -q "pid=$pid,"; then
        return 0
      fi
    fi
    sleep 1
  done
  return 1
}

# 3. Start it; containers run by Podman do not depend on this service and keep running.
systemctl daemon-reload
if systemctl enable podman-docker-tls.service >/dev/null && systemctl restart podman-docker-tls.service && listening; then
  echo "install.sh: Podman's API listens on port {{PORT}} with mutual TLS."
  echo "The files it replaced are kept in $backup; they include the previous server key: delete that folder once it works as it should."
  echo "Open TCP port {{PORT}} in the firewall for your clients only, then on a client:"
  echo "  . clients/{{FIRST_CLIENT}}/env.sh && docker version     # or: sh clients/{{FIRST_CLIENT}}/podman-connection.sh"
  exit 0
fi

echo "install.sh: the service did not come up with the new files (see: journalctl -u podman-docker-tls.service -n 50); putting back the files it replaced from $backup" >&2
while IFS= read -r file; do
  rm -f "$file"
done < "$backup/absent"
for file in "$tls_dir/ca.pem" "$tls_dir/server-cert.pem" "$tls_dir/server-key.pem" "$unit"; do
  if [ -e "$backup/$(basename -- "$file")" ]; then
    cp -p "$backup/$(basename -- "$file")" "$file"
  fi
done
systemctl daemon-reload
if [ -f "$unit" ] && systemctl restart podman-docker-tls.service && systemctl is-active --quiet podman-docker-tls.service; then
  echo "install.sh: the service runs again with its previous files. Fix the cause above, then run install.sh again." >&2
elif [ ! -f "$unit" ]; then
  systemctl disable podman-docker-tls.service >/dev/null 2>&1 || true
  echo "install.sh: the service was not there before and is removed again; nothing else changed. Fix the cause above, then run install.sh again." >&2
else
  echo "install.sh: the service does not start with its previous files either; see: journalctl -u podman-docker-tls.service -n 50. They are back in place, and copied in $backup." >&2
fi
exit 1
