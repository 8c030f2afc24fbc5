#!/usr/bin/env bash
# Usage: scripts/system-packages.sh [run|test]   (default: test)
# Install the Debian packages sabt needs, only those missing. To run:
#   libmagic1       tells an evidence file's media type from its content
#   libpangoft2-1.0-0  Pango, with which WeasyPrint lays out the PDF reports
#   fonts-noto-core Noto Sans and Noto Naskh Arabic, the fonts of the PDF
#                   reports (WeasyPrint embeds them), and of Dari pages in
#                   screenshots instead of boxes
# To test, also:
#   postgresql      the server that scripts/with-postgres.sh starts per run
#   chromium        the browser the Playwright tests drive (/usr/bin/chromium);
#                   Playwright's own browser downloads are never used
#   poppler-utils   pdftotext, pdffonts, pdfinfo: the report tests read the
#                   PDFs with them
#   ffmpeg          makes the test videos, and its ffprobe reads their metadata
#   openjdk-17-jre-headless  the Java that the Spark linkage test starts
#   gettext         xgettext and msgmerge, which the translation test runs
#                   (makemessages) to find strings the Dari catalogue lacks
#   nodejs, npm     run ODK Web Forms' engine (tests/odk/engine, installed
#                   here by `npm ci` from its lockfile) to fill sabt's forms
# A machine that already has them never calls apt, so this is cheap to run
# before every run and works offline there.
set -euo pipefail

purpose=${1:-test}
missing=()

installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

installed libmagic1 || missing+=(libmagic1)
installed libpangoft2-1.0-0 || missing+=(libpangoft2-1.0-0)
# Fonts ship no command, so ask dpkg.
installed fonts-noto-core || missing+=(fonts-noto-core)

if [ "$purpose" = test ]; then
    # PostgreSQL: any server version will do; with-postgres.sh picks the highest.
    initdbs=(/usr/lib/postgresql/*/bin/initdb)
    [ -x "${initdbs[0]}" ] || missing+=(postgresql)
    # The path, not just the command: the browser fixtures launch exactly this.
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
    command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
    command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
    command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

# The Node packages of the ODK round-trip test, as its lockfile pins them;
# once installed, nothing is fetched again until the lockfile changes.
engine_packages() {
    [ "$purpose" = test ] || return 0
    local engine
    engine="$(dirname "$0")/../tests/odk/engine"
    [ "$engine/node_modules/.package-lock.json" -nt "$engine/package-lock.json" ] && return 0
    echo "system-packages: npm ci in tests/odk/engine" >&2
    npm ci --prefix "$engine" --no-audit --no-fund --loglevel=error
}

[ "${#missing[@]}" -eq 0 ] && { engine_packages; exit 0; }

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "system-packages: missing Debian packages: ${missing[*]}" >&2
    echo "system-packages: not root and no sudo; as root run:" >&2
    echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "system-packages: installing ${missing[*]}" >&2
# Noninteractive: CI has no stdin, and debconf must not stop to ask.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
engine_packages
