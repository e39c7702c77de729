"""``make demo`` / ``nemo-notebook demo``: a music video made on the embedded engine, end to end.

It uses the public client exactly as a notebook would: a session, two uploads (a track and a picture that the
repository carries), one instruction, an export, a download. It prints the MP4's path last.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .protocol import QUALITIES, Quality

REPO_MEDIA = Path(__file__).resolve().parents[1] / "examples" / "media"
INSTRUCTION = "create a video from this music with visualizer and beat-synced cuts"


def _media() -> list[Path]:
    names = ("vibe-ace.mp3", "big-buck-bunny-30s.mp4", "big-buck-bunny-poster.jpg")
    wanted = [REPO_MEDIA / name for name in names]
    missing = [str(p) for p in wanted if not p.exists()]
    if missing:
        raise SystemExit(f"demo media not found: {', '.join(missing)} (run the demo from a clone of the repository)")
    return wanted


def _progress_line(label: str) -> Callable[[float], None]:
    shown = [-1]

    def show(fraction: float) -> None:
        percent = int(fraction * 100)
        if percent != shown[0]:
            shown[0] = percent
            print(f"\r{label} {percent:3d}%", end="", file=sys.stderr, flush=True)

    return show


def run(out_path: Path, *, quality: str = "high", home: Path | None = None) -> Path:
    """Make the demo video at ``out_path`` and return its path."""
    from .client import Client

    started = time.perf_counter()
    with Client(home=home) as client:
        session = client.sessions.create(language="en")
        media = session.upload(tuple(_media()))
        print(f"uploaded: {', '.join(m.name for m in media)}", file=sys.stderr)
        reply = session.send(INSTRUCTION)
        print(reply.text, file=sys.stderr)
        job = session.export(quality=quality)
        job.wait(progress=_progress_line("rendering"))
        print(file=sys.stderr)
        path = job.download(out_path)
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return Path(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nemo-notebook demo", description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=Path("demo-output") / "music-video.mp4")
    parser.add_argument("--quality", choices=QUALITIES, default=Quality.HIGH.value)
    parser.add_argument("--home", type=Path, default=None, help="engine home (default: a fresh temporary folder)")
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.home is None:
        with tempfile.TemporaryDirectory(prefix="nemo-demo-") as home:
            path = run(args.output, quality=args.quality, home=Path(home))
    else:
        path = run(args.output, quality=args.quality, home=args.home)
    print(path.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
