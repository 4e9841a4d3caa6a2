#!/bin/sh
# Creates (or updates) the docker context "{{CONTEXT}}" for {{HOST}} with the client certificate
# "{{CLIENT}}". Docker copies the certificate files into ~/.docker/contexts, so this folder can go
# after it has run. Then: docker --context {{CONTEXT}} ps   or   docker context use {{CONTEXT}}
# Made by Portcullis.
set -eu
dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
endpoint="host={{DOCKER_HOST}},ca=$dir/ca.pem,cert=$dir/cert.pem,key=$dir/key.pem"
if docker context inspect {{CONTEXT}} >/dev/null 2>&1; then
  docker context update {{CONTEXT}} --docker "$endpoint"
else
  docker context create {{CONTEXT}} --description "Docker on {{HOST}} as {{CLIENT}} (mutual TLS)" --docker "$endpoint"
fi
echo "Context {{CONTEXT}} is ready: docker --context {{CONTEXT}} version"
