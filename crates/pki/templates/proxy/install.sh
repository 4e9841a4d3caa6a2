#!/bin/sh
# Puts the nginx proxy for the Docker daemon on {{HOST}} in place: mutual TLS on port {{PORT}}
# with a revocation list and an allow-list, forwarding to dockerd's local socket. Made by
# Portcullis. Run it as root on the Docker host, from anywhere:   sudo sh install.sh
#
# It needs nginx (Debian: apt-get install nginx). Running it again is safe; after
# `portcullis revoke` or an edit of allowed-clients.conf, run it again to install and reload.
# DESTDIR=/some/dir stages every file under that directory and leaves nginx alone.
set -eu

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: must run as root (it writes to /etc and reloads nginx); run: sudo sh $0" >&2
  exit 1
fi

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
server={{SERVER_FROM_PROXY}}
root=${DESTDIR:-}
tls_dir="$root{{TLS_DIR}}"
conf="$root/etc/nginx/conf.d/docker-tls.conf"

for file in "$here/nginx.conf" "$here/crl.pem" "$here/allowed-clients.conf" "$server/ca.pem" "$server/server-cert.pem"; do
  if [ ! -f "$file" ]; then
    echo "install.sh: $file is missing; run the install.sh inside the unzipped proxy/ folder" >&2
    exit 1
  fi
done
# The key is beside the server's certificate, or (the host made its own key) already in place.
if [ ! -f "$server/server-key.pem" ] && [ ! -f "$tls_dir/server-key.pem" ]; then
  echo "install.sh: no server-key.pem in $server or in {{TLS_DIR}}; this host made its own key (a CSR): put it at {{TLS_DIR}}/server-key.pem with mode 0400 first" >&2
  exit 1
fi
# With the proxy, only nginx may listen on port {{PORT}}; dockerd keeps its local socket.
if [ -f "$root/etc/systemd/system/docker.service.d/override.conf" ] &&
  grep -q 'tcp://' "$root/etc/systemd/system/docker.service.d/override.conf"; then
  echo "install.sh: dockerd still listens on TCP (docker.service.d/override.conf); remove that drop-in first, so the proxy is the only way in" >&2
  exit 1
fi

install -d -m 0755 "$root/etc/nginx/conf.d"
install -d -m 0700 "$tls_dir"
install -m 0444 "$server/ca.pem" "$tls_dir/ca.pem"
install -m 0444 "$server/server-cert.pem" "$tls_dir/server-cert.pem"
if [ -f "$server/server-key.pem" ]; then
  install -m 0400 "$server/server-key.pem" "$tls_dir/server-key.pem"
fi
install -m 0444 "$here/crl.pem" "$tls_dir/crl.pem"
install -m 0444 "$here/allowed-clients.conf" "$tls_dir/allowed-clients.conf"
install -m 0644 "$here/nginx.conf" "$conf"

if [ -n "$root" ]; then
  echo "install.sh: staged under $root; nginx left alone"
  exit 0
fi

# nginx's workers forward to dockerd's socket, which only the docker group may open.
worker_user=$(sed -n 's/^[[:space:]]*user[[:space:]]\{1,\}\([^ ;]*\).*/\1/p' /etc/nginx/nginx.conf | head -n 1)
if [ -n "$worker_user" ] && getent group docker >/dev/null; then
  usermod -aG docker "$worker_user"
fi
nginx -t
if systemctl is-active --quiet nginx; then systemctl reload nginx; else systemctl restart nginx; fi
echo "install.sh: nginx proxies port {{PORT}} to dockerd with mutual TLS, the CRL and the allow-list."
