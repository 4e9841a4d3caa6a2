# Points the docker CLI at {{HOST}} with the client certificate "{{CLIENT}}".
# Source it in fish:   source path/to/clients/{{CLIENT}}/env.fish
# Made by Portcullis.
set -gx DOCKER_HOST {{DOCKER_HOST}}
set -gx DOCKER_TLS_VERIFY 1
set -gx DOCKER_CERT_PATH (dirname (realpath (status --current-filename)))
