<#
  backup_pull.ps1 - Frío Sur: download the newest verified backup to this PC (RUNBOOK "Windows PC Backup Pull").

  PowerShell only (5.1 or 7); no Node.js needed. Schedule it with Task Scheduler at 22:00 daily
  (see the README, "Backup pull on the shop's PC").

  What it does, and why each step:
    1. signs in (POST /api/login) and lists backups (GET /api/admin/backups, newest first);
    2. if the newest is already here, stops (exit 0);
    3. downloads it to a temporary ".part" file;
    4. checks its SHA-256 against the server's X-Backup-SHA256 header (a corrupt download is deleted);
    5. checks it starts with the SQLite header and has the advertised size;
    6. renames it into place, then keeps only the newest $Keep backups.
  Any failure exits with code 1 and a message, and leaves the folder as it was.
#>

# ---- Configuration: edit these four lines --------------------------------------------------
$ApiUrl   = "https://api.pedidosfriosur.com"                       # the backend, without /api
$Username = "admin"                                                # an admin user
$Dest     = Join-Path $env:USERPROFILE "Documents\ChorizaurioBackups"
$Keep     = 30                                                     # backups to keep on this PC
# The password is read from the environment variable CHORIZAURIO_PASSWORD (set it once with
#   [Environment]::SetEnvironmentVariable("CHORIZAURIO_PASSWORD", "...", "User")
# ), or asked for when the script runs in a console. It is never written in this file.
# ---------------------------------------------------------------------------------------------

$ErrorActionPreference = "Stop"
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12

function Fail([string]$message) {
    Write-Error "backup_pull: $message"
    exit 1
}

$password = $env:CHORIZAURIO_PASSWORD
if (-not $password) {
    if ([Environment]::UserInteractive) {
        $secure = Read-Host -Prompt "Password for $Username" -AsSecureString
        $password = [Runtime.InteropServices.Marshal]::PtrToStringAuto([Runtime.InteropServices.Marshal]::SecureStringToBSTR($secure))
    } else {
        Fail "no password: set the CHORIZAURIO_PASSWORD environment variable for the user that runs the task"
    }
}

$base = $ApiUrl.TrimEnd("/")
if ($base.EndsWith("/api")) { $base = $base.Substring(0, $base.Length - 4) }

try {
    $login = Invoke-RestMethod -Method Post -Uri "$base/api/login" -ContentType "application/x-www-form-urlencoded" `
        -Body @{ username = $Username; password = $password }
} catch {
    Fail "sign-in as $Username failed: $($_.Exception.Message)"
}
$headers = @{ Authorization = "Bearer $($login.access_token)" }

try {
    $list = Invoke-RestMethod -Uri "$base/api/admin/backups" -Headers $headers
} catch {
    Fail "listing backups failed: $($_.Exception.Message)"
}
if (-not $list.backups -or $list.backups.Count -eq 0) { Fail "the server lists no backups" }
$newest = $list.backups[0]
$name = $newest.filename
if ($name -notmatch '^ventas_\d{8}_\d{6}(_\d+)?\.db$') { Fail "unexpected backup name '$name'" }

New-Item -ItemType Directory -Force -Path $Dest | Out-Null
$target = Join-Path $Dest $name
if (Test-Path $target) {
    Write-Output "Up to date: $name is already in $Dest"
    exit 0
}

$part = Join-Path $Dest ".$name.part"
try {
    Write-Output "Downloading $name ($([math]::Round($newest.size / 1MB, 1)) MB)..."
    $response = Invoke-WebRequest -Uri "$base/api/admin/backups/$name" -Headers $headers -OutFile $part -PassThru -UseBasicParsing
    $expected = [string]($response.Headers["X-Backup-SHA256"])
    if (-not $expected) { $expected = $newest.sha256 }
    if (-not $expected) { throw "the server did not give the backup's SHA-256" }

    $actual = (Get-FileHash -Algorithm SHA256 -Path $part).Hash.ToLowerInvariant()
    if ($actual -ne $expected.ToLowerInvariant()) { throw "SHA-256 mismatch: expected $expected, got $actual (corrupt download discarded)" }

    $size = (Get-Item $part).Length
    if ($size -ne [int64]$newest.size) { throw "size mismatch: expected $($newest.size) bytes, got $size" }
    $stream = [IO.File]::OpenRead($part)
    try {
        $header = New-Object byte[] 16
        [void]$stream.Read($header, 0, 16)
    } finally { $stream.Close() }
    if ([Text.Encoding]::ASCII.GetString($header, 0, 15) -ne "SQLite format 3") { throw "the file is not a SQLite database" }

    Move-Item -Path $part -Destination $target
} catch {
    Remove-Item -Force -ErrorAction SilentlyContinue $part
    Fail $_.Exception.Message
}

$old = Get-ChildItem -Path $Dest -Filter "ventas_*.db" | Sort-Object Name -Descending | Select-Object -Skip $Keep
foreach ($file in $old) { Remove-Item -Force $file.FullName }
Write-Output "Downloaded and verified $name; keeping the newest $Keep in $Dest"
exit 0
