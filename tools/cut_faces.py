"""How often a 9:16 export's crop of a clip cuts a face at the frame's edge, measured on the rendered frames.

A review tool, not a test: nothing collects it. For each shot of a clip in an export made by ``held_out_exports.py``
(its ``NN.mp4`` and ``NN.json``, whose shot list names what each shot shows), every rendered frame of the shot is
matched against the clip's frames (all of them for a shot's first frame, then the few near the one expected), at
every place across it, both grey and 128 rows high: the clip's frame and the crop window that best explain the rendered frame (a frame whose best match differs by
more than ``MATCH`` levels on average is not a crop of the clip filling the frame: a band on its fill, a
dissolve). The faces OpenCV's cascade finds on that clip frame (``faces.faces_in``, on a copy 384 pixels wide, as the
engine looks) are then held against the window: a face is cut where an edge of the window runs through it more than
``SLACK`` of its width from its side. A face in front is one at least 0.6 of the width of the largest in its frame
(``follow_course.MAIN_FACE``).

    nice -n 10 python tools/cut_faces.py OUTDIR/02.mp4 --media CACHE

prints, for each clip shot, its frames, those matched as a crop, and those with a face cut (any face; a face in
front), then the totals, and writes the frames with a face in front cut into the folder ``--frames`` names, if any.
Slow: a 6 s shot of ``Megamind.avi`` (91 frames at 15 fps) took about 6 minutes at a load average of 19 on 2 cores.
Frames of a band on its fill (a close-up) are not measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the package beside this tool

from nemo_notebook.engine.render.faces import faces_in
from nemo_notebook.engine.render.follow_course import MAIN_FACE

ROWS = 128  # the grey copies matched are this many rows high
MATCH = 14.0  # mean grey step (0..255) above which a rendered frame is no crop of the clip
SLACK = 0.1  # of a face's width: an edge this near its side does not cut it (the cascade's box is loose)
NEAR = 4  # clip frames either side of the one expected that are tried
CLIPS = (".avi", ".mp4", ".mov", ".mkv", ".webm")
Grey = npt.NDArray[np.float64]


@dataclass
class Clip:
    """A clip's frames: their times (s), grey copies ``ROWS`` high, and grey copies 384 wide for the faces."""

    times: list[float]
    small: list[Grey]
    faced: list[Grey]
    faces: dict[int, tuple[tuple[float, float, float, float], ...]]

    def faces_at(self, index: int) -> tuple[tuple[float, float, float, float], ...]:
        if index not in self.faces:
            self.faces[index] = faces_in(self.faced[index])
        return self.faces[index]


def _grey(frame: av.VideoFrame, width: int, height: int) -> Grey:
    return np.asarray(frame.reformat(width=width, height=height, format="gray").to_ndarray(), dtype=np.float64)


def read_clip(path: Path) -> Clip:
    """Every frame of ``path``, as ``Clip`` keeps them."""
    times, small, faced = [], [], []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            w, h = frame.width, frame.height
            times.append(float(frame.time or 0.0))
            small.append(_grey(frame, round(w * ROWS / h), ROWS))
            faced.append(_grey(frame, 384, round(h * 384 / w)))
    return Clip(times, small, faced, {})


def rendered(path: Path, start: float, end: float, fps: float) -> list[tuple[float, Grey]]:
    """The export's frames stamped inside ``start``..``end`` (a frame's half kept clear of each cut)."""
    out = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        container.seek(int(max(start - 1, 0) / stream.time_base), stream=stream)
        for frame in container.decode(stream):
            t = float(frame.time or 0.0)
            if t >= end - 0.5 / fps:
                break
            if t > start + 0.5 / fps:
                out.append((t, _grey(frame, round(frame.width * ROWS / frame.height), ROWS)))
    return out


def best_match(shown: Grey, clip: Clip, candidates: range) -> tuple[float, int, int]:
    """The mean grey step, the clip frame and the window's left column (in ``ROWS``-high pixels) that match
    ``shown`` best."""
    best = (np.inf, -1, -1)
    width = shown.shape[1]
    for index in candidates:
        source = clip.small[index]
        if source.shape[1] < width:
            continue
        windows = np.lib.stride_tricks.sliding_window_view(source, width, axis=1)  # (rows, places, width)
        steps = np.abs(windows - shown[:, None, :]).mean(axis=(0, 2))
        place = int(np.argmin(steps))
        if steps[place] < best[0]:
            best = (float(steps[place]), index, place)
    return best


def cut(faces: tuple[tuple[float, float, float, float], ...], left: float, right: float) -> tuple[bool, bool]:
    """Whether a window from ``left`` to ``right`` (shares of the clip's width) cuts any of ``faces``, and one in
    front."""
    largest = max((f[2] for f in faces), default=0.0)
    any_cut = front_cut = False
    for x, _, w, _ in faces:
        inner = (x + SLACK * w, x + w - SLACK * w)
        if any(inner[0] < edge < inner[1] for edge in (left, right)):
            any_cut = True
            front_cut = front_cut or w >= MAIN_FACE * largest - 1e-9
    return any_cut, front_cut


def measure(export: Path, media: Path, frames_to: Path | None) -> None:
    report = json.loads(export.with_suffix(".json").read_text())
    fps = float(report["fps"])
    clips: dict[str, Clip] = {}
    totals = np.zeros(4, dtype=int)
    for shot in report["shot_list"]:
        name = shot["shows"]
        if not name.lower().endswith(CLIPS):
            continue
        if name not in clips:
            clips[name] = read_clip(next(media.rglob(name)))
        clip = clips[name]
        frames = rendered(export, shot["start_s"], shot["end_s"], fps)
        counts = np.zeros(4, dtype=int)
        expected: int | None = None
        for t, shown in frames:
            near = (
                range(len(clip.times))
                if expected is None
                else range(max(expected - NEAR, 0), min(expected + NEAR + 1, len(clip.times)))
            )
            step, index, place = best_match(shown, clip, near)
            counts[0] += 1
            if step > MATCH:
                expected = None
                continue
            counts[1] += 1
            expected = index + round((1 / fps) / max(clip.times[1] - clip.times[0], 1e-3))
            width = clip.small[index].shape[1]
            any_cut, front_cut = cut(clip.faces_at(index), place / width, (place + shown.shape[1]) / width)
            counts[2] += any_cut
            counts[3] += front_cut
            if front_cut and frames_to is not None:
                _save(export, t, frames_to)
        totals += counts
        print(f"{shot['start_s']:7.2f}-{shot['end_s']:7.2f} {name:16} frames {counts[0]:3d} cropped {counts[1]:3d} "
              f"face cut {counts[2]:3d} front face cut {counts[3]:3d}", flush=True)  # fmt: skip
    print(f"all clip shots: frames {totals[0]} cropped {totals[1]} face cut {totals[2]} front face cut {totals[3]}"
          f" ({totals[3] / max(totals[1], 1):.1%} of the cropped frames)")  # fmt: skip


def _save(export: Path, t: float, folder: Path) -> None:
    """The rendered frame at ``t`` as ``NN-cut-T.png`` in ``folder``."""
    with av.open(str(export)) as container:
        stream = container.streams.video[0]
        container.seek(int(max(t - 1, 0) / stream.time_base), stream=stream)
        for frame in container.decode(stream):
            if abs(float(frame.time or 0.0) - t) < 1e-3:
                frame.to_image().save(folder / f"{export.stem}-cut-{t:.3f}.png")
                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path, help="an export NN.mp4 beside its NN.json")
    parser.add_argument("--media", type=Path, required=True, help="the folder the clips lie under")
    parser.add_argument("--frames", type=Path, help="a folder for the frames with a face in front cut")
    args = parser.parse_args()
    if args.frames is not None:
        args.frames.mkdir(parents=True, exist_ok=True)
    measure(args.export, args.media, args.frames)


if __name__ == "__main__":
    main()
