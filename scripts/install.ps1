# Installs an aws-vault for Deno release binary on Windows (Windows PowerShell 5.1 or PowerShell 7).
#
#   powershell -ExecutionPolicy ByPass -File install.ps1 [-Version v7.2.0-deno.0.2.0]
#   irm https://github.com/OWNER/REPO/releases/latest/download/install.ps1 | iex
#
# The twin of install.sh: downloads aws-vault-windows-<arch>.exe and SHA256SUMS of the release,
# checks the binary against its line in SHA256SUMS (Get-FileHash), then installs it as
# aws-vault.exe through a temporary file renamed into place. A missing or wrong checksum stops
# it before anything is written in the install directory.
#
# Environment: AWS_VAULT_INSTALL_DIR (default ~\.local\bin), AWS_VAULT_RELEASES_URL (files at
# <base>/<tag>/<asset> and <base>/<tag>/SHA256SUMS), AWS_VAULT_REPO (owner/name),
# AWS_VAULT_API_URL (default https://api.github.com, asked for the latest release only when no
# -Version is given), GITHUB_TOKEN (sent to api.github.com only).
param([string]$Version = "")

$ErrorActionPreference = "Stop"
$ProgressPreference = "SilentlyContinue"
Set-StrictMode -Version 2
# Windows PowerShell 5.1 may not offer TLS 1.2, which GitHub requires, unless asked.
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

# The release workflow writes the repository here in the copy it attaches to a release.
$DefaultRepo = "__AWS_VAULT_REPOSITORY__"

function Fail([string]$Message) { throw $Message }

# Runs `exe --version` (aws-vault prints it on standard error); returns the exit code and text.
function Get-VersionOutput([string]$Exe) {
  $start = New-Object System.Diagnostics.ProcessStartInfo
  $start.FileName = $Exe
  $start.Arguments = "--version"
  $start.UseShellExecute = $false
  $start.RedirectStandardOutput = $true
  $start.RedirectStandardError = $true
  $process = [System.Diagnostics.Process]::Start($start)
  $stdout = $process.StandardOutput.ReadToEndAsync()
  $stderr = $process.StandardError.ReadToEnd()
  $process.WaitForExit()
  return @{ Code = $process.ExitCode; Text = ($stderr + $stdout.Result).Trim() }
}

function Get-Download([string]$Url, [string]$OutFile, [hashtable]$Headers = @{}) {
  try {
    Invoke-WebRequest -UseBasicParsing -Uri $Url -OutFile $OutFile -Headers $Headers
    return $true
  } catch {
    return $false
  }
}

function Install-AwsVault([string]$Version) {
  if ($Version -ne "" -and $Version -notmatch '^v[0-9][A-Za-z0-9._-]*$') {
    Fail "Invalid version ""$Version"": expected a release tag such as v7.2.0-deno.0.2.0"
  }
  $arch = $null
  try {
    $arch = [string][System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
  } catch {
    $arch = if ($env:PROCESSOR_ARCHITEW6432) { $env:PROCESSOR_ARCHITEW6432 } else { $env:PROCESSOR_ARCHITECTURE }
  }
  switch -Regex ($arch) {
    '^(X64|AMD64)$' { $arch = "x64" }
    '^(Arm64|ARM64)$' { $arch = "arm64" }
    default { Fail "Unsupported architecture ""$arch"": releases exist for x86-64 and arm64" }
  }
  $asset = "aws-vault-windows-$arch.exe"

  $repo = if ($env:AWS_VAULT_REPO) { $env:AWS_VAULT_REPO } else { $DefaultRepo }
  $repoKnown = $repo -match '^[^/]+/[^/]+$'
  if ($env:AWS_VAULT_RELEASES_URL) {
    $base = $env:AWS_VAULT_RELEASES_URL.TrimEnd("/")
  } elseif ($repoKnown) {
    $base = "https://github.com/$repo/releases/download"
  } else {
    Fail "Unknown GitHub repository: set AWS_VAULT_REPO=owner/name, or use the install.ps1 of a release"
  }

  $dir = if ($env:AWS_VAULT_INSTALL_DIR) { $env:AWS_VAULT_INSTALL_DIR } else { Join-Path $HOME ".local\bin" }
  $target = Join-Path $dir "aws-vault.exe"
  if (Test-Path -LiteralPath $target -PathType Container) {
    Fail """$target"" is a directory: not replacing it"
  }

  $tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("aws-vault-install-" + [guid]::NewGuid())
  New-Item -ItemType Directory -Path $tmp | Out-Null
  $staged = $null
  try {
    if ($Version -eq "") {
      if (-not $repoKnown) {
        Fail "Unknown GitHub repository for the latest release: set AWS_VAULT_REPO=owner/name or pass -Version"
      }
      $api = if ($env:AWS_VAULT_API_URL) { $env:AWS_VAULT_API_URL.TrimEnd("/") } else { "https://api.github.com" }
      $headers = @{}
      if ($api -eq "https://api.github.com" -and $env:GITHUB_TOKEN) {
        $headers["Authorization"] = "Bearer $($env:GITHUB_TOKEN)"
      }
      $latest = Join-Path $tmp "latest.json"
      if (-not (Get-Download "$api/repos/$repo/releases/latest" $latest $headers)) {
        Fail "Cannot find the latest release: $api/repos/$repo/releases/latest did not answer (pass -Version vX.Y.Z)"
      }
      $Version = [string](Get-Content -Raw -LiteralPath $latest | ConvertFrom-Json).tag_name
      if ($Version -notmatch '^v[0-9]') {
        Fail "Cannot find the latest release: no tag_name in $api/repos/$repo/releases/latest"
      }
    }

    $sums = Join-Path $tmp "SHA256SUMS"
    if (-not (Get-Download "$base/$Version/SHA256SUMS" $sums)) {
      Fail "Cannot download $base/$Version/SHA256SUMS: is ""$Version"" a release?"
    }
    $expected = $null
    foreach ($line in Get-Content -LiteralPath $sums) {
      if ($line -match '^([0-9A-Fa-f]{64}) [ *](.+)$' -and $Matches[2] -eq $asset) {
        $expected = $Matches[1].ToLowerInvariant()
        break
      }
    }
    if (-not $expected) { Fail "SHA256SUMS of $Version has no entry for ""$asset"": not installing it" }
    $download = Join-Path $tmp $asset
    if (-not (Get-Download "$base/$Version/$asset" $download)) {
      Fail "Cannot download $base/$Version/$asset"
    }
    $actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $download).Hash.ToLowerInvariant()
    if ($actual -ne $expected) {
      Fail "Checksum mismatch for ""$asset"" of ${Version}: expected $expected, got ${actual}: not installing it"
    }

    try {
      New-Item -ItemType Directory -Force -Path $dir | Out-Null
    } catch {
      Fail "Cannot create the install directory ""$dir"": set AWS_VAULT_INSTALL_DIR"
    }
    $staged = Join-Path $dir ".aws-vault.install.$PID.exe"
    try {
      Copy-Item -LiteralPath $download -Destination $staged -Force
    } catch {
      Fail "Cannot write to ""$dir"": set AWS_VAULT_INSTALL_DIR to a directory you can write to"
    }
    $run = $null
    try {
      $run = Get-VersionOutput $staged
    } catch {
      Fail "The downloaded aws-vault does not run on this system: $($_.Exception.Message)"
    }
    $installed = $run.Text
    if ($run.Code -ne 0) {
      Fail "The downloaded aws-vault does not run on this system: $installed"
    }
    try {
      Move-Item -LiteralPath $staged -Destination $target -Force
    } catch {
      Fail "Cannot write to ""$target"": is aws-vault running? $($_.Exception.Message)"
    }
    $staged = $null
    Write-Output "Installed aws-vault $installed to $target"
    $onPath = ($env:PATH -split ";") | Where-Object { $_.TrimEnd("\") -ieq $dir.TrimEnd("\") }
    if (-not $onPath) { Write-Output "Note: $dir is not on PATH; add it to use aws-vault by name" }
  } finally {
    if ($staged) { Remove-Item -LiteralPath $staged -Force -ErrorAction SilentlyContinue }
    Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
  }
}

try {
  Install-AwsVault $Version
} catch {
  [Console]::Error.WriteLine("aws-vault install: $($_.Exception.Message)")
  # `exit` would close the window of a session that ran this through `irm | iex`.
  if ($PSCommandPath) { exit 1 }
}
