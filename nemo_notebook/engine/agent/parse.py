"""Words → intent: the big request (music video, composition) from the whole message, then each clause's edits,
then whole-message commands (help, undo, export, …) when nothing edits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ...protocol import MediaKind
from ...protocol.vocabulary import Role, Visualizer
from .captions import captions_request, words_given
from .context import AgentContext, Intent
from .costs import COST_MUSIC_VIDEO, total_cost
from .detect import DETECTORS
from .edits import apply, is_pure, media_lengths
from .errors import EditError
from .joined_clips import scored_videos
from .loudness_match import louder_as_gain
from .media import named, of_kind, pick
from .message import Message, prepare
from .operations import (
    Ask,
    BuildMusicVideo,
    Cannot,
    ComposeMusic,
    Edit,
    Parsed,
    Resync,
    SetCoverDesign,
    SetCutRate,
    SetVisualizer,
)
from .pack import asks_for_pack
from .replan import replan_requests
from .requests import SYNC_TO_CUTS, absorbed, big_request, music_video_op
from .restyle import carry_look, keep_own_music, own_music
from .song_length import longer_asked
from .song_swap import song_asked_back
from .tracks import indices, music_indices

_COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "help",
        re.compile(
            r"^(help|\?|commands|menu)\b|what (else )?can (you|i) do|how does (this|it) work|what do you do|你能做什么|能做什么|帮助|怎么用|功能"
        ),
    ),
    (
        "undo",
        re.compile(
            r"^(please )?(undo|undo (that|it|this|the last( change| edit| step)?)|go back|revert( that| it)?|take (that|it) back)\b|撤销|撤回|回退|还原"
        ),
    ),
    ("redo", re.compile(r"^(please )?(redo|redo (that|it))\b|重做|恢复")),
    ("export", re.compile(r"\b(export|download|render)\b|send (me )?the (video|file|mp4)|导出|下载")),
    ("credits", re.compile(r"\b(credits?|balance|quota)\b|积分|余额|额度")),
    (
        "timeline",
        re.compile(
            r"^(status|state|timeline|tracks|show( me)?( the)? (timeline|tracks|draft|status)|what'?s on the timeline|what do i have)\b|状态|时间线|轨道"
        ),
    ),
    ("upload", re.compile(r"^(upload|上传)|how (do|can) i (upload|add (a |my )?(file|video|track|music|photo))")),
    ("about", re.compile(r"\b(bpm|tempo|how long|length|duration|how many (cuts|shots|clips))\b.*|多长|多少拍|速度是")),
    ("thanks", re.compile(r"^(thanks|thank you|thx|cheers|great|perfect|awesome|nice|cool|谢谢|太好了|好的)\b")),
    ("hello", re.compile(r"^(hi|hello|hey|good (morning|afternoon|evening)|你好|您好|嗨)\b")),
    ("help", re.compile(r"\?$|^(how|what|can you|could you|is it possible|why)\b")),
)
PACK_VERSIONS = 6  # a release pack plans up to six music videos
_TOPICS = (
    ("length", r"\b(shorter|longer|length|duration)\b|缩短|时长"),
    ("title", r"\btitles?\b|标题"),
    ("music", r"\b(music|song|track|bgm|soundtrack)\b|音乐"),
    ("visualizer", r"visuali[sz]er|可视化"),
)


def _topic(clause: str) -> str | None:
    return next((name for name, pattern in _TOPICS if re.search(pattern, clause)), None)


def _detect(clause: str, msg: Message) -> list[Parsed] | None:
    for detect in DETECTORS:
        found = detect(clause, msg)
        if found is not None:
            return found
    return None


def _clause_ops(clause: str, msg: Message, topic: str | None) -> list[Parsed] | None:
    """A clause's operations; "it"/"them" and bare style words ("and bigger") lean on the previous clause's topic."""
    if topic and _topic(clause) is None:
        leaned = re.sub(r"\b(it|them)\b", f"the {topic}", clause) if re.search(r"\b(it|them)\b", clause) else None
        if leaned:
            found = _detect(leaned, msg)
            if found is not None:
                return found
        found = _detect(clause, msg)
        return found if found is not None else _detect(f"the {topic} {clause}", msg)
    return _detect(clause, msg)


def parse_ops(msg: Message, skip_absorbed: bool = False) -> tuple[list[Parsed], list[str]]:
    """The operations each clause asks for, and the clauses nothing understood."""
    ops: list[Parsed] = []
    unknown: list[str] = []
    topic: str | None = None
    vague: str | None = None  # a clause that named a topic but nothing to do ("make it shorter, like 10 s")
    for clause in msg.clauses():
        if skip_absorbed and absorbed(clause):
            continue
        found = _clause_ops(clause, msg, topic)
        if found is None:
            unknown.append(clause)
            topic, vague = _topic(clause) or topic, clause if _topic(clause) else None
            continue
        if vague is not None and _topic(clause) is None and vague in unknown:
            unknown.remove(vague)
        ops.extend(found)
        topic, vague = _topic(clause) or topic, None
    return ops, unknown


def _with_visualizer(build: BuildMusicVideo, said: SetVisualizer) -> BuildMusicVideo:
    if not said.enabled:
        return replace(build, visualizer=None)
    return replace(
        build,
        visualizer=said.kind or build.visualizer or Visualizer.SPECTRUM,
        visualizer_named=True if build.visualizer_named or said.kind is not None else None,
        visualizer_color=said.color if said.color is not None else build.visualizer_color,
        visualizer_position=said.position if said.position is not None else build.visualizer_position,
    )


def _fold(build: BuildMusicVideo, said: Parsed) -> BuildMusicVideo | None:
    """``build`` with an option said in another clause, or None when ``said`` is no option of a music video."""
    if isinstance(said, SetVisualizer):
        return _with_visualizer(build, said)
    if isinstance(said, SetCoverDesign):
        return replace(build, cover_design=said.design)
    if isinstance(said, SetCutRate) and said.beats_per_cut is not None:
        return replace(build, beats_per_cut=said.beats_per_cut)
    if isinstance(said, SetCutRate) and said.bars is not None:
        return replace(build, beats_per_cut=4 * said.bars)
    return None


def _fold_into_build(big: BuildMusicVideo | ComposeMusic, ops: list[Parsed]) -> list[Parsed]:
    """A music video's options said in other clauses (visualizer, cut rate) become its arguments."""
    rest: list[Parsed] = []
    for op in ops:
        folded = _fold(big, op) if isinstance(big, BuildMusicVideo) else None
        if folded is not None:
            big = folded
        elif not isinstance(op, (Resync, ComposeMusic)):
            rest.append(op)
    return [big, *rest]


def _resync_score(msg: Message, ctx: AgentContext) -> ComposeMusic | None:
    """ "sync the music to the cuts" on a score: compose again on the cuts' tempo."""
    if not SYNC_TO_CUTS.search(msg.text) or not indices(ctx.draft(), Role.BGM):
        return None
    video = pick(msg.text, ctx.media(), MediaKind.VIDEO)
    if video is None:
        return None
    scored = scored_videos(ctx.draft(), ctx)  # the clips the score is under, joined, unless the words name one
    joined = len(scored) > 1 and named(msg.text, of_kind(ctx.media(), MediaKind.VIDEO), MediaKind.VIDEO) is None
    return ComposeMusic(
        video=video.id, video_name=video.name, sync_to_cuts=True, videos=tuple(scored) if joined else None
    )


def _song_back(msg: Message, ctx: AgentContext) -> BuildMusicVideo | None:
    """ "bring back my song" after other music replaced it: the music video of that song (``song_swap``)."""
    src = song_asked_back(msg.text, ctx.draft())
    song = next((m for m in ctx.media() if m.id == src), None)
    if song is None:
        return None
    build = music_video_op(msg.text, ctx.media())
    return replace(build, track=song.id, track_name=song.name) if isinstance(build, BuildMusicVideo) else None


def _dry_run(ops: Sequence[Edit], ctx: AgentContext) -> tuple[list[Edit], list[str], bool]:
    """(ops that fit, why the others do not, whether the kept ops change anything): pure edits are tried on the
    current draft before the turn starts, so that what cannot work is neither run nor charged. Tries stop at the
    first operation that needs files (what follows it edits a draft not made yet)."""
    draft = before = ctx.draft()
    media = (*ctx.media(), *ctx.generated())
    kept: list[Edit] = []
    errors: list[str] = []
    for n, op in enumerate(ops):
        if not is_pure(op) or longer_asked(op, draft):
            return [*kept, *ops[n:]], errors, True
        try:
            draft = apply(op, draft, media_ms=media_lengths(media))
        except EditError as exc:
            errors.append(str(exc))
            continue
        kept.append(op)
    return kept, errors, draft != before


def _edit_intent(said: Sequence[Parsed], unknown: Sequence[str], msg: Message, ctx: AgentContext) -> Intent:
    ops, notes = keep_own_music(louder_as_gain(replan_requests(said, ctx.draft()), ctx.draft()), ctx)
    if notes and not ops:
        return Intent("kept", {"notes": tuple(notes)})
    asks = [op for op in ops if isinstance(op, Ask)]
    if asks:
        return Intent("ask", {"key": asks[0].key})
    cannot = [op for op in ops if isinstance(op, Cannot)]
    real = [op for op in ops if not isinstance(op, (Ask, Cannot))]
    if not real:
        return Intent("cannot", {"what": cannot[0]})
    export_hint = re.search(r"\b(export|download|render|\d{3,4}p)\b|(?<![.\w])mp4\b|导出|下载", msg.text) is not None
    kept, errors, changes = _dry_run(real, ctx)
    args = {"ops": tuple(kept), "ignored": tuple(unknown), "cannot": tuple(cannot), "export_hint": export_hint}
    args["notes"] = tuple(notes)
    if not kept:
        return Intent("failed", {**args, "error": "; ".join(errors)})
    args["errors"] = tuple(errors)
    if not changes:
        return Intent("unchanged", args)
    return Intent("edit", args, cost=total_cost(kept))


def _builds(intent: Intent) -> bool:
    """Whether ``intent`` makes a video, which words given after it caption ("make a video for my podcast, the words
    are: …"); a title's "with the words: …" stays the title's."""
    return intent.action == "edit" and any(isinstance(op, BuildMusicVideo) for op in intent.args.get("ops", ()))


def interpret(text: str, ctx: AgentContext) -> Intent:
    """What ``text`` asks for, with its cost in credits; pure, reading only the context.

    Examples
    --------
    With ``ctx`` an ``AgentContext`` (``tests/agent/fakes.FakeContext`` is one):

    >>> interpret("make the cuts every two beats and add the title 'Urban Dreams' for 3 seconds", ctx).args["ops"]
    ... # doctest: +SKIP
    (SetCutRate(beats_per_cut=2, ...), AddText(text='Urban Dreams', role=<Role.TITLE: 'title'>, ...))
    """
    msg = prepare(text)
    if not msg.text:
        return Intent("help")
    captions = captions_request(text)
    if captions is not None:
        return _edit_intent([captions], (), msg, ctx)
    given = words_given(text)
    build = interpret(given[0], ctx) if given is not None else None
    if given is not None and build is not None and _builds(build):  # the words said, after the request for a video
        return _edit_intent([*build.args["ops"], given[1]], (), msg, ctx)
    if asks_for_pack(msg.text):
        return Intent("pack", cost=PACK_VERSIONS * COST_MUSIC_VIDEO)
    music = {"has_music": bool(music_indices(ctx.draft())), "own_music": own_music(ctx) is not None}
    big = _song_back(msg, ctx) or big_request(msg.text, ctx.media(), **music)
    big = big or _resync_score(msg, ctx)
    if isinstance(big, Ask):
        return Intent("ask", {"key": big.key})
    if big is not None:
        big = carry_look(big, ctx.draft(), msg.text) if isinstance(big, BuildMusicVideo) else big
        ops, unknown = parse_ops(msg, skip_absorbed=True)
        return _edit_intent(_fold_into_build(big, ops), (), msg, ctx)
    ops, unknown = parse_ops(msg)
    if ops:
        return _edit_intent(ops, unknown, msg, ctx)
    command = next((action for action, pattern in _COMMANDS if pattern.search(msg.text)), None)
    return Intent(command) if command else Intent("unknown", {"text": text.strip()})
