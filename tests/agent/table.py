"""The instruction table: what people type, and what the draft must look like afterwards.

Each case starts from the same base (a music video: visuals lane cut on the beat, a visualizer, the music, no title),
runs its ``setup`` messages, then its ``text``, and checks the draft against the one before ``text``. The same table runs fast
against an in-memory context (``test_table_fast``) and through the real engine over HTTP (``test_table_http``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nemo_notebook.protocol import Draft, Segment, Track, TrackType

Check = Callable[[Draft, Draft], None]


@dataclass(frozen=True)
class Case:
    text: str
    check: Check
    setup: tuple[str, ...] = ()
    language: str = "en"
    says: str = ""

    @property
    def id(self) -> str:
        return (" / ".join((*self.setup, self.text)))[:70]


# --- reading a draft -----------------------------------------------------------------------------------------------


def role(track: Track) -> str | None:
    r = track.meta.get("role") or (track.segments[0].meta.get("role") if track.segments else None)
    return str(r) if r else None


def music(d: Draft) -> Track:
    found = [t for t in d.tracks if t.type == TrackType.AUDIO and role(t) in ("music", "bgm")]
    assert found, f"no music track in {d.to_wire()}"
    return found[0]


def visuals(d: Draft) -> list[Segment]:
    lane = next(t for t in d.tracks if t.type == TrackType.VIDEO and role(t) == "visuals")
    return sorted(lane.segments, key=lambda s: s.start_ms)


def visualizer(d: Draft) -> Segment | None:
    lanes = [t for t in d.tracks if t.type == TrackType.VIDEO and role(t) == "visualizer"]
    return lanes[0].segments[0] if lanes else None


def texts(d: Draft) -> list[Segment]:
    return sorted((s for t in d.tracks if t.type == TrackType.TEXT for s in t.segments), key=lambda s: s.start_ms)


def style(d: Draft, key: str) -> object:
    return dict(texts(d)[-1].meta["style"])[key]


def beats(d: Draft) -> list[int]:
    return [int(b) for b in d.meta["beats_ms"]]


def beats_per_shot(d: Draft) -> list[int]:
    """How many beats each shot spans, but the first (it may hold a pickup before the first bar) and the last."""
    grid = beats(d)
    shots = visuals(d)
    return [sum(1 for b in grid if s.start_ms <= b < s.end_ms) for s in shots[1:-1]]


# --- checks --------------------------------------------------------------------------------------------------------


def unchanged(d: Draft, base: Draft) -> None:
    assert d == base


def title(text: str, start_ms: int = 0, duration_ms: int | None = None, **style_values: object) -> Check:
    def check(d: Draft, base: Draft) -> None:
        found = [s for s in texts(d) if s.meta.get("text") == text]
        assert found, f"no text {text!r} in {[s.meta.get('text') for s in texts(d)]}"
        assert found[0].start_ms == start_ms
        if duration_ms is not None:
            assert found[0].duration_ms == duration_ms
        for key, value in style_values.items():
            assert dict(found[0].meta["style"])[key] == value, (key, found[0].meta["style"])
        assert visuals(d) == visuals(base) and d.meta["aspect"] == base.meta["aspect"]

    return check


def text_style(key: str, predicate: Callable[[object], bool]) -> Check:
    def check(d: Draft, base: Draft) -> None:
        assert texts(d), "the title is gone"
        assert predicate(style(d, key)), (key, style(d, key))

    return check


def no_text(d: Draft, base: Draft) -> None:
    assert texts(d) == []
    assert visuals(d) == visuals(base)


def aspect(value: str) -> Check:
    def check(d: Draft, base: Draft) -> None:
        assert d.meta["aspect"] == value
        assert visuals(d) == visuals(base)

    return check


def music_volume(predicate: Callable[[float], bool]) -> Check:
    def check(d: Draft, base: Draft) -> None:
        volume = float(music(d).meta.get("volume", 1.0))
        assert predicate(volume), volume

    return check


def clip_volume(value: float) -> Check:
    def check(d: Draft, base: Draft) -> None:
        assert all(s.meta.get("volume") == value for s in visuals(d) if s.src), [s.meta for s in visuals(d)]
        assert float(music(d).meta.get("volume", 1.0)) == float(music(base).meta.get("volume", 1.0))

    return check


def fades(edge: str, ms: int, *, picture: bool = True, sound: bool = True) -> Check:
    key = f"fade_{edge}_ms"

    def check(d: Draft, base: Draft) -> None:
        shot = visuals(d)[0 if edge == "in" else -1]
        song = sorted(music(d).segments, key=lambda s: s.start_ms)[0 if edge == "in" else -1]
        # a fade lives on one segment: it can be no longer than that segment; a part not asked to fade keeps what it
        # had (a music video's last shot already fades to black with the music's end)
        before = visuals(base)[0 if edge == "in" else -1]
        if picture:
            assert shot.meta.get(key) == min(ms, shot.duration_ms), shot.meta
        else:
            assert shot.meta.get(key) == before.meta.get(key), (shot.meta, before.meta)
        assert (song.meta.get(key) == min(ms, song.duration_ms)) is sound, song.meta

    return check


def both(*checks: Check) -> Check:
    def check(d: Draft, base: Draft) -> None:
        for c in checks:
            c(d, base)

    return check


def length(ms_from_base: Callable[[int], int]) -> Check:
    def check(d: Draft, base: Draft) -> None:
        want = ms_from_base(base.duration_ms)
        assert d.duration_ms == want
        assert all(s.end_ms <= want for t in d.tracks for s in t.segments)
        assert visuals(d)[-1].end_ms == want and music(d).segments[-1].end_ms == want

    return check


def cut_first(ms: int) -> Check:
    def check(d: Draft, base: Draft) -> None:
        length(lambda b: b - ms)(d, base)
        assert music(d).segments[0].in_ms == ms
        assert beats(d)[0] == beats(base)[next(i for i, b in enumerate(beats(base)) if b >= ms)] - ms

    return check


def cuts_every(n: int) -> Check:
    def check(d: Draft, base: Draft) -> None:
        grid = set(beats(d))
        assert all(s.start_ms in grid or s.start_ms == 0 for s in visuals(d))
        assert set(beats_per_shot(d)) == {n}, beats_per_shot(d)

    return check


def shots(compare: Callable[[int, int], bool]) -> Check:
    def check(d: Draft, base: Draft) -> None:
        assert compare(len(visuals(d)), len(visuals(base))), (len(visuals(d)), len(visuals(base)))
        assert all(s.start_ms in set(beats(d)) or s.start_ms == 0 for s in visuals(d))

    return check


def visualizer_is(**values: object) -> Check:
    def check(d: Draft, base: Draft) -> None:
        seg = visualizer(d)
        assert seg is not None, "no visualizer"
        for key, value in values.items():
            assert seg.meta.get(key) == value, (key, seg.meta)

    return check


def no_visualizer(d: Draft, base: Draft) -> None:
    assert visualizer(d) is None
    assert visuals(d) == visuals(base)


def no_music(d: Draft, base: Draft) -> None:
    assert not [t for t in d.tracks if t.type == TrackType.AUDIO]
    assert visuals(d) == visuals(base)


def one_clip_fewer(d: Draft, base: Draft) -> None:
    assert len(visuals(d)) == len(visuals(base)) - 1
    assert visuals(d)[0].start_ms == 0 and visuals(d)[-1].end_ms == base.duration_ms
    assert all(a.end_ms == b.start_ms for a, b in zip(visuals(d), visuals(d)[1:], strict=False))  # no gap where it was


RED, YELLOW, BLUE = "#ff3b30", "#ffcc00", "#0a84ff"
WITH_TITLE = ("add a title 'Hello' for 3 seconds",)

CASES: tuple[Case, ...] = (
    # titles and text
    Case("add a title 'Urban Dreams' for 3 seconds", title("Urban Dreams", 0, 3000)),
    Case('add the title "Summer Trip" for five seconds', title("Summer Trip", 0, 5000)),
    Case("put the text 'Day 1' at 4 seconds", title("Day 1", 4000)),
    Case('add a caption "hello world" from 2 to 6 seconds', title("hello world", 2000, 4000)),
    Case('title: "Road Trip"', title("Road Trip", 0)),
    Case("add the title Urban Dreams for three seconds", title("Urban Dreams", 0, 3000)),
    Case("add a red title 'Hot' at the top", title("Hot", 0, color=RED, position="top")),
    Case("add the title 'Big' for 2 seconds in yellow", title("Big", 0, 2000, color=YELLOW)),
    Case("make the title red", text_style("color", lambda v: v == RED), WITH_TITLE),
    Case("make the title bigger", text_style("size", lambda v: isinstance(v, int) and v > 110), WITH_TITLE),
    Case("move the title to the bottom", text_style("position", lambda v: v == "bottom"), WITH_TITLE),
    Case("show the title for six seconds", title("Hello", 0, 6000), WITH_TITLE),
    Case('change the title to "New Name"', title("New Name", 0), WITH_TITLE),
    Case("remove the title", no_text, WITH_TITLE),
    Case("delete the text", no_text, WITH_TITLE),
    Case(
        "make the title yellow and smaller",
        both(text_style("color", lambda v: v == YELLOW), text_style("size", lambda v: isinstance(v, int) and v < 110)),
        WITH_TITLE,
    ),
    Case("添加标题《城市之梦》三秒", title("城市之梦", 0, 3000), language="zh"),
    Case("加标题“夏天”五秒", title("夏天", 0, 5000), language="zh"),
    Case("标题改成红色", text_style("color", lambda v: v == RED), WITH_TITLE, "zh"),
    Case("删除标题", no_text, WITH_TITLE, "zh"),
    Case("标题放在顶部", text_style("position", lambda v: v == "top"), WITH_TITLE, "zh"),
    # aspect
    Case("make it vertical", aspect("9:16")),
    Case("9:16", aspect("9:16")),
    Case("make it square", aspect("1:1")),
    Case("for TikTok", aspect("9:16")),
    Case("make it for YouTube", aspect("16:9"), ("make it vertical",)),
    Case("for Instagram", aspect("1:1")),
    Case("for Reels", aspect("9:16")),
    Case("portrait please", aspect("9:16")),
    Case("竖屏", aspect("9:16"), language="zh"),
    Case("横屏", aspect("16:9"), ("竖屏",), "zh"),
    Case("方形", aspect("1:1"), language="zh"),
    Case("switch to landscape", aspect("16:9"), ("make it square",)),
    # volume
    Case("music at 50%", music_volume(lambda v: v == 0.5)),
    Case("set the music volume to fifty percent", music_volume(lambda v: v == 0.5)),
    Case("lower the music by 6 dB", music_volume(lambda v: abs(v - 0.501) < 0.01)),
    Case("turn the music down", music_volume(lambda v: 0 < v < 1)),
    Case("make the music quieter", music_volume(lambda v: 0 < v < 1)),
    Case("set the music to -12 dB", music_volume(lambda v: abs(v - 0.251) < 0.01)),
    Case("set the clips' own sound to 80%", clip_volume(0.8)),
    Case("音量百分之三十", music_volume(lambda v: v == 0.3), language="zh"),
    Case("音乐音量调低", music_volume(lambda v: 0 < v < 1), language="zh"),
    # fades
    Case("fade out over three seconds", fades("out", 3000)),
    Case("fade in for 2 seconds", fades("in", 2000)),
    Case("fade in and out", both(fades("in", 1000), fades("out", 2000))),
    Case("fade the music out over 4 seconds", fades("out", 4000, picture=False)),
    Case("淡入两秒", fades("in", 2000), language="zh"),
    Case("淡出", fades("out", 2000), language="zh"),
    # length and trims
    Case("make it 8 seconds", length(lambda b: 8000)),
    Case("make it ten seconds long", length(lambda b: 10_000)),
    Case("shorten it to six seconds", length(lambda b: 6000)),
    Case("cut the first 2 seconds", cut_first(2000)),
    Case("trim the last three seconds", length(lambda b: b - 3000)),
    Case("剪成8秒", length(lambda b: 8000), language="zh"),
    Case("剪掉前两秒", cut_first(2000), language="zh"),
    # cut rate
    Case("make the cuts every two beats", cuts_every(2)),
    Case("cut every beat", cuts_every(1)),
    Case("cut on every bar", cuts_every(4)),
    Case("change pictures every 4 beats", cuts_every(4)),
    Case("faster cuts", shots(lambda new, old: new > old), ("cut every 4 beats",)),
    Case("slower cuts please", shots(lambda new, old: new < old), ("cut every 2 beats",)),
    # how people complain about the pace, and the reply saying by how much
    Case(
        "the pictures change too fast, slow it down",
        cuts_every(4),
        ("cut every 2 beats",),
        says="twice as long a shot as before (every 2 beats",
    ),
    Case("hold each photo longer", cuts_every(4), ("cut every 2 beats",), says="as long a shot as before"),
    Case("too many cuts", cuts_every(4), ("cut every 2 beats",)),
    Case("calmer cutting", cuts_every(4), ("cut every 2 beats",)),
    Case("the photos change too slowly", cuts_every(2), ("cut every 4 beats",), says="half as long a shot as before"),
    Case("每两拍一切", cuts_every(2), language="zh"),
    Case("re-sync to the beat", shots(lambda new, old: new > 0)),
    # visualizer
    Case("make the visualizer blue", visualizer_is(color=BLUE)),
    Case("turn off the visualizer", no_visualizer),
    Case("switch the visualizer to waves", visualizer_is(effect="waves")),
    Case("put the visualizer at the top", visualizer_is(position="top")),
    Case("关闭可视化", no_visualizer, language="zh"),
    Case("add a spectrum visualizer", visualizer_is(effect="spectrum"), ("turn off the visualizer",)),
    Case("make the visualizer a red waveform", visualizer_is(effect="waves", color=RED)),
    # tracks and clips
    Case("remove the music", no_music),
    Case("remove the second picture", one_clip_fewer),
    # several edits in one message
    Case(
        'make the cuts every two beats and add the title "Urban Dreams" for 3 seconds',
        both(cuts_every(2), lambda d, b: title("Urban Dreams", 0, 3000)(d, d)),
    ),
    Case(
        "make it vertical, music at 40% and fade out over 2 seconds",
        both(lambda d, b: aspect("9:16")(d, d), music_volume(lambda v: v == 0.4), fades("out", 2000)),
    ),
    Case(
        "竖屏，然后添加标题《你好》两秒",
        both(lambda d, b: aspect("9:16")(d, d), lambda d, b: title("你好", 0, 2000)(d, d)),
        language="zh",
    ),
    # history
    Case("undo", aspect("16:9"), ("make it vertical",)),
    Case("redo", aspect("9:16"), ("make it vertical", "undo")),
    Case("撤销", aspect("16:9"), ("make it square",), "zh"),
    # questions, commands and nonsense change nothing
    Case("blorp the wibble", unchanged, says="didn't understand"),
    Case("what can you do", unchanged, says="title"),
    Case("show the timeline", unchanged, says="Timeline"),
    Case("credits", unchanged, says="credit"),
    Case("积分", unchanged, language="zh", says="积分"),
    Case("export", unchanged, says="%nemo export"),
    Case("导出", unchanged, language="zh", says="%nemo export"),
    Case("add some stickers", unchanged, says="can't"),
    Case("状态", unchanged, language="zh", says="Timeline"),
    Case("你能做什么", unchanged, language="zh", says="标题"),
    Case("make it 90 seconds", unchanged, says="shorten"),
    # more ways of saying the same things
    Case("music volume 80", music_volume(lambda v: v == 0.8)),
    Case("the music is too loud", music_volume(lambda v: 0 < v < 1)),
    Case("make the background music 20%", music_volume(lambda v: v == 0.2)),
    Case("lower the clip sound by fifty percent", clip_volume(0.4), ("set the clips' own sound to 80%",)),
    Case("音量调到80", music_volume(lambda v: v == 0.8), language="zh"),
    Case("fade in over half a second", fades("in", 500)),
    Case("remove the fades", both(fades("in", 0), fades("out", 0)), ("fade in and out",)),
    Case('add subtitle "Chapter one" at 5 seconds', title("Chapter one", 5000)),
    Case('show "THE END" at the end for 2 seconds', lambda d, b: title("THE END", d.duration_ms - 2000, 2000)(d, b)),
    Case("title: Summer Vibes", title("Summer Vibes", 0)),
    Case("move the title to 5 seconds", title("Hello", 5000, 3000), WITH_TITLE),
    Case("make the title white and move it up", title("Hello", 0, color="#ffffff", position="top"), WITH_TITLE),
    Case("title color #123456", text_style("color", lambda v: v == "#123456"), WITH_TITLE),
    Case("can you make the video shorter, like 10 seconds", length(lambda b: 10_000), says="Done"),
    Case("添加字幕“第一天”在5秒", title("第一天", 5000), language="zh"),
    Case("remove clip 2", one_clip_fewer),
    Case("the second clip should be removed", one_clip_fewer),
    Case("cut every half bar", cuts_every(2)),
    Case("每小节切一次", cuts_every(4), language="zh"),
    Case("剪辑快一点", shots(lambda new, old: new > old), ("cut every 4 beats",), "zh"),
    Case("重新卡点", shots(lambda new, old: new > 0), language="zh"),
    Case("可视化改成蓝色", visualizer_is(color=BLUE), language="zh"),
    Case("去掉音乐", no_music, language="zh"),
    Case("turn the visualizer off and make it square", both(no_visualizer, lambda d, b: aspect("1:1")(d, d))),
    Case(
        "switch to 1:1 and add a blue spectrum visualizer at the top",
        both(lambda d, b: aspect("1:1")(d, d), visualizer_is(effect="spectrum", color=BLUE, position="top")),
    ),
    Case("make it vertical and add some stickers", aspect("9:16"), says="can't add stickers"),
    Case("thanks!", unchanged, says="welcome"),
    Case("what's the bpm?", unchanged, says="BPM"),
    Case("add a title", unchanged, says="What should the title say"),
    Case("make it 4:3", unchanged, says="can't"),
    Case("rotate the video", unchanged, says="can't"),
    Case("redo", unchanged, says="nothing to redo"),
    Case("remove the title", unchanged, says="no title"),
)
