# Installs the TLS files of the Docker daemon on {{HOST}} (Windows) and turns on mutual TLS on
# port {{PORT}}. Made by Portcullis. Run it in an elevated PowerShell (Run as Administrator):
#
#   powershell -ExecutionPolicy Bypass -File .\install.ps1
#
# It copies the certificates into {{TLS_DIR}} (the key readable by Administrators and SYSTEM
# only), the settings into C:\ProgramData\docker\config\daemon.json, opens TCP port {{PORT}} in
# Windows Firewall and restarts the docker service. It never leaves the host without Docker: it
# checks the new configuration with dockerd --validate first (Docker 23 and later), keeps every
# file it replaces in C:\ProgramData\docker\portcullis-backup-TIME\, and if dockerd does not come
# back it puts them back and restarts the old configuration. Running it again is safe.
#Requires -RunAsAdministrator
$ErrorActionPreference = 'Stop'

$Here = $PSScriptRoot
$TlsDir = '{{TLS_DIR}}'
$ConfigDir = Join-Path $env:ProgramData 'docker\config'
$DaemonJson = Join-Path $ConfigDir 'daemon.json'
$Port = {{PORT}}
$RuleName = 'Portcullis-Docker-TLS-{{PORT}}'

function Fail([string]$Message) {
    Write-Error "install.ps1: $Message" -ErrorAction Continue
    exit 1
}

foreach ($File in 'ca.pem', 'server-cert.pem', 'daemon.json') {
    if (-not (Test-Path -LiteralPath (Join-Path $Here $File))) {
        Fail "$Here\$File is missing; run the install.ps1 inside the unzipped server folder"
    }
}
$NewKey = Join-Path $Here 'server-key.pem'
if (-not (Test-Path -LiteralPath $NewKey)) {
    $NewKey = Join-Path $TlsDir 'server-key.pem'
    if (-not (Test-Path -LiteralPath $NewKey)) {
        Fail "no server-key.pem here or in $TlsDir; this host made its own key (a CSR): put it at $NewKey first"
    }
}
$Service = Get-Service -Name docker -ErrorAction SilentlyContinue
if (-not $Service) {
    Fail 'there is no docker service; install Docker Engine for Windows (dockerd --register-service), then run this again'
}
$NewJson = Get-Content -Raw -LiteralPath (Join-Path $Here 'daemon.json')
if ((Test-Path -LiteralPath $DaemonJson) -and
    ((Get-Content -Raw -LiteralPath $DaemonJson) -ne $NewJson) -and
    -not ((Select-String -Quiet -LiteralPath $DaemonJson -Pattern '"tlsverify"') -and
          (Select-String -Quiet -SimpleMatch -LiteralPath $DaemonJson -Pattern 'tcp://0.0.0.0:{{PORT}}'))) {
    Fail "$DaemonJson already has other settings; merge the keys of $Here\daemon.json into it by hand and run this again"
}

# Where the service runs dockerd from.
$Dockerd = (Get-CimInstance Win32_Service -Filter "Name='docker'").PathName
if ($Dockerd -match '^"([^"]+)"') { $Dockerd = $Matches[1] } else { $Dockerd = ($Dockerd -split ' ')[0] }

# A native command's output, stderr included, as text. Windows PowerShell 5.1 turns a native
# command's stderr into errors, which $ErrorActionPreference = 'Stop' would make fatal.
function Invoke-Native([scriptblock]$Command) {
    $ErrorActionPreference = 'Continue'
    & $Command 2>&1 | ForEach-Object { "$_" } | Out-String
}

# Only Administrators and SYSTEM may read a private key.
function Protect-Key([string]$Path) {
    & icacls.exe $Path /inheritance:r /grant:r '*S-1-5-32-544:R' '*S-1-5-18:R' | Out-Null
    if ($LASTEXITCODE -ne 0) { Fail "icacls could not restrict $Path to Administrators and SYSTEM" }
}

# 1. Check the new configuration before anything changes, where dockerd can (Docker 23 and
# later), with the new certificate and key copied aside.
$Help = Invoke-Native { & $Dockerd --help }
if ($Help -match '--validate') {
    $Check = Join-Path $env:ProgramData ('docker\.portcullis-check-' + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Check | Out-Null
    try {
        Copy-Item -LiteralPath (Join-Path $Here 'ca.pem'), (Join-Path $Here 'server-cert.pem') -Destination $Check
        Copy-Item -LiteralPath $NewKey -Destination (Join-Path $Check 'server-key.pem')
        Protect-Key (Join-Path $Check 'server-key.pem')
        $CheckJson = $NewJson.Replace($TlsDir.Replace('\', '\\'), $Check.Replace('\', '\\'))
        [IO.File]::WriteAllText((Join-Path $Check 'daemon.json'), $CheckJson, (New-Object Text.UTF8Encoding $false))
        $Said = Invoke-Native { & $Dockerd --validate --config-file (Join-Path $Check 'daemon.json') }
        if ($LASTEXITCODE -ne 0) { Fail "dockerd refuses the new configuration, so nothing was changed: $Said" }
    } finally {
        Remove-Item -Recurse -Force -LiteralPath $Check
    }
    Write-Output 'install.ps1: dockerd --validate accepts the new configuration.'
} else {
    Write-Output 'install.ps1: this dockerd cannot check a configuration before it starts (no --validate before Docker 23); if it does not start, the previous files come back.'
}

# 2. Keep what is replaced.
$Replaced = @((Join-Path $TlsDir 'ca.pem'), (Join-Path $TlsDir 'server-cert.pem'), (Join-Path $TlsDir 'server-key.pem'), $DaemonJson)
# Named by the time, and unique even for two runs in one second.
$Backup = Join-Path $env:ProgramData ('docker\portcullis-backup-' + (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ') + '-' + [guid]::NewGuid().ToString('N').Substring(0, 6))
New-Item -ItemType Directory -Force -Path $Backup | Out-Null
$Absent = @()
for ($i = 0; $i -lt $Replaced.Count; $i++) {
    if (Test-Path -LiteralPath $Replaced[$i]) {
        Copy-Item -LiteralPath $Replaced[$i] -Destination (Join-Path $Backup "$i-$(Split-Path -Leaf $Replaced[$i])")
    } else {
        $Absent += $Replaced[$i]
    }
}

# 3. The new files.
New-Item -ItemType Directory -Force -Path $TlsDir, $ConfigDir | Out-Null
Copy-Item -Force -LiteralPath (Join-Path $Here 'ca.pem'), (Join-Path $Here 'server-cert.pem') -Destination $TlsDir
if ($NewKey -ne (Join-Path $TlsDir 'server-key.pem')) {
    Copy-Item -Force -LiteralPath $NewKey -Destination (Join-Path $TlsDir 'server-key.pem')
}
Protect-Key (Join-Path $TlsDir 'server-key.pem')
[IO.File]::WriteAllText($DaemonJson, $NewJson, (New-Object Text.UTF8Encoding $false))

# 4. The firewall: clients must reach the port.
if (-not (Get-NetFirewallRule -Name $RuleName -ErrorAction SilentlyContinue)) {
    New-NetFirewallRule -Name $RuleName -DisplayName "Docker with mutual TLS (TCP $Port)" `
        -Direction Inbound -Protocol TCP -LocalPort $Port -Action Allow | Out-Null
    Write-Output "install.ps1: Windows Firewall lets TCP port $Port in (rule $RuleName); narrow it to your clients' addresses with Set-NetFirewallRule -Name $RuleName -RemoteAddress ..."
}

# 5. Restart. Running containers stop unless live-restore is on.
if ($NewJson -notmatch '"live-restore"\s*:\s*true') {
    Write-Warning 'install.ps1: restarting Docker now stops the running containers: live-restore is off. Those with a restart policy start again.'
}
function Test-Listening {
    for ($i = 0; $i -lt 30; $i++) {
        if ((Get-Service -Name docker).Status -eq 'Running' -and
            (Get-NetTCPConnection -State Listen -LocalPort $Port -ErrorAction SilentlyContinue)) {
            return $true
        }
        Start-Sleep -Seconds 1
    }
    return $false
}
$Restarted = $true
try { Restart-Service -Name docker } catch { $Restarted = $false }
if ($Restarted -and (Test-Listening)) {
    Write-Output "install.ps1: dockerd listens on port $Port with mutual TLS."
    Write-Output "The files it replaced are kept in $Backup; they include the previous server key: delete that folder once Docker works as it should."
    Write-Output 'Then on a client:  . clients\{{FIRST_CLIENT}}\env.ps1; docker version'
    exit 0
}

Write-Warning "install.ps1: dockerd did not come back with the new configuration (see: Get-EventLog -LogName Application -Source docker -Newest 20); putting back the files it replaced from $Backup"
foreach ($File in $Absent) { Remove-Item -Force -LiteralPath $File -ErrorAction SilentlyContinue }
for ($i = 0; $i -lt $Replaced.Count; $i++) {
    $Kept = Join-Path $Backup "$i-$(Split-Path -Leaf $Replaced[$i])"
    if (Test-Path -LiteralPath $Kept) { Copy-Item -Force -LiteralPath $Kept -Destination $Replaced[$i] }
}
try {
    Restart-Service -Name docker
    Write-Warning 'install.ps1: Docker runs again with its previous configuration, none of which was lost. Fix the cause above, then run install.ps1 again.'
} catch {
    Write-Warning "install.ps1: Docker does not start with its previous configuration either. The previous files are back in place, and copied in $Backup."
}
exit 1
