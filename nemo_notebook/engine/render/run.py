"""Running one ffmpeg process: progress from its ``-progress`` output, cancellation, and an all-or-nothing output file.

ffmpeg writes to a hidden temporary file beside the destination, which is renamed onto it only when ffmpeg exits
cleanly; on an error or a cancel the temporary file is removed, so a reader never sees half a video.

On Linux ffmpeg is tied to the engine's life: if the engine is killed (SIGKILL, OOM), the kernel kills ffmpeg too
(``PR_SET_PDEATHSIG``), instead of leaving it to render on for minutes into a file nobody will read. The tie is made
by a few lines of Python that ffmpeg is started through (`tied_to_parent`), not by a ``preexec_fn``: a ``preexec_fn``
makes ``subprocess`` use a real ``fork()``, whose handlers in OpenBLAS deadlock any thread of the engine (or of the
notebook's kernel) that is inside a matrix product at that moment; without one, ``subprocess`` uses ``vfork``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import RenderError
from ..progress import forward_only
from .heap import hand_back_freed_memory
from .stall import ProgressWatch, RenderStalled, stall_limit_s, stalled_error, threads_busy

STDERR_TAIL_LINES = 30
_TIE_AND_EXEC = """
import ctypes, os, sys
ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: die when the engine's thread does
if os.getppid() != int(sys.argv[1]):  # the engine died before the tie was made: no signal will ever come
    os.kill(os.getpid(), 9)
os.execv(sys.argv[2], sys.argv[2:])
"""


class RenderCancelled(RenderError):
    """The render was cancelled before it finished; nothing was written."""


def temp_path_for(out_path: Path) -> Path:
    """A hidden, unique file in the destination's folder, so that the final rename never crosses file systems."""
    return out_path.parent / f".{out_path.name}.{uuid.uuid4().hex[:12]}.part"


@functools.lru_cache(maxsize=4)
def nvenc_usable(ffmpeg: str) -> bool:
    """Whether ``ffmpeg`` can encode H.264 on an NVIDIA GPU here: it lists ``h264_nvenc``, the machine shows an
    NVIDIA device, and a tiny trial encode succeeds (the driver loads). Asked once per ffmpeg; ``NEMO_NVENC=0`` says no.
    """
    if os.environ.get("NEMO_NVENC", "1") == "0":
        return False
    if sys.platform.startswith("linux") and not Path("/dev/nvidiactl").exists():
        return False  # no NVIDIA driver: not even worth asking ffmpeg
    quiet = {"stdin": subprocess.DEVNULL, "capture_output": True, "text": True, "timeout": 60}
    try:
        listed = subprocess.run([ffmpeg, "-hide_banner", "-encoders"], check=False, **quiet)  # type: ignore[call-overload]
        if " h264_nvenc " not in listed.stdout:
            return False
        trial = [ffmpeg, "-hide_banner", "-f", "lavfi", "-i", "color=size=256x256:duration=0.1", "-c:v", "h264_nvenc"]
        return subprocess.run([*trial, "-f", "null", "-"], check=False, **quiet).returncode == 0  # type: ignore[call-overload, no-any-return]
    except (OSError, subprocess.TimeoutExpired):
        return False


def video_encoder_args(ffmpeg: str, x264_preset: str, crf: int, x264_params: str = "") -> list[str]:
    """H.264 High at about the quality of x264 ``crf``: on the GPU (``h264_nvenc``, constant quality) where
    `nvenc_usable`, else libx264 with ``x264_preset``."""
    if nvenc_usable(ffmpeg):
        return ["-c:v", "h264_nvenc", "-preset", "p5", "-tune", "hq", "-rc", "vbr", "-cq", str(crf), "-b:v", "0",
                "-profile:v", "high"]  # fmt: skip
    params = ["-x264-params", x264_params] if x264_params else []
    return ["-c:v", "libx264", "-preset", x264_preset, *params, "-crf", str(crf), "-profile:v", "high"]


FEW_CORES = 2  # a share of this many threads or fewer: the filter graph runs on one thread (``thread_args``)


def thread_args(threads: int | None, *, graph: bool, cores: int | None = None) -> list[str]:
    """ffmpeg options that hold a render to ``threads`` CPU threads: for the filter graph (``graph``, global options
    placed before it) or for the encoder (output options). None or less than 1: every core (``cores``, the
    machine's by default), which on a machine of more than ``FEW_CORES`` is ffmpeg's own choice (no option).

    A share of ``FEW_CORES`` threads or fewer runs the filter graph on one thread and x264 on as many as the share:
    x264's frame threads keep both cores busy already, and slicing each filter across them (ffmpeg's default, a
    thread per core) or a third x264 thread (its default, 1.5 a core) only added hand-offs. The ``music_video``
    benchmark's render, its first 30 s, on two cores at load 7-10: 24.2-24.7 CPU s (five runs) as ffmpeg chooses,
    23.6, 23.6 and 23.9 with the filters on one thread (the very same file), 23.0, 23.4 and 24.4 with x264 on two
    threads as well (a file 462 bytes smaller of 8.0 MB, SSIM 0.999995 and PSNR 80 dB against ffmpeg's choice).

    >>> thread_args(4, graph=True), thread_args(4, graph=False), thread_args(None, graph=False, cores=8)
    (['-filter_complex_threads', '4'], ['-threads', '4'], [])
    >>> thread_args(2, graph=True), thread_args(None, graph=True, cores=2), thread_args(None, graph=False, cores=2)
    (['-filter_complex_threads', '1'], ['-filter_complex_threads', '1'], ['-threads', '2'])
    """
    if threads is None or threads < 1:
        threads = cores if cores is not None else os.cpu_count() or 1
        if threads > FEW_CORES:
            return []
    if not graph:
        return ["-threads", str(threads)]
    return ["-filter_complex_threads", str(1 if threads <= FEW_CORES else threads)]


def run_ffmpeg(
    cmd: Sequence[str],
    *,
    duration_ms: int,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    stdin: int | None = None,
) -> None:
    """Run ``cmd`` (which must include ``-progress pipe:1``), reporting 0..1 of ``duration_ms`` as it goes;
    ``stdin``: a file descriptor it reads (``-i pipe:0``), else none. A run that stops making progress
    (``stall``) is stopped and, reading no ``stdin``, run once more (its progress never going back).

    Raises
    ------
    RenderCancelled
        ``cancel`` was set; ffmpeg was killed.
    RenderStalled
        ffmpeg made no progress for ``stall.stall_limit_s()`` (twice, without ``stdin``); it was killed.
    RenderError
        ffmpeg exited with an error; carries the command, exit code and the last lines of its stderr.
    """
    _private(Path(cmd[-1]))
    forward = forward_only(progress)
    for tries_left in (1, 0) if stdin is None else (0,):
        try:
            _run_once(cmd, duration_ms, forward, cancel, stdin)
            return
        except RenderStalled:
            if tries_left == 0:
                raise


def _run_once(
    cmd: Sequence[str],
    duration_ms: int,
    progress: Callable[[float], None],
    cancel: threading.Event | None,
    stdin: int | None,
) -> None:
    hand_back_freed_memory()  # the engine's peak and ffmpeg's would otherwise add up
    proc = subprocess.Popen(
        tied_to_parent(cmd),
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,  # out of the kernel's process group: an interrupt (■, Ctrl-C) must not reach it
    )
    watch = ProgressWatch(stall_limit_s())
    _wait(cmd, proc, cancel, lambda: _follow_progress(proc, duration_ms, progress, watch), watch)


def run_feeding(cmd: Sequence[str], out_fd: int, *, cancel: threading.Event | None = None) -> None:
    """Run ``cmd``, whose output (``pipe:1``) goes to the file descriptor ``out_fd``: a pipe another ffmpeg reads.

    Raises
    ------
    RenderCancelled, RenderError
        As ``run_ffmpeg``.
    """
    hand_back_freed_memory()
    proc = subprocess.Popen(
        tied_to_parent(cmd),
        stdin=subprocess.DEVNULL,
        stdout=out_fd,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    _wait(cmd, proc, cancel, lambda: None)


def _wait(
    cmd: Sequence[str],
    proc: subprocess.Popen[str],
    cancel: threading.Event | None,
    follow: Callable[[], None],
    watch: ProgressWatch | None = None,
) -> None:
    """Drain ``proc``'s stderr, kill it on ``cancel`` or once ``watch`` says it stalled, run ``follow`` until it is
    done, and raise for its end."""
    tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
    stalled = threading.Event()
    readers = [threading.Thread(target=_drain, args=(proc, tail), daemon=True)]
    if cancel is not None:
        readers.append(threading.Thread(target=_watch, args=(proc, cancel), daemon=True))
    if watch is not None:
        readers.append(threading.Thread(target=_guard, args=(proc, watch, cancel, stalled), daemon=True))
    for thread in readers:
        thread.start()
    follow()
    returncode = proc.wait()
    for thread in readers:
        thread.join()
    if cancel is not None and cancel.is_set():
        raise RenderCancelled("the render was cancelled", cmd=cmd, returncode=returncode)
    if stalled.is_set() and watch is not None:
        raise stalled_error(cmd, returncode, "".join(tail), watch)
    if returncode != 0:
        last = next((line for line in reversed(tail) if line.strip()), "no message")
        reason = _stopped_by(returncode, tail) or _disk_full(tail) or last.strip()
        raise RenderError(
            f"ffmpeg failed (exit {returncode}): {reason}",
            cmd=cmd,
            returncode=returncode,
            stderr_tail="".join(tail),
        )


def _private(out: Path) -> None:
    """The output file made before ffmpeg opens it, readable by its owner only (0600): ffmpeg truncates it and keeps
    the mode, so a render is never readable by others, not even while it is being written."""
    if out.suffix != ".part" or out.exists():
        return
    with contextlib.suppress(OSError):  # the folder is gone or read-only: ffmpeg will say so
        os.close(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def tied_to_parent(cmd: Sequence[str]) -> list[str]:
    """``cmd`` started through a short Python program that has the kernel SIGKILL it when the thread that started it
    ends (``PR_SET_PDEATHSIG``), then becomes it (``execv``: same process, so killing it kills ``cmd``).

    That thread waits for ffmpeg in ``run_ffmpeg``, so it outlives it unless the whole engine dies, which is the case
    this is for. Linux only (macOS and Windows have no parent-death signal: there ffmpeg ends when its render does);
    ``cmd`` unchanged where its program cannot be found, so that starting it fails as it would have.
    """
    program = shutil.which(cmd[0]) if cmd else None
    if not sys.platform.startswith("linux") or not sys.executable or program is None:
        return list(cmd)
    return [sys.executable, "-I", "-S", "-c", _TIE_AND_EXEC, str(os.getpid()), program, *cmd[1:]]


def _stopped_by(returncode: int, tail: Sequence[str]) -> str | None:
    """Words for a render that a signal from outside stopped (ffmpeg exits 255 after "received signal N"), or None.

    >>> _stopped_by(255, ["Exiting normally, received signal 2.\\n"])
    'it was stopped by signal 2 (SIGINT) from outside the engine, not by the video'
    >>> _stopped_by(1, ["Invalid argument\\n"]) is None
    True
    """
    number = -returncode if returncode < 0 else None
    for line in reversed(tail):
        if "received signal" in line:
            digits = "".join(ch for ch in line.rpartition("signal")[2] if ch.isdigit())
            number = int(digits) if digits else number
            break
    if number is None and returncode == 255:  # ffmpeg's exit after a signal, when its log level hid the line
        return "it was stopped by a signal from outside the engine (an interrupt or a kill), not by the video"
    if number is None:
        return None
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = "unknown"
    return f"it was stopped by signal {number} ({name}) from outside the engine, not by the video"


def _disk_full(tail: Sequence[str]) -> str | None:
    """Words for a render that ran out of disk (ffmpeg: "No space left on device", "Disk quota exceeded"), or None."""
    if any("No space left on device" in line or "Disk quota exceeded" in line for line in tail):
        return (
            "the disk is full, so the video could not be written (nothing was kept): free some space on the disk that"
            " holds the engine's home (old exports in its renders folder can go), then export again"
        )
    return None


def _drain(proc: subprocess.Popen[str], tail: deque[str]) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        tail.append(line)


def _watch(proc: subprocess.Popen[str], cancel: threading.Event) -> None:
    """Kill ffmpeg when ``cancel`` is set; stop and continue it as ``cancel.held`` (an event, when it has one) is set
    and cleared, so that a render paused for another's turn keeps its place (POSIX only)."""
    hold: threading.Event | None = getattr(cancel, "held", None) if hasattr(signal, "SIGSTOP") else None
    stopped = False
    while proc.poll() is None:
        if cancel.wait(0.1):
            proc.kill()  # a stopped process is killed too
            return
        if hold is not None and hold.is_set() != stopped:
            stopped = hold.is_set()
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGSTOP if stopped else signal.SIGCONT)


def _guard(
    proc: subprocess.Popen[str], watch: ProgressWatch, cancel: threading.Event | None, stalled: threading.Event
) -> None:
    """Kill ffmpeg once ``watch`` has seen no progress for its limit (time held on purpose not counted)."""
    hold: threading.Event | None = getattr(cancel, "held", None)
    while proc.poll() is None:
        time.sleep(min(1.0, watch.limit_s / 4))
        if hold is not None and hold.is_set():
            watch.held()
        elif watch.stalled() and proc.poll() is None:
            watch.threads = threads_busy(proc.pid)
            stalled.set()
            proc.kill()
            return


def _follow_progress(
    proc: subprocess.Popen[str], duration_ms: int, progress: Callable[[float], None], watch: ProgressWatch
) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        watch.seen(line)
        key, _, value = line.strip().partition("=")
        if key != "out_time_us" or not value.lstrip("-").isdigit():
            continue
        done_ms = max(int(value), 0) / 1000
        progress(min(done_ms / max(duration_ms, 1), 0.999))


def finish(temp: Path, out_path: Path) -> None:
    """Move the finished temporary file onto ``out_path`` in one step."""
    os.replace(temp, out_path)


def discard(temp: Path) -> None:
    temp.unlink(missing_ok=True)
