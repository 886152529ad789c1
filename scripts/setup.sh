#!/usr/bin/env bash
# Set up everything the dashboard and the tests need, on a fresh Debian machine:
# a virtualenv with the pinned Python packages, and Debian's chromium (kaleido's
# PNG/SVG export and the browser tests drive it) with fonts that have Arabic.
set -euo pipefail

# How long apt waits for another apt or dpkg (an unattended upgrade, another install) to finish.
APT_LOCK_WAIT_S="${APT_LOCK_WAIT_S:-300}"

# apt-get, waiting for the package system's locks instead of failing at once; when another apt
# still holds them after APT_LOCK_WAIT_S seconds, a plain hint instead of apt's lock error alone.
apt_get() {
  local out status=0
  out=$(${SUDO:-} env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=${APT_LOCK_WAIT_S}" "$@" 2>&1) \
    || status=$?
  if [ "$status" -ne 0 ]; then
    if grep -qiE "could not get lock|unable to acquire the dpkg frontend lock|is another process using it" <<<"$out"; then
      echo "setup.sh: another apt or dpkg is running on this machine (an automatic update or another install)" \
           "and still held the package lock after ${APT_LOCK_WAIT_S} s. Let it finish (see: ps -C apt-get,apt,dpkg)," \
           "then run this command again; or wait longer with APT_LOCK_WAIT_S=900." >&2
    fi
    grep -E "^(E|W):" <<<"$out" >&2 || echo "$out" >&2
    return "$status"
  fi
}

main() {
  cd "$(dirname "$0")/.."
  if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "arabic" || missing+=(fonts-noto-core)
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    apt_get update -qq
    apt_get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Sourced (by a test of apt_get), it only defines the functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
