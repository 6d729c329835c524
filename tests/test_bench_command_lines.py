"""The command lines of ``python -m bench`` and of each part run alone: they help, refuse what
they cannot run, and measure nothing until asked."""

from __future__ import annotations

import pytest

# Each part's command line and what measures in it (called, it would run for minutes).
COMMAND_LINES = {
    "bench.cold_start": ("[-h] [--no-write] [runs]", "bench_cold_start"),
    "bench.export": ("[-h] [--no-write] [runs]", "bench_export"),
    "bench.throughput": ("[-h] [--no-write] [runs]", "run"),
    "bench.page_switch": ("[-h] [--only ONLY] [--no-write] [rounds]", "bench_page_switch"),
    "bench.data_paths": ("[-h] [--code CODE] [--no-write] [sizes ...]", "run"),
}


@pytest.mark.parametrize("module", sorted(COMMAND_LINES))
def test_a_part_s_command_line_helps_and_refuses_what_it_cannot_run(module, capsys, monkeypatch):
    """``--help`` answers with the usage, and a count that is not one is refused with a
    message, before anything is measured or written (a plain int() raised a ValueError trace;
    ``bench.throughput --help`` ran the part and rewrote its section of results.md)."""
    import importlib

    from bench import results_file

    part = importlib.import_module(module)
    usage, measure = COMMAND_LINES[module]

    def measured(*args, **kwargs):
        raise AssertionError(f"{module} measured")

    monkeypatch.setattr(part, measure, measured)
    monkeypatch.setattr(results_file, "write_section", measured)
    with pytest.raises(SystemExit) as helped:
        part.main(["--help"])
    assert helped.value.code == 0
    assert f"usage: python -m {module} {usage}" in capsys.readouterr().out
    for wrong in (["many"], ["0"], ["-3"], ["1e400"]):
        with pytest.raises(SystemExit) as refused:
            part.main(wrong)
        assert refused.value.code == 2
        assert "error: argument" in capsys.readouterr().err


def test_the_whole_bench_helps_names_its_parts_and_refuses_an_unknown_one(capsys, monkeypatch):
    from bench import __main__ as whole

    def measured(workdir):
        raise AssertionError("measured")

    monkeypatch.setattr(whole, "SECTIONS", {key: (measured, str) for key in whole.SECTIONS})
    with pytest.raises(SystemExit) as helped:
        whole.main(["--help"])
    assert helped.value.code == 0
    out = capsys.readouterr().out
    assert "usage: python -m bench [-h] [--no-write] [PART ...]" in out
    words = " ".join(out.split())  # argparse folds the epilog
    assert all(f"{key} {title}" in words for key, title in whole.PART_TITLES.items())
    with pytest.raises(SystemExit) as refused:
        whole.main(["d", "z"])
    assert refused.value.code == 2
    assert "unknown part(s) ['z']" in capsys.readouterr().err


def test_the_whole_bench_keeps_the_data_paths_figures_from_before_issue_13(tmp_path, monkeypatch):
    """``python -m bench`` writes results.md whole: part (c)'s "### Before" block, measured once
    from an older checkout, goes into it as ``python -m bench.data_paths`` keeps it."""
    from bench import __main__ as whole
    from bench import data_paths, results_file

    results = tmp_path / "results.md"
    before = "### Before (commit 6e47dad), measured the same way\n\nold rows\n"
    results.write_text(f"# Benchmark results\n\n## (c) paths\n\nrows\n\n{before}\n## (d) x\n")
    monkeypatch.setattr(results_file, "RESULTS", results)
    monkeypatch.setattr(data_paths, "render", lambda big: "## (c) paths\n\nnew rows\n")
    assert whole.render_big_orders({}) == "## (c) paths\n\nnew rows\n\n" + before + "\n"


def test_a_part_named_rewrites_its_own_section_and_keeps_the_others(tmp_path, monkeypatch):
    """``python -m bench a`` printed part (a) and wrote nothing, so its section could only be
    pasted by hand; it now rewrites (a)'s section (its subsections with it), as each part's own
    module does, and ``--no-write`` still writes nothing."""
    from bench import __main__ as whole
    from bench import results_file

    results = tmp_path / "results.md"
    kept = "## (b) throughput\n\nold b\n\n## (c) paths\n\nold c\n"
    old_a = "## (a) pages\n\nold a\n\n### (a) in a browser\n\nold\n\n"
    results.write_text(f"# Benchmark results\n\n{old_a}{kept}")
    monkeypatch.setattr(results_file, "RESULTS", results)

    def measured(workdir):
        return "new"

    def part(key):
        return lambda result: f"## ({key}) section\n\n{result} {key}\n\n### ({key}) more\n\nnew\n"

    monkeypatch.setattr(whole, "SECTIONS", {key: (measured, part(key)) for key in whole.SECTIONS})
    whole.main(["a", "--no-write"])
    assert "old a" in results.read_text()
    whole.main(["a"])
    text = results.read_text()
    assert "## (a) section\n\nnew a\n\n### (a) more\n\nnew\n\n## (b) throughput" in text
    assert "old a" not in text and "### (a) in a browser" not in text
    assert text.endswith(kept)
