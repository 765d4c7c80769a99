#!/usr/bin/env bash
# What the tests need beyond Python packages, installed only when missing (as root, as CI runs):
# Debian's chromium (axe and browser tests), a Java runtime (Nu HTML checker), TeX Live's
# pdflatex, lualatex, bibtex and biber (the three LaTeX toolchains), and the npm test tools in tests/js.
set -euo pipefail
cd "$(dirname "$0")"
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v java >/dev/null || need+=(default-jre-headless)
command -v pdflatex >/dev/null || need+=(texlive-latex-base)
kpsewhich plainnat.bst >/dev/null 2>&1 || need+=(texlive-bibtex-extra)
kpsewhich etoolbox.sty >/dev/null 2>&1 || need+=(texlive-latex-recommended)
command -v biber >/dev/null || need+=(biber)
kpsewhich luaotfload-main.lua >/dev/null 2>&1 || need+=(texlive-luatex)  # lualatex's font loader
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -f js/node_modules/.installed ] || [ js/package-lock.json -nt js/node_modules/.installed ]; then
  (cd js && npm ci --no-audit --no-fund --silent)
  touch js/node_modules/.installed
fi
