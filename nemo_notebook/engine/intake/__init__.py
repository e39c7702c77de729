"""Receiving media: URL fetches, the files' names and temporary paths, probing, generated ids, and ingest (a probed
file moved under ``home/media`` and recorded in the store).

Offers `ReceivedFile`, `fetch_urls`, `discard`, `disk_full`, `display_name`, `form_filename`, `open_private`,
`temp_path`, `too_large`, `probe`, `ingest`, `ingest_all` and `new_media_id`. Multipart bodies are read by the HTTP
edge (``http/multipart.py``), which hands the files it wrote to `ingest_all` like any others.
"""

from __future__ import annotations

from .fetch import fetch_urls
from .files import (
    ReceivedFile,
    discard,
    disk_full,
    display_name,
    form_filename,
    open_private,
    temp_path,
    too_large,
)
from .ingest import ingest, ingest_all, new_media_id
from .probe import probe

__all__ = [
    "ReceivedFile",
    "discard",
    "disk_full",
    "display_name",
    "fetch_urls",
    "form_filename",
    "ingest",
    "ingest_all",
    "new_media_id",
    "open_private",
    "probe",
    "temp_path",
    "too_large",
]
