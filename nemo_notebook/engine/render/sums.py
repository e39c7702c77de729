"""Sums of many terms written so that ffmpeg can read them.

ffmpeg's expression parser (libavutil/eval) reads ``a+b+c+…`` as a chain nested one level per term and refuses an
expression nested about 100 levels deep: a filter whose ``enable`` adds up 101 ``between(…)`` windows fails to
start, and ffmpeg says only "Cannot allocate memory" (the bundled ffmpeg 9.0.2: 100 terms pass, 101 fail; a cover
video's pulse on a four-minute song needs ~120). ``sum_of`` writes the same sum as a balanced tree of bracketed
halves, nested about log2 of the count deep, whatever the count.
"""

from __future__ import annotations

from collections.abc import Sequence

FLAT = 16  # at most this many terms are added in one flat chain


def sum_of(terms: Sequence[str]) -> str:
    """``terms`` added, bracketed in halves so that the nesting stays shallow; "" for none.

    >>> sum_of(["a", "b"])
    'a+b'
    >>> sum_of([str(i) for i in range(20)]).count("(")
    2
    """
    if len(terms) <= FLAT:
        return "+".join(terms)
    half = len(terms) // 2
    return f"({sum_of(terms[:half])})+({sum_of(terms[half:])})"
