"""The lock and the files exported from it agree with pyproject.toml: every direct dependency
is locked (at a version its range allows), every requirement line is an exact pin with hashes,
and requirements.txt / requirements-dev.txt are what uv.lock gives (scripts/lock makes them).
Reads files only; never reaches a network."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCK = tomllib.loads((ROOT / "uv.lock").read_text())
PROJECT = canonicalize_name(PYPROJECT["project"]["name"])
PACKAGES = [p for p in LOCK["package"] if canonicalize_name(p["name"]) != PROJECT]
ROOT_PACKAGE = next(p for p in LOCK["package"] if canonicalize_name(p["name"]) == PROJECT)
# What each exported file holds (as in scripts/lock): the extras and groups it was made with.
EXPORTS = {
    "requirements.txt": {"extras": ["console"], "groups": ["build"]},
    "requirements-dev.txt": {"extras": ["console"], "groups": ["build", "dev"]},
}


def direct_requirements() -> list[tuple[str, Requirement]]:
    """(where, requirement) for the core, every extra and every dependency group."""
    found = [("dependencies", Requirement(r)) for r in PYPROJECT["project"]["dependencies"]]
    for extra, reqs in PYPROJECT["project"].get("optional-dependencies", {}).items():
        found += [(f"extra {extra}", Requirement(r)) for r in reqs]
    for group, reqs in PYPROJECT.get("dependency-groups", {}).items():
        found += [(f"group {group}", Requirement(r)) for r in reqs if isinstance(r, str)]
    return found


def locked_versions(name: str) -> list[Version]:
    return [Version(p["version"]) for p in PACKAGES if canonicalize_name(p["name"]) == name]


def test_every_direct_dependency_is_locked_at_a_version_its_range_allows():
    problems = []
    for where, req in direct_requirements():
        name = canonicalize_name(req.name)
        if name == PROJECT:  # the console extra names the sandbox extra
            continue
        versions = locked_versions(name)
        if not versions:
            problems.append(f"{req} ({where}) is not in uv.lock")
        elif not any(req.specifier.contains(v, prereleases=True) for v in versions):
            problems.append(f"{req} ({where}): uv.lock has {', '.join(map(str, versions))}")
        for extra in req.extras:
            extras = {
                e
                for p in PACKAGES
                if canonicalize_name(p["name"]) == name
                for e in p.get("optional-dependencies", {})
            }
            if extra not in extras:
                problems.append(f"{req} ({where}): extra [{extra}] is not in uv.lock")
    assert not problems, "run scripts/lock:\n" + "\n".join(problems)


def test_the_lock_was_made_from_this_pyproject():
    """uv.lock records the ranges it was resolved from; an edit of pyproject.toml without
    scripts/lock shows here (what `uv lock --check` would say, without uv or a network)."""

    def normal(req: Requirement, extra: str | None = None) -> str:
        marker = f"extra == '{extra}'" if extra else None
        extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
        return f"{canonicalize_name(req.name)}{extras} {req.specifier} {marker or ''}".strip()

    wanted = {normal(Requirement(r)) for r in PYPROJECT["project"]["dependencies"]}
    for extra, reqs in PYPROJECT["project"]["optional-dependencies"].items():
        wanted |= {normal(Requirement(r), extra) for r in reqs}
    recorded = set()
    for entry in ROOT_PACKAGE["metadata"]["requires-dist"]:
        req = Requirement(
            entry["name"]
            + (f"[{','.join(entry['extras'])}]" if entry.get("extras") else "")
            + entry.get("specifier", "")
        )
        extra = re.fullmatch(r"extra == '(.+)'", entry.get("marker", ""))
        recorded.add(normal(req, extra and extra.group(1)))
    assert recorded == wanted, "pyproject.toml changed since the lock: run scripts/lock"

    groups = {
        group: {str(Requirement(r)) for r in reqs}
        for group, reqs in PYPROJECT["dependency-groups"].items()
    }
    recorded_groups = {
        group: {str(Requirement(e["name"] + e.get("specifier", ""))) for e in entries}
        for group, entries in ROOT_PACKAGE["metadata"]["requires-dev"].items()
    }
    assert recorded_groups == groups, "pyproject.toml changed since the lock: run scripts/lock"


def parse_requirements(path: Path) -> dict[tuple[str, str], set[str]]:
    """{(name, version): hashes} of a pinned requirement file; fails on anything not pinned."""
    pins: dict[tuple[str, str], set[str]] = {}
    current = None
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip().removesuffix("\\").strip()
        if not line:
            continue
        if line.startswith("--hash="):
            assert current is not None, f"{path.name}:{number}: a hash without a requirement"
            pins[current].add(line.removeprefix("--hash="))
            continue
        assert not line.startswith("-"), f"{path.name}:{number}: option {line!r}"
        requirement = Requirement(line)
        specs = list(requirement.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", (
            f"{path.name}:{number}: {line!r} is not pinned with =="
        )
        current = (canonicalize_name(requirement.name), specs[0].version)
        pins[current] = set()
    return pins


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_requirement_line_is_pinned_with_hashes(name):
    pins = parse_requirements(ROOT / name)
    assert pins
    unhashed = [f"{n}=={v}" for (n, v), hashes in pins.items() if not hashes]
    assert not unhashed, f"{name}: no hashes for {unhashed}"


def lock_closure(extras: list[str], groups: list[str]) -> dict[tuple[str, str], set[str]]:
    """{(name, version): hashes} of every package the project needs with those extras and
    groups, on any platform and Python the lock covers (as `uv export` writes them)."""

    def candidates(dep: dict) -> list[dict]:
        return [
            p
            for p in PACKAGES
            if canonicalize_name(p["name"]) == canonicalize_name(dep["name"])
            and ("version" not in dep or p["version"] == dep["version"])
        ]

    todo = list(ROOT_PACKAGE.get("dependencies", []))
    for extra in extras:
        todo += ROOT_PACKAGE.get("optional-dependencies", {}).get(extra, [])
    for group in groups:
        todo += ROOT_PACKAGE.get("dev-dependencies", {}).get(group, [])
    seen: dict[tuple[str, str], set[str]] = {}
    activated: set[tuple[str, str, str]] = set()
    while todo:
        dep = todo.pop()
        if canonicalize_name(dep["name"]) == PROJECT:
            continue
        for package in candidates(dep):
            key = (canonicalize_name(package["name"]), package["version"])
            if key not in seen:
                artifacts = [*package.get("wheels", []), package.get("sdist") or {}]
                seen[key] = {a["hash"] for a in artifacts if "hash" in a}
                todo += package.get("dependencies", [])
            for extra in dep.get("extra", []):
                if (*key, extra) not in activated:
                    activated.add((*key, extra))
                    todo += package.get("optional-dependencies", {}).get(extra, [])
    return seen


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_the_exported_requirements_are_the_lock(name):
    exported = parse_requirements(ROOT / name)
    locked = lock_closure(**EXPORTS[name])
    assert set(exported) == set(locked), (
        f"{name} differs from uv.lock: run scripts/lock\n"
        f"  only in {name}: {sorted(set(exported) - set(locked))}\n"
        f"  only in uv.lock: {sorted(set(locked) - set(exported))}"
    )
    wrong = [f"{n}=={v}" for (n, v), hashes in exported.items() if hashes != locked[(n, v)]]
    assert not wrong, f"{name}: hashes differ from uv.lock for {wrong}: run scripts/lock"


def test_the_dev_file_holds_every_locked_package():
    exported = parse_requirements(ROOT / "requirements-dev.txt")
    locked = {(canonicalize_name(p["name"]), p["version"]) for p in PACKAGES}
    assert set(exported) == locked


def test_the_build_backend_is_pinned_and_locked():
    """The build takes setuptools at exactly the locked version: scripts/test installs the
    project with --no-build-isolation from the pinned files, `pip install .` builds with it."""
    (backend,) = PYPROJECT["build-system"]["requires"]
    backend = Requirement(backend)
    (spec,) = backend.specifier
    assert spec.operator == "=="
    assert locked_versions(canonicalize_name(backend.name)) == [Version(spec.version)]
    assert str(backend) in PYPROJECT["dependency-groups"]["build"]


def test_scripts_lock_uses_the_uv_pyproject_requires():
    required = PYPROJECT["tool"]["uv"]["required-version"]
    pinned = re.search(r"^UV_VERSION=(\S+)$", (ROOT / "scripts/lock").read_text(), re.M)
    assert pinned and required == f"=={pinned.group(1)}"


def test_the_wheel_holds_the_client_only(tmp_path):
    """A wheel built from the project holds minted/ and its metadata, never pages/, bench/,
    scripts/ or tests/ (built offline from a copy, with the locked setuptools)."""
    import shutil
    import subprocess
    import sys
    import zipfile

    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("minted", "pages", "bench", "scripts", "tests"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
    pytest.importorskip("setuptools")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"minted", f"minted_connect_console-{PYPROJECT['project']['version']}.dist-info"}
    assert "minted/sandbox/__main__.py" in names
    assert "minted/docs_examples.json" in names  # minted.specs reads it, docs/ is not shipped
