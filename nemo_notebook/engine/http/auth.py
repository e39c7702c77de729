"""Bearer tokens: the engine's own token (given at start) and anonymous tokens handed out per client id.

The engine's token belongs to the owner ``local`` whatever its value, so that sessions made in one run of the engine
stay reachable after a restart with a new random token. Each anonymous token is a new owner: a client id has one token
at a time (one per token lifetime), and once it has expired the next token for that id starts afresh. The old
sessions stay with nobody: a client id is no secret (it travels in a header, anybody may send it), so it must never
reopen what an earlier token made. Minting is limited per client address (`EngineSettings.anonymous_tokens_per_minute`)
and a client id must look like one (16 to 128 letters, digits, ``-`` or ``_``; a UUID4 does). Only hashes of tokens
are stored; nothing here logs or repeats a token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass

from ...protocol import ErrorCode
from ..settings import EngineSettings
from ..store import LOCAL_OWNER, Store, TokenRecord
from .refusals import Refusal

_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
CLIENT_ID_FORM = (
    "X-Client-Id must be 16 to 128 letters, digits, '-' or '_' (a UUID4 such as "
    "'3f2b8a1c-9d4e-4c7a-8b6f-1e2d3c4b5a69' is one): make one and retry"
)
RATE_WINDOW_S = 60.0
_MOST_ADDRESSES = 4096


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AnonymousToken:
    token: str
    expires_at: float

    def __repr__(self) -> str:
        return f"AnonymousToken(expires_at={self.expires_at})"


class Authenticator:
    """Checks ``Authorization: Bearer …`` headers and issues anonymous tokens."""

    def __init__(self, store: Store, settings: EngineSettings, engine_token: str) -> None:
        self._store = store
        self._settings = settings
        self._engine_hash = hash_token(engine_token)
        self._asked: dict[str, deque[float]] = {}
        self._asked_lock = threading.Lock()

    def owner(self, authorization: str | None, *, now: float) -> str:
        """The owner a request acts for; 1001 when the token is missing, unknown or expired."""
        token = _bearer(authorization)
        digest = hash_token(token)
        if hmac.compare_digest(digest, self._engine_hash):
            return LOCAL_OWNER
        record = self._store.token(digest)
        if record is None:
            raise Refusal(
                ErrorCode.AUTH,
                "the token is not valid for this engine: use the engine's token or get a new anonymous token",
            )
        if record.expires_at is not None and record.expires_at <= now:
            raise Refusal(ErrorCode.AUTH, "the anonymous token has expired: get a new one")
        return record.owner

    def issue_anonymous(self, client_id: str | None, *, now: float, address: str | None = None) -> AnonymousToken:
        """A new anonymous token for ``client_id``: 400 without one or with a malformed one, 429 (with Retry-After)
        when ``address`` asked too often this minute or the client id has a token that has not expired."""
        self._count_asking(address, now)
        if not client_id:
            raise Refusal(ErrorCode.CLIENT_ID_MISSING, "X-Client-Id header missing: send a client id (a UUID4)")
        if not _CLIENT_ID.match(client_id):
            raise Refusal(ErrorCode.CLIENT_ID_MISSING, CLIENT_ID_FORM)
        ttl_s = self._settings.anonymous_token_ttl_s
        last = self._store.last_token_for_client(client_id)
        if last is not None and now - last < ttl_s:
            wait_s = max(1, int(last + ttl_s - now + 0.999))
            raise Refusal(
                ErrorCode.RATE_LIMITED,
                f"this client id already has an anonymous token; a new one is possible in {wait_s} s",
                headers={"Retry-After": str(wait_s)},
            )
        token = "anon_" + secrets.token_urlsafe(32)
        digest = hash_token(token)
        # a new owner for each token: after the client id's last token expired, the id (no secret) reaches nothing
        owner = "anon_" + secrets.token_hex(8)
        record = TokenRecord(owner=owner, client_id=client_id, created_at=now, expires_at=now + ttl_s)
        self._store.add_token(digest, record)
        return AnonymousToken(token, record.expires_at or now)

    def _count_asking(self, address: str | None, now: float) -> None:
        """429 when ``address`` has asked for `anonymous_tokens_per_minute` tokens in the last minute already."""
        most = self._settings.anonymous_tokens_per_minute
        if most is None or address is None:
            return
        with self._asked_lock:
            if len(self._asked) > _MOST_ADDRESSES:  # forget the addresses that have not asked this minute
                self._asked = {a: q for a, q in self._asked.items() if q and now - q[-1] < RATE_WINDOW_S}
            asked = self._asked.setdefault(address, deque())
            while asked and now - asked[0] >= RATE_WINDOW_S:
                asked.popleft()
            if len(asked) >= most:
                wait_s = max(1, int(asked[0] + RATE_WINDOW_S - now + 0.999))
                raise Refusal(
                    ErrorCode.RATE_LIMITED,
                    f"too many anonymous tokens asked from this address ({most} a minute): try again in {wait_s} s",
                    headers={"Retry-After": str(wait_s)},
                )
            asked.append(now)


def _bearer(authorization: str | None) -> str:
    if not authorization:
        raise Refusal(ErrorCode.AUTH, "token missing: send 'Authorization: Bearer <token>'")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refusal(ErrorCode.AUTH, "the Authorization header must be 'Bearer <token>'")
    return token.strip()
