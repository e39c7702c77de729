"""The streaming reply: throttled updates, the still-working notice, compact tool activity, the final line."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from typing import Any

from nemo_notebook.notebook.stream_view import STILL_WORKING, Reply, StreamView, TextSink


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class Message:
    text: str


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolResult:
    id: str
    name: str
    response: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Heartbeat:
    silent_for_s: float
    elapsed_s: float = 0.0


@dataclass(frozen=True)
class TurnComplete:
    pass


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Recorder:
    def __init__(self) -> None:
        self.shown: list[str] = []

    def show(self, reply: Reply) -> None:
        self.shown.append(reply.to_text())


def test_words_arriving_faster_than_ten_a_second_are_batched() -> None:
    clock, sink = Clock(), Recorder()
    view = StreamView(sink, max_rate_hz=10, clock=clock, timer=None)
    view.start()
    for i in range(100):  # 100 words in one second
        clock.now = i * 0.01
        view.feed(TextDelta(f"w{i} "))
    assert 9 <= len(sink.shown) - 1 <= 11
    view.finish("Timeline (1 track): 1. Music: vibe (0-20s)")
    assert sink.shown[-1].startswith("w0 w1")
    assert sink.shown[-1].endswith("Timeline (1 track): 1. Music: vibe (0-20s)")
    assert "w99" in sink.shown[-1]


def test_first_words_show_without_waiting() -> None:
    clock, sink = Clock(), Recorder()
    view = StreamView(sink, clock=clock, timer=None)
    view.start()
    clock.now = 5.0
    view.feed(TextDelta("Analysing"))
    assert sink.shown[-1] == "Analysing"


def test_two_minutes_of_silence_say_still_working_and_words_clear_it() -> None:
    clock, sink = Clock(), Recorder()
    view = StreamView(sink, silence_notice_s=120, clock=clock, timer=None)
    view.start()
    view.feed(TextDelta("Rendering the plan"))
    for t in range(15, 120, 15):
        clock.now = float(t)
        view.feed(Heartbeat(silent_for_s=float(t)))
        assert STILL_WORKING not in sink.shown[-1]
    clock.now = 121.0
    view.feed(Heartbeat(silent_for_s=121.0))
    assert sink.shown[-1].endswith(STILL_WORKING)
    clock.now = 130.0
    view.feed(TextDelta(" — done."))
    assert STILL_WORKING not in view.reply.to_text()


def test_every_two_minutes_of_silence_say_it_again_after_words_cleared_it() -> None:
    clock, sink = Clock(), Recorder()
    view = StreamView(sink, silence_notice_s=120, clock=clock, timer=None)
    view.start()
    for words_at in (0.0, 200.0, 400.0):  # words, then a silence of two minutes and a half, three times over
        clock.now = words_at
        view.feed(TextDelta("More. "))
        assert STILL_WORKING not in sink.shown[-1]
        clock.now = words_at + 105
        view.feed(Heartbeat(silent_for_s=0.0))  # the client's silence clock is its own: the view keeps one too
        assert STILL_WORKING not in sink.shown[-1]
        clock.now = words_at + 150
        view.feed(Heartbeat(silent_for_s=0.0))
        assert sink.shown[-1].endswith(STILL_WORKING), words_at


def test_tool_activity_is_one_compact_line_in_words_not_function_names() -> None:
    reply = Reply()
    reply.apply(ToolCall("1", "plan_music_video"))
    reply.apply(ToolCall("2", "render_preview"))
    reply.apply(ToolResult("1", "plan_music_video", {"ok": True}))
    reply.apply(ToolResult("2", "render_preview", {"error": "no media"}))
    assert reply.tools_line() == "Plan music video ✓ · Render preview ✗"
    reply.apply(ToolCall("3", "build_music_video"))
    assert reply.tools_line().endswith("Building the music video…")
    assert "_" not in reply.tools_line()


def test_a_whole_message_replaces_its_deltas() -> None:
    reply = Reply()
    for piece in ("Hel", "lo"):
        reply.apply(TextDelta(piece))
    reply.apply(Message("Hello."))
    reply.apply(TextDelta("Next"))
    assert reply.text == "Hello.\n\nNext"
    assert reply.apply(TurnComplete()) == "end"


def test_html_escapes_the_agents_words() -> None:
    reply = Reply()
    reply.apply(Message('<script>alert("x")</script> & more'))
    assert "<script>" not in reply.to_html()
    assert "&lt;script&gt;" in reply.to_html()


def test_terminal_gets_words_as_they_come() -> None:
    out = io.StringIO()
    view = StreamView(TextSink(out), max_rate_hz=1e9)
    view.start()
    view.feed(ToolCall("1", "analyse_music"))
    view.feed(TextDelta("Beats "))
    view.feed(ToolResult("1", "analyse_music"))
    view.feed(TextDelta("found."))
    view.feed(Message("Beats found."))
    view.finish("Timeline (0 tracks): empty")
    text = out.getvalue()
    assert text.count("Beats") == 1
    assert "Analysing the music…" in text and "analyse_music" not in text
    assert text.rstrip().endswith("Timeline (0 tracks): empty")


def test_a_terminal_does_not_print_a_message_again_when_only_the_progress_words_left_it() -> None:
    out = io.StringIO()
    view = StreamView(TextSink(out), max_rate_hz=1e9)
    view.start()
    for piece in ("Analysing the track… ", "40 %… ", "still analysing the music (12 s)… ", "130 BPM. "):
        view.feed(TextDelta(piece))
    view.feed(Message("Analysing the track… 130 BPM. "))
    view.feed(TextDelta("Done."))
    view.feed(Message("Done."))
    view.finish("Timeline (0 tracks): empty")
    text = out.getvalue()
    assert text.count("Analysing the track") == 1 and text.count("130 BPM") == 1, text
    assert "40 %… " in text, "the progress was shown while it went"
    assert text.count("Done.") == 1, text


def test_words_held_back_by_the_rate_limit_show_without_waiting_for_the_next_event() -> None:
    shown = threading.Event()

    class Sink:
        def show(self, reply: Reply) -> None:
            if "second" in reply.text:
                shown.set()

    view = StreamView(Sink(), max_rate_hz=10)
    view.start()
    view.feed(TextDelta("first "))
    view.feed(TextDelta("second"))  # within the same tenth of a second: held back
    assert shown.wait(2.0)  # ...and shown by the trailing update, with no further event
    view.finish()


def test_the_working_line_counts_the_seconds_and_says_how_long_it_took() -> None:
    clock, sink = Clock(), Recorder()
    view = StreamView(sink, clock=clock, timer=None)
    view.start()
    assert view.reply.working_line() == "⏳ Working… 0:00"
    clock.now = 75.4
    view.feed(TextDelta("Analysing vibe-ace.mp3 … 130 BPM"))
    assert view.reply.working_line() == "⏳ Working… 1:15"
    assert "Working… 1:15" in view.reply.to_html()
    clock.now = 80.0
    view.finish()
    assert view.reply.working_line() == "⏱ 80.0 s"


def test_the_elapsed_time_moves_on_while_no_words_come() -> None:
    ticks: list[Any] = []
    sink = Recorder()
    clock = Clock()
    view = StreamView(sink, clock=clock, timer=lambda delay, action: ticks.append(action))
    view.start()
    for second in (1.0, 2.0, 3.0):
        clock.now = second
        ticks.pop(0)()  # the timer fires: the display moves on without any event
    assert view.reply.working_line() == "⏳ Working… 0:03"
    assert len(sink.shown) == 4
    view.finish()
    ticks.pop(0)()  # a tick after the end changes nothing and schedules no more
    assert len(sink.shown) == 5 and not ticks
