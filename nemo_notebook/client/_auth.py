"""Tokens: the user's own, the embedded engine's, or an anonymous one tied to a client id kept under ``NEMO_HOME``.

``NEMO_HOME/client.json`` (mode 0600) keeps the client id (a UUID4) and the anonymous token each backend gave, so that
a restarted kernel reuses them instead of tripping the one-token-per-client-id-per-week limit.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

from ._config import Secret
from ._files import read_json, write_json

_LOCK = threading.Lock()


class ClientFile:
    """``NEMO_HOME/client.json``: the client id and the anonymous tokens per backend URL."""

    def __init__(self, home: Path) -> None:
        self.path = home / "client.json"

    def client_id(self) -> str:
        """The stored client id, made (a UUID4) and stored on first use."""
        with _LOCK:
            data = read_json(self.path)
            if not _is_uuid(data.get("client_id")):
                data["client_id"] = str(uuid.uuid4())
                write_json(self.path, data, private=True)
            return str(data["client_id"])

    def new_client_id(self) -> str:
        """Replace the client id (the server did not accept it) and forget tokens tied to the old one."""
        with _LOCK:
            data = read_json(self.path)
            data["client_id"] = str(uuid.uuid4())
            data["anonymous_tokens"] = {}
            write_json(self.path, data, private=True)
            return str(data["client_id"])

    def anonymous_token(self, base_url: str) -> Secret | None:
        with _LOCK:
            entry = read_json(self.path).get("anonymous_tokens", {}).get(base_url)
        return Secret(entry["token"]) if isinstance(entry, dict) and isinstance(entry.get("token"), str) else None

    def store_anonymous_token(self, base_url: str, token: Secret, expires_at: Any) -> None:
        with _LOCK:
            data = read_json(self.path)
            tokens = data.get("anonymous_tokens")
            tokens = tokens if isinstance(tokens, dict) else {}
            tokens[base_url] = {"token": token.reveal(), "expires_at": expires_at}
            data["anonymous_tokens"] = tokens
            write_json(self.path, data, private=True)


def _is_uuid(value: object) -> bool:
    try:
        return isinstance(value, str) and uuid.UUID(value).version == 4
    except ValueError:
        return False


class TokenHolder:
    """The token in use and whether it is anonymous (and so may be replaced). Refreshes are single-flight: the
    caller passes the token it saw fail, and only the first caller for that token fetches a new one."""

    def __init__(self, token: Secret | None, *, anonymous: bool) -> None:
        self.token = token
        self.anonymous = anonymous
        self.lock = threading.Lock()

    def is_current(self, seen: Secret | None) -> bool:
        return self.token == seen
