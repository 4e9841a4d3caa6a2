# Points the docker CLI at {{HOST}} with the client certificate "{{CLIENT}}".
# Source it (bash or zsh), from any directory:   . path/to/clients/{{CLIENT}}/env.sh
# Made by Portcullis.
if [ -n "${BASH_VERSION:-}" ]; then
  if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    echo "env.sh: source this file instead of running it: . ${0}" >&2
    exit 1
  fi
  _portcullis_file=${BASH_SOURCE[0]}
elif [ -n "${ZSH_VERSION:-}" ]; then
  eval '_portcullis_file=${(%):-%x}'
elif [ -f ./env.sh ] && [ -f ./cert.pem ]; then
  _portcullis_file=./env.sh
else
  echo "env.sh: in this shell, source it from its own folder: cd clients/{{CLIENT}} && . ./env.sh" >&2
  return 1 2>/dev/null || exit 1
fi
export DOCKER_HOST={{DOCKER_HOST}}
# Any non-empty value turns verification on (even 0); 1 says what it means.
export DOCKER_TLS_VERIFY=1
# The folder holding ca.pem, cert.pem and key.pem: the one this file is in.
DOCKER_CERT_PATH=$(CDPATH='' cd -- "$(dirname -- "$_portcullis_file")" && pwd)
export DOCKER_CERT_PATH
unset _portcullis_file
