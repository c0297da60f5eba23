#!/usr/bin/env bash
# Copies front-end packages installed by npm (package-lock.json) into static files.
# The copies are build output and not committed (see .gitignore).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=familieplan/static/vendor
rm -rf "$dest"
mkdir -p "$dest/designsystemet" "$dest/htmx"
cp node_modules/@digdir/designsystemet-css/dist/src/index.css "$dest/designsystemet/designsystemet.css"
cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css "$dest/designsystemet/theme.css"
cp node_modules/@digdir/designsystemet-css/LICENSE "$dest/designsystemet/LICENSE"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$dest/htmx/LICENSE"
