# Sourced by scripts/test, scripts/console and scripts/lock (not run by itself): the project's
# own virtual environment, .venv, made with a Python >= 3.11 and filled from the pinned,
# hash-checked requirement files exported from uv.lock.  No root, no system pip: it works
# where the system Python refuses pip installs (PEP 668, "externally managed").
#
# PYTHON=/path/to/python3.X picks the interpreter; otherwise python3 when it is 3.11 or newer,
# else the newest python3.X on PATH.

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_ROOT_USER_ACTION=ignore
VENV="$PWD/.venv"
VENV_PY="$VENV/bin/python"

_new_enough() {  # interpreter
  "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

find_python() {
  local candidate
  for candidate in ${PYTHON:+"$PYTHON"} python3 python3.14 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 && _new_enough "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  {
    echo "error: Python 3.11 or newer is needed; python3 here is" \
      "$(python3 --version 2>&1 || echo 'missing')."
    echo "  Install one (Debian/Ubuntu: apt-get install python3; or pyenv, or python.org)" \
      "and run again, or point PYTHON=/path/to/python3.X at it."
  } >&2
  return 1
}

# Put pip into a venv made --without-pip (Python's venv without ensurepip: Debian and Ubuntu
# ship it apart, in python3-venv).  Needs no root: Debian's own pip wheel when it lies on disk,
# or the system's pip told to install into the venv (--python).
_bootstrap_pip() {  # base interpreter
  local wheel
  wheel=$(ls /usr/share/python-wheels/pip-*.whl 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$wheel" ] && "$VENV_PY" "$wheel/pip" install --quiet --no-index "$wheel" 2>/dev/null; then
    return 0
  fi
  if "$1" -m pip --version >/dev/null 2>&1 \
    && "$1" -m pip --python "$VENV_PY" install --quiet "pip==26.0.1" 2>/dev/null; then
    return 0
  fi
  return 1
}

ensure_venv() {
  if [ -x "$VENV_PY" ] && _new_enough "$VENV_PY" && "$VENV_PY" -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  local python
  python=$(find_python) || exit 1
  rm -rf "$VENV"
  echo "Making the project's virtual environment .venv with $python ($("$python" --version 2>&1))"
  if ! "$python" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    if ! "$python" -m venv --without-pip "$VENV" || ! _bootstrap_pip "$python"; then
      rm -rf "$VENV"
      {
        echo "error: $python cannot make a virtual environment with pip (its venv has no ensurepip)."
        echo "  Debian/Ubuntu: apt-get install python3-venv (or python3.X-venv for python3.X)," \
          "or run with PYTHON=/path/to/another/python3.X"
      } >&2
      exit 1
    fi
  fi
}

_sha256() {  # file
  "$VENV_PY" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}

# Install a pinned requirement file (every line ==, with hashes) when it changed since the last
# install into this .venv: a stamp of the file's hash is kept in .venv.
install_requirements() {  # file
  local file=$1 stamp want
  stamp="$VENV/.installed-$(basename "$file").sha256"
  want=$(_sha256 "$file")
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing $file into .venv (exact versions, hash-checked)…"
    "$VENV_PY" -m pip install --quiet --require-hashes -r "$file"
    echo "$want" >"$stamp"
  fi
}

# The project itself, editable and without dependencies (they came from the pinned file);
# setuptools comes from that file too, so the build takes nothing unpinned.
install_project() {
  local stamp="$VENV/.installed-project.sha256" want
  want=$(_sha256 pyproject.toml)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV_PY" -m pip install --quiet --no-deps --no-build-isolation --editable .
    echo "$want" >"$stamp"
  fi
}

use_venv() {
  export VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH"
  unset PYTHONHOME
}
