"""Intent → steps: run the operations on a working copy of the draft, commit once, say what changed."""

from __future__ import annotations

import itertools
from collections.abc import Generator, Iterator, Sequence

from ...protocol import Draft, summarize
from ..errors import EngineError
from .captions import add_captions
from .composing import compose_music
from .context import AgentContext, AgentStep, Aside, Intent, Say, StateChanged, ToolFinished, ToolStarted
from .cut_off import cut_off_words
from .describe import describe
from .edits import apply, is_pure, media_lengths
from .end_card import clip_room_of, set_end_card
from .little_used import little_used_words
from .making import Work, build_music_video
from .narration import shot_count
from .operations import (
    AddCaptions,
    BuildMusicVideo,
    Cannot,
    ComposeMusic,
    Edit,
    MatchLoudness,
    Replan,
    SetEndCard,
    SetLength,
    SetVisualizer,
)
from .pack import make_pack
from .peak_choice import loudness_edit
from .quiet_intro import quiet_intro_words
from .repetition import repetition_words
from .replan import replan
from .replies import lang_of, seconds, t
from .short_clips import short_clip_words
from .silent_start import silent_start_words
from .small_cover import small_cover_words
from .song_length import shorten
from .title_shown import title_as_shown

_call_ids = itertools.count(1)


def _run_one(edit: Edit, draft: Draft, ctx: AgentContext) -> Work:
    if isinstance(edit, BuildMusicVideo):
        return (yield from build_music_video(edit, draft, ctx))
    if isinstance(edit, ComposeMusic):
        return (yield from compose_music(edit, draft, ctx))
    if isinstance(edit, Replan):
        return (yield from replan(edit, draft, ctx))
    if isinstance(edit, SetLength):
        return (yield from shorten(edit, draft, ctx))
    if isinstance(edit, AddCaptions):
        return (yield from add_captions(edit, draft, ctx))
    if isinstance(edit, MatchLoudness):
        return loudness_edit(edit, draft, ctx)
    if isinstance(edit, SetEndCard):  # a clip held under the card keeps inside one of its own shots
        return set_end_card(draft, edit, clip_room_of(draft, ctx, media_lengths((*ctx.media(), *ctx.generated()))))
    return apply(edit, draft, media_ms=media_lengths((*ctx.media(), *ctx.generated())))


def _holding(work: Work, asides: list[str]) -> Work:
    """``work``'s steps but its ``Aside`` words, which are added to ``asides`` (said after what was made)."""
    while True:
        try:
            step = next(work)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if isinstance(step, Aside):
            asides.append(step.text.strip())
        else:
            yield step


def _tool_call(
    edit: Edit, draft: Draft, ctx: AgentContext, n: int, asides: list[str]
) -> Generator[AgentStep, None, Draft | EngineError]:
    """One edit as a tool call (started, what it says while it works, finished): the new draft, or why it failed;
    its asides (``Aside``) are added to ``asides`` once it succeeds."""
    call_id = f"call_{next(_call_ids)}_{n}"
    yield ToolStarted(call_id, edit.name, edit.to_json())
    held: list[str] = []
    try:
        new = yield from _holding(_run_one(edit, draft, ctx), held)
    except EngineError as exc:
        yield ToolFinished(call_id, edit.name, {"ok": False, "error": str(exc)})
        return exc
    yield ToolFinished(call_id, edit.name, {"ok": True, "summary": summarize(new)})
    asides += [words for words in held if words]
    return new


def _note(changes: list[str], edit: Edit, said: str) -> None:
    # a visualizer's description is its whole state: the second of two in a row says all the first did
    if isinstance(edit, SetVisualizer) and changes and changes[-1].startswith(said.split(":")[0] + ":"):
        changes.pop()
    changes.append(said)


def run_ops(ops: Sequence[Edit], ctx: AgentContext, notes: Sequence[str] = ()) -> Iterator[AgentStep]:
    """Apply ``ops`` in order on a copy of the draft and commit once, unless cancelled. An edit that does not fit is
    left out and named; when building or composing fails, nothing is committed (what follows would edit the wrong
    draft)."""
    lang = lang_of(ctx.language)
    draft = ctx.draft()
    changes: list[str] = []
    errors: list[str] = []
    asides: list[str] = []  # said after the first change, what was made: what to say next, how loud it plays
    for n, op in enumerate(ops, 1):
        if ctx.cancelled:
            yield Say(t(lang, "cancelled"))
            return
        result = yield from _tool_call(op, draft, ctx, n, asides)
        if isinstance(result, EngineError):
            errors.append(str(result))
            if not is_pure(op):
                yield Say(t(lang, "failed", error=str(result)))
                return
            continue
        _note(changes, op, describe(op, draft, result, lang))
        draft = result
    if errors and not changes:
        yield Say(t(lang, "failed", error="; ".join(errors)))
        return
    draft = title_as_shown(draft, ctx)  # the title as long as the picture shows it
    repeats = repetition_words(ctx.draft(), draft, lang == "zh")  # one line, however many files come back
    little = little_used_words(ctx.draft(), draft, lang == "zh")
    clips = short_clip_words(ctx.draft(), draft, lang == "zh")
    intro = quiet_intro_words(ctx.draft(), draft, lang == "zh")  # the longer quiet says the silence too
    quiet = intro or silent_start_words(ctx.draft(), draft, lang == "zh")
    cut_off = cut_off_words(ctx.draft(), draft, lang == "zh")
    small = small_cover_words(ctx.draft(), draft, ctx.media(), lang == "zh")
    changes += [words for words in (repeats, little, small, clips, quiet, cut_off) if words]
    notes = [*notes, *(t(lang, "also_failed", error=e) for e in errors)]
    yield from _commit(draft, changes, notes, ctx, asides)


def _commit(
    draft: Draft, changes: list[str], notes: Sequence[str], ctx: AgentContext, asides: Sequence[str] = ()
) -> Iterator[AgentStep]:
    lang = lang_of(ctx.language)
    if ctx.cancelled:
        yield Say(t(lang, "cancelled"))
        return
    if draft == ctx.draft():
        yield Say(t(lang, "unchanged") + "".join(notes))
        return
    sep = "；" if lang == "zh" else "; "
    version = ctx.commit(draft, note=sep.join(changes))
    yield StateChanged(version)
    yield Say(done_words(changes, lang, asides) + "".join(notes) + "\n" + summarize(draft))


def done_words(changes: Sequence[str], lang: str, asides: Sequence[str] = ()) -> str:
    """ "Done: <the first change>.", the ``asides`` each on a line (what to say next, how loud the song plays), and
    each further change on a line of its own: held-out 01's reply was one sentence of 640 characters, its notes on
    repeats and left-out pictures joined to the build by "; "; stop 56's blind reviewers read the loudness paragraph
    said before what was made, in every reply."""
    first, *rest = changes
    stop = "。" if lang == "zh" else "."
    said = "".join(f"\n{aside}" for aside in asides)
    return t(lang, "done", changes=first) + said + "".join(f"\n• {change}{stop}" for change in rest)


def _notes(intent: Intent, lang: str) -> list[str]:
    notes = [t(lang, "ignored", text=c) for c in intent.args.get("ignored", ())]
    cannot: Sequence[Cannot] = intent.args.get("cannot", ())
    notes += [t(lang, "also_cannot", what=c.words(lang)) for c in cannot]
    notes += [t(lang, "also_failed", error=e) for e in intent.args.get("errors", ())]
    notes += [t(lang, "also_export")] if intent.args.get("export_hint") else []
    return [*intent.args.get("notes", ()), *notes]


def execute(intent: Intent, ctx: AgentContext) -> Iterator[AgentStep]:
    """Carry out ``intent``: words, a tool call per operation, and at most one commit."""
    lang = lang_of(ctx.language)
    if intent.action == "edit":
        yield from run_ops(intent.args["ops"], ctx, _notes(intent, lang))
    elif intent.action == "pack":
        yield from make_pack(ctx)
    elif intent.action in ("undo", "redo"):
        draft = ctx.undo() if intent.action == "undo" else ctx.redo()
        yield from _history(draft, intent.action, ctx)
    elif intent.action == "timeline":
        yield Say(summarize(ctx.draft()))
    elif intent.action == "about":
        yield Say(_about(ctx.draft(), lang))
    elif intent.action == "credits":
        available = ctx.credits_available()
        yield Say(t(lang, "credits_unlimited") if available is None else t(lang, "credits", available=available))
    elif intent.action == "unknown":
        yield Say(t(lang, "unknown", text=intent.args.get("text", "")))
    elif intent.action == "cannot":
        what: Cannot = intent.args["what"]
        yield Say(t(lang, "cannot", what=what.words(lang), can=t(lang, "can_short")))
    elif intent.action == "failed":
        yield Say(t(lang, "failed", error=intent.args.get("error", "")) + "".join(_notes(intent, lang)))
    elif intent.action == "unchanged":
        yield Say(t(lang, "unchanged") + "".join(_notes(intent, lang)))
    elif intent.action == "kept":
        yield Say("".join(intent.args.get("notes", ())).strip())
    elif intent.action == "ask":
        yield Say(t(lang, str(intent.args.get("key", "help"))))
    else:
        known = {"help", "export", "upload", "thanks", "hello"}
        yield Say(t(lang, intent.action if intent.action in known else "help"))


def _about(draft: Draft, lang: str) -> str:
    bpm = draft.meta.get("bpm")
    tempo = t(lang, "about_tempo", bpm=round(float(bpm))) if isinstance(bpm, (int, float)) else ""
    shots = shot_count(draft)
    return t(
        lang,
        "about",
        length=seconds(draft.duration_ms),
        aspect=draft.aspect,
        tempo=tempo,
        shots=shots,
        summary=summarize(draft),
    )


def _history(draft: Draft | None, which: str, ctx: AgentContext) -> Iterator[AgentStep]:
    if draft is None:
        yield Say(t(ctx.language, f"{which}_none"))
        return
    yield StateChanged(ctx.version())
    yield Say(t(ctx.language, which, summary=summarize(draft)))
