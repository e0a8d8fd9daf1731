# Installs safedocker on Windows from the unpacked zip: safedocker.exe into
# %LOCALAPPDATA%\Programs\safedocker, with docker.exe and docker-compose.exe beside it in
# shims\ as hard links to it (the shim recognises itself by file identity, so a link is the
# guard, never a loop), and puts shims\ first on PATH.
#
# Docker Desktop puts its own bin directory on the *system* PATH, which Windows searches
# before the user's PATH: a shims directory on the user's PATH would come too late. So:
#   .\install.ps1            this user: a line in the PowerShell profile puts shims\ first in
#                            every new PowerShell (cmd and IDEs keep Docker's docker.exe)
#   .\install.ps1 -Machine   every user and program (as Administrator): shims\ goes first on the
#                            system PATH
# Uninstall: remove the directory and the profile line (or the system PATH entry).
param([switch]$Machine)
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$root = if ($Machine) { Join-Path $env:ProgramFiles 'safedocker' } else { Join-Path $env:LOCALAPPDATA 'Programs\safedocker' }
$shims = Join-Path $root 'shims'
New-Item -ItemType Directory -Force -Path $shims | Out-Null
Copy-Item -Force (Join-Path $here 'bin\safedocker.exe') (Join-Path $root 'safedocker.exe')
foreach ($name in 'docker.exe', 'docker-compose.exe') {
    $link = Join-Path $shims $name
    if (Test-Path $link) { Remove-Item -Force $link }
    New-Item -ItemType HardLink -Path $link -Target (Join-Path $root 'safedocker.exe') | Out-Null
}
if ($Machine) {
    $path = [Environment]::GetEnvironmentVariable('Path', 'Machine')
    if (($path -split ';') -notcontains $shims) {
        [Environment]::SetEnvironmentVariable('Path', "$shims;$path", 'Machine')
    }
    Write-Output "safedocker: $shims is first on the system PATH (new sessions see it)"
} else {
    $line = "`$env:Path = '$shims;' + `$env:Path # safedocker"
    if (-not (Test-Path $PROFILE) -or -not (Select-String -Quiet -SimpleMatch $line $PROFILE)) {
        New-Item -ItemType File -Force -Path $PROFILE | Out-Null
        Add-Content -Path $PROFILE -Value $line
    }
    Write-Output "safedocker: $shims goes first on PATH in new PowerShell windows ($PROFILE)"
}
& (Join-Path $shims 'docker.exe') guard which
