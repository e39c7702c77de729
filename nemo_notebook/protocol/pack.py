"""A release pack as a draft holds it: every version's own timeline in ``m.pack`` of the session's draft.

``m.pack`` is ``{"versions": [{"name", "label", "draft": Draft}, …], "skipped": [str, …]}``: each version a whole
draft in the wire form that ``POST /api/render/proxy/lambda`` takes, so that a client exports each one as it exports
any draft (API.md is unchanged: ``m`` is the draft's own metadata). ``skipped`` says, in words, which versions the
song could not give (a 60 s short of a 45 s song).

>>> draft = Draft.from_wire({"t": [], "d": 0, "m": {"pack": {"versions": [
...     {"name": "canvas", "label": "Spotify Canvas", "draft": {"t": [], "d": 7000, "m": {"aspect": "9:16"}}}]}}})
>>> [(v.name, v.aspect, v.duration_ms) for v in pack_versions(draft)]
[('canvas', '9:16', 7000)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .draft import Draft, DraftFormatError

PACK_KEY = "pack"


@dataclass(frozen=True)
class PackVersion:
    """One version of a release pack: its ``name`` (``full``, ``short_15``, ``square``, ``canvas``, …), what a person
    calls it (``label``), and its own timeline."""

    name: str
    label: str
    draft: Draft

    @property
    def aspect(self) -> str:
        return self.draft.aspect

    @property
    def duration_ms(self) -> int:
        return self.draft.duration_ms

    def to_wire(self) -> dict[str, object]:
        return {"name": self.name, "label": self.label, "draft": self.draft.to_wire()}


def pack_versions(draft: Draft) -> tuple[PackVersion, ...]:
    """The versions of the release pack ``draft`` holds, in order; none when it holds none."""
    pack = draft.meta.get(PACK_KEY)
    raw = pack.get("versions") if isinstance(pack, Mapping) else None
    if not isinstance(raw, list):
        return ()
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise DraftFormatError(f"m.pack.versions[{i}]", "must be an object with a name and a draft")
        out.append(PackVersion(item["name"], str(item.get("label") or item["name"]), Draft.from_wire(item["draft"])))
    return tuple(out)


def pack_skipped(draft: Draft) -> tuple[str, ...]:
    """Why versions of the pack are missing, in words (``m.pack.skipped``)."""
    pack = draft.meta.get(PACK_KEY)
    raw = pack.get("skipped") if isinstance(pack, Mapping) else None
    return tuple(str(s) for s in raw) if isinstance(raw, list) else ()


def with_pack(draft: Draft, versions: list[PackVersion], skipped: list[str]) -> Draft:
    """``draft`` holding ``versions`` (and why others are missing) as its release pack."""
    return draft.with_meta(**{PACK_KEY: {"versions": [v.to_wire() for v in versions], "skipped": list(skipped)}})
