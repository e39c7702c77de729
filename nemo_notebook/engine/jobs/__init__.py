"""Export jobs: the render queue (queued → rendering → completed | failed), one render at a time in a worker thread.

Offers `RenderQueue` and `CancelFlag`; the renderer itself is ``engine/render`` (loaded with the first export).
"""

from __future__ import annotations

from .queue import CancelFlag, RenderQueue

__all__ = ["CancelFlag", "RenderQueue"]
