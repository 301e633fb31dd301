#!/bin/sh
# Installs this netdesk bundle for you alone, no root needed:
#   the program in ~/.local/opt/netdesk, the command ~/.local/bin/netdesk, and the menu entry
#   when this netdesk can write one (netdesk --install-desktop).
#
#   ./install.sh                 install, or update an earlier install in place
#   ./install.sh --uninstall     remove the program, the command and the menu entry (your data stays)
#   --prefix DIR                 use DIR/opt/netdesk and DIR/bin instead of ~/.local/...
#
# make package puts this file inside the bundle folder, next to the netdesk program.
set -eu

prefix="${HOME:?HOME is not set}/.local"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
                  prefix=$2; shift ;;
        --prefix=*) prefix=${1#--prefix=} ;;
        --uninstall) action=uninstall ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

here=$(cd "$(dirname "$0")" && pwd -P)
dest="$prefix/opt/netdesk"
bindir="$prefix/bin"
link="$bindir/netdesk"

# True when the installed netdesk lists OPTION in its --help (older builds lack the menu options).
offers() {
    "$1" --help 2>/dev/null | grep -q -- "$2"
}

if [ "$action" = uninstall ]; then
    if [ -x "$dest/netdesk" ] && offers "$dest/netdesk" --uninstall-desktop; then
        "$dest/netdesk" --uninstall-desktop || true
    fi
    if [ -L "$link" ] && [ "$(readlink "$link")" = "$dest/netdesk" ]; then
        rm -f "$link"
    fi
    rm -rf "$dest"
    echo "netdesk is uninstalled; your contacts stay in ~/.local/share/netdesk (or your --data-dir)."
    exit 0
fi

if [ ! -x "$here/netdesk" ] || [ ! -d "$here/_internal" ]; then
    echo "install.sh: run me from the unpacked bundle (the folder holding netdesk and _internal)" >&2
    exit 1
fi
if [ "$here" = "$(cd "$dest" 2>/dev/null && pwd -P || true)" ]; then
    echo "install.sh: this bundle is already the installed one ($dest)" >&2
    exit 1
fi

# Copy next to the old install, then swap: a full disk or an interrupted copy leaves the old
# install working, never half of a new one.
mkdir -p "$prefix/opt" "$bindir"
new="$dest.new.$$"
old="$dest.old.$$"
trap 'rm -rf "$new"' EXIT
rm -rf "$new"
cp -R "$here" "$new"
if [ -e "$dest" ]; then
    mv "$dest" "$old"
fi
mv "$new" "$dest"
rm -rf "$old"
trap - EXIT
ln -sfn "$dest/netdesk" "$link"

version=$("$dest/netdesk" --version)
if offers "$dest/netdesk" --install-desktop; then
    "$dest/netdesk" --install-desktop
fi
echo "Installed $version in $dest; the command is $link"
case ":${PATH:-}:" in
    *":$bindir:"*) ;;
    *) echo "Note: $bindir is not on your PATH; add it (e.g. in ~/.profile) to type netdesk anywhere." ;;
esac
