"""The instruction table against an in-memory context: the parser and edits alone, in milliseconds."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent import StateChanged

from .drafts import music_video, uploads
from .fakes import FakeContext, run
from .table import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_instruction_gives_the_draft(case: Case) -> None:
    base = music_video()
    ctx = FakeContext(language=case.language, uploads=uploads(), history=[base])
    for text in case.setup:
        run(ctx, text)
    before, version = ctx.draft(), ctx.version()
    steps, words = run(ctx, case.text)
    case.check(ctx.draft(), before)
    assert case.says.lower() in words.lower()
    if ctx.draft() == before:
        assert ctx.version() == version
        assert not any(isinstance(s, StateChanged) for s in steps)
