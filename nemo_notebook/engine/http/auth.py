"""Bearer tokens: the engine's own token (given at start) and anonymous tokens handed out per client id.

The engine's token belongs to the owner ``local`` whatever its value, so that sessions made in one run of the engine
stay reachable after a restart with a new random token. Anonymous tokens belong to their client id: each client id is
one owner, whose sessions the next token (after the last expired) still reaches. Only hashes of
tokens are stored; nothing here logs or repeats a token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from ...protocol import ErrorCode
from ..settings import EngineSettings
from ..store import LOCAL_OWNER, Store, TokenRecord
from .refusals import Refusal

_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


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

    def issue_anonymous(self, client_id: str | None, *, now: float) -> AnonymousToken:
        """A new anonymous token for ``client_id``: 400 without one, 429 (with Retry-After) if it had one lately."""
        if not client_id:
            raise Refusal(ErrorCode.CLIENT_ID_MISSING, "X-Client-Id header missing: send a client id (a UUID4)")
        if not _CLIENT_ID.match(client_id):
            raise Refusal(ErrorCode.CLIENT_ID_MISSING, "X-Client-Id must be a UUID4 (letters, digits and dashes)")
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
        # the owner is the client id's, not the token's: the token that replaces an expired one (API.md: "get a new
        # one and retry once") must reach the same sessions, or a user coming back after a week finds none
        owner = f"anon_{hash_token(client_id)[:16]}"
        record = TokenRecord(owner=owner, client_id=client_id, created_at=now, expires_at=now + ttl_s)
        self._store.add_token(digest, record)
        return AnonymousToken(token, record.expires_at or now)


def _bearer(authorization: str | None) -> str:
    if not authorization:
        raise Refusal(ErrorCode.AUTH, "token missing: send 'Authorization: Bearer <token>'")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refusal(ErrorCode.AUTH, "the Authorization header must be 'Bearer <token>'")
    return token.strip()
