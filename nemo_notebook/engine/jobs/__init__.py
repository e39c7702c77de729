"""Export jobs: the render queue (queued → rendering → completed | failed), a few at a time in worker threads, owners
served in turn and render time shared between them (`turns`); on this machine or as tasks on a Dask cluster.

Offers `RenderQueue`, `CancelFlag`, `LineFull` (an owner with too many exports waiting) and `ClusterError`; the
renderer itself is ``engine/render`` (loaded with the first export), ``distributed`` with the first export on a cluster.
"""

from __future__ import annotations

from .cluster import ClusterError
from .fair import FairLine, LineFull
from .queue import RenderQueue, default_slots
from .turns import CancelFlag

__all__ = ["CancelFlag", "ClusterError", "FairLine", "LineFull", "RenderQueue", "default_slots"]
