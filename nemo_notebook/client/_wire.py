"""Reading the server's answers as a tolerant reader: what the client acts on must be there, the rest may be missing.

Every answer field is named by its path (``data.media[0].id``) so that a shape the client does not expect becomes a
:class:`~._errors.NemoError` saying which field and what was expected, never a ``KeyError`` or ``TypeError``.

Three kinds of fields:

- *required*: the client acts on them (a session id, a token, a media id, a render status, a draft). Missing or of
  the wrong type, they raise;
- *optional*: the client reads them when present (``bind_id``, ``progress``, ``output.size``). Missing or null,
  they are ``None``; of the wrong type, they raise;
- *descriptive*: what a MediaInfo says about a file (``width``, ``fps``, ``sample_rate``…). They only describe, so
  one that cannot be read is dropped (``None``) rather than making the whole state unreadable.

Extra fields are ignored everywhere. A media entry without ``kind`` (the hosted service's documents never give one)
gets it from its MIME type, its format, or its name's extension.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from ..protocol import Draft, DraftFormatError, MediaInfo, MediaKind, kind_for_extension
from ._errors import NemoError

HINT = "the server's answer is not what API.md describes: check the base URL, or update nemo-notebook"

_MIME_KEYS = ("mime_type", "mimeType", "mime", "content_type", "contentType", "type")
_NAME_KEYS = ("name", "filename", "file_name", "fileName", "url", "path")


def shape_error(where: str, expected: str, value: Any = None, *, missing: bool = False) -> NemoError:
    """The error for an answer field that is missing or not what the client expects."""
    if missing:
        return NemoError(f"the server's answer has no {where} ({expected})", hint=HINT)
    return NemoError(f"the server's answer has {where} = {_shown(value)}, expected {expected}", hint=HINT)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def mapping(value: Any, where: str, *, optional: bool = False) -> Mapping[str, Any]:
    """An object; ``{}`` for a missing optional one."""
    if value is None and optional:
        return {}
    if not isinstance(value, Mapping):
        raise shape_error(where, "an object", value, missing=value is None)
    return value


def listing(value: Any, where: str) -> list[Any]:
    """A list; ``[]`` when missing (every list in API.md may be empty)."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise shape_error(where, "a list", value)
    return list(value)


def text(value: Any, where: str) -> str:
    """A required string (an id may come as a number)."""
    found = optional_text(value, where)
    if found is None or found == "":
        raise shape_error(where, "a non-empty string", value, missing=value is None)
    return found


def optional_text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise shape_error(where, "a string", value)


def number(value: Any, where: str, *, optional: bool = True) -> float | None:
    """A finite number (a numeric string counts); ``None`` when missing and optional."""
    found = _number(value)
    if found is None and not (optional and value is None):
        raise shape_error(where, "a finite number", value, missing=value is None)
    return found


def integer(value: Any, where: str, *, default: int | None = None) -> int | None:
    found = number(value, where)
    return default if found is None else int(found)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def fraction(value: Any, where: str) -> float:
    """A progress between 0 and 1 (a percentage is read as one); 0 when missing."""
    found = number(value, where) or 0.0
    return min(1.0, max(0.0, found / 100 if 1.0 < found <= 100.0 else found))


def draft(value: Any, where: str) -> Draft:
    """A wire draft; an empty one when missing. A draft sent as a JSON string is read too."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise shape_error(where, "a draft object", value) from None
    try:
        return Draft.from_wire(value)
    except DraftFormatError as exc:
        field = f"{where}.{exc.field}" if exc.field else where
        problem = str(exc).partition(": ")[2]
        raise NemoError(f"the server's answer has an unreadable {field}: {problem}", hint=HINT) from None


def media_info(value: Any, where: str) -> MediaInfo:
    """A MediaInfo; only ``id`` is required, and ``kind`` is inferred when absent."""
    raw = mapping(value, where)
    name = _first_text(raw, ("name", "filename", "file_name", "fileName")) or ""
    return MediaInfo(
        id=text(raw.get("id", raw.get("media_id")), f"{where}.id"),
        name=name,
        kind=media_kind(raw, where),
        format=_descriptive_text(raw.get("format")) or _extension(name),
        size=_descriptive_int(raw.get("size")) or 0,
        duration_ms=_descriptive_int(raw.get("duration_ms")),
        width=_descriptive_int(raw.get("width")),
        height=_descriptive_int(raw.get("height")),
        fps=_number(raw.get("fps")),
        has_audio=raw.get("has_audio") if isinstance(raw.get("has_audio"), bool) else None,
        sample_rate=_descriptive_int(raw.get("sample_rate")),
        channels=_descriptive_int(raw.get("channels")),
    )


def media_kind(raw: Mapping[str, Any], where: str) -> MediaKind:
    """``kind`` when it is one API.md names; else the MIME type's family, the format, the name's extension, and
    last what the fields describe (a sample rate: audio; a frame size: video or, without a duration, image)."""
    for guess in (_kind_value(raw.get("kind")), _kind_from_mime(raw), _kind_from_names(raw), _kind_from_fields(raw)):
        if guess is not None:
            return guess
    raise shape_error(
        f"{where}.kind", "video, audio or image (nor did its MIME type, format or name tell)", raw.get("kind")
    )


def _kind_value(value: Any) -> MediaKind | None:
    if isinstance(value, str) and value.strip().lower() in {k.value for k in MediaKind}:
        return MediaKind(value.strip().lower())
    return None


def _kind_from_mime(raw: Mapping[str, Any]) -> MediaKind | None:
    for key in _MIME_KEYS:
        value = raw.get(key)
        if isinstance(value, str) and _kind_value(value.split("/", 1)[0]) is not None:
            return _kind_value(value.split("/", 1)[0])
    return None


def _kind_from_names(raw: Mapping[str, Any]) -> MediaKind | None:
    fmt = raw.get("format")
    candidates = [f"x.{fmt}"] if isinstance(fmt, str) else []
    candidates += [str(raw[k]).split("?", 1)[0] for k in _NAME_KEYS if isinstance(raw.get(k), str)]
    for name in candidates:
        kind = kind_for_extension(name)
        if kind is not None:
            return kind
    return None


def _kind_from_fields(raw: Mapping[str, Any]) -> MediaKind | None:
    if _descriptive_int(raw.get("width")) and _descriptive_int(raw.get("height")):
        return MediaKind.VIDEO if _descriptive_int(raw.get("duration_ms")) else MediaKind.IMAGE
    if _descriptive_int(raw.get("sample_rate")) or _descriptive_int(raw.get("channels")):
        return MediaKind.AUDIO
    return None


def _first_text(raw: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((raw[k] for k in keys if isinstance(raw.get(k), str) and raw[k]), None)


def _descriptive_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _descriptive_int(value: Any) -> int | None:
    found = _number(value)
    return None if found is None or found < 0 else int(found)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
