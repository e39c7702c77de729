"""Low-band (kick/bass, < 150 Hz) onset periodicity: which of two tempo candidates the low end supports.
usage: python lowband_acf.py FILE BPM_A BPM_B"""

import json
import sys

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from onset_tempo import FPS, HOP, SR, acf, at, load

path, a_bpm, b_bpm = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
x = load(path)
n = 2048
frames = np.lib.stride_tricks.sliding_window_view(x, n)[::HOP] * np.hanning(n).astype(np.float32)
mag = np.abs(np.fft.rfft(frames, axis=1))[:, : int(150 * n / SR) + 1]
lm = np.log1p(100 * mag)
env = np.maximum(lm[1:] - lm[:-1], 0).sum(axis=1)
env = np.maximum(env - np.convolve(env, np.ones(16) / 16, mode="same"), 0)
a = acf(env)
out = {}
for bpm in (a_bpm, b_bpm):
    lag = 60 * FPS / bpm
    # evidence for this level: ACF at one period minus ACF at half a period (off-beat energy at this level)
    out[str(bpm)] = {
        "acf_1": round(at(a, lag), 3),
        "acf_half": round(at(a, lag / 2), 3),
        "acf_1.5": round(at(a, 1.5 * lag), 3),
    }
print(json.dumps({"file": path, **out}))
