"""Draft → one ffmpeg filter graph → MP4 (H.264 High yuv420p, AAC 48 kHz stereo, ``+faststart``).

``render_draft`` is the one entry point: it writes the graph (visuals lane, visualizer, text, audio mix) as a script,
runs a single ffmpeg process with progress and cancellation, and renames the finished file into place. A lane of
many inputs is drawn in segments by ffmpeg runs of their own, which that process reads through a pipe (``segments``).
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from ...protocol import Draft
from ..errors import RenderError
from ..ffmpeg import ffmpeg_exe
from . import segments
from .alone_scenes import numbered
from .audio_mix import build_audio
from .beat_pulse import clear_of_words
from .cover_art import cover_video, is_cover_text, lay_cover, lay_credit
from .cover_backdrop import light_tint
from .cover_drift import drift_crops
from .cover_light import lay_sweeps
from .cover_motion import section_shades
from .cover_phrases import split_shots
from .end_card import build_end_card
from .fonts import font_path
from .framing import warmth_filter
from .framings import framing_zooms, motion_box
from .graph import Canvas, ClipCopy, Graph, MediaMap, escape_value
from .looks import look_filter
from .loop import build_loop, is_silent, loop_length_ms, looped_source
from .measuring import keeping_measures
from .originals import measuring_originals
from .outro_dim import outro_dim
from .peak_guard import keep_under_ceiling
from .picture_ending import dark_after_the_sound, with_ending
from .presets import PRESETS, EncodePreset, frame_rate, output_size, quality_for
from .run import RenderCancelled, discard, finish, run_ffmpeg, temp_path_for, thread_args, video_encoder_args
from .sections import grade_filter, sections_of
from .sources import clip_copies, scaled_pictures
from .text import build_text, placed_texts
from .timeline import Shot, frame_at, shots, total_frames
from .visualizer import build_visualizer
from .visualizer_level import forget_decoded
from .visuals import build_visuals, piped_lane
from .voice_level import speaks_under_music, voice_lift_db

__all__ = [
    "PRESETS",
    "RenderCancelled",
    "RenderError",
    "RenderResult",
    "build_graph",
    "canvas_for",
    "escape_value",
    "font_path",
    "frame_at",
    "render_draft",
]


# the encoder takes the colour facts of the frames it is given, not its options: a JPEG's (unknown primaries and
# transfer) or an sRGB PNG's and an AVIF's (transfer iec61966-2-1) reached the MP4; its pixels are BT.709 by now
OUTPUT_TAGS = "setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709"
COPY_CRF_BELOW = 8  # a clip's copy is encoded this much finer than the export, so that it loses nothing visible


@dataclass(frozen=True)
class RenderResult:
    """A finished export: where it is, its size in bytes and its length in milliseconds."""

    path: Path
    size: int
    duration_ms: int


def canvas_for(draft: Draft, size: tuple[int, int] | None = None, *, lines: int = 1080, fast: bool = False) -> Canvas:
    """The canvas a draft renders onto: its aspect's size at ``lines`` (or ``size``), rate, length and beat grid
    (``fast`` for a preview)."""
    width, height = size or output_size(draft.aspect, lines)
    bpm = draft.meta.get("bpm")
    beats = draft.meta.get("beats_ms")
    first = beats[0] if isinstance(beats, list) and beats and isinstance(beats[0], (int, float)) else 0
    return Canvas(
        width=width - width % 2,
        height=height - height % 2,
        fps=draft.fps,
        frames=total_frames(draft),
        duration_ms=draft.duration_ms,
        bpm=float(bpm) if isinstance(bpm, (int, float)) and bpm > 0 else 120.0,
        first_beat_ms=int(first),
        fast=fast,
    )


def build_graph(
    draft: Draft,
    media: MediaMap,
    canvas: Canvas,
    *,
    loop_ms: int = 0,
    copies: Mapping[str, ClipCopy] | None = None,
    piped: bool = False,
    level_voice: bool = False,
) -> Graph:
    """The whole filter graph for ``draft``, ending in the pads ``[vout]`` and ``[aout]`` (no ``[aout]`` for a
    silent draft); ``loop_ms``: ``draft`` is a loop's source (``loop.looped_source``), its end dissolved into its
    start; ``copies``: clips decoded once beforehand (``sources.clip_copies``), read instead of the files; ``piped``:
    the lane's shots are drawn by ``segments`` and read from ``pipe:0`` (not for a cover video or a heard clip);
    ``level_voice``: a mix with a levelled voice under music is measured (its sound alone) and raised to the loudness
    of other posts in its own chain (``voice_level``), as an export does; else it is only limited. The song's kept
    decode (``visualizer_level``) is let go when the graph is built or its building fails."""
    try:
        return _graph(draft, media, canvas, loop_ms, copies or {}, piped=piped, level_voice=level_voice)
    finally:
        forget_decoded()


def _graph(
    draft: Draft,
    media: MediaMap,
    canvas: Canvas,
    loop_ms: int,
    copies: Mapping[str, ClipCopy],
    *,
    piped: bool,
    level_voice: bool,
) -> Graph:
    graph = Graph(copies=copies)
    draft = clear_of_words(with_ending(draft))  # no pulse moves the picture under the title or the end card
    cover = cover_video(draft, media, canvas)
    lane = shots(draft)
    if cover and cover.staged:  # each layout's background its own (``cover_phrases``)
        lane = split_shots(lane, [start for start, _ in cover.changes], canvas.fps)
    shades = []  # a cover's background: each shot's look and drift
    if cover:
        looks = section_shades(draft, lane, canvas, lambda t_ms: cover.at(t_ms).layout, light_tint(cover.path))
        shades = list(zip(looks, drift_crops(draft, lane, canvas), strict=True))
    clips: list[tuple[int, Shot]] = []  # clips whose sound is mixed: none in a piped lane (``segments``)
    if piped:
        video = piped_lane(graph, lane, canvas)
    else:
        video, clips = build_visuals(
            graph, lane, media, canvas, backdrop_of=cover.src if cover else None, shades=shades
        )
    video = lay_sweeps(graph, draft, canvas, cover.path, video, media) if cover else video  # light at each new scene
    behind = cover is not None and cover.layout.design == "wave"  # the wave runs behind the cover (``cover_layout``)
    texts = placed_texts(draft, canvas, media)  # each text's place, read once for the text and the visualizer
    video = build_visualizer(graph, draft, media, canvas, video, cover=cover, texts=texts) if behind else video
    if cover and cover.staged and not behind:  # the stage's strip runs behind its cover (``cover_phrases``)
        video = build_visualizer(graph, draft, media, canvas, video, cover=cover, texts=texts, staged=True)
    video = lay_cover(graph, cover, draft, media, canvas, video) if cover else video
    warmth = draft.meta.get("warmth")
    # the grade (warmth, and each section's look) is the pictures' and clips', not the overlays'; a track alone's
    # designed backdrop has each section's own palette instead (an ``eq`` over every 1080p frame cost 0.7 s a 30 s),
    # a cover video each section's light (``cover_motion``): the artist's cover is shown as it is made
    designed = draft.meta.get("backdrop") is not None or cover is not None
    grade = [
        warmth_filter(warmth) if isinstance(warmth, int) else "",
        "" if designed else grade_filter(sections_of(draft.meta)),
        look_filter(*(draft.meta.get(k) for k in ("look", "contrast", "brightness", "saturation"))),
    ]
    if any(grade):
        graded = graph.label("warm")
        graph.add(f"{video}{','.join(f for f in grade if f)}{graded}")
        video = graded
    off_stage = False if cover and cover.staged else None
    video = (
        video
        if behind
        else build_visualizer(graph, draft, media, canvas, video, cover=cover, texts=texts, staged=off_stage)
    )
    video = build_text(graph, draft, canvas, video, texts, skip=is_cover_text if cover else None, media=media)
    video = lay_credit(graph, cover, draft, canvas, video) if cover else video
    dim = outro_dim(draft, media) if loop_ms <= 0 else ""  # the whole frame dims with a quiet outro (no end card)
    if dim:
        dimmed = graph.label("dim")
        graph.add(f"{video}{dim}{dimmed}")
        video = dimmed
    video = build_end_card(graph, draft, canvas, video, None if cover else media)  # a cover has faded out under it
    dark = dark_after_the_sound(draft) if loop_ms <= 0 else ""  # the silence after a final hit is dark
    if dark:
        closed = graph.label("closed")
        graph.add(f"{video}{dark}{closed}")
        video = closed
    if loop_ms > 0:
        video = build_loop(graph, video, canvas, loop_ms)
    graph.add(f"{video}format=yuv420p,{OUTPUT_TAGS}[vout]")
    if not is_silent(draft):
        lift = voice_lift_db(graph, draft, media, canvas, clips) if level_voice and speaks_under_music(draft) else 0.0
        audio = build_audio(graph, draft, media, canvas, clips, lift)
        graph.add(f"{audio}anull[aout]")
    return graph


def render_draft(
    draft: Draft,
    media: MediaMap,
    out_path: Path,
    *,
    quality: str = "high",
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    size: tuple[int, int] | None = None,
    threads: int | None = None,
    cache_dir: Path | None = None,
) -> RenderResult:
    """Render ``draft`` to an MP4 at ``out_path``, replacing it only when the whole file is written.

    Parameters
    ----------
    draft : the timeline; ``draft.duration_ms`` is the export's length (± one frame).
    media : media id → (file path, MediaInfo) for every ``src`` the draft names.
    out_path : destination file (its folder must exist).
    quality : "high" (1080p), "medium" (720p), "low" (480p) or "preview" (360p, fast, at half the frame rate): the
        frame's short side, the x264 preset and crf; the long side follows the draft's aspect.
    progress : called with 0..1 as ffmpeg works, and with 1.0 when the file is in place.
    cancel : set it to stop ffmpeg; ``RenderCancelled`` is raised and nothing is written.
    size : (width, height) in pixels instead of the aspect's size, for previews and tests.
    threads : CPU threads ffmpeg may use (its filters and x264); None lets it take the whole machine.
    cache_dir : where the pictures scaled to the video's size (``sources``) and clips' measuring copies
        (``measuring``: 1 GiB of them at most, those read longest ago going first) are kept for the next export;
        None: pictures' copies made for this render only, measuring copies kept for this process. Clips' copies (a
        few MB a second of 1080p) are always made for the render only.

    Returns
    -------
    RenderResult with the path, size in bytes and duration in ms.

    Examples
    --------
    >>> render_draft(draft, {"med_1": (Path("song.mp3"), info)}, Path("out.mp4"), quality="medium")  # doctest: +SKIP
    """
    preset = quality_for(quality)
    if frame_rate(preset, draft.fps) != draft.fps:  # a preview, at half the rate
        draft = draft.with_meta(fps=frame_rate(preset, draft.fps))
    if draft.duration_ms <= 0:
        raise RenderError("the draft is empty (its length is 0 ms): add music or visuals before exporting")
    check_media(draft, media)
    out_path = Path(out_path)
    if not out_path.parent.is_dir():
        raise RenderError(f"cannot write {out_path}: the folder {out_path.parent} does not exist")
    canvas = canvas_for(draft, size, lines=preset.lines, fast=preset.fast)
    loop_ms = loop_length_ms(draft)
    source = numbered(looped_source(draft, loop_ms))  # a track alone's scenes numbered: ``alone_scenes``
    temp = temp_path_for(out_path)
    try:
        # beside the output, not in the system tmp: the engine's start-up clean-up removes ``*.part*`` leftovers there
        with tempfile.TemporaryDirectory(prefix=f".{out_path.name}.", suffix=".part", dir=out_path.parent) as folder:
            kept = cache_dir if cache_dir is not None else Path(folder)
            zooms = framing_zooms(shots(draft))  # a close framing keeps more of the picture's pixels
            pictures = media
            media = scaled_pictures(media, draft.media_ids(), motion_box(canvas), kept / "pictures", zooms)
            measures = keeping_measures(cache_dir / "measures") if cache_dir is not None else nullcontext()
            with measuring_originals(_originals(pictures, media)), measures:
                source_canvas = canvas_for(source, size, lines=preset.lines, fast=preset.fast)
                crf = max(preset.crf - COPY_CRF_BELOW, 10)
                copies = clip_copies(
                    shots(with_ending(source)),
                    media,
                    source_canvas,
                    Path(folder),
                    crf=crf,
                    threads=threads,
                    cancel=cancel,
                    zooms=zooms,
                )
                parts = segments.spans(source, media, source_canvas) if loop_ms == 0 else []
                graph = build_graph(
                    source, media, source_canvas, loop_ms=loop_ms, copies=copies, piped=bool(parts), level_voice=True
                )
                feeds = segments.commands(source, media, source_canvas, parts, copies, Path(folder), threads=threads)
            script = Path(folder) / "graph.txt"
            script.write_text(graph.script(), encoding="utf-8")
            cmd = ffmpeg_command(graph, script, canvas, preset, temp, threads=threads, draft=draft)
            if parts:
                segments.run_piped(cmd, feeds, duration_ms=draft.duration_ms, progress=progress, cancel=cancel)
            else:
                run_ffmpeg(cmd, duration_ms=draft.duration_ms, progress=progress, cancel=cancel)
        keep_under_ceiling(temp, preset.audio_bitrate_kbps, draft.duration_ms, cancel)
        finish(temp, out_path)
    finally:
        discard(temp)
    if progress is not None:
        progress(1.0)
    return RenderResult(out_path, out_path.stat().st_size, canvas.frames * 1000 // canvas.fps)


def _originals(pictures: MediaMap, scaled: MediaMap) -> dict[Path, tuple[Path, tuple[int, int]]]:
    """Each picture's copy (``sources.scaled_pictures``) → the picture and its size, for the decisions made on the
    picture itself (``originals``)."""
    out = {}
    for media_id, (path, info) in pictures.items():
        if scaled[media_id][0] != path:
            out[scaled[media_id][0]] = (path, (info.width or 1, info.height or 1))
    return out


def check_media(draft: Draft, media: MediaMap) -> None:
    """Raise RenderError naming every media id the draft uses that is not in ``media`` or whose file is gone."""
    missing = sorted(m for m in draft.media_ids() if m not in media)
    if missing:
        raise RenderError(f"the draft uses media this session does not have: {', '.join(missing)}")
    gone = sorted(m for m in draft.media_ids() if not Path(media[m][0]).is_file())
    if gone:
        raise RenderError(f"the files of these media are missing on disk: {', '.join(gone)}; upload them again")


def ffmpeg_command(
    graph: Graph,
    script: Path,
    canvas: Canvas,
    preset: EncodePreset,
    temp: Path,
    *,
    threads: int | None = None,
    draft: Draft | None = None,
) -> list[str]:
    """The full ffmpeg command line for a built graph (``threads``: its share of the CPU, None for all of it;
    ``draft``: what it renders, for a silent draft's want of a sound stream and its cap on the video's bit rate)."""
    head = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "warning", "-nostats", "-progress", "pipe:1"]
    graph_args = [*thread_args(threads, graph=True), "-/filter_complex", str(script)]
    output = [*_output_args(canvas, preset, draft or Draft.empty()), *thread_args(threads, graph=False)]
    return [*head, *graph.input_args(), *graph_args, *output, str(temp)]


def _output_args(canvas: Canvas, preset: EncodePreset, draft: Draft) -> Sequence[str]:
    color = ["-color_range", "tv", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]
    video = [*video_encoder_args(ffmpeg_exe(), preset.x264_preset, preset.crf, preset.x264_params), *_rate_cap(draft)]
    audio = ["-map", "[aout]", "-c:a", "aac", "-b:a", f"{preset.audio_bitrate_kbps}k", "-ar", "48000", "-ac", "2"]
    return [
        *["-map", "[vout]", *video, "-pix_fmt", "yuv420p", "-r", str(canvas.fps), *color],
        *[
            *([] if is_silent(draft) else audio),
            "-frames:v",
            str(canvas.frames),
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
        ],
    ]


def _rate_cap(draft: Draft) -> list[str]:
    """``-maxrate`` for a draft with ``m.max_video_kbps`` (a Canvas, whose file has a size limit), else nothing."""
    cap = draft.meta.get("max_video_kbps")
    if not isinstance(cap, int) or isinstance(cap, bool) or cap <= 0:
        return []
    return ["-maxrate", f"{cap}k", "-bufsize", f"{cap}k"]
