#!/usr/bin/env bash
# Make sure what the test suite needs is here: PostgreSQL answering on 127.0.0.1:5432 and
# Debian's Chromium for the browser tests. Safe to run again; installs only what is missing.
set -euo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "Starting PostgreSQL..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

if [ ! -x /usr/bin/chromium ]; then
  # Only the browser itself: no recommended packages (avahi, samba, printer tools...), no driver
  # (Playwright talks to Chromium directly). apt's output goes to a log, not into the test log.
  if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is missing and installing it needs root: run 'sudo $0' once, then 'make test' again." >&2
    exit 1
  fi
  log="${TMPDIR:-/tmp}/ensure-services-apt.log"
  echo "Installing Chromium for the browser tests (apt-get, log in $log)..."
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "Installing Chromium failed; the whole apt output is in $log." >&2
    exit 1
  fi
fi
/usr/bin/chromium --version
