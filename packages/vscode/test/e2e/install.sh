#!/bin/sh
# Installs the in-editor test client outside the project: Debian Chromium, code-server 4.100.3 (the last line that
# runs on Node 20) and playwright-core. Usage: install.sh [DEST] (default $HOME/.cache/gongwen-e2e).
set -eu
DEST=${1:-${HOME}/.cache/gongwen-e2e}
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends chromium libkrb5-dev ripgrep >/dev/null
# @vscode/ripgrep looks in this cache before downloading from GitHub, which is unreachable here: seed it with Debian's rg.
C="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"; mkdir -p "$C"
tar czf "$C/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
mkdir -p "$DEST"; cd "$DEST"
[ -f package.json ] || npm init -y >/dev/null
# code-server's postinstall needs unsafe-perm as root; node-pty's postinstall runs npx, which must not prompt.
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-fund --no-audit --loglevel=error \
  code-server@4.100.3 playwright-core@1.65.1 >/dev/null
"$DEST/node_modules/.bin/code-server" --version >/dev/null 2>&1 || { echo "code-server install failed" >&2; exit 1; }
echo "e2e client installed in $DEST"
