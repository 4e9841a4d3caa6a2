# Creates (or updates) a docker context for each Docker host of this bundle, with the client
# certificate "{{CLIENT}}": {{CONTEXT_LIST}}. For PowerShell, e.g. with Docker Desktop on
# Windows, whose docker CLI is a client like any other. Docker copies the certificate files into
# its contexts folder, so this folder can go after it has run:
#   powershell -ExecutionPolicy Bypass -File .\docker-context.ps1
# Then: docker --context {{CONTEXT}} ps   or   docker context use {{CONTEXT}}
# Made by Portcullis.
$ErrorActionPreference = 'Stop'
$Dir = $PSScriptRoot

function Set-Context([string]$Name, [string]$DockerHost, [string]$Description) {
    $Endpoint = "host=$DockerHost,ca=$Dir\ca.pem,cert=$Dir\cert.pem,key=$Dir\key.pem"
    # Windows PowerShell 5.1 turns a native command's stderr into errors: not fatal here.
    & { $ErrorActionPreference = 'Continue'; docker context inspect $Name *> $null }
    if ($LASTEXITCODE -eq 0) {
        docker context update $Name --docker $Endpoint
    } else {
        docker context create $Name --description $Description --docker $Endpoint
    }
    if ($LASTEXITCODE -ne 0) { throw "docker context could not set up $Name" }
    Write-Output "Context $Name is ready: docker --context $Name version"
}

{{CONTEXT_COMMANDS_PS}}
