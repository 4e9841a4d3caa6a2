@echo off
rem Points the docker CLI at {{HOST}} with the client certificate "{{CLIENT}}".
rem Run it in cmd.exe:   call path\to\clients\{{CLIENT}}\env.cmd
rem Made by Portcullis.
set "DOCKER_HOST={{DOCKER_HOST}}"
set "DOCKER_TLS_VERIFY=1"
set "DOCKER_CERT_PATH=%~dp0"
rem %~dp0 ends with a backslash; drop it.
set "DOCKER_CERT_PATH=%DOCKER_CERT_PATH:~0,-1%"
