"""Issue 29, s53: "make it louder" on a master with overs, through the public client against the embedded engine. Such a
master plays turned down by one gain under the ceiling (held-out 04: -14.7 LUFS in, -17.5 out, and four blind
reviewers in a row wanted it louder); asked, it is raised to the usual level of posts and only what then passes the
ceiling is held by the true-peak limiter: the export measures about -14 LUFS, louder than before, its true peak at
-1 dBTP or under. On main c5bba5c "make it louder" raised nothing (the one gain allows no raise past the overs): the
export stayed at -21.4 LUFS, as turned down, and the reply said "turned your song up evenly by 0.0 dB"."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.client import Client
from tests.loudness import ebu_r128_full

from .test_artist_loudness import _exported, _video_of
from .test_keep_loudness import _master_with_overs


def test_make_it_louder_brings_a_master_with_overs_to_the_usual_level_under_the_ceiling(
    client: Client, tmp_path: Path
) -> None:
    song = _master_with_overs(tmp_path / "overs.wav")  # -18.2 LUFS, +1.5 dBTP
    before = ebu_r128_full(song)
    session, said = _video_of(client, song)
    assert "Say 'make it louder' to bring it to the usual level of posts" in said, said
    turned_down = _exported(session, tmp_path / "down.mp4")
    said = session.send("make it louder").text
    assert "brought your song up to the usual level of posts" in said, said
    louder = _exported(session, tmp_path / "louder.mp4")
    assert louder[0] > turned_down[0] + 3.0, (before, turned_down, louder)
    assert -15.0 <= louder[0] <= -13.0, (before, turned_down, louder)  # about the usual -14
    assert louder[2] <= -1.0, (before, turned_down, louder)
