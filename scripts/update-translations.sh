#!/bin/sh
# Refreshes the translation sources from the GUI code and compiles them.
#   update-translations.sh          - lupdate briefing_app/gui into resources/i18n/*.ts, then lrelease
#   update-translations.sh release  - only lrelease (the .ts files were edited, e.g. in Qt Linguist)
# New strings arrive in the .ts marked "unfinished"; translate them (Qt Linguist:
# `.venv/bin/pyside6-linguist resources/i18n/briefing_de.ts`) and run this again.
set -eu
cd "$(dirname "$0")/.."
bin=${BIN:-.venv/bin}
languages="de"
for lang in $languages; do
    ts="resources/i18n/briefing_$lang.ts"
    if [ "${1:-}" != release ]; then
        # No source locations: line numbers would churn the file on every unrelated edit.
        "$bin/pyside6-lupdate" -extensions py -locations none -no-obsolete \
            -target-language "$lang" briefing_app/gui -ts "$ts"
    fi
    "$bin/pyside6-lrelease" -nounfinished -removeidentical "$ts" -qm "resources/i18n/briefing_$lang.qm"
done
