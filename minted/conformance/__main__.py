"""``python -m minted.conformance --environment staging``: the drift report, written as
``reports/<date>/drift-<environment>.md`` and ``.json``.

Credentials, in this order:

* ``--secrets .streamlit/secrets.toml``: its ``[environments.<name>]`` ``username``,
  ``password`` and ``base_url``, and its ``[environments.<name>.endpoints]`` overrides;
* else ``MINTED_USERNAME`` / ``MINTED_PASSWORD`` (and ``MINTED_BASE_URL``), as
  ``minted.Client.from_env`` reads them;
* ``--environment sandbox`` with neither: a sandbox started for the run.

The comparison sandbox is started for the run (``python -m minted.sandbox --port 0``) unless
``--compare-with URL`` names a running one or ``--no-compare``; without the sandbox extra the
report says so and has no comparison.  The password is never printed nor written.

Exit status: 0 the report is written (1 with ``--fail-on-drift`` when it shows drift); 2 the
command line or the credentials are wrong or missing; 3 the service (or the sandbox to compare
with) could not be reached or refused the credentials.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from contextlib import ExitStack
from pathlib import Path

from minted import conformance
from minted.client import Client
from minted.conformance.local import LocalSandbox, SandboxUnavailable, reach, sandbox_missing
from minted.endpoints import EndpointOverrideError, load_overrides, parse_overrides
from minted.environments import ENVIRONMENTS, environment
from minted.errors import AuthenticationError, TransportError


class Refused(Exception):
    """A problem with the command line or the credentials (exit 2)."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m minted.conformance",
        description="Call every read-only endpoint (never a write) and report how the answers "
        "differ from the client's models and from the sandbox's.",
    )
    p.add_argument("--environment", default="staging", choices=sorted(ENVIRONMENTS))
    p.add_argument("--base-url", help="the service's URL (default: the environment's)")
    p.add_argument(
        "--secrets",
        metavar="FILE.toml",
        help="read [environments.<environment>] (username, password, base_url, endpoints) "
        "from this file, e.g. .streamlit/secrets.toml; else MINTED_USERNAME/MINTED_PASSWORD",
    )
    p.add_argument(
        "--endpoints",
        metavar="FILE.toml",
        help="endpoint overrides: the [endpoints] table of this file (added to the secrets')",
    )
    compare = p.add_mutually_exclusive_group()
    compare.add_argument(
        "--compare-with", metavar="URL", help="a running sandbox (default: start one)"
    )
    compare.add_argument("--no-compare", action="store_true", help="no sandbox comparison")
    p.add_argument("--out", default="reports", help="where the dated folder goes (reports)")
    p.add_argument(
        "--fail-on-drift", action="store_true", help="exit 1 when the report shows drift"
    )
    return p


def _settings(args) -> tuple[str | None, str | None, str | None, dict[str, str]]:
    """username, password, base_url and endpoint overrides, from the secrets file or the
    environment variables."""
    name = args.environment
    overrides: dict[str, str] = {}
    username = password = base_url = None
    if args.secrets:
        try:
            with open(args.secrets, "rb") as file:
                document = tomllib.load(file)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise Refused(f"cannot read {args.secrets}: {exc}") from None
        section = document.get("environments", {}).get(name)
        if not isinstance(section, dict):
            raise Refused(f"{args.secrets} has no [environments.{name}] section")
        username, password = section.get("username"), section.get("password")
        base_url = section.get("base_url")
        overrides |= load_overrides(args.secrets, f"environments.{name}.endpoints")
        if not (username and password):
            raise Refused(f"[environments.{name}] in {args.secrets} needs username and password")
    else:
        username = os.environ.get("MINTED_USERNAME") or None
        password = os.environ.get("MINTED_PASSWORD") or None
        base_url = os.environ.get("MINTED_BASE_URL") or None
    if args.endpoints:
        overrides |= load_overrides(args.endpoints)
    return username, password, args.base_url or base_url, overrides


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _main(args)
    except Refused as exc:
        print(f"drift report: {exc}", file=sys.stderr)
        return 2


def _main(args) -> int:
    env = environment(args.environment)
    try:
        username, password, base_url, overrides = _settings(args)
        parse_overrides(overrides)
    except (OSError, EndpointOverrideError) as exc:
        raise Refused(str(exc)) from None
    with ExitStack() as stack:
        local_target = None
        if not (username and password) and env.is_sandbox and base_url:
            client = stack.enter_context(reach(base_url, endpoint_overrides=overrides))
        elif not (username and password):
            if not env.is_sandbox:
                raise Refused(
                    f"no credentials for {env.name}: set MINTED_USERNAME and MINTED_PASSWORD "
                    "(and MINTED_BASE_URL), or pass --secrets .streamlit/secrets.toml"
                )
            local_target = _start(stack, overrides)
            client = stack.enter_context(local_target.client(endpoint_overrides=overrides))
        else:
            if not (base_url or env.base_url):
                raise Refused(f"the {env.name} environment needs --base-url")
            client = stack.enter_context(
                Client(
                    username,
                    password,
                    environment=env,
                    base_url=base_url,
                    endpoint_overrides=overrides,
                )
            )
        compare, note = None, ""
        if args.no_compare:
            note = "--no-compare"
        elif args.compare_with:
            try:
                compare = stack.enter_context(reach(args.compare_with))
            except ValueError as exc:
                raise Refused(f"--compare-with: {exc}") from None
        elif local_target is not None:
            compare = stack.enter_context(local_target.client(endpoint_overrides=overrides))
        elif (note := sandbox_missing() or "") == "":
            print("starting a sandbox to compare with…", file=sys.stderr)
            try:
                compare = stack.enter_context(_start(stack, {}).client())
            except Refused as exc:
                compare, note = None, str(exc)
        if note:
            print(f"drift report: no sandbox comparison: {note}", file=sys.stderr)
        try:
            report = conformance.run(client, compare, comparison_note=note)
        except conformance.ComparisonUnavailable as exc:
            print(f"drift report: {exc} (--no-compare to report without it)", file=sys.stderr)
            return 3
        except TransportError as exc:
            print(f"drift report: cannot reach {client.base_url}: {exc}", file=sys.stderr)
            return 3
        except AuthenticationError as exc:
            print(
                f"drift report: {client.base_url} refused the credentials of "
                f"{client.username!r}: {exc}",
                file=sys.stderr,
            )
            return 3
    folder = Path(args.out, f"{report.generated_at:%Y-%m-%d}")
    folder.mkdir(parents=True, exist_ok=True)
    markdown = folder / f"drift-{report.environment}.md"
    markdown.write_text(report.to_markdown(), encoding="utf-8")
    data = markdown.with_suffix(".json")
    data.write_text(report.to_json(), encoding="utf-8")
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items() if n)
    verdict = "no drift" if report.clean else f"{len(report.drift)} endpoint(s) with drift"
    print(f"{report.environment} at {report.base_url}: {counts}; {verdict}")
    print(f"wrote {markdown} and {data}")
    return 1 if args.fail_on_drift and not report.clean else 0


def _start(stack: ExitStack, overrides: dict[str, str]) -> LocalSandbox:
    endpoints_file = None
    if overrides:  # the sandbox serves the same corrections as the client calls
        endpoints_file = Path(stack.enter_context(_tempdir()), "endpoints.toml")
        lines = ["[endpoints]"] + [f"{_toml(k)} = {_toml(v)}" for k, v in overrides.items()]
        endpoints_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        return stack.enter_context(LocalSandbox(endpoints_file=endpoints_file))
    except SandboxUnavailable as exc:
        raise Refused(str(exc)) from None


def _tempdir():
    import tempfile

    return tempfile.TemporaryDirectory(prefix="minted-drift-")


def _toml(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a TOML basic string is a JSON string


if __name__ == "__main__":
    sys.exit(main())
