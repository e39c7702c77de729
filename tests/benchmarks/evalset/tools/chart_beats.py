"""Beat grid of a Frets-on-Fire song from its chart (notes.mid): every quarter note of the MIDI tempo map,
moved by the offset/time-scale found by chart_check.py, cut at the audio length.
usage: python chart_beats.py SONGDIR AUDIOFILE OFFSET SCALE MAXLEN"""

import json
import sys

import mido

d, audio, off, scale, maxlen = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
m = mido.MidiFile(d + "/notes.mid")
tempos = []  # (tick, tempo)
for tr in m.tracks:
    tick = 0
    for msg in tr:
        tick += msg.time
        if msg.type == "set_tempo":
            tempos.append((tick, msg.tempo))
tempos = sorted(set(tempos)) or [(0, 500000)]


def tick2sec(tk):
    s, last_tick, tempo = 0.0, 0, 500000
    for t0, tp in tempos:
        if t0 > tk:
            break
        s += (t0 - last_tick) * tempo / 1e6 / m.ticks_per_beat
        last_tick, tempo = t0, tp
    return s + (tk - last_tick) * tempo / 1e6 / m.ticks_per_beat


beats, k = [], 0
while True:
    t = off + scale * tick2sec(k * m.ticks_per_beat)
    if t > maxlen:
        break
    if t >= 0:
        beats.append(round(t, 4))
    k += 1
bpm = 60e6 / tempos[0][1] / scale
print(
    json.dumps(
        {
            "file": audio,
            "source": "Frets on Fire chart notes.mid, aligned to guitar-stem onsets",
            "bpm": round(bpm, 2),
            "offset_s": off,
            "time_scale": scale,
            "beats": beats,
        }
    )
)
