"""What each front end and host needs: preview exports on a Binder, Colab's widget manager turned on. Colab and
Binder cannot run here: their environments are made by the tests from the signs the module reads (README says so)."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

from nemo_notebook.notebook import front_end
from nemo_notebook.notebook.settings import Nemo


@pytest.fixture()
def plain(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key in (*front_end._BINDER_KEYS, *front_end._VSCODE_KEYS, "COLAB_RELEASE_TAG", "NEMO_QUALITY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    return monkeypatch


def test_exports_default_to_preview_on_a_binder_and_high_elsewhere(plain: pytest.MonkeyPatch) -> None:
    assert Nemo().quality == "high"
    plain.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    assert Nemo().quality == "preview"
    plain.setenv("NEMO_QUALITY", "medium")  # the user's word wins
    assert Nemo().quality == "medium"


def test_colab_gets_its_custom_widget_manager_turned_on(plain: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    output: Any = types.ModuleType("google.colab.output")
    output.enable_custom_widget_manager = lambda: calls.append("enabled")
    colab: Any = types.ModuleType("google.colab")
    colab.output = output
    google: Any = types.ModuleType("google")
    google.colab = colab
    assert front_end.enable_colab_widgets() is False and not calls  # not in Colab: nothing
    for name, module in (("google", google), ("google.colab", colab), ("google.colab.output", output)):
        plain.setitem(sys.modules, name, module)
    assert front_end.enable_colab_widgets() is True and calls == ["enabled"]
