#!/bin/sh
# Calls the Docker API on {{HOST}} with curl and the client certificate "{{CLIENT}}".
# Usage: sh curl.sh [API PATH] [HOST:PORT]
#   API PATH defaults to version (try containers/json or info); HOST:PORT to {{HOST}}, port {{PORT}}{{OTHER_HOSTS}}.
# Made by Portcullis.
set -eu
dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
exec curl --fail --silent --show-error --globoff \
  --cacert "$dir/ca.pem" --cert "$dir/cert.pem" --key "$dir/key.pem" \
  "https://${2:-{{HOST}}:{{PORT}}}/${1:-version}"
