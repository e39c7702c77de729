"""The reply names what a track alone in the pulse design draws: its floors of light and its drop's streaks, where
they begin, not only "a tunnel of rings" (a blind reviewer of held-out 06 of stop 55, its loud sections at
0:42-1:16, 1:44-2:21 and 3:02-3:35 drawn as a grid: "those scenes also aren't the 'tunnel of rings' the reply
promises"). The song: test_tunnel_characters' 50 s, a quiet intro, loud at 0:08 and 0:18, the drop at 0:28, loud at
0:40."""

from __future__ import annotations

from nemo_notebook.engine.agent.design_words import design_words
from nemo_notebook.engine.agent.pulse_words import pulse_scene_words
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Role, Segment
from tests.render.synth import click_analysis
from tests.render.test_tunnel_characters import LENGTH_MS, SECTIONS, TEMPO, _energy


def _planned(backdrop: str, energy: tuple[float, ...] | None = None) -> Draft:
    energy = energy or _energy()
    analysis = click_analysis(TEMPO, LENGTH_MS, energy=energy, sections_ms=tuple(s for s, _ in SECTIONS))
    info = MediaInfo("song", "song.wav", MediaKind.AUDIO, "wav", 1, duration_ms=LENGTH_MS)
    return plan_music_video(info, analysis, [], MusicVideoOptions(backdrop=backdrop, visualizer=None))


def test_the_reply_names_the_pulse_designs_floors_and_its_drop_where_they_begin() -> None:
    made = _planned("pulse")
    said = design_words(made, False)
    assert said.startswith("the pulse design: a tunnel of rings"), said
    # the second loud section is the floor, the fourth its tunnel again (main: only the tunnel said)
    assert "and at 0:18 a grid of light on a floor and a ceiling, running to the ring" in said, said
    assert "in the drop at 0:28, streaks of light flying out of the ring" in said, said
    assert "0:40" not in said and "0:08" not in said, said
    assert "光网格" in design_words(made, True), design_words(made, True)


def test_another_designs_words_say_no_floor() -> None:
    said = design_words(_planned("aurora"), False)
    assert "grid" not in said and "streaks" not in said, said


def test_a_loudest_scene_that_is_no_lift_is_not_called_the_drop() -> None:
    # the 0:28 section 0.4 dB over the other loud ones (held-out 06's 3:34, "no lift: flat loudness, hats thin", a
    # blind reviewer of s65, which the reply called the drop): its streaks said, not as the drop
    flat = tuple(0.71 if 0.7 < e < 1 else e for e in _energy())
    flat = tuple(0.72 if e == 0.71 and 280 <= k < 400 else e for k, e in enumerate(flat))
    said = design_words(_planned("pulse", flat), False)
    assert "streaks of light flying out of the ring" in said and "drop" not in said, said


def test_a_songs_floors_are_each_said_in_their_own_design() -> None:
    """Since s68 a song's floors differ (``render.tunnel.FLOORS``): held-out 06's reply said "a grid of light on a
    floor and a ceiling" at 0:42, 1:44 and 3:02, and a blind reviewer saw a sky at 1:44, "not the floor and ceiling
    grid the reply describes" (ab69c)."""
    made = _planned("pulse")
    track = next(t for t in made.tracks if t.meta.get("role") == Role.VISUALS)
    loud = next(sg for sg in track.segments if sg.meta.get("variant") == "loud")
    starts = (20_000, 60_000, 100_000, 140_000, 180_000, 220_000)  # six loud scenes: tunnel and floor in turn
    scenes = tuple(Segment(start_ms=at, duration_ms=40_000, meta=loud.meta) for at in starts)
    said = pulse_scene_words(made.with_tracks([track.with_segments(scenes)]), False)
    assert said == (
        ", and grids of light running to the ring: at 1:00 on a floor and a ceiling; at 2:20 on a floor under a "
        "glowing sky; at 3:40 wider and tilted, on a floor and a ceiling"
    ), said
    assert "发光天空" in pulse_scene_words(made.with_tracks([track.with_segments(scenes)]), True)
