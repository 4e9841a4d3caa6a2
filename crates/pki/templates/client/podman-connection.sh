#!/bin/sh
# Adds a podman connection for each Podman host of this bundle, with the client certificate
# "{{CLIENT}}": {{PODMAN_LIST}}. Podman remembers where these files are, so keep this folder
# where it is (or run this again from its new place).
# Then: podman --connection NAME ps   or   podman system connection default NAME
# The docker CLI works with those hosts too: Podman's API speaks Docker's (env.sh, docker-context.sh).
# Made by Portcullis.
set -eu
dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)

# connection NAME DESTINATION
connection() {
  podman system connection rm "$1" >/dev/null 2>&1 || true
  podman system connection add "$1" "$2" --tls-ca "$dir/ca.pem" --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem"
  echo "Connection $1 is ready: podman --connection $1 version"
}

{{PODMAN_COMMANDS}}
