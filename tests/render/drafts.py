"""Small drafts for render tests, written in the wire form a user's session would hold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nemo_notebook.protocol import Draft


def shot(src: str | None, start_ms: int, duration_ms: int, **meta: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"s": start_ms, "d": duration_ms, "m": meta}
    if src is None:
        out["m"] = {"role": "background", "effect": "gradient", **meta}
    else:
        out["src"] = src
        out["in"] = meta.pop("in_ms", 0)
    return out


def draft(
    shots: Sequence[dict[str, Any]],
    duration_ms: int,
    *,
    aspect: str = "16:9",
    music: str | None = "click",
    visualizer: dict[str, Any] | None = None,
    texts: Sequence[dict[str, Any]] = (),
    **meta: Any,
) -> Draft:
    tracks: list[dict[str, Any]] = [{"tt": 0, "m": {"role": "visuals"}, "sg": list(shots)}]
    if visualizer is not None:
        segment = {"s": 0, "d": duration_ms, "src": music, "in": 0, "m": visualizer}
        tracks.append({"tt": 0, "m": {"role": "visualizer"}, "sg": [segment]})
    if music is not None:
        tracks.append({"tt": 1, "m": {"role": "music"}, "sg": [{"s": 0, "d": duration_ms, "src": music, "in": 0}]})
    if texts:
        tracks.append({"tt": 7, "m": {}, "sg": list(texts)})
    return Draft.from_wire({"t": tracks, "d": duration_ms, "m": {"aspect": aspect, "fps": 30, **meta}})


def title(text: str, start_ms: int, duration_ms: int, **style: Any) -> dict[str, Any]:
    return {"s": start_ms, "d": duration_ms, "m": {"text": text, "role": "title", "style": style}}
