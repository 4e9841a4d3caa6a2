#!/bin/sh
# Creates (or updates) a docker context for each Docker host of this bundle, with the client
# certificate "{{CLIENT}}": {{CONTEXT_LIST}}. Docker copies the certificate files into
# ~/.docker/contexts, so this folder can go after it has run.
# Then: docker --context {{CONTEXT}} ps   or   docker context use {{CONTEXT}}
# Made by Portcullis.
set -eu
dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)

# context NAME DOCKER_HOST DESCRIPTION
context() {
  endpoint="host=$2,ca=$dir/ca.pem,cert=$dir/cert.pem,key=$dir/key.pem"
  if docker context inspect "$1" >/dev/null 2>&1; then
    docker context update "$1" --docker "$endpoint"
  else
    docker context create "$1" --description "$3" --docker "$endpoint"
  fi
  echo "Context $1 is ready: docker --context $1 version"
}

{{CONTEXT_COMMANDS}}
