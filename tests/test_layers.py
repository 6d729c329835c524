"""The three parts stay apart: layers look only down, and each part loads only what its
install gives it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"streamlit", "pandas", "plotly", "sqlalchemy", "fastapi", "uvicorn"}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions count)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def files(*parts: str) -> list[Path]:
    return sorted((ROOT.joinpath(*parts)).rglob("*.py"))


def under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_client_core_imports_neither_the_console_nor_the_sandbox():
    core = [
        p
        for p in files("minted")
        if p.relative_to(ROOT / "minted").parts[0] not in ("console", "sandbox")
    ]
    assert len(core) > 20
    for path in core:
        bad = {
            n
            for n in imported_modules(path)
            if under(n, "minted.console") or under(n, "minted.sandbox") or n.split(".")[0] in HEAVY
        }
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_sandbox_never_imports_the_console():
    for path in files("minted", "sandbox"):
        bad = {n for n in imported_modules(path) if under(n, "minted.console")}
        bad |= {n for n in imported_modules(path) if n.split(".")[0] in {"streamlit", "pandas"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_console_imports_nothing_of_the_sandbox():
    """The console starts or reaches a sandbox as a process and talks HTTP; what it needs of
    it (default credentials, free ports) is the client's `minted.local_sandbox`, so neither a
    console nor a replica pointed at a shared sandbox loads the sandbox's server stack."""
    for path in files("minted", "console"):
        bad = {n for n in imported_modules(path) if under(n, "minted.sandbox")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize(
    "path", [ROOT / "app.py", ROOT / "serve.py", *files("pages")], ids=lambda p: p.name
)
def test_pages_import_the_console_and_the_client_only(path):
    ours = {n for n in imported_modules(path) if under(n, "minted") or under(n, "pages")}
    bad = {n for n in ours if under(n, "minted.sandbox") or under(n, "pages")}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError(f"{{name}} is not installed (blocked by the test)")
sys.meta_path.insert(0, Block())
"""


def test_import_minted_loads_only_the_core():
    out = run(
        BLOCK.format(blocked=HEAVY)
        + "import minted, minted.models, minted.fees\n"
        + f"assert not {HEAVY!r} & set(sys.modules), {HEAVY!r} & set(sys.modules)\n"
        + "print(minted.Client)"
    )
    assert out.returncode == 0, out.stderr


def test_import_minted_defers_the_client_s_stack():
    """``import minted`` (and any part of it: errors, environments, minted.local_sandbox)
    loads neither httpx nor pydantic; `minted.Client` brings them on first use.  The console's
    first page relies on it (tests/test_console_start.py)."""
    out = run(
        "import sys\n"
        "import minted, minted.errors, minted.environments, minted.local_sandbox, minted.moments\n"
        "stack = ('httpx', 'pydantic', 'minted.client', 'minted.models', 'minted.types')\n"
        "early = sorted(m for m in sys.modules if m.startswith(stack))\n"
        "assert not early, early\n"
        "from minted import Client\n"
        "assert Client is minted.Client and Client.__module__ == 'minted.client'\n"
        "assert {'httpx', 'pydantic', 'minted.models'} <= set(sys.modules)\n"
    )
    assert out.returncode == 0, out.stderr


def test_the_sandbox_runs_without_the_console_s_packages():
    blocked = {"streamlit", "pandas", "plotly", "sqlalchemy"}
    out = run(
        BLOCK.format(blocked=blocked)
        + "sys.argv = ['python -m minted.sandbox', '--help']\n"
        + "import runpy\n"
        + "try:\n    runpy.run_module('minted.sandbox', run_name='__main__')\n"
        + "except SystemExit as done:\n    assert done.code == 0\n"
    )
    assert out.returncode == 0, out.stderr
    assert "--port" in out.stdout and "--db" in out.stdout
