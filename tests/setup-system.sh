#!/usr/bin/env bash
# System packages the tests need; installs only what is missing (run as root, as CI is).
set -euo pipefail
need=()
# (tools are added here as the tests come to use them: bibtex, biber, chromium, java)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
