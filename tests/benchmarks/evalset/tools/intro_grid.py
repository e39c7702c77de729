"""A song's own beat grid carried into an intro where essentia's beats wander (recording 11).

usage: python intro_grid.py FILE BODY_START_S BODY_END_S   (run from evalset/; prints one JSON line)

Essentia's beats over the body (BODY_START_S to BODY_END_S, where its intervals are steady) are fitted with one
period and phase. The evidence that the intro keeps that grid, and on which half of it the beat lies, is printed
with the line: for five bands and each 4 s window of the intro, the share of the band's level rises (dB flux, frames
placed at their centre) within 1/8 beat of the grid's beat and within 1/8 beat of its half beat; and the phase of
each of essentia's intro beats on the grid. Rises on the grid's beat in every band, with only the hi-hat bands on
the half beat, mean the intro has the body's beat and an off-beat hat; essentia drifting over to the half beat then
follows the hat, which a listener hears as the "and". The reference written is the grid over the intro, essentia's own
beats from BODY_START_S on (its fade-out included, untouched). This is analysis, not tapping: a person should still
tap the file.
"""

import json
import sys

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from onset_tempo import SR, load

path, body_start, body_end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
name = path.rsplit("/", 1)[-1]
with open("references.jsonl") as references:
    essentia = next(json.loads(line) for line in references if line.strip() and json.loads(line)["file"].endswith(name))
beats = np.asarray(essentia["beats"])
body = beats[(beats >= body_start) & (beats < body_end)]
period0 = float(np.median(np.diff(body)))
index = np.concatenate([[0], np.cumsum(np.round(np.diff(body) / period0))])
period, origin = np.polyfit(index, body, 1)
residual_ms = (body - (origin + period * index)) * 1000
intro = origin + period * np.arange(-int(body_start / period) - 1, 0)
intro = intro[(intro >= 0) & (intro < body[0] - period / 2)]

x = load(path)
n, hop = 1024, 128
frames = np.lib.stride_tricks.sliding_window_view(x, n)[::hop] * np.hanning(n)
magnitude = np.abs(np.fft.rfft(frames, axis=1))
freqs = np.fft.rfftfreq(n, 1 / SR)
times = (np.arange(len(magnitude)) * hop + n / 2) / SR
BANDS = ((20, 150), (150, 500), (500, 2000), (2000, 6000), (6000, 11000))
folded = []
for start in np.arange(0, body_start - 0.5, 4.0):
    window = (times >= start) & (times < min(start + 4.0, body_start))
    phase = ((times[window] - origin) / period) % 1.0
    on_beat = (phase < 0.125) | (phase >= 0.875)
    half_beat = np.abs(phase - 0.5) < 0.125
    row = {"from_s": round(float(start), 1)}
    for low, high in BANDS:
        level = 20 * np.log10(magnitude[window][:, (freqs >= low) & (freqs < high)].sum(axis=1) + 1e-6)
        rise = np.maximum(np.diff(level, prepend=level[0]), 0)
        row[f"{low}-{high} Hz beat/half"] = [
            round(float(rise[on_beat].sum() / rise.sum()), 2),
            round(float(rise[half_beat].sum() / rise.sum()), 2),
        ]
    folded.append(row)
essentia_intro = beats[beats < body_start]
print(
    json.dumps(
        {
            "file": f"audio/{name}",
            "source": f"essentia's beats from {body_start} s; before that its body grid ({body_start}-{body_end} s) "
            "carried back, because the intro's rises keep the grid's beat in every band and only the hat takes the half beat (see rises_by_band)",
            "bpm": round(60 / period, 3),
            "body_residual_ms": {
                "std": round(float(residual_ms.std()), 1),
                "max": round(float(abs(residual_ms).max()), 1),
            },
            "rises_by_band": folded,
            "essentia_intro_phase": [round(float(p), 2) for p in ((essentia_intro - origin) / period) % 1.0],
            "essentia_intro_intervals_s": [round(float(d), 3) for d in np.diff(essentia_intro)],
            "beats": [round(float(t), 4) for t in np.concatenate([intro, beats[beats >= body_start]])],
        }
    )
)
