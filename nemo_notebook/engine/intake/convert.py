"""One bundled-``ffmpeg`` conversion at intake (a tiled HEIF photo, an animated WebP), held to a deadline and a
memory ceiling of its own; a failure is a refusal (4001) that says what to upload instead."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..settings import MediaLimits
from .claims import refusal, too_slow

CONVERT_MEMORY_BYTES = 3 << 30  # address space for a conversion (a 48 MP grid decodes in ~1 GB)


def convert(arguments: list[str], out: Path, name: str, limits: MediaLimits, *, instead: str) -> Path:
    """Run the bundled ``ffmpeg`` with ``arguments`` (inputs, options, ``out`` last) and return ``out``.

    Raises
    ------
    MediaError
        (4001) past three times ``limits.read_timeout_s``, or when ffmpeg fails (``instead``: what to upload).
    """
    from ..ffmpeg import ffmpeg_exe

    command = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-v", "error", "-y", *arguments]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=limits.read_timeout_s * 3,
                       preexec_fn=_ceiling if os.name == "posix" else None)  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        out.unlink(missing_ok=True)
        raise refusal(name, too_slow(limits.read_timeout_s * 3)) from exc
    except (subprocess.CalledProcessError, OSError) as exc:
        out.unlink(missing_ok=True)
        raise refusal(name, instead) from exc
    return out


def _ceiling() -> None:  # runs in the child before ffmpeg starts
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CONVERT_MEMORY_BYTES, CONVERT_MEMORY_BYTES))
