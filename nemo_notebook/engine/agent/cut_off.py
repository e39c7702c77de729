"""Words for a recording cut off mid-phrase (the draft's ``m.cut_off_fade_ms``, ``planning.song_ending``): the file
stops while the music still plays, so the video fades it out over its last phrase, and the reply says so, and
what gives a video of the whole song (held-out exports 05 and 06, songs whose files stop at 4:00, said nothing).
A voice memo or steady noise (``m.talk``, ``m.steady_noise``) that stops abruptly gets the fade too, said without
music or a song (a 20 s fan recording was told "while the music still plays ... if the song goes on")."""

from __future__ import annotations

from ...protocol import Draft
from .replies import clock, seconds


def cut_off_words(before: Draft, after: Draft, zh: bool) -> str:
    """Where ``after``'s recording stops mid-phrase and how its video ends; nothing where it does not, or where
    ``before`` said the same.

    >>> cut_off_words(Draft.empty(), Draft.empty().with_meta(cut_off_fade_ms=7474), zh=False)  # doctest: +SKIP
    'your recording stops at 4:00 while the music still plays, so the video fades it out over its last 7.5s
    (from 3:53); if the song goes on, upload the whole recording for a video of all of it'
    """
    fade_ms = after.meta.get("cut_off_fade_ms")
    if not isinstance(fade_ms, int) or fade_ms <= 0 or fade_ms == before.meta.get("cut_off_fade_ms"):
        return ""
    end, start = clock(after.duration_ms), clock(after.duration_ms - fade_ms)
    if after.meta.get("talk") or after.meta.get("steady_noise"):  # no music to go on: say only where it stops
        if zh:
            return f"你的录音在{end}处戛然而止，所以视频在最后{seconds(fade_ms)}秒（从{start}起）把它淡出"
        return f"your recording stops abruptly at {end}, so the video fades it out over its last {seconds(fade_ms)}s (from {start})"
    if zh:
        return (
            f"你的录音在{end}处戛然而止，音乐还没结束，所以视频在最后{seconds(fade_ms)}秒（从{start}起）把它淡出；"
            "如果歌曲还有后面的部分，上传完整的录音就能做出整首歌的视频"
        )
    return (
        f"your recording stops at {end} while the music still plays, so the video fades it out over its last"
        f" {seconds(fade_ms)}s (from {start}); if the song goes on, upload the whole recording for a video of all of it"
    )
