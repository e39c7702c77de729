from __future__ import annotations
import __future__

import nemo_notebook
import nemo_notebook.client as client


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name in dir(client)
        if not name.startswith("_") and not isinstance(getattr(client, name), __future__._Feature)
    }
    assert set(client.__all__) == public
    assert client.__all__ == sorted(client.__all__)


def test_exported_names_claim_the_public_module() -> None:
    for name in client.__all__:
        value = getattr(client, name)
        if isinstance(value, type):
            assert value.__module__ == "nemo_notebook.client", name


def test_package_reexports_the_client_lazily() -> None:
    assert nemo_notebook.Client is client.Client
    assert nemo_notebook.AsyncClient is client.AsyncClient
    assert nemo_notebook.NemoError is client.NemoError
    assert nemo_notebook.APIError is client.APIError


def test_no_error_is_also_a_builtin_error() -> None:
    errors = [getattr(client, name) for name in client.__all__]
    family = [e for e in errors if isinstance(e, type) and issubclass(e, client.NemoError)]
    assert len(family) == 16
    for error in family:
        assert [base for base in error.__mro__ if base.__module__ == "builtins"] == [Exception, BaseException, object]
