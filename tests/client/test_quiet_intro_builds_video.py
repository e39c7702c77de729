"""A track alone's quiet intro builds to the drop (held-out 06: its first 14.5 s rise from -45 to -28 LUFS while the
tunnel flowed at one pace behind a small ring; "a viewer scrolls away"): the pulse design's tunnel flows faster and
its light rises through the intro (``render.backdrops`` BUILD_FLOW, BUILD_DARK, BUILD_LIGHT; the scene's ``builds``, set by
``planning.backgrounds`` where the opening quiet scene ends at ``planning.quiet_intro``'s drop). On main c5bba5c
the intro's later seconds (a 10 s quiet intro of a 22 s track) change frame to frame 0.91x as much as its first and
are 0.95x as bright; here 1.42x and 1.05x."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.client import Client
from tests.agent.test_quiet_intro import _quiet_then_loud
from tests.render.synth import gray_frames


def test_the_tunnel_flows_faster_and_brighter_through_a_quiet_intro(real_engine: Any, tmp_path: Path) -> None:
    song = _quiet_then_loud(tmp_path / "slow-opener.wav", quiet_s=10.0, duration_s=22.0)
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([song])
        session.send("make a video for this track with the pulse design")
        draft = session.state().draft
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4")
    assert draft.meta.get("backdrop") == "pulse", draft.meta
    frames = gray_frames(video).astype(np.float64)
    fps = len(frames) / (draft.duration_ms / 1000)
    low = frames[:, frames.shape[1] // 2 :]  # under the title, at the top
    early, late = low[int(1.0 * fps) : int(5.0 * fps)], low[int(5.0 * fps) : int(9.0 * fps)]  # a breath each (4 s)
    moved = np.abs(np.diff(late, axis=0)).mean() / np.abs(np.diff(early, axis=0)).mean()
    lit = late.mean() / early.mean()
    assert moved > 1.25 and lit > 1.02, (moved, lit)  # 1.42 and 1.05 here; 0.91 and 0.95 on main
