"""Which backend, which token, which headers: explicit arguments, then the environment, then defaults."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from nemo_notebook import __version__
from nemo_notebook.client import Client, NemoError
from nemo_notebook.client._config import resolve
from nemo_notebook.client._engine import stop_all
from nemo_notebook.client._platform import detect_platform
from nemo_notebook.protocol import paths

from .both import open_client
from .fakecloud import FakeCloud, answer


@pytest.mark.parametrize(
    ("kwargs", "env", "backend", "url", "has_token"),
    [
        ({}, {}, "local", None, False),
        ({}, {"NEMO_TOKEN": "t"}, "cloud", paths.CLOUD_BASE_URL, True),
        ({"backend": "cloud"}, {}, "cloud", paths.CLOUD_BASE_URL, False),
        ({}, {"NEMO_BACKEND": "cloud"}, "cloud", paths.CLOUD_BASE_URL, False),
        ({"backend": "local"}, {"NEMO_TOKEN": "t", "NEMO_BACKEND": "cloud"}, "local", None, False),
        ({}, {"NEMO_BASE_URL": "http://team:8000/"}, "remote", "http://team:8000", False),
        ({"base_url": "http://a:1", "token": "x"}, {"NEMO_BASE_URL": "http://b:2"}, "remote", "http://a:1", True),
        ({"token": "mine"}, {}, "cloud", paths.CLOUD_BASE_URL, True),
    ],
)
def test_arguments_then_environment_then_defaults(
    kwargs: dict[str, str], env: dict[str, str], backend: str, url: str | None, has_token: bool
) -> None:
    settings = resolve(**kwargs, environ={"NEMO_HOME": "/h", **env})
    assert (settings.backend, settings.base_url, settings.token is not None) == (backend, url, has_token)
    assert settings.home == Path("/h")


def test_an_unknown_backend_says_which_ones_exist() -> None:
    with pytest.raises(NemoError, match="unknown backend") as caught:
        Client(backend="moon")
    assert "'local'" in caught.value.hint


@pytest.mark.parametrize(
    ("env", "modules", "parent", "platform"),
    [
        ({"COLAB_RELEASE_TAG": "x"}, {}, "", "colab"),
        ({}, {"google.colab": object()}, "", "colab"),
        ({"VSCODE_PID": "1", "JPY_PARENT_PID": "2"}, {}, "", "vscode"),
        ({"BINDER_SERVICE_HOST": "h"}, {}, "", "binder"),
        ({"JPY_SESSION_NAME": "a.ipynb"}, {}, "/usr/bin/python /usr/bin/jupyter-lab", "jupyterlab"),
        ({"JPY_SESSION_NAME": "a.ipynb"}, {}, "python -m jupyter-notebook", "notebook"),
        ({"JUPYTERHUB_SERVICE_PREFIX": "/user/a/"}, {}, "", "jupyterlab"),
        ({}, {"IPython": object()}, "bash", "ipython"),
        ({}, {}, "bash", "unknown"),
    ],
)
def test_platform_is_detected_without_importing_ipython(
    env: dict[str, str], modules: dict[str, object], parent: str, platform: str
) -> None:
    assert detect_platform(env, modules, parent) == platform


def test_every_request_carries_the_attribution_headers(tmp_path: Path, cloud: FakeCloud) -> None:
    cloud.route("POST", paths.ANONYMOUS_TOKEN, lambda r: answer({"token": "a", "expires_at": None}))
    cloud.route("GET", paths.CREDITS, lambda r: answer({"available": 1, "frozen": 0, "total": 1}))
    with cloud.client(tmp_path, token=None) as client:
        client.sessions.create().state()
        client.credits()
    assert len(cloud.requests) == 4
    for request in cloud.requests:
        assert request.headers[paths.HEADER_SOURCE] == "nemo-notebook"
        assert request.headers[paths.HEADER_VERSION] == __version__
        assert request.headers[paths.HEADER_PLATFORM] in paths.PLATFORMS


def test_the_default_client_starts_the_embedded_engine_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flavour: str
) -> None:
    for name in ("NEMO_TOKEN", "NEMO_BACKEND", "NEMO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEMO_HOME", str(tmp_path))
    try:
        first, second = open_client(flavour), Client()
        assert repr(first).startswith(f"{'Async' if flavour == 'async' else ''}Client(backend='local', base_url='not")
        assert first.credits().available > 0
        assert first.base_url == second.base_url and first.base_url.startswith("http://127.0.0.1:")
        session = second.sessions.create()
        assert first.sessions.list()[0].id == session.id
        first.__exit__(None, None, None)
        second.close()
    finally:
        stop_all()
    with pytest.raises(httpx.ConnectError):
        httpx.get(first.base_url, timeout=2)
