"""Pictures and clips at the size the video shows them, made once before the filter graph and kept.

ffmpeg configures its graph from the first frame of every input, so each picture is decoded at the start and held
until the end: a 12-megapixel photo is 18-36 MB decoded, and 100 of them took a render to 4.3 GB. A picture larger
than the video needs is therefore scaled down beforehand, by a short ffmpeg of its own, to the smallest size that
covers the motion box (the frame with the room a pan or zoom moves in: no shot shows more of it), and the render
reads that copy. The copy is upright (ffmpeg applies a photo's EXIF orientation as it reads it, as the graph did),
a JPEG where the source is one (quality 2) and a PNG otherwise (lossless: logos, cut-outs and their transparency).

A clip is decoded once too: every shot used to be an input of its own that decoded from the keyframe before its
in-point (seconds of frames thrown away per shot, at the clip's full size: a 4K HEVC clip cost twice the 1080p one),
and every such input held a decoder with its frames for the whole render (163 shots of one clip: 5.1 GB). The
stretch of the clip the shots use is now read once, upright, tone-mapped to SDR, in square pixels at the canvas's
rate and scaled to cover the frame (never enlarged), into an MPEG-2 copy with a keyframe every half second and its
sound where a shot may play it (``muted``) as 32-bit float PCM (Matroska); each shot reads its part of that copy
(its picture, and its sound where that is heard), on one decoding thread. MPEG-2 at quantiser 2, not H.264: 10 s of a 1080p clip (Big Buck Bunny) took 2.0 CPU
s to write against x264 ultrafast's 3.1 at crf 12, and 0.5 to read against 1.1, at 51 dB PSNR to the frames written
against 55. The copy's frames are scaled once (``copy_filters``), and a preview's copy of a large clip is decoded
without its loop filter and scaled by averaging (``_quick``). A copy from the clip's start shows its first picture
over a leader of flat, dark frames (``clip_leader``).

Pictures' copies are kept under the hash of the file's content, the box and ``VERSION``: the next export of the same
photos at the same size reads them, a changed file gets a new copy. Clips' copies (named by the clip's size and
first and last MiB, the stretch, the size and the rate) are made for one render: at a few MB a second of 1080p they
would fill the disk of a long-lived engine, which has no eviction for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ...protocol import MediaInfo, MediaKind
from ..analysis.cache import file_key
from ..errors import RenderError
from ..ffmpeg import ffmpeg_exe
from ..reduced_decode import decoder_options
from .clip_leader import leader_filters, leader_ms
from .clip_reads import CLIP_LEAD_MS, clip_window, muted
from .clip_time import LOOPED_FORMATS
from .frame_copy import measured_frame_input
from .framing import fill_scale
from .graph import Canvas, ClipCopy, MediaMap, even
from .hdr import to_bt709, tone_map
from .measuring import Alongside, adopt, alongside
from .quick_decode import quick_decode_args
from .run import RenderCancelled, run_ffmpeg, thread_args, tied_to_parent
from .see_through import clip_has_alpha, decoder_args, on_slate
from .timeline import Shot

VERSION = 6  # 5: a copy from the clip's start keeps all of its sound; 6: and shows no leader (``clip_leader``)
ROOM = 0.8  # a picture under 1.25 times the size it is shown at is read as it is: scaling it would save little
_JPEG_FORMATS = frozenset({"jpg", "jpeg"})
_TIMEOUT_S = 120


def scaled_pictures(
    media: MediaMap,
    used: Iterable[str],
    box: tuple[int, int],
    folder: Path,
    zooms: Mapping[str, float] | None = None,
) -> MediaMap:
    """``media`` with every picture among ``used`` that is larger than ``box`` needs replaced by its copy scaled to
    cover ``box`` (made in ``folder`` unless it is there already), its ``MediaInfo`` giving the copy's size and format.
    A picture shown in a close framing (``zooms``: the nearest, by media id) needs ``box`` that many times as large.

    A picture that cannot be scaled (ffmpeg fails on it) stays as it is: the render then says what is wrong with it.
    """
    out = dict(media)
    for media_id in sorted(set(used) & set(media)):
        path, info = media[media_id]
        zoom = (zooms or {}).get(media_id, 1.0)
        needed = (even(box[0] * zoom), even(box[1] * zoom)) if zoom > 1.0 else box
        if not _worth_scaling(info, needed):
            continue
        copy = _scaled_copy(path, info, needed, folder)
        if copy is not None:
            out[media_id] = copy
    return out


def _worth_scaling(info: MediaInfo, box: tuple[int, int]) -> bool:
    if info.kind != MediaKind.IMAGE or not info.width or not info.height:
        return False
    return fill_scale(info.width, info.height, *box) < ROOM


def _scaled_copy(path: Path, info: MediaInfo, box: tuple[int, int], folder: Path) -> tuple[Path, MediaInfo] | None:
    suffix = "jpg" if info.format in _JPEG_FORMATS else "png"
    copy = folder / f"picture-v{VERSION}-{_content_hash(path)}-{box[0]}x{box[1]}.{suffix}"
    if not copy.exists() and not _made(path, info, box, copy):
        return None
    size = _frame_size(copy)
    if size is None:
        return None
    return copy, replace(info, format=suffix, size=copy.stat().st_size, width=size[0], height=size[1])


def _content_hash(path: Path) -> str:
    """SHA-256 of the whole file (24 hex digits): a picture edited anywhere gets a copy of its own."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:24]


def _made(path: Path, info: MediaInfo, box: tuple[int, int], copy: Path) -> bool:
    """Write the copy of ``path`` covering ``box``: a JPEG from the frame its measures decoded where that is large
    enough (``frame_copy``), else read by ffmpeg at the reduced scale that covers ``box``."""
    reduced, turned = _reduced_read(info, box), tone_map(path)
    if info.format in _JPEG_FORMATS and info.width and info.height and not turned:
        halvings = int(decoder_options("mjpeg", (info.width, info.height), box).get("lowres", "0"))
        piped = measured_frame_input(path, (info.width, info.height), halvings)
        if piped is not None:
            with _raw_file(piped.raw, copy.parent) as raw:
                return _scale([*piped.args, "-i", str(raw)], box, copy, piped.upright)
    return _scale([*reduced, "-i", str(path)], box, copy, turned)


@contextlib.contextmanager
def _raw_file(raw: bytes, folder: Path) -> Iterator[Path]:
    """``raw`` (a decoded frame's pixels) in a file of its own in ``folder`` for the copy's ffmpeg to read, deleted
    after. Piped into its ffmpeg with a timeout, the frame (4.5 MB for a 12-megapixel photo decoded at 1/2) was written
    by ``subprocess``'s select loop 4 kB at a time, about 1100 turns of the engine's Python a photo: 12 copies of six
    such photos took 0.143 CPU s of the engine piped, 0.114 so (2.4 ms a copy), each copy byte for byte the same."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix=".frame.", suffix=".raw")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _reduced_read(info: MediaInfo, box: tuple[int, int]) -> list[str]:
    """The decoder options that read a JPEG at the reduced scale (``reduced_decode``) still covering ``box``: a
    12-megapixel photo's preview copy (718x538) is made from its 1000x750 decode, its 1080p one (2150x1612) from the
    whole picture."""
    if info.format not in _JPEG_FORMATS or not info.width or not info.height:
        return []
    options = decoder_options("mjpeg", (info.width, info.height), box)  # sizes as shown: a turn swaps both alike
    return [arg for name, value in options.items() for arg in (f"-{name}", value)]


def _scale(read: list[str], box: tuple[int, int], copy: Path, first: str) -> bool:
    """Write the picture ffmpeg reads with ``read`` (its file, or a file of its decoded pixels), passed through the
    filters ``first``, scaled to cover ``box`` (its aspect kept, sizes even) to ``copy``, atomically; False where
    ffmpeg could not."""
    w, h = box
    # an HDR photo (PQ, HLG) tone-mapped first (``first``): its copy (JPEG, PNG) keeps no transfer to say what its
    # values mean
    chain = f"[0:v]trim=end_frame=1,{first}scale={w}:{h}:force_original_aspect_ratio=increase:force_divisible_by=2:flags=lanczos,setsar=1"
    # 4:2:0 as the video is: a 4:4:4 JPEG decodes to twice the memory, which the graph holds for the whole render
    quality = ["-q:v", "2", "-pix_fmt", "yuvj420p"] if copy.suffix == ".jpg" else []
    copy.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=copy.parent, prefix=f".{copy.stem}.", suffix=copy.suffix)
    os.close(fd)
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-nostdin", *read]
    cmd += ["-filter_complex", f"{chain}[out]", "-map", "[out]", "-frames:v", "1", "-update", "1", *quality, name]
    try:
        done = subprocess.run(tied_to_parent(cmd), input=b"", capture_output=True, timeout=_TIMEOUT_S)
        if done.returncode == 0 and Path(name).stat().st_size > 0:
            os.replace(name, copy)
            return True
        return False
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        Path(name).unlink(missing_ok=True)


def _frame_size(path: Path) -> tuple[int, int] | None:
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            return int(stream.width), int(stream.height)
    except (av.FFmpegError, OSError, IndexError):
        return None


def clip_copies(
    shots: Sequence[Shot],
    media: MediaMap,
    canvas: Canvas,
    folder: Path,
    *,
    crf: int,
    threads: int | None = None,
    cancel: threading.Event | None = None,
    zooms: Mapping[str, float] | None = None,
) -> dict[str, ClipCopy]:
    """A copy of each clip the shots show (an animated GIF excepted), covering the stretch they read, made in
    ``folder`` unless it is there already; the copy as fine as x264 at ``crf`` (``copy_quantiser``). A clip whose copy fails is read as it is.
    A clip shown in a close framing (``zooms``: the nearest, by media id) is copied that many times as large (never
    larger than it is).

    Raises
    ------
    RenderCancelled
        ``cancel`` was set while a copy was being made.
    """
    stretches: dict[str, tuple[int, int]] = {}
    sounding: set[str] = set()  # clips a shot may play the sound of: their copies keep it
    for shot in shots:
        src = shot.segment.src
        if src is None or src not in media or media[src][1].kind != MediaKind.VIDEO:
            continue
        if media[src][1].format in LOOPED_FORMATS:
            continue
        if not muted(shot):
            sounding.add(src)
        in_ms, need_ms = clip_window(shot, media[src][1], canvas)
        in_ms = max(0, in_ms - CLIP_LEAD_MS)  # the frame on screen at an in-point may have begun before it
        start, end = stretches.get(src, (in_ms, in_ms + need_ms))
        stretches[src] = (min(start, in_ms), max(end, in_ms + need_ms))
    copies = {}
    for src, (start, end) in sorted(stretches.items()):
        length_ms = media[src][1].duration_ms
        stretch = (start, min(end, length_ms) if length_ms else end)
        zoom = (zooms or {}).get(src, 1.0)
        size = (even(canvas.width * zoom), even(canvas.height * zoom)) if zoom > 1.0 else (canvas.width, canvas.height)
        sized = replace(canvas, width=size[0], height=size[1])
        sound = src in sounding
        copy = _clip_copy(*media[src], stretch, sized, folder, crf=crf, threads=threads, cancel=cancel, sound=sound)
        if copy is not None:
            copies[src] = copy
    return copies


def heard(shot: Shot, info: MediaInfo) -> bool:
    """Whether the shot plays its clip's own sound. It is read from the clip's copy, whose sound is 32-bit float PCM
    so that a decoder's samples over full scale are kept as the file gives them, not clipped as 16-bit PCM would."""
    volume = shot.segment.meta.get("volume", 1.0)
    return bool(info.has_audio) and (not isinstance(volume, (int, float)) or volume > 0)


def _clip_copy(
    path: Path,
    info: MediaInfo,
    stretch: tuple[int, int],
    canvas: Canvas,
    folder: Path,
    *,
    crf: int,
    threads: int | None,
    cancel: threading.Event | None,
    sound: bool = True,
) -> ClipCopy | None:
    (start, end), (w, h) = stretch, (canvas.width, canvas.height)
    mute = "" if sound else "-mute"
    name = f"clip-v{VERSION}-{file_key(path)}-{start}-{end}-{w}x{h}-{canvas.fps}-{crf}{mute}.mkv"
    copy = folder / name
    if not copy.exists():
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{name}.{uuid.uuid4().hex[:12]}.part"
        also = None if clip_has_alpha(path, info) else _measured_alongside(path, info, stretch, canvas)
        try:
            cmd = _copy_command(path, info, stretch, canvas, crf, threads, temp, also, sound=sound)
            run_ffmpeg(cmd, duration_ms=end - start, cancel=cancel)
            os.replace(temp, copy)
            if also is not None:
                adopt(also)
        except RenderCancelled:
            raise
        except (RenderError, OSError):
            return None
        finally:
            temp.unlink(missing_ok=True)
            if also is not None:
                also.temp.unlink(missing_ok=True)
    size = _frame_size(copy)
    return None if size is None else ClipCopy(copy, start, *size)


def copy_quantiser(crf: int) -> int:
    """The MPEG-2 quantiser of a copy as fine as x264 at ``crf``: 2 (the finest that keeps the file small) down to
    crf 16, coarser above.

    >>> copy_quantiser(12), copy_quantiser(22)
    (2, 4)
    """
    return max(2, round((crf - 10) / 3))


def _copy_command(
    path: Path,
    info: MediaInfo,
    stretch: tuple[int, int],
    canvas: Canvas,
    crf: int,
    threads: int | None,
    out: Path,
    also: Alongside | None = None,
    *,
    sound: bool = True,
) -> list[str]:
    (start, end), fps = stretch, canvas.fps
    head = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "warning", "-nostats", "-progress", "pipe:1"]
    read_s = max((end - start) / 1000, also.read_s if also is not None else 0.0)
    # a stretch from the clip's start is read without a seek: Megamind.avi sought to 0 lost its first 0.48 s of sound
    # (its copy's sound began at 0.532 s, its picture at 0.083), which the mix then played that much early
    seek = ["-ss", f"{start / 1000:.3f}"] if start > 0 else []
    read = [*_decode_args(info, canvas), *decoder_args(path), *seek, "-t", f"{read_s:.3f}"]
    color = ["-color_range", "tv", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]
    video = ["-c:v", "mpeg2video", "-q:v", str(copy_quantiser(crf)), "-g", str(max(fps // 2, 1)), *color]
    slate = on_slate() if clip_has_alpha(path, info) else ""
    leader = leader_filters(leader_ms(path)) if start == 0 else ""  # the first picture, not a black frame before it
    chain = f"{leader}{slate}{copy_filters(path, info, canvas)}[v]"  # timed from the time sought, as its sound is
    chain = (
        f"[0:v]{chain}" if also is None else f"[0:v]split[shown][measured];[shown]{chain};{also.filters('measured')}"
    )
    heard_sound = ["-map", "0:a:0?"] if sound else []
    graph = [*thread_args(threads, graph=True), "-filter_complex", chain, "-map", "[v]", *heard_sound]
    audio = ["-c:a", "pcm_f32le"] if sound else []
    out_args = [*video, *audio, *thread_args(threads, graph=False), "-f", "matroska", str(out)]
    return [*head, *read, "-i", str(path), *graph, *out_args, *(also.outputs() if also is not None else [])]


def _measured_alongside(path: Path, info: MediaInfo, stretch: tuple[int, int], canvas: Canvas) -> Alongside | None:
    """The part of the clip's measuring copy (``measuring.alongside``) that its copy's ffmpeg writes too, where
    that decodes the part as the measuring copy would (a preview's copy of a clip of 1280x720 or more, from the
    part's start to the clip's end: a clip of a minute or less that the shots use from its start): the clip is
    then decoded once, not twice. 8 s of a 4K HEVC 10-bit clip: 6.0-6.1 CPU s for the two copies apart, 3.7
    together."""
    length_ms = info.duration_ms or 0
    return alongside(path, stretch[0], stretch[1], length_ms, _decode_args(info, canvas)) if length_ms else None


def copy_filters(path: Path, info: MediaInfo, canvas: Canvas) -> str:
    """The filters that bring a clip's frames to its copy: in SDR BT.709 (``hdr.to_bt709``), scaled once (its pixels
    made square in the same pass) to cover the frame without enlarging it, in 4:2:0, at the canvas's rate: frames
    are dropped before the scale where the clip's rate is higher and repeated after it where it is lower, so that
    no frame is scaled twice or scaled only to be dropped.

    >>> from nemo_notebook.protocol import MediaInfo, MediaKind
    >>> clip = MediaInfo("c", "c.mp4", MediaKind.VIDEO, "mp4", 1, 1000, 3840, 2160, 24.0)
    >>> copy_filters(Path("c.mp4"), clip, Canvas(1920, 1080, 30, 30, 1000)).startswith("scale=")
    True
    """
    w, h = canvas.width, canvas.height
    k = f"min(1,max({w}/(iw*sar),{h}/ih))"  # cover the frame at the display aspect, never enlarge
    area = ":flags=area" if _quick(info, canvas) else ""
    scale = f"scale=w='trunc(iw*sar*{k}/2)*2':h='trunc(ih*{k}/2)*2'{area},setsar=1,format=yuv420p"
    rate = f"fps={canvas.fps}:start_time=0"  # the frame nearest to each time, from the time sought on
    if (info.fps or 0) < canvas.fps and info.fps:
        return f"{to_bt709(path)}{scale},{rate}"
    return f"{rate},{to_bt709(path)}{scale}"


def _decode_args(info: MediaInfo, canvas: Canvas) -> list[str]:
    """Decoder options of a clip's copy (``quick_decode``): without its loop filter, and where the clip has
    ``quick_decode.SKIP_RATE`` times the preview's rate without the frames nothing is predicted from, where
    ``_quick``."""
    return quick_decode_args(large=_quick(info, canvas), clip_fps=info.fps or 0.0, copy_fps=canvas.fps)


def _quick(info: MediaInfo, canvas: Canvas) -> bool:
    """Whether the copy is a preview's of a clip at least twice the frame's size each way, which is decoded without
    its loop filter and scaled down by averaging (``area``), not by bicubic: the scale down to the preview's size
    averages away the blocks the loop filter would have smoothed. 8 s of a 4K HEVC 10-bit clip into a 640x360
    copy: 7.8 CPU s with the pixels made square in a scale of their own before, 6.0 in one bicubic scale, 5.3 with
    these two (decoding it alone: 5.5, 4.7 without the loop filter)."""
    w, h = info.width or 0, info.height or 0
    return canvas.fast and w >= 2 * canvas.width and h >= 2 * canvas.height
