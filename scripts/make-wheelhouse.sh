#!/bin/sh
# Downloads Briefing's wheel and every dependency into a folder, with a hashed requirements
# file, so an air-gapped machine can install with (pip first: Debian 12's pip 23 trips over
# an extras-resolution bug with lxml[html-clean]):
#   pip install --no-index --find-links wheelhouse --upgrade pip
#   pip install --no-index --find-links wheelhouse --require-hashes -r wheelhouse/requirements.txt
#   pip install --no-index --find-links wheelhouse --no-deps wheelhouse/briefing-*.whl
set -eu
out="${1:-wheelhouse}"
py="${PYTHON:-.venv/bin/python}"
mkdir -p "$out"
"$py" -m pip wheel --no-deps -w "$out" .
"$py" -m pip download -d "$out" --only-binary=:all: pip
"$py" -m pip download -d "$out" --only-binary=:all: -r /dev/stdin <<EOF2
$("$py" - <<'PY'
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["dependencies"]))
PY
)
EOF2
# One pinned, hashed line per downloaded file (the app's own wheel is installed separately).
: > "$out/requirements.txt"
for wheel in "$out"/*.whl "$out"/*.tar.gz; do
    [ -e "$wheel" ] || continue
    name=$(basename "$wheel")
    case "$name" in briefing-*|pip-*) continue ;; esac
    dist=$(echo "$name" | sed -E 's/^([A-Za-z0-9_.]+)-([0-9][^-]*)(-|\.tar).*/\1==\2/' | tr '_' '-')
    hash=$(sha256sum "$wheel" | cut -d' ' -f1)
    echo "$dist --hash=sha256:$hash" >> "$out/requirements.txt"
done
echo "wheelhouse ready: $(ls "$out" | wc -l) files in $out"
