"""Check a Frets-on-Fire chart's tempo against its audio: best time scale and offset aligning the chart's
note-on times (notes.mid, read with its own tempo map) to the onset envelope of the guitar stem.
usage: python chart_check.py SONGDIR   (needs numpy, mido, imageio-ffmpeg)"""

import json
import sys

import mido
import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from onset_tempo import FPS, HOP, SR, load, onset_env

LAT = (HOP + 1024) / SR  # envelope frame i describes the change into the frame centred at i*HOP+HOP+1024

d = sys.argv[1]
m = mido.MidiFile(d + "/notes.mid")
t, notes = 0.0, []
for msg in m:  # iterating a MidiFile yields times in seconds (tempo map applied)
    t += msg.time
    if msg.type == "note_on" and msg.velocity > 0:
        notes.append(t)
notes = np.unique(np.round(np.array(notes), 3))
env = onset_env(load(d + "/guitar.ogg"))
env = np.convolve(env, np.ones(3) / 3, mode="same")
env /= env.std() + 1e-9
best = None
for s in np.arange(0.970, 1.0301, 0.0005):
    for off in np.arange(-1.0, 1.0, 0.01):
        idx = np.round((off + s * notes - LAT) * FPS).astype(int)
        idx = idx[(idx >= 0) & (idx < len(env))]
        sc = env[idx].mean()
        if best is None or sc > best[0]:
            best = (sc, s, off)
print(
    json.dumps(
        {
            "dir": d,
            "notes": len(notes),
            "score": round(float(best[0]), 3),
            "time_scale": round(float(best[1]), 4),
            "offset_s": round(float(best[2]), 3),
        }
    )
)
