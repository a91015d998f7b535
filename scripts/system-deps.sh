#!/bin/sh
# Checks the Debian packages Briefing needs and installs the missing ones when run as root.
#   system-deps.sh venv  - python3-venv, so `python3 -m venv` works
#   system-deps.sh qt    - the shared libraries Qt's xcb/offscreen platforms load
#   system-deps.sh ci    - LibreOffice Writer and poppler-utils for the export tests
#   system-deps.sh postgresql - the PostgreSQL server for the team-archive tests (root only;
#                          without root the tests skip and say why)
set -u
what="${1:-qt}"

missing_packages() {
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
    done
}

install_or_explain() {
    need=$(missing_packages "$@" | tr '\n' ' ')
    [ -z "$need" ] && return 0
    command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian: nothing we can check
    if [ "$(id -u)" = 0 ]; then
        echo "Installing system packages: $need"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need) >/dev/null \
            || { echo "apt-get failed to install: $need" >&2; exit 1; }
    else
        echo "Briefing needs these Debian packages: $need" >&2
        echo "Install them with: sudo apt-get install $need" >&2
        exit 1
    fi
}

case "$what" in
    venv)
        python3 -c "import ensurepip, venv" 2>/dev/null || install_or_explain python3-venv
        ;;
    qt)
        # Libraries PySide6 wheels link against but a minimal Debian 12 lacks; the xcb ones are
        # for a real window (Qt's error message blames libxcb-cursor0, the usual culprits are
        # libxcb-icccm4 and libxcb-keysyms1).
        install_or_explain libgl1 libegl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 \
            libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
            libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 \
            fonts-dejavu-core
        ;;
    ci)
        # For the export tests: a DOCX must open in LibreOffice and its PDF's text be readable;
        # desktop-file-utils and appstream validate the desktop entry and metainfo.
        install_or_explain libreoffice-writer-nogui poppler-utils desktop-file-utils appstream
        ;;
    postgresql)
        # The team-archive tests start a throwaway cluster with initdb and pg_ctl; pg_trgm
        # (fuzzy search) ships in the same package on Debian 12.
        if [ "$(id -u)" = 0 ]; then
            install_or_explain postgresql
        elif [ -n "$(missing_packages postgresql)" ]; then
            echo "Note: the PostgreSQL team-archive tests will be skipped (install 'postgresql' to run them)."
        fi
        ;;
    *)
        echo "usage: system-deps.sh venv|qt|ci|postgresql" >&2; exit 2 ;;
esac
