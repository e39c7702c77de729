"""The one true-peak ceiling of an export's sound, shared by the agent (which words a loudness match) and the render
(which applies it): nothing in an exported MP4 passes it, measured after the AAC encoder (BS.1770 true peak, 4x
oversampled). A user's own master is brought to it by one gain where its peaks pass it (or raised toward it where
the user asked for the loudness of other posts), and the encoded result is corrected by one more gain to land just
under it."""

from __future__ import annotations

TRUE_PEAK_CEILING_DBTP = -1.0
