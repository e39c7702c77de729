"""Drafts shaped like planning's, made by hand, for the fast tests (no analysis, no files)."""

from __future__ import annotations

from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment, Track, TrackType

BEAT_MS = 500  # 120 BPM
LENGTH_MS = 16_000


def uploads() -> list[MediaInfo]:
    return [
        MediaInfo("m_song", "AB2N_0330.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=LENGTH_MS),
        MediaInfo("m_pic1", "beach.jpg", MediaKind.IMAGE, "jpg", 100, width=640, height=360),
        MediaInfo("m_pic2", "city.jpg", MediaKind.IMAGE, "jpg", 100, width=640, height=360),
        MediaInfo("m_clip", "travel.mp4", MediaKind.VIDEO, "mp4", 1000, duration_ms=6000, has_audio=True),
    ]


def music_video(beats_per_cut: int = 4) -> Draft:
    """16 s at 120 BPM: three visuals cycling every ``beats_per_cut`` beats, the song, a waves visualizer."""
    beats = list(range(0, LENGTH_MS, BEAT_MS))
    slot = BEAT_MS * beats_per_cut
    sources = [("m_pic1", None), ("m_pic2", None), ("m_clip", 0)]
    segments = []
    for k, start in enumerate(range(0, LENGTH_MS, slot)):
        src, in_ms = sources[k % 3]
        segments.append(Segment(start, min(slot, LENGTH_MS - start), src=src, in_ms=in_ms, meta={"motion": "zoom_in"}))
    visuals = Track(TrackType.VIDEO, tuple(segments), {"role": "visuals"})
    viz_meta = {"role": "visualizer", "effect": "waves", "color": "#ffffff", "position": "bottom", "opacity": 0.9}
    visualizer = Track(
        TrackType.VIDEO, (Segment(0, LENGTH_MS, src="m_song", in_ms=0, meta=viz_meta),), {"role": "visualizer"}
    )
    music = Track(
        TrackType.AUDIO, (Segment(0, LENGTH_MS, src="m_song", in_ms=0),), {"role": "music", "name": "AB2N_0330"}
    )
    meta = {
        "aspect": "16:9",
        "fps": 30,
        "bpm": 120.0,
        "beats_ms": beats,
        "downbeats_ms": beats[::4],
        "beats_per_cut": beats_per_cut,
    }
    return Draft((visuals, visualizer, music), LENGTH_MS, meta)
