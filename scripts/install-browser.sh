#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/browser/): Playwright drives it through
# executable_path, because Playwright's own browser download is not reachable from CI.
# Idempotent: does nothing when /usr/bin/chromium is already installed.
set -euo pipefail
if dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed" && [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
echo "installing Debian package: chromium" >&2
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
