# Shared set-up for scripts/build, scripts/serve and scripts/test: sourced, not run.
# Creates or reuses .venv and installs the exact pins from requirements.txt; reinstalls only when
# requirements.txt changed since the last install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
cd "$ROOT"
# Material prints an end-of-life banner on every run; the README explains the plan for it.
export NO_MKDOCS_2_WARNING=1

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: need root to run: $*" >&2; return 1; fi
}

say() {
  # Progress of long first-run steps, on stderr so that a command's own output stays clean.
  echo "policy-site: $*" >&2
}

apt_install() {
  # apt-get update once per run: a fresh machine has no package lists.
  if [ -z "${POLICY_SITE_APT_UPDATED:-}" ]; then
    as_root apt-get update -qq
    export POLICY_SITE_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_git() {
  if ! command -v git >/dev/null; then
    say "installing git with apt-get …"
    apt_install git
  fi
}

ensure_venv() {
  local python="${PYTHON:-python3}"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      # Debian ships venv separately from python3.
      rm -rf "$VENV"
      say "installing python3-venv with apt-get …"
      apt_install python3-venv
      "$python" -m venv "$VENV"
    fi
  fi
  local stamp="$VENV/.requirements.sha256"
  local want
  want="$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing the Python packages of requirements.txt into .venv (first run, or they changed) …"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt"
    echo "$want" > "$stamp"
  fi
}

ensure_chromium() {
  # Browser tests drive Debian's Chromium through Playwright; nothing is downloaded by Playwright itself.
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's Chromium and Thai fonts for the browser tests (first run, a few minutes) …"
    apt_install chromium fonts-thai-tlwg
  fi
}
