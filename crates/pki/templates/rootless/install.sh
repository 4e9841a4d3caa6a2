#!/bin/sh
# Installs the TLS files of rootless Docker on {{HOST}} and turns on mutual TLS on port {{PORT}}.
# Made by Portcullis. Run it as the user whose rootless Docker this is, without sudo:
#
#   sh install.sh
#
# It puts the certificates into ~/.config/docker/tls, the settings into
# ~/.config/docker/daemon.json (with your home and runtime directory written in), and a drop-in
# into ~/.config/systemd/user/docker.service.d/ that has RootlessKit publish the port; then it
# restarts the user's docker.service and turns on lingering, so Docker keeps running after you
# log out. It never leaves you without Docker: it keeps every file it replaces in
# ~/.config/docker/portcullis-backup-TIME/, and if dockerd does not come back it puts them back
# and restarts the old configuration. Running it again is safe.
set -eu

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg; it takes none (or --help)" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -eq 0 ]; then
  echo "install.sh: this is for rootless Docker and must run as its user, not as root; run: sh $0" >&2
  exit 1
fi
: "${HOME:?install.sh: HOME is not set}"
runtime_dir=${XDG_RUNTIME_DIR:-/run/user/$(id -u)}
config_home=${XDG_CONFIG_HOME:-$HOME/.config}

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
tls_dir="$HOME/.config/docker/tls"
daemon_json="$config_home/docker/daemon.json"
dropin="$config_home/systemd/user/docker.service.d/portcullis-tls.conf"

for file in ca.pem server-cert.pem override.conf daemon.json; do
  if [ ! -f "$here/$file" ]; then
    echo "install.sh: $here/$file is missing; run the install.sh inside the unzipped server/ folder" >&2
    exit 1
  fi
done
# The key is in this folder, or (when this host made its own key and sent a CSR) already in place.
if [ ! -f "$here/server-key.pem" ] && [ ! -f "$tls_dir/server-key.pem" ]; then
  echo "install.sh: no server-key.pem here or in $tls_dir; this host made its own key (a CSR): put it at $tls_dir/server-key.pem with mode 0400 first" >&2
  exit 1
fi
# Docker's packages put dockerd-rootless.sh on PATH; Debian's docker.io keeps it in contrib/.
if ! command -v dockerd-rootless.sh >/dev/null 2>&1 &&
  [ ! -x /usr/share/docker.io/contrib/dockerd-rootless.sh ]; then
  echo "install.sh: dockerd-rootless.sh is not on PATH: set up rootless Docker first (dockerd-rootless-setuptool.sh install, from Docker's docker-ce-rootless-extras or Debian's docker.io), then run this again" >&2
  exit 1
fi
# dockerd itself is in /usr/bin (Docker's packages) or /usr/sbin (Debian's), which a user's PATH
# may lack.
dockerd_path=$(command -v dockerd 2>/dev/null || true)
for candidate in /usr/bin/dockerd /usr/sbin/dockerd; do
  if [ -z "$dockerd_path" ] && [ -x "$candidate" ]; then dockerd_path=$candidate; fi
done
new_json=$(sed -e "s|\\\$XDG_RUNTIME_DIR|$runtime_dir|g" -e "s|\\\$HOME|$HOME|g" "$here/daemon.json")
# A daemon.json this script wrote (for any port: a later bundle may move it) names the TLS folder.
if [ -f "$daemon_json" ] && [ "$(cat "$daemon_json")" != "$new_json" ] &&
  ! { grep -q '"tlsverify"' "$daemon_json" && grep -qF "\"$tls_dir/ca.pem\"" "$daemon_json"; }; then
  echo "install.sh: $daemon_json already has other settings; merge the keys of $here/daemon.json into it by hand (write your home for \$HOME and $runtime_dir for \$XDG_RUNTIME_DIR) and run this again" >&2
  exit 1
fi

# 1. Check the new configuration before anything changes, where dockerd can (Docker 23 and
# later), with the new certificate and key (dockerd checks that they belong together) copied aside.
if [ -n "$dockerd_path" ] && "$dockerd_path" --help 2>/dev/null | grep -q -- '--validate'; then
  check=$(mktemp -d)
  trap 'rm -rf "$check"' EXIT
  install -m 0444 "$here/ca.pem" "$check/ca.pem"
  install -m 0444 "$here/server-cert.pem" "$check/server-cert.pem"
  if [ -f "$here/server-key.pem" ]; then
    install -m 0400 "$here/server-key.pem" "$check/server-key.pem"
  else
    install -m 0400 "$tls_dir/server-key.pem" "$check/server-key.pem"
  fi
  printf '%s\n' "$new_json" | sed "s|$tls_dir/|$check/|g" > "$check/daemon.json"
  # dockerd looks for docker-proxy beside itself on PATH.
  if ! said=$(PATH="$(dirname -- "$dockerd_path"):$PATH" "$dockerd_path" --rootless --validate --config-file "$check/daemon.json" 2>&1); then
    echo "install.sh: dockerd refuses the new configuration, so nothing was changed: $said" >&2
    exit 1
  fi
  rm -rf "$check"
  trap - EXIT
  echo "install.sh: dockerd --validate accepts the new configuration."
else
  echo "install.sh: this dockerd cannot check a configuration before it starts (no --validate before Docker 23); if it does not start, the previous files come back."
fi

# 2. Keep what is replaced.
install -d -m 0700 "$config_home/docker"
# Named by the time, and unique even for two runs in one second (mktemp makes it 0700).
backup=$(mktemp -d "$config_home/docker/portcullis-backup-$(date -u +%Y%m%dT%H%M%SZ)-XXXXXX")
: > "$backup/absent"
n=0
for file in "$tls_dir/ca.pem" "$tls_dir/server-cert.pem" "$tls_dir/server-key.pem" "$daemon_json" "$dropin"; do
  n=$((n + 1))
  if [ -e "$file" ]; then
    cp -p "$file" "$backup/$n-$(basename -- "$file")"
  else
    echo "$file" >> "$backup/absent"
  fi
done

# 3. The new files.
install -d -m 0700 "$tls_dir"
install -d -m 0755 "$(dirname -- "$dropin")"
install -m 0444 "$here/ca.pem" "$tls_dir/ca.pem.tmp" && mv -f "$tls_dir/ca.pem.tmp" "$tls_dir/ca.pem"
install -m 0444 "$here/server-cert.pem" "$tls_dir/server-cert.pem.tmp" && mv -f "$tls_dir/server-cert.pem.tmp" "$tls_dir/server-cert.pem"
if [ -f "$here/server-key.pem" ]; then
  install -m 0400 "$here/server-key.pem" "$tls_dir/server-key.pem.tmp" && mv -f "$tls_dir/server-key.pem.tmp" "$tls_dir/server-key.pem"
fi
printf '%s\n' "$new_json" > "$daemon_json.tmp" && chmod 0644 "$daemon_json.tmp" && mv -f "$daemon_json.tmp" "$daemon_json"
install -m 0644 "$here/override.conf" "$dropin"

# 4. Restart. Without live-restore, that stops every running container.
if ! grep -Eq '"live-restore"[[:space:]]*:[[:space:]]*true' "$daemon_json"; then
  running=$(DOCKER_HOST="unix://$runtime_dir/docker.sock" docker ps -q 2>/dev/null | wc -l | tr -d ' ')
  echo "install.sh: warning: restarting Docker now stops your ${running:-0} running container(s): live-restore is off. Those with a restart policy start again." >&2
fi

# True once the user's docker.service runs and the TLS port is published (RootlessKit's parent
# process listens on the host).
listening() {
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
    if systemctl --user is-active --quiet docker.service &&
      ss -Hltn "sport = :{{PORT}}" 2>/dev/null | grep -q .; then
      return 0
    fi
    sleep 1
  done
  return 1
}

systemctl --user daemon-reload
if systemctl --user restart docker.service && listening; then
  echo "install.sh: rootless dockerd listens on port {{PORT}} with mutual TLS."
  if ! loginctl enable-linger "$(id -un)" 2>/dev/null; then
    echo "install.sh: warning: loginctl enable-linger failed, so Docker stops when you log out; ask an administrator to run: sudo loginctl enable-linger $(id -un)" >&2
  fi
  echo "The files it replaced are kept in $backup; they include the previous server key: delete that folder once Docker works as it should."
  echo "Open TCP port {{PORT}} in the firewall for your clients only, then on a client:"
  echo "  . clients/{{FIRST_CLIENT}}/env.sh && docker version"
  exit 0
fi

echo "install.sh: rootless dockerd did not come back with the new configuration (see: journalctl --user -u docker.service -n 50); putting back the files it replaced from $backup" >&2
while IFS= read -r file; do
  rm -f "$file"
done < "$backup/absent"
n=0
for file in "$tls_dir/ca.pem" "$tls_dir/server-cert.pem" "$tls_dir/server-key.pem" "$daemon_json" "$dropin"; do
  n=$((n + 1))
  if [ -e "$backup/$n-$(basename -- "$file")" ]; then
    rm -f "$file"
    cp -p "$backup/$n-$(basename -- "$file")" "$file"
  fi
done
systemctl --user daemon-reload
if systemctl --user restart docker.service && systemctl --user is-active --quiet docker.service; then
  echo "install.sh: Docker runs again with its previous configuration, none of which was lost. Fix the cause above, then run install.sh again." >&2
else
  echo "install.sh: Docker does not start with its previous configuration either; see: journalctl --user -u docker.service -n 50. The previous files are back in place, and copied in $backup." >&2
fi
exit 1
