"""The instruction table through the real engine over HTTP: upload, build a music video, then each instruction.

Every case gets a fresh session (the engine caches analysis per file content, so the base music video costs one
analysis for the whole module) and must leave the draft the table says.
"""

from __future__ import annotations

import httpx
import pytest

from nemo_notebook.protocol import Draft

from .conftest import Files
from .http import chat, new_session, state, upload
from .table import CASES, Case

BUILD = "create a video from this music with visualizer and beat-synced cuts"


def base_session(api: httpx.Client, files: Files, language: str) -> tuple[str, Draft]:
    sid = new_session(api, language)
    upload(api, sid, files.song, *files.pictures)
    reply = chat(api, sid, BUILD)
    assert reply.status == 200 and reply.complete, reply
    draft, version = state(api, sid)
    assert version == 1 and not draft.is_empty, reply.text
    return sid, draft


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_instruction_over_http(api: httpx.Client, files: Files, case: Case) -> None:
    sid, _ = base_session(api, files, case.language)
    for text in case.setup:
        assert chat(api, sid, text).status == 200
    before, version = state(api, sid)
    reply = chat(api, sid, case.text)
    assert reply.status == 200 and reply.complete
    after, new_version = state(api, sid)
    case.check(after, before)
    assert case.says.lower() in reply.text.lower(), reply.text
    if after == before:
        assert new_version == version and not reply.versions, "a message that changes nothing keeps the version"
    else:
        assert new_version == version + 1 and len(reply.versions) == 1, "one new version per message"
