"""The same words and files give the same video whatever the interpreter's hash seed: the suite runs each process
under a random PYTHONHASHSEED, so a set's order reaching a plan, a reply or a composed note would make a test pass or
fail by luck. Two processes under different seeds make the same builds through the public client, each with its own
engine and home folder; their timelines, replies (less the progress words, which tell the time) and composed files
are compared. On main d23df2f the composed track differed: "acoustic chill epic romantic" summed its styles' energies
in a set's order (``music.brief._other_styles_lean``), and the brief's repr seeds the composer."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from .media import PICTURE_COLORS, click_track, picture

ROOT = Path(__file__).resolve().parents[2]
# how far a long step has come and how long it has taken, said by the clock ("40 %… ", "still composing (5 s)… ",
# "12 s… ": ``agent.replies``' "still" and "still_again")
PROGRESS = re.compile(r"\d+ %… |still [^(…]*\(\d+ s\)… |\d+ s… ")

BUILDS = """
import hashlib, json, sys
from pathlib import Path
from nemo_notebook.client import Client

home, files = Path(sys.argv[1]), json.loads(sys.argv[2])
builds = [(files["video"], ["make a music video with no visualizer and no title", "hold the last shot"]),
          (files["cover"], ["compose an acoustic chill epic romantic track of 10 seconds"])]
out = []
with Client(home=home) as client:
    for uploads, words in builds:
        session = client.sessions.create()
        names = {session.upload(Path(p)).id: Path(p).name for p in uploads}
        for said in words:
            text = session.send(said).text
            state = session.state()
            for made in state.generated:
                names[made.id] = "made:" + hashlib.sha256(session.download_media(made.id, home / made.name).read_bytes()).hexdigest()
            draft = json.dumps(state.draft.to_wire(), sort_keys=True)
            for media_id, name in names.items():
                text, draft = text.replace(media_id, name), draft.replace(media_id, name)
            out.append({"said": said, "reply": text, "draft": json.loads(draft)})
print(json.dumps(out))
"""


def _builds(tmp_path: Path, seed: str, files: dict[str, list[str]]) -> list[dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEMO_TOKEN", "NEMO_BACKEND")} | {"PYTHONHASHSEED": seed}
    home = tmp_path / f"home-{seed}"
    done = subprocess.run(
        [sys.executable, "-c", BUILDS, str(home), json.dumps(files)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=280, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    builds: list[dict[str, object]] = json.loads(done.stdout)
    for build in builds:
        build["reply"] = PROGRESS.sub("", str(build["reply"]))
    return builds


def test_two_hash_seeds_make_the_same_timelines_replies_and_music(tmp_path: Path) -> None:
    song = click_track(tmp_path / "click.wav", 120.0, 12.0)
    photos = [picture(tmp_path / f"photo-{i + 1}.jpg", color) for i, color in enumerate(PICTURE_COLORS)]
    files = {"video": [str(song), *map(str, photos)], "cover": [str(photos[0])]}
    first, second = _builds(tmp_path, "0", files), _builds(tmp_path, "1", files)
    assert [b["said"] for b in first] == [b["said"] for b in second]
    assert "the last shot now holds" in str(first[1]["reply"])  # the builds did what they were asked
    assert any(str(v).startswith("made:") for v in json.dumps(first[2]["draft"]).split('"'))  # a track was composed
    for one, other in zip(first, second, strict=True):
        assert one["reply"] == other["reply"], one["said"]
        assert one["draft"] == other["draft"], one["said"]
