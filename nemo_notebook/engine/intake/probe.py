"""Judge a file by what it contains: open it with PyAV, decode a frame, and describe it as a `MediaInfo`.

A file's name only claims a format. The container PyAV finds decides the format, the streams decide the kind (a
cover picture in an MP3 is an attached picture, so the file is audio), and one decoded frame proves the bytes are
media. Anything else is 4001 with the list of supported formats.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...protocol import ErrorCode, MediaInfo, MediaKind, supported_formats_text
from ..errors import MediaError
from ..settings import MediaLimits
from .animated_webp import canvas
from .by_content import demuxer_by_content
from .claims import REDUCED_ON_LOAD, check_file, check_length, check_picture, check_sound_rate, refusal, too_slow
from .headers import playlist_kind

# container names as FFmpeg spells them → the accepted formats (API.md) they can be
_FAMILIES: dict[str, tuple[str, ...]] = {
    "mov": ("mp4", "mov", "m4a"),
    "mp4": ("mp4", "mov", "m4a"),
    "m4a": ("m4a", "mp4", "mov"),
    "matroska": ("mkv", "webm"),
    "webm": ("webm", "mkv"),
    "avi": ("avi",),
    "mp3": ("mp3",),
    "wav": ("wav",),
    "aac": ("aac",),
    "flac": ("flac",),
    "ogg": ("ogg", "opus"),
    "jpeg_pipe": ("jpg", "jpeg"),
    "png_pipe": ("png",),
    "gif": ("gif",),
    "gif_pipe": ("gif",),
    "webp_pipe": ("webp",),
}
_IMAGE_CONTAINERS = frozenset({"image2", "jpeg_pipe", "png_pipe", "gif", "gif_pipe", "webp_pipe"})
_IMAGE_CODECS = {"mjpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp", "hevc": "heic", "av1": "avif"}
# HEIF stills (a phone's HEIC photo, AVIF) are ISO files like MP4 that FFmpeg's mov demuxer reads: the brand tells
_STILL_BRANDS = frozenset({"heic", "heix", "heim", "heis", "mif1", "mif2", "avif"})
_FORMAT_NAMES = {"heif": "heic"}  # names the same format goes by: a .heif photo keeps its name
_MAX_PACKETS = 400
_GIF_RATE = 10.0  # frames a second a GIF shows at when its delays give no rate (ten is the commonest delay)
_ANIMATED = frozenset({"gif", "gif_pipe"})  # picture containers whose pictures may move: more than one frame is a clip
ANIMATED_WEBP = (
    "it is an animated WebP, which the engine's decoders cannot play: convert it to an MP4 or a GIF (for example "
    "`ffmpeg -i animation.webp animation.mp4`, or save it as GIF or MP4 in your editor) and upload that"
)
# Only these demuxers may open an upload (FFmpeg's names): no playlist (HLS, DASH), concat script or other
# indirection, which would read other files or loop on a live playlist forever, and only the file protocol.
# Single-file formats outside API.md's list are opened too, so that the refusal can name them ("bmp files are not
# accepted") rather than call the file undecodable.
ALLOWED_DEMUXERS = ",".join((
    "mov", "matroska", "avi", "mp3", "wav", "aac", "flac", "ogg", "image2", "jpeg_pipe", "png_pipe", "gif",
    "gif_pipe", "webp_pipe",  # the accepted ones
    "bmp_pipe", "tiff_pipe", "psd_pipe", "svg_pipe", "pgm_pipe", "ppm_pipe", "j2k_pipe", "exr_pipe", "aiff",
    "caf", "w64", "au", "amr", "ac3", "eac3", "mpegts", "mpeg", "asf", "flv", "dv", "wv", "ape",  # named, refused
))  # fmt: skip
OPEN_OPTIONS = {"format_whitelist": ALLOWED_DEMUXERS, "protocol_whitelist": "file"}

DEFAULT_LIMITS = MediaLimits()


def _unsupported(name: str, why: str) -> MediaError:
    return MediaError(
        f"{name}: {why}. Supported formats: {supported_formats_text()}", code=int(ErrorCode.UNSUPPORTED_MEDIA)
    )


def probe(path: Path, *, media_id: str, name: str, limits: MediaLimits = DEFAULT_LIMITS) -> MediaInfo:
    """Describe the media file at ``path``.

    Parameters
    ----------
    path
        The stored file.
    media_id
        The id it is stored under.
    name
        The user's name for it (display only).
    limits
        What its header may claim (`MediaLimits`): pictures' sizes, sample rates, length, samples in an MP4's index.
        A claim past one is refused before a demuxer or decoder builds what it claims.

    Raises
    ------
    MediaError
        Code 4001 for an empty file, bytes that are not media, a container the API does not accept, or a header
        claiming more than ``limits`` allow.
    """
    size = path.stat().st_size
    if size == 0:
        raise _unsupported(name, "the file is empty")
    import av

    if canvas(path) is not None:  # converted at upload (``ingest``); PyAV's decoders cannot play it
        raise _unsupported(name, ANIMATED_WEBP)
    playlist = playlist_kind(path)
    if playlist is not None:  # it names other files rather than holding media: never opened
        raise _unsupported(name, f"it is {playlist}, which points at other files: upload the media files themselves")
    started_s = time.monotonic()
    try:
        check_file(path, name, size, limits)  # refused on the header's word, before anything is built from it
        return _read_as(path, None, media_id=media_id, name=name, size=size, limits=limits)
    except (MediaError, MemoryError):  # out of memory is not the file's fault alone: the caller says what would fit
        raise
    except (av.FFmpegError, OSError, ValueError, IndexError) as exc:
        if time.monotonic() - started_s >= limits.read_timeout_s:
            raise refusal(name, too_slow(limits.read_timeout_s)) from exc
        # the name chose the reader (an MP3 named .png is opened as a picture): the bytes choose it once more
        demuxer = demuxer_by_content(path, options=OPEN_OPTIONS, timeout_s=limits.read_timeout_s)
        if demuxer is not None:
            try:
                return _read_as(path, demuxer, media_id=media_id, name=name, size=size, limits=limits)
            except (av.FFmpegError, OSError, ValueError, IndexError):
                pass
        raise _unsupported(
            name,
            "the file is not audio, video or a picture that can be decoded (a file cut short by an interrupted "
            "download or copy looks like this: fetch it again)",
        ) from exc


def _read_as(path: Path, demuxer: str | None, *, media_id: str, name: str, size: int, limits: MediaLimits) -> MediaInfo:
    """Describe ``path`` read by ``demuxer`` (None: the one FFmpeg picks, by the name among other things)."""
    import av

    # every open and read of the demuxer gives up after read_timeout_s (FFmpeg's interrupt callback)
    with av.open(str(path), format=demuxer, options=OPEN_OPTIONS, timeout=limits.read_timeout_s) as container:
        info = _describe(container, media_id=media_id, name=name, size=size, suffix=path.suffix, limits=limits)
    return _with_measured_duration(path, info, limits.read_timeout_s, demuxer)


def _describe(container: Any, *, media_id: str, name: str, size: int, suffix: str, limits: MediaLimits) -> MediaInfo:
    container_names = str(container.format.name).split(",")
    videos = [s for s in container.streams.video if not _is_attached_picture(s)]
    audios = list(container.streams.audio)
    is_image = container_names[0] in _IMAGE_CONTAINERS or _is_heif_still(container)
    if is_image and videos and container_names[0] in _ANIMATED and _moves(container, videos[0]):
        check_picture((int(videos[0].codec_context.width), int(videos[0].codec_context.height)), name, limits,
                      still=False)  # fmt: skip
        _decode_one(container, videos[0], name)
        info = _video_info(container, videos[0], [], media_id=media_id, name=name, size=size, fmt="gif")
        return replace(info, fps=info.fps or _GIF_RATE)
    _check_streams(container, videos, audios, name, limits, still=is_image)
    if is_image and videos:
        codec = videos[0].codec_context.codec.canonical_name
        fmt = _IMAGE_CODECS.get(codec) or _format(container_names, suffix, name, what=f"{codec} pictures")
        claimed = suffix.lower().lstrip(".")
        fmt = claimed if _FORMAT_NAMES.get(claimed) == fmt else fmt
        info = _image_info(videos[0], media_id=media_id, name=name, size=size, fmt=fmt)  # its size before any reduction
        _reduce_past(videos[0], limits.max_picture_pixels)
        turned = int(getattr(_decode_one(container, videos[0], name), "rotation", 0) or 0)
        # a phone's portrait photo is stored landscape with an EXIF orientation, which ffmpeg applies: report what shows
        return replace(info, width=info.height, height=info.width) if turned % 180 == 90 else info
    fmt = _format(container_names, suffix, name)
    if videos:
        rotation = int(getattr(_decode_one(container, videos[0], name), "rotation", 0) or 0)
        info = _video_info(container, videos[0], audios, media_id=media_id, name=name, size=size, fmt=fmt)
        # players (and ffmpeg, which renders) turn a phone's upright clip by its display matrix: report what shows
        return replace(info, width=info.height, height=info.width) if rotation % 180 == 90 else info
    if audios:
        _decode_one(container, audios[0], name)
        return _audio_info(container, audios[0], media_id=media_id, name=name, size=size, fmt=fmt)
    raise _unsupported(name, "the file holds neither sound nor pictures")


def _moves(container: Any, stream: Any) -> bool:
    """Whether an animated-picture container holds more than one frame (packets are counted, nothing decoded)."""
    frames = 0
    for packet in container.demux(stream):
        frames += bool(packet.size)
        if frames > 1:
            break
    container.seek(0)
    return frames > 1


def _is_heif_still(container: Any) -> bool:
    """Whether an ISO file (the mov demuxer's) is a HEIF still (HEIC, AVIF) rather than a clip."""
    if str(container.format.name).split(",")[0] != "mov":
        return False
    return str(container.metadata.get("major_brand", "")).strip().lower() in _STILL_BRANDS


def _check_streams(
    container: Any, videos: list[Any], audios: list[Any], name: str, limits: MediaLimits, *, still: bool
) -> None:
    """Hold the streams' claims to ``limits``: the frame's size, the sound's sample rate, the length."""
    if videos:
        ctx = videos[0].codec_context
        reducible = still and ctx.codec.canonical_name in REDUCED_ON_LOAD
        check_picture((int(ctx.width or 0), int(ctx.height or 0)), name, limits, still=still, reducible=reducible)
        if not still:
            check_length(_duration_ms(container, videos[0]), name, limits)
    if audios:
        check_sound_rate(int(audios[0].codec_context.sample_rate or 0), name, limits)
        check_length(_duration_ms(container, audios[0]), name, limits)


def _is_attached_picture(stream: Any) -> bool:
    import av

    return bool(stream.disposition & av.stream.Disposition.attached_pic)


def _format(container_names: list[str], suffix: str, name: str, *, what: str = "") -> str:
    """The accepted format this container is, preferring the one the file name claims."""
    claimed = suffix.lower().lstrip(".")
    for container_name in container_names:
        family = _FAMILIES.get(container_name)
        if family:
            return claimed if claimed in family else family[0]
    raise _unsupported(name, f"{what or container_names[0].removesuffix('_pipe') + ' files'} are not accepted")


def _reduce_past(stream: Any, most_pixels: int) -> None:
    """Have a JPEG larger than ``most_pixels`` decoded at 1/8 of its size: its first frame only shows that it decodes
    and how it is turned, and whole a 200-megapixel one would take about 1 GB."""
    ctx = stream.codec_context
    if ctx.codec.canonical_name in REDUCED_ON_LOAD and int(ctx.width or 0) * int(ctx.height or 0) > most_pixels:
        ctx.options = {**ctx.options, "lowres": "3"}


def _decode_one(container: Any, stream: Any, name: str) -> Any:
    """The stream's first frame; 4001 when none decodes."""
    for i, packet in enumerate(container.demux(stream)):
        for frame in packet.decode():
            return frame
        if i >= _MAX_PACKETS:
            break
    raise _unsupported(name, "no frame of the file could be decoded")


def _with_measured_duration(path: Path, info: MediaInfo, timeout_s: float, demuxer: str | None) -> MediaInfo:
    """``info`` with the length the file really holds when its header claims more (a cut-off download or copy).

    An MP3's Xing header or an MP4's index still name the whole length when the end of the file is missing; the
    packets that are there decide. Demuxing without decoding reads the file once, which costs far less than the
    upload did.
    """
    if info.kind is MediaKind.IMAGE or info.duration_ms is None:
        return info
    measured_ms = _last_packet_end_ms(path, demuxer, video=info.kind is MediaKind.VIDEO, timeout_s=timeout_s)
    tolerance_ms = max(250, info.duration_ms // 50)
    if measured_ms is None or measured_ms >= info.duration_ms - tolerance_ms:
        return info
    return replace(info, duration_ms=measured_ms)


def _last_packet_end_ms(path: Path, demuxer: str | None, *, video: bool, timeout_s: float) -> int | None:
    import av

    with av.open(str(path), format=demuxer, options=OPEN_OPTIONS, timeout=timeout_s) as container:
        streams = [s for s in container.streams.video if not _is_attached_picture(s)] if video else []
        stream = streams[0] if streams else container.streams.audio[0]
        start, end = None, None
        try:
            for packet in container.demux(stream):
                if packet.pts is None:
                    continue
                start = packet.pts if start is None else min(start, packet.pts)
                end = max(end or packet.pts, packet.pts + (packet.duration or 0))
        except av.FFmpegError:
            pass  # the bytes stop mid-packet: what came before is what the file holds
        if start is None or end is None or stream.time_base is None:
            return None
        return round(float((end - start) * stream.time_base) * 1000)


def _duration_ms(container: Any, stream: Any) -> int | None:
    if stream.duration is not None and stream.time_base is not None:
        return round(float(stream.duration * stream.time_base) * 1000)
    if container.duration is not None:
        return int(container.duration // 1000)
    return None


def _audio_fields(stream: Any) -> dict[str, Any]:
    ctx = stream.codec_context
    channels = getattr(ctx, "channels", None) or (ctx.layout.nb_channels if ctx.layout else None)
    return {"sample_rate": int(ctx.sample_rate) or None, "channels": int(channels) if channels else None}


def _video_info(
    container: Any, video: Any, audios: list[Any], *, media_id: str, name: str, size: int, fmt: str
) -> MediaInfo:
    rate = video.average_rate or video.guessed_rate
    audio = _audio_fields(audios[0]) if audios else {}
    return MediaInfo(
        id=media_id,
        name=name,
        kind=MediaKind.VIDEO,
        format=fmt,
        size=size,
        duration_ms=_duration_ms(container, video),
        width=_display_width(video),
        height=int(video.codec_context.height),
        fps=round(float(rate), 3) if rate else None,
        has_audio=bool(audios),
        **audio,
    )


def _display_width(video: Any) -> int:
    """The width the picture shows at: the stored width times the sample aspect ratio (PAL DV's 720×576 at 64:45 is
    1024 wide), as the renderer scales it."""
    width = int(video.codec_context.width)
    sar = video.sample_aspect_ratio or video.codec_context.sample_aspect_ratio
    if not sar or sar.numerator <= 0 or sar.denominator <= 0 or sar == 1:
        return width
    return max(2, round(width * int(sar.numerator) / int(sar.denominator) / 2) * 2)


def _audio_info(container: Any, audio: Any, *, media_id: str, name: str, size: int, fmt: str) -> MediaInfo:
    return MediaInfo(
        id=media_id,
        name=name,
        kind=MediaKind.AUDIO,
        format=fmt,
        size=size,
        duration_ms=_duration_ms(container, audio),
        has_audio=True,
        **_audio_fields(audio),
    )


def _image_info(video: Any, *, media_id: str, name: str, size: int, fmt: str) -> MediaInfo:
    return MediaInfo(
        id=media_id,
        name=name,
        kind=MediaKind.IMAGE,
        format=fmt,
        size=size,
        width=int(video.codec_context.width),
        height=int(video.codec_context.height),
        has_audio=False,
    )
