"""Finding things on a draft by what they are: the visuals lane, the music, titles, the visualizer."""

from __future__ import annotations

from collections.abc import Sequence

from ...protocol import Draft, Segment, Track, TrackType
from ...protocol.vocabulary import Role

MUSIC_ROLES = (Role.MUSIC, Role.BGM)


def role_of(track: Track) -> str | None:
    """A track's role: its own ``m.role``, else its first segment's."""
    role = track.meta.get("role")
    if role is None and track.segments:
        role = track.segments[0].meta.get("role")
    return str(role) if role else None


def indices(draft: Draft, *roles: str, kind: TrackType | None = None) -> list[int]:
    """Indices of the tracks with one of ``roles`` (any role when none given) and of type ``kind`` if given."""
    return [
        i
        for i, track in enumerate(draft.tracks)
        if (kind is None or track.type == kind) and (not roles or role_of(track) in roles)
    ]


def visuals_index(draft: Draft) -> int | None:
    """The visuals lane: the video track with role "visuals", else the first video track that is no visualizer."""
    found = indices(draft, Role.VISUALS, kind=TrackType.VIDEO)
    if found:
        return found[0]
    rest = [i for i in indices(draft, kind=TrackType.VIDEO) if role_of(draft.tracks[i]) != Role.VISUALIZER]
    return rest[0] if rest else None


def visual_shots(draft: Draft) -> Sequence[Segment]:
    """The visuals lane's segments; none where the draft has no visuals lane."""
    v = visuals_index(draft)
    return () if v is None else draft.tracks[v].segments


def music_indices(draft: Draft) -> list[int]:
    """Audio tracks holding music (role music or bgm, or an audio track without a role)."""
    return [i for i in indices(draft, kind=TrackType.AUDIO) if role_of(draft.tracks[i]) in (*MUSIC_ROLES, None)]


def music_source(draft: Draft) -> str | None:
    """The media id of the music, where there is music."""
    for i in music_indices(draft):
        for segment in draft.tracks[i].segments:
            if segment.src:
                return segment.src
    return None


def named_music(draft: Draft, name: str) -> Draft:
    """The draft with its music lanes named ``name`` (a composed track's title, not its file's name)."""
    for i in music_indices(draft):
        draft = replace_track(draft, i, draft.tracks[i].with_meta(name=name))
    return draft


def replace_track(draft: Draft, index: int, track: Track) -> Draft:
    tracks = list(draft.tracks)
    tracks[index] = track
    return draft.with_tracks(tracks)


def drop_tracks(draft: Draft, drop: list[int]) -> Draft:
    return draft.with_tracks([t for i, t in enumerate(draft.tracks) if i not in drop])
