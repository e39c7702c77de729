"""Media the render and planning tests make for themselves, and ways to look inside the videos they render."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.backdrops import backdrop_chain
from nemo_notebook.engine.render.graph import Canvas, Graph
from nemo_notebook.engine.render.timeline import Shot
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment

# colours whose luma differs by at least 50 between any two, so a cut between them is unmistakable
LUMA_COLORS = ("#f0f0f0", "#202020", "#a0a0a0", "#606060")


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def click_track(path: Path, tempo_bpm: float, duration_ms: int, *, first_beat_ms: int = 0) -> Path:
    """A stereo WAV with a 1 kHz click on every beat (louder on each bar's first) over a quiet hum."""
    period, offset = 60 / tempo_bpm, first_beat_ms / 1000
    accent = f"(0.5+0.4*lt(mod(t-{offset},{period * 4}),0.05))"
    click = f"sin(2*PI*1000*t)*exp(-60*mod(t-{offset},{period}))*gte(t,{offset})"
    expr = f"{accent}*{click}+0.05*sin(2*PI*110*t)"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{expr}':s=44100:d={duration_ms / 1000}", "-ac", "2", str(path))
    return path


def quiet_intro_song(path: Path, quiet_s: float, seconds: float) -> Path:
    """An electronic track at 128 BPM: a pad and an arpeggio 30 dB down for its first ``quiet_s`` seconds (a quiet
    intro), then its drop (kick, bass, lead), ``seconds`` long in all."""
    pad = "0.2*(sin(2*PI*220*t)+sin(2*PI*277.2*t)+sin(2*PI*329.6*t))"
    arp = "sin(2*PI*(440+110*floor(mod(4.267*t,4)))*t)"  # eighths at 128 BPM
    beat = "mod(t,0.46875)"
    drop = f"sin(2*PI*(50+120*exp(-30*{beat}))*{beat})*exp(-8*{beat})+0.3*sgn(sin(2*PI*55*t))+0.3*{arp}+0.3*{pad}"
    sound = f"if(lt(t,{quiet_s}),0.0313*({pad}+0.5*{arp}*exp(-6*mod(t,0.2344))),0.4*({drop}))"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{sound}':s=44100:d={seconds}", "-ac", "2", str(path))
    return path


def click_analysis(tempo_bpm: float, duration_ms: int, *, first_beat_ms: int = 0, **changes: Any) -> AudioAnalysis:
    """What a perfect analysis of ``click_track`` says: beats every period, a downbeat every four, flat energy."""
    period = 60000 / tempo_bpm
    beats = tuple(round(first_beat_ms + i * period) for i in range(int((duration_ms - first_beat_ms) / period) + 1))
    beats = tuple(b for b in beats if b < duration_ms)
    values: dict[str, Any] = {
        "duration_ms": duration_ms,
        "tempo_bpm": tempo_bpm,
        "beats_ms": beats,
        "downbeats_ms": beats[::4],
        "onsets_ms": beats,
        "energy": (0.5,) * (duration_ms // 100 + 1),
        "energy_hop_ms": 100,
        "sections_ms": (0,),
    }
    values.update(changes)
    return AudioAnalysis(**values)


def picture(path: Path, color: str, size: str = "640x360") -> Path:
    ffmpeg("-f", "lavfi", "-i", f"color=c={color}:s={size}", "-frames:v", "1", str(path))
    return path


def audio_info(media_id: str, path: Path, duration_ms: int) -> MediaInfo:
    return MediaInfo(
        media_id, path.name, MediaKind.AUDIO, path.suffix[1:], path.stat().st_size, duration_ms=duration_ms
    )


def image_info(media_id: str, path: Path) -> MediaInfo:
    return MediaInfo(media_id, path.name, MediaKind.IMAGE, path.suffix[1:], path.stat().st_size, width=640, height=360)


def video_info(media_id: str, path: Path, duration_ms: int, *, has_audio: bool = True) -> MediaInfo:
    return MediaInfo(
        media_id, path.name, MediaKind.VIDEO, "mp4", path.stat().st_size, duration_ms, 640, 360, 25.0, has_audio
    )


def probe(path: Path) -> dict[str, Any]:
    """Codec facts of an MP4: streams, sizes, rates, and the order of its top-level boxes."""
    import av

    with av.open(str(path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        facts = {
            "video_streams": len(container.streams.video),
            "audio_streams": len(container.streams.audio),
            "codec": video.codec_context.name,
            "profile": video.codec_context.profile,
            "pix_fmt": video.codec_context.pix_fmt,
            "size": (video.width, video.height),
            "fps": float(video.average_rate or 0),
            "frames": video.frames,
            "audio_codec": audio.codec_context.name,
            "sample_rate": audio.rate,
            "channels": audio.channels,
            "duration_ms": (container.duration or 0) / 1000,
        }
    facts["boxes"] = top_level_boxes(path)
    return facts


def top_level_boxes(path: Path) -> list[str]:
    """The MP4's top-level box types in file order (``moov`` before ``mdat`` means +faststart)."""
    names = []
    with path.open("rb") as f:
        while header := f.read(8):
            size, kind = int.from_bytes(header[:4], "big"), header[4:8].decode("latin-1")
            if size == 1:
                size = int.from_bytes(f.read(8), "big") - 8
            names.append(kind)
            if size < 8:
                break
            f.seek(size - 8, 1)
    return names


def gray_frames(path: Path) -> Any:
    """All frames as one (n, height, width) float32 array of luma."""
    import av
    import numpy as np

    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="gray").astype(np.float32) for f in container.decode(video=0)]
    return np.stack(frames)


def cut_frames(frames: Any, threshold: float = 25.0) -> list[int]:
    """Indices of frames that differ strongly from the frame before: where the cuts are."""
    import numpy as np

    diffs = np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2))
    return [int(i) + 1 for i in np.nonzero(diffs > threshold)[0]]


def thumping_song(folder: Path, amplitude: float, duration_s: float = 3.0) -> Path:
    """A stereo WAV of a 55 Hz bass note thumping on every beat at 120 BPM, at ``amplitude`` (0.8: as loud as a
    mastered rock song on its downbeats, about -6 dB; 0.05: a quiet one)."""
    path = folder / f"thump-{amplitude}.wav"
    note = f"{amplitude}*sin(2*PI*55*t)*(0.6+0.4*exp(-8*mod(t,0.5)))"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{note}':s=44100:d={duration_s}", "-ac", "2", str(path))
    return path


def tone_level(samples: Any, rate: int, freq_hz: float, start_s: float, end_s: float) -> float:
    """The amplitude of the ``freq_hz`` tone in ``samples`` between the two times."""
    import numpy as np

    window = samples[int(start_s * rate) : int(end_s * rate)]
    t = np.arange(window.size) / rate
    return float(np.abs(np.sum(window * np.exp(-2j * np.pi * freq_hz * t))) * 2 / max(window.size, 1))


def decode_mono(path: Path) -> tuple[Any, int]:
    """The sound of ``path``, its channels averaged, and its sample rate."""
    import av
    import numpy as np

    with av.open(str(path)) as container:
        chunks = [f.to_ndarray().mean(axis=0) for f in container.decode(audio=0)]
        rate = container.streams.audio[0].rate
    return np.concatenate(chunks), rate


def backdrop_frames(meta: dict[str, Any], start: int, size: tuple[int, int, int, int], *, bpm: float, rgb: bool) -> Any:
    """Every frame of one designed backdrop scene (``backdrop_chain``) drawn alone, as an array of (frames, h, w[, 3]).

    ``size`` is (width, height, fps, seconds); ``start`` is the scene's first frame in the song (its seed)."""
    w, h, fps, seconds = size
    canvas = Canvas(w, h, fps, fps * seconds, seconds * 1000, bpm=bpm)
    segment = Segment.from_wire({"s": 0, "d": seconds * 1000, "m": meta})
    chain = backdrop_chain(Graph(), Shot(segment, start, fps * seconds), canvas)
    pix_fmt, shape = ("rgb24", (h, w, 3)) if rgb else ("gray", (h, w))
    args = [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", f"{chain},format={pix_fmt}", "-f", "rawvideo", "-"]
    raw = subprocess.run(args, check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, *shape)
