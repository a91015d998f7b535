#!/bin/sh
# Smoke-tests a built bundle offscreen with a fresh library: version, import, search, export.
set -eu
bundle="${1:-dist/briefing/briefing}"
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BRIEFING_HOME="$work/home" QT_QPA_PLATFORM=offscreen

echo "== version";  "$bundle" --version
echo "== import";   "$bundle" import "$root/seeds" --json
echo "== search";   "$bundle" search '"gas union"' --json > "$work/search.json"
grep -q '"total": 1' "$work/search.json" || { cat "$work/search.json"; echo "search found nothing" >&2; exit 1; }
key=$("$bundle" list --json | sed -n 's/.*"key": "\([^"]*\)".*/\1/p' | head -1)
cat > "$work/brief.md" <<BRIEF
---
title: Smoke test brief
author: Briefing
---

Kazakhstan, the article says, is "a critical artery" [@$key, ¶2].
BRIEF
for fmt in docx html md pdf; do
    echo "== export $fmt"
    "$bundle" export "$work/brief.md" --to "$fmt" -o "$work/out.$fmt"
    test -s "$work/out.$fmt"
done
echo "== check";    "$bundle" check "$work/brief.md"
# The exported PDF goes back in: PDFs are read by the bundle's own executable in a child process.
echo "== import pdf"
"$bundle" import "$work/out.pdf" --json > "$work/pdf.json"
grep -q '"status": "imported"' "$work/pdf.json" || { cat "$work/pdf.json"; echo "PDF import failed" >&2; exit 1; }
# The import formats with their own libraries and data files in the bundle: pdfminer.six
# (with its CMap files: the PDF quotes Japanese in a CID font), python-docx, warcio.
echo "== import pdf (CID font), docx, warc"
fixtures="$root/tests/fixtures"
"$bundle" import "$fixtures/pdf/cjk-statement.pdf" "$fixtures/formats/measles.docx" \
    "$fixtures/formats/samoa.warc.gz" --json > "$work/formats.json"
test "$(grep -c '"status": "imported"' "$work/formats.json")" -eq 4 \
    || { cat "$work/formats.json"; echo "PDF, DOCX or WARC import failed" >&2; exit 1; }
pdf_id=$(sed -n 's/.*cjk-statement.pdf", "status": "imported", "id": "\([^"]*\)".*/\1/p' "$work/formats.json")
"$bundle" show "$pdf_id" | grep -q "東京で記者会見が開かれた。" \
    || { "$bundle" show "$pdf_id"; echo "the PDF's CID-font text was not read" >&2; exit 1; }
"$bundle" search '"state of emergency"' --json | grep -q '"total": [1-9]' \
    || { echo "the Word and web-archive articles are not searchable" >&2; exit 1; }
# The team archive's driver: psycopg's binary build and the libpq it ships with.
echo "== psycopg binary"
internal="$(dirname "$bundle")/_internal"
ls "$internal"/psycopg_binary/_psycopg.*.so "$internal"/psycopg_binary.libs/libpq-*.so* > /dev/null
echo "== translations"
test -s "$(dirname "$bundle")/_internal/resources/i18n/briefing_de.qm"
# The desktop app must come up (Qt plugins, translations, fonts found in the bundle) and stay up.
echo "== gui (offscreen, German, must stay up for 8 s)"
BRIEFING_LANG=de "$bundle" gui > "$work/gui.log" 2>&1 &
pid=$!
sleep 8
if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"; wait "$pid" 2>/dev/null || true
else
    wait "$pid" || true; cat "$work/gui.log"; echo "the app exited at start-up" >&2; exit 1
fi
if grep -Eqi "traceback|could not (load|find) the qt platform" "$work/gui.log"; then
    cat "$work/gui.log"; echo "the app reported an error at start-up" >&2; exit 1
fi
echo "smoke test passed"
