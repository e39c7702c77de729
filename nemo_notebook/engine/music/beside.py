"""A SoundFont pass rendered in a process of its own, beside the engine's own work.

The synthesizer (midirenderer) holds the GIL while it renders, so two passes on two threads take turns; a track
whose SoundFont parts render as two stems (the high parts, and bass and drums) renders one of them here, in a fresh
interpreter that imports only midirenderer (0.07 s to start), while the engine renders the other. The font and the
MIDI go to it, and the WAV comes back, through unnamed temporary files (a pipe would fill while the engine's own
pass holds the GIL and nothing reads it). The same synthesizer on the same bytes gives the same samples.

On Linux the process dies with the thread that started it (``PR_SET_PDEATHSIG``, as ``render.run`` ties ffmpeg),
so an engine killed mid-render leaves nothing running; ``stop`` kills it on an error or a cancel.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from typing import IO

from ..errors import EngineError

_PROGRAM = """
import os, sys
if sys.platform.startswith("linux"):
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: die with the thread that started us
    if os.getppid() != int(sys.argv[1]):  # it ended before the tie was made
        os._exit(3)
import midirenderer
given = sys.stdin.buffer.read()
size = int.from_bytes(given[:8], "little")
sys.stdout.buffer.write(midirenderer.render_wave_from(given[8 : 8 + size], given[8 + size :]))
"""
_ERROR_TAIL_CHARS = 400


class PassFailed(EngineError):
    """The pass's process failed; the message is the end of what it wrote to stderr."""


def can_render_beside() -> bool:
    """Whether a pass can run in a process of its own here (an interpreter to start)."""
    return bool(sys.executable)


class PassBeside:
    """One SoundFont pass of ``midi`` on ``font`` running in its own process; ``wav`` waits for its WAV bytes."""

    def __init__(self, font: bytes, midi: bytes) -> None:
        self._out: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop, once the pass is read)
        self._err: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            with tempfile.TemporaryFile() as given:
                given.write(len(font).to_bytes(8, "little"))
                given.write(font)
                given.write(midi)
                given.seek(0)
                self._process = subprocess.Popen(
                    [sys.executable, "-I", "-c", _PROGRAM, str(os.getpid())],
                    stdin=given,
                    stdout=self._out,
                    stderr=self._err,
                )
        except BaseException:
            self._close()
            raise

    @property
    def running(self) -> bool:
        """Whether its process has yet to end (or be reaped)."""
        return self._process.returncode is None

    def wav(self) -> bytes:
        """The rendered WAV file's bytes, once the process has ended."""
        try:
            code = self._process.wait()
            if code != 0:
                self._err.seek(0)
                said = self._err.read().decode("utf-8", "replace").strip()
                raise PassFailed(said[-_ERROR_TAIL_CHARS:] or f"the synthesizer's process exited with code {code}")
            self._out.seek(0)
            return self._out.read()
        finally:
            self.stop()

    def stop(self) -> None:
        """Kill the process if it still runs, reap it and drop its files (again: nothing)."""
        if self._process.poll() is None:
            with contextlib.suppress(OSError):
                self._process.kill()
            self._process.wait()
        self._close()

    def _close(self) -> None:
        self._out.close()
        self._err.close()
