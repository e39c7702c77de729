"""The notebook's settings as traitlets: ``%config Nemo.backend = "cloud"`` first, then the environment, then defaults.

>>> %config Nemo.quality = "low"        # doctest: +SKIP
>>> %config Nemo.expand_vars = False    # doctest: +SKIP

Environment variables: ``NEMO_BACKEND`` (``local`` | ``cloud``), ``NEMO_BASE_URL``, ``NEMO_QUALITY``
(``high`` | ``medium`` | ``low``), ``NEMO_LANGUAGE``. ``NEMO_TOKEN`` and ``NEMO_HOME`` are read by the client itself:
a token never passes through these settings, so ``%config Nemo`` can never print one.
"""

from __future__ import annotations

import os
from typing import Any

from traitlets import Bool, Enum, Float, Unicode, default
from traitlets.config import Configurable

from ..protocol import QUALITIES

BACKENDS = ("", "local", "cloud")


def _env(name: str, allowed: tuple[str, ...] | None = None) -> str:
    value = os.environ.get(name, "").strip()
    if allowed is not None and value.lower() not in allowed:
        return ""
    return value.lower() if allowed is not None else value


class Nemo(Configurable):  # type: ignore[misc]  # traitlets is untyped
    """Settings of the ``%nemo`` magic and the Studio."""

    backend = Enum(
        BACKENDS,
        help="Which backend answers: 'local' (the embedded engine), 'cloud' (NemoVideo), '' to let the client choose.",
    ).tag(config=True)
    base_url = Unicode(
        help="Base URL of a backend serving API.md (a shared `nemo-notebook serve`). '' for default."
    ).tag(config=True)
    language = Unicode(help="Language of new sessions ('en', 'zh').").tag(config=True)
    quality = Enum(QUALITIES, help="Default export quality for `%nemo export`.").tag(config=True)
    expand_vars = Bool(True, help="Expand {name} and $name in %nemo text from the notebook's variables.").tag(
        config=True
    )
    embed_max_mb = Float(
        40.0, help="Videos up to this size (MB) are embedded in the notebook; bigger ones are linked by path."
    ).tag(config=True)
    output_dir = Unicode(help="Where exports go when -o is not given ('' = the notebook's folder).").tag(config=True)
    silence_notice_s = Float(120.0, help="Seconds without words before the reply says it is still working.").tag(
        config=True
    )

    @default("backend")
    def _backend_default(self) -> str:
        return _env("NEMO_BACKEND", ("local", "cloud"))

    @default("base_url")
    def _base_url_default(self) -> str:
        return _env("NEMO_BASE_URL")

    @default("language")
    def _language_default(self) -> str:
        return _env("NEMO_LANGUAGE") or "en"

    @default("quality")
    def _quality_default(self) -> str:
        from .front_end import default_quality

        return _env("NEMO_QUALITY", QUALITIES) or default_quality()

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for ``Client(...)``: only what the user chose, so the client's own defaults apply."""
        options: dict[str, Any] = {}
        if self.backend:
            options["backend"] = self.backend
        if self.base_url:
            options["base_url"] = self.base_url
        return options
