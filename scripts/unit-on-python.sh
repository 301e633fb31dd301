#!/bin/sh
# Runs the unit tests (tests/unit) on another supported Python, in its own virtual environment
# .venv-VERSION made from requirements.lock (remade when the lock or pyproject.toml changes).
#   sh scripts/unit-on-python.sh 3.13
# The interpreter is python3.13 on PATH, else pyenv's newest 3.13.x ($PYENV_ROOT, `pyenv root`
# or ~/.pyenv). When none is installed the run is skipped with a sentence saying so (exit 0);
# anything else that goes wrong fails.
set -eu
version=${1:?usage: unit-on-python.sh VERSION (e.g. 3.13)}
cd "$(dirname "$0")/.."

# Prints the interpreter's path when it runs and really is Python $version (a pyenv shim for a
# version that is not active exists but fails).
check() {
    [ -x "$1" ] || return 1
    [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$version" ] || return 1
    echo "$1"
}

find_python() {
    on_path=$(command -v "python$version" 2>/dev/null || true)
    if [ -n "$on_path" ] && check "$on_path"; then
        return 0
    fi
    roots="${PYENV_ROOT:-} $HOME/.pyenv"
    if command -v pyenv >/dev/null 2>&1; then
        roots="$(pyenv root 2>/dev/null || true) $roots"
    fi
    for root in $roots; do
        # the newest patch release first (3.13.10 after 3.13.9)
        for dir in $(ls -d "$root/versions/$version".* 2>/dev/null | sort -rV); do
            if check "$dir/bin/python$version"; then
                return 0
            fi
        done
    done
    return 1
}

if ! python=$(find_python); then
    echo "unit-on-python: Python $version is not installed here; skipped its unit tests" \
        "(install it, e.g. pyenv install $version, or python$version on PATH)."
    exit 0
fi

venv=".venv-$version"
stamp="$venv/.installed"
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "unit-on-python: making $venv with $python from requirements.lock"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -r requirements.lock
    "$venv/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
    touch "$stamp"
fi
echo "unit-on-python: tests/unit on $("$venv/bin/python" --version)"
QT_QPA_PLATFORM=offscreen exec "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/unit
