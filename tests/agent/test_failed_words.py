"""A refusal's reason that ends with its own full stop is not given a second one by the reply around it (the media
worker's "... upload a shorter track (cut it to the part the video needs)." read "needs).. Nothing was changed.")."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.replies import t

REASON = '"song.mp3": analysing its sound took too long: upload a shorter track (cut it to the part the video needs).'


@pytest.mark.parametrize("key", ["failed", "also_failed"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_reason_ending_in_a_full_stop_gets_one_full_stop(key: str, language: str) -> None:
    said = t(language, key, error=REASON)
    assert "the video needs)" in said, said
    assert ".." not in said and ".。" not in said and "。。" not in said, said
