"""Every example in the package's docstrings runs and prints what it says: an example that names something it never
made (``describe(SetLength(7000), before, after, "en")``) is a wrong sentence in the documentation, and nothing ran
them (five such were found with ``pytest --doctest-modules``)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

LAYERS = ("protocol", "client", "engine")


def _modules() -> list[str]:
    names = []
    for layer in LAYERS:
        package = importlib.import_module(f"nemo_notebook.{layer}")
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")]
    return sorted(n for n in names if not n.endswith("__main__"))


@pytest.mark.parametrize("name", _modules())
def test_the_examples_in_a_modules_docstrings_run_as_written(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(
        tmp_path
    )  # an example that writes a file (``generate_track(Path("bgm.wav"), ...)``) writes it here
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    failed, tried = runner.summarize(verbose=False)
    assert failed == 0, f"{name}: {failed} of {tried} examples failed (run: pytest --doctest-modules on its file)"


def test_the_examples_are_found() -> None:
    found = sum(
        len(t.examples)
        for name in _modules()
        for t in doctest.DocTestFinder(exclude_empty=True).find(importlib.import_module(name), name)
    )
    assert found > 100, f"only {found} examples found: the finder missed the package's docstrings"
