"""How often the automatic visualizer strip lies over the subject of the shot under it (not shipped).

  export OUT CASE...  run /work/review/make_exports.py's cases into OUT, recording each strip's placement and the
                      draft it was placed on (OUT/CASE.pkl), then measure
  measure OUT         measure the recorded placements
  replay OUT          place the recorded drafts again with this checkout's code (no render), and measure

Per export: the share of frames where the drawn strip (not hidden) lies over a head, a figure or the salient subject
box (the most salient tenth's bounding box, where the map has a clear subject) of the shot under it, at full and at
light opacity; hide/show switches a minute; the longest stretch without the strip; and the share of frames hidden.
Run from the checkout's root with PYTHONPATH=$PWD.
"""

from __future__ import annotations

import pickle
import runpy
import sys
from pathlib import Path
from typing import Any

from nemo_notebook.engine.render import visualizer as vz
from nemo_notebook.engine.render import visualizer_auto as va
from nemo_notebook.engine.render.framing import clear_subject, subject_patch
from nemo_notebook.engine.render.timeline import frame_at, shots
from nemo_notebook.engine.render.visualizer_clear import region_of
from nemo_notebook.engine.render.visualizer_head import kept_clear, over
from nemo_notebook.protocol import Draft

Region = tuple[float, float, float, float]


def subject_box(saliency: Any) -> Region | None:
    import numpy as np

    if not clear_subject(saliency, 1.0):
        return None
    patch = subject_patch(saliency)
    ys, xs = np.nonzero(patch)
    rows, cols = patch.shape
    return xs.min() / cols, ys.min() / rows, (xs.max() + 1 - xs.min()) / cols, (ys.max() + 1 - ys.min()) / rows


def shot_regions(shot: Any, media: Any, canvas: Any) -> list[Region]:
    saved = getattr(va, "SHOT_FRAMES", None)
    if saved is not None:
        va.SHOT_FRAMES = 0  # every shot's figures, clips too (the code before looked only in long shots)
    try:
        found = va._through(shot, media, canvas)
    finally:
        if saved is not None:
            va.SHOT_FRAMES = saved
    out: list[Region] = []
    for sample in found:
        out += kept_clear(sample.saliency, sample.figures)
        box = subject_box(sample.saliency)
        out += [box] if box is not None else []
    return out


def measure(name: str, record: dict[str, Any]) -> dict[str, float]:
    draft, media, canvas = Draft.from_wire(record["draft"]), record["media"], record["canvas"]
    total = {"frames": 0, "over": 0, "over_light": 0, "hidden": 0, "switches": 0, "longest": 0, "light": 0}
    lane = shots(draft)
    regions_of = {i: shot_regions(s, media, canvas) for i, s in enumerate(lane)}
    for segment, placement in record["placements"]:
        first, end = frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps)
        light = getattr(placement, "light", ())
        was_shown, run = True, 0
        for frame in range(first, end):
            box = next((b for f, b in reversed(placement.moves) if f <= frame), placement.box)
            hidden = any(a <= frame < b for a, b in placement.hidden)
            is_light = any(a <= frame < b for a, b in light)
            total["frames"] += 1
            if hidden:
                total["hidden"] += 1
                run += 1
                total["longest"] = max(total["longest"], run)
            else:
                run = 0
                index = next(i for i, s in enumerate(lane) if s.start_frame <= frame < s.start_frame + s.frames)
                strip = region_of(box, canvas)
                if any(over(strip, r) for r in regions_of[index]):
                    total["over_light" if is_light else "over"] += 1
                total["light"] += is_light
            total["switches"] += (not hidden) != was_shown
            was_shown = not hidden
    minutes = max(total["frames"], 1) / canvas.fps / 60
    return {
        "over %": round(100 * total["over"] / max(total["frames"], 1), 1),
        "over light %": round(100 * total["over_light"] / max(total["frames"], 1), 1),
        "light %": round(100 * total["light"] / max(total["frames"], 1), 1),
        "hidden %": round(100 * total["hidden"] / max(total["frames"], 1), 1),
        "switches/min": round(total["switches"] / minutes, 1),
        "longest absence s": round(total["longest"] / canvas.fps, 2),
        "light switches/min": round(2 * sum(len(getattr(p, "light", ())) for _, p in record["placements"]) / minutes, 1),
        "moves/min": round(sum(len(p.moves) for _, p in record["placements"]) / minutes, 1),
        "places": len({(b.x, b.y) for p in [pl for _, pl in record["placements"]] for b in [p.box, *[m[1] for m in p.moves]]}),
    }


def export(out: Path, cases: list[str]) -> None:
    recorded: list[tuple[Any, Any, Any, Any, Any]] = []
    original = vz.placed

    def recording(draft: Any, segment: Any, media: Any, canvas: Any, *rest: Any, **kw: Any) -> Any:
        placement = original(draft, segment, media, canvas, *rest, **kw)
        recorded.append((draft, segment, dict(media), canvas, placement))
        return placement

    vz.placed = recording  # type: ignore[assignment]
    for case in cases:
        recorded.clear()
        sys.argv = ["make_exports.py", str(out), "preview", case]
        runpy.run_path("/work/review/make_exports.py", run_name="__main__")
        draft, _, media, canvas, _ = recorded[0]
        record = {
            "draft": draft.to_wire(),
            "media": media,
            "canvas": canvas,
            "placements": [(seg, pl) for _, seg, _, _, pl in recorded],
        }
        (out / f"{case}.pkl").write_bytes(pickle.dumps(record))
        print(case, measure(case, record), flush=True)


def replay(record: dict[str, Any]) -> dict[str, Any]:
    draft, media, canvas = Draft.from_wire(record["draft"]), record["media"], record["canvas"]
    placements, last = [], None
    for seg, _ in record["placements"]:  # as build_visualizer places them, each after the one before
        after = last[1] if last is not None and last[0] == seg.start_ms else None
        placement = vz.placed(draft, seg, media, canvas, after=after)
        placements.append((seg, placement))
        last = (seg.end_ms, placement.moves[-1][1] if placement.moves else placement.box)
    return {**record, "placements": placements}


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    if mode == "diag":
        return
    if mode == "export":
        export(out, sys.argv[3:])
        return
    for path in sorted(out.glob("*.pkl")):
        record = pickle.loads(path.read_bytes())
        record = replay(record) if mode == "replay" else record
        print(path.stem, measure(path.stem, record), flush=True)


if __name__ == "__main__":
    main()


def diag(record: dict[str, Any]) -> None:
    """Each shot: its source, frames, and the regions to keep clear; which places lie over one."""
    from nemo_notebook.engine.render.visualizer_placement import STRIPS, box_for

    draft, media, canvas = Draft.from_wire(record["draft"]), record["media"], record["canvas"]
    segment, placement = record["placements"][0]
    effect = str(segment.meta.get("effect"))
    print("effect", effect, segment.meta.get("design"), "box", placement.box, "moves", placement.moves)
    print("hidden", placement.hidden)
    names = [n for n in STRIPS if n != "full"]
    places = {n: region_of(box_for(effect, n, canvas), canvas) for n in names}
    for shot in shots(draft):
        regions = shot_regions(shot, media, canvas)
        src = shot.segment.src
        label = Path(str(media[src][0])).name if src in media else "-"
        hit = [n for n, r in places.items() if any(over(r, h) for h in regions)]
        rs = " ".join("(%.2f,%.2f,%.2f,%.2f)" % r for r in regions)
        print(f"{shot.start_frame:5d} {shot.frames:4d} {label:14s} over:{','.join(hit):40s} {rs}")


if __name__ == "__main__" and sys.argv[1] == "diag":
    diag(pickle.loads(Path(sys.argv[2]).read_bytes()))
