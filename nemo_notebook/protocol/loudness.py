"""The loudness of other posts and the one true-peak ceiling of an export's sound, shared by the agent (which words a
loudness match) and the render and the composer (which apply them). ``TARGET_LUFS`` is where composed music is
mastered, where the render normalises a score and lifts a mix with a voice in it, and what a user's master is raised
toward where asked. Nothing in an exported MP4 passes the ceiling, measured after the AAC encoder (BS.1770 true peak, 4x
oversampled). A user's own master is brought to it by one gain where its peaks pass it (or raised toward it where
the user asked for the loudness of other posts), and the encoded result is corrected by one more gain to land just
under it."""

from __future__ import annotations

TARGET_LUFS = -14.0
TRUE_PEAK_CEILING_DBTP = -1.0
