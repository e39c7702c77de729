"""One error family per layer: every exception class the package defines descends from its layer's root, and none
also inherits a builtin exception type (so ``except ValueError`` never catches a project error by accident)."""

from __future__ import annotations

import builtins
import importlib
import inspect
import pkgutil

import nemo_notebook

ROOTS = {
    "nemo_notebook.protocol": "ProtocolError",
    "nemo_notebook.client": "NemoError",
    "nemo_notebook.engine": "EngineError",
    "nemo_notebook.notebook": "NemoCellError",
}
BUILTIN_ERRORS = {
    cls for cls in vars(builtins).values() if isinstance(cls, type) and issubclass(cls, BaseException)
} - {BaseException, Exception}


def _project_exceptions() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(nemo_notebook.__path__, "nemo_notebook."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__.startswith("nemo_notebook."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def _layer(cls: type) -> str:
    return next(layer for layer in ROOTS if cls.__module__ == layer or cls.__module__.startswith(layer + "."))


def test_every_project_error_descends_from_its_layers_root() -> None:
    errors = _project_exceptions()
    assert len(errors) > 20
    for cls in errors:
        root = ROOTS[_layer(cls)]
        assert root in {base.__name__ for base in cls.__mro__}, f"{cls.__module__}.{cls.__name__} is outside {root}"


def test_no_project_error_is_also_a_builtin_error() -> None:
    for cls in _project_exceptions():
        mixed = [base.__name__ for base in cls.__mro__ if base in BUILTIN_ERRORS]
        assert not mixed, f"{cls.__module__}.{cls.__name__} also inherits {mixed}"
