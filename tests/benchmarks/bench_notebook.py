"""The notebook layer's costs: ``import nemo_notebook`` and ``%load_ext nemo_notebook`` over a bare interpreter, and
the delay between a chat event's arrival and the cell showing it.

``python -m tests.benchmarks notebook``
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from tests.benchmarks import Figure

RUNS = 9
LOAD_EXT_GOAL_MS = 300.0

_SHELL = (
    "from IPython.core.interactiveshell import InteractiveShell\n"
    "ip = InteractiveShell.instance()\n"
    "import time\n"
    "t = time.perf_counter()\n"
)


def _wall_ms(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return (time.perf_counter() - started) * 1000


def _inner_ms(code: str) -> float:
    """A figure the child measures itself and prints (ms), to leave out the interpreter's own start."""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def _paired_medians(measure: Callable[[str], float], reference: str, code: str) -> tuple[float, float]:
    """Medians of ``reference`` and ``code``, measured alternately so that a busy machine weighs on both alike."""
    pairs = [(measure(reference), measure(code)) for _ in range(RUNS)]
    return float(statistics.median(p[0] for p in pairs)), float(statistics.median(p[1] for p in pairs))


def import_figures() -> list[Figure]:
    bare_ms, import_ms = _paired_medians(_wall_ms, "pass", "import nemo_notebook")
    return [
        Figure("python -c 'import nemo_notebook' (wall)", import_ms, "ms", bare_ms, "python -c pass"),
        Figure("import nemo_notebook over a bare interpreter", import_ms - bare_ms, "ms", goal=LOAD_EXT_GOAL_MS),
    ]


def load_ext_figures() -> list[Figure]:
    bare_ms, shell_ms = _paired_medians(_wall_ms, "pass", _SHELL)
    noop_ms, load_ms = _paired_medians(
        _inner_ms,
        _SHELL + "ip.run_line_magic('lsmagic', '')\nprint((time.perf_counter() - t) * 1000)",
        _SHELL + "ip.run_line_magic('load_ext', 'nemo_notebook')\nprint((time.perf_counter() - t) * 1000)",
    )
    return [
        Figure("%load_ext nemo_notebook in a fresh shell", load_ms, "ms", noop_ms, "%lsmagic", goal=LOAD_EXT_GOAL_MS),
        Figure("python + IPython shell start (for scale)", shell_ms, "ms", bare_ms, "python -c pass"),
    ]


def stream_delay_figures() -> list[Figure]:
    """Words arrive as the engine streams them (~40 deltas/s here); how long until the display shows each one."""
    from nemo_notebook.notebook.stream_view import Reply, ReplyDisplay, StreamView

    class TextDelta:
        def __init__(self, text: str) -> None:
            self.text = text

    arrivals: dict[int, float] = {}
    delays_ms: list[float] = []

    class Sink:
        def show(self, reply: Reply) -> None:
            ReplyDisplay(reply)  # the work a display update does: render HTML and text
            now = time.perf_counter()
            shown = reply.text.count("|")
            for index in [i for i in arrivals if i < shown]:
                delays_ms.append((now - arrivals.pop(index)) * 1000)

    view = StreamView(Sink(), max_rate_hz=10)
    view.start()
    for index in range(200):
        arrivals[index] = time.perf_counter()
        view.feed(TextDelta(f"word{index}|"))
        time.sleep(0.025)
    view.finish("Timeline (0 tracks): empty")
    return [
        Figure("stream: arrival → shown, median", statistics.median(delays_ms), "ms", 100.0, "one 10 Hz frame"),
        Figure("stream: arrival → shown, worst", max(delays_ms), "ms", 100.0, "one 10 Hz frame", goal=150.0),
        Figure("stream: display updates for 200 deltas", float(view.updates), "updates", 200.0, "deltas"),
    ]


def engine_stream_figures() -> list[Figure]:
    """A real chat turn on the embedded engine: when the first words show after Send, and how long each event
    waits between the client handing it over and the display showing it."""
    import os
    import tempfile
    from pathlib import Path

    from nemo_notebook.notebook.controller import Controller
    from nemo_notebook.notebook.settings import Nemo
    from nemo_notebook.notebook.stream_view import Reply, StreamView

    song = Path(__file__).resolve().parents[2] / "examples" / "media" / "vibe-ace.mp3"
    shown_at: list[float] = []
    pending: list[float] = []  # arrival times of words not yet on screen
    delays_ms: list[float] = []

    class Sink:
        def show(self, reply: Reply) -> None:
            reply.to_html()
            now = time.perf_counter()
            shown_at.append(now)
            delays_ms.extend((now - arrived) * 1000 for arrived in pending)
            pending.clear()

    class TimedView(StreamView):
        def feed(self, event: object) -> None:
            if type(event).__name__ == "TextDelta":
                pending.append(time.perf_counter())
            super().feed(event)

    with tempfile.TemporaryDirectory() as home:
        os.environ["NEMO_HOME"] = home
        controller = Controller(Nemo(), say=lambda _: None)
        controller.upload(str(song))
        view = TimedView(Sink())
        sent = time.perf_counter()
        controller.chat("create a video from this music, 10 seconds long, with beat-synced cuts", view)
        first_ms = (shown_at[1] - sent) * 1000 if len(shown_at) > 1 else float("nan")
        controller.close()
    return [
        Figure("engine chat: Send → first words shown", first_ms, "ms"),
        Figure("engine chat: word arrival → shown, worst", max(delays_ms, default=0.0), "ms", 100.0, "one 10 Hz frame"),
    ]


def run() -> list[Figure]:
    return [*import_figures(), *load_ext_figures(), *stream_delay_figures(), *engine_stream_figures()]
