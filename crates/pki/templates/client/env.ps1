# Points the docker CLI at {{HOST}} with the client certificate "{{CLIENT}}".
# Dot-source it in PowerShell:   . path\to\clients\{{CLIENT}}\env.ps1
# Made by Portcullis.
$env:DOCKER_HOST = "{{DOCKER_HOST}}"
$env:DOCKER_TLS_VERIFY = "1"
$env:DOCKER_CERT_PATH = $PSScriptRoot
