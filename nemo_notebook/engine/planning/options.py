"""What a music video should look like: the options ``plan_music_video`` takes, checked."""

from __future__ import annotations

from dataclasses import dataclass

from ...protocol import MediaInfo
from ...protocol.vocabulary import ASPECT_SIZES, AUTO, BACKDROPS, COVER_DESIGNS, POSITIONS, VISUALIZERS
from ..analysis.types import VideoAnalysis
from .palettes import PALETTES

Visual = tuple[MediaInfo, VideoAnalysis | None]


@dataclass(frozen=True)
class MusicVideoOptions:
    """What the video should look like. ``visualizer`` is one of ``VISUALIZERS`` or None (off); its colour and
    position "auto" leave them to the renderer, which takes them from the pictures (a palette hue with contrast
    against what lies beneath, a place off the subject);
    ``beats_per_cut`` None lets the music's energy set the cut rate; ``title_ms`` is how long the title shows."""

    aspect: str = "16:9"
    fps: int = 30
    visualizer: str | None = "spectrum"
    visualizer_named: bool = False
    """The user named the visualizer's kind: it is drawn whatever the music. Otherwise the default bars of a video of
    pictures or clips are the music's choice (``lanes.visualizer_for_the_music``: a thin wave for calm music)."""
    visualizer_color: str = AUTO
    visualizer_position: str = AUTO
    beats_per_cut: int | None = None
    title: str | None = None
    title_ms: int = 3000
    credit_line: bool = False
    """The title is the track's own "Title — Artist" (from its tags): set smaller, at the top, over the cover's
    blurred surround rather than over the cover."""
    seed: int = 0
    chorus_factor: float = 1.0
    """The loudest section's shots this many times as long as its loudness gives (0.5: cuts twice as fast)."""
    clip_weight: float = 1.0
    """Each clip's share of the screen time against a picture's (2.0: twice a picture's share)."""
    source_weights: tuple[tuple[str, float], ...] = ()
    """(media id, weight) pairs: that picture's or clip's share against an unweighted picture's, over
    ``clip_weight``."""
    picture_sharpness: tuple[tuple[str, float], ...] = ()
    """(media id, sharpness) pairs: how sharp each picture is at the size the video shows it
    (``analysis.picture.sharpness``); a picture out of focus is shown less (``quality``)."""
    picture_coarse: tuple[str, ...] = ()
    """The media ids of the pictures that are blocky or plain (``analysis.picture.coarseness``): shown less."""
    picture_blocky: tuple[str, ...] = ()
    """Those of ``picture_coarse`` that are so by their compression's blocks, not plain (``analysis.picture.blocky``):
    the reply says which."""
    picture_lettered: tuple[str, ...] = ()
    """The media ids of the pictures that may hold lettering (``analysis.picture.PictureMeasures.lettered``): a
    return of one is never shown mirrored (``looks_apart``)."""
    picture_colours: tuple[tuple[str, float, float], ...] = ()
    """(media id, a*, b*): each picture's mean colour (``analysis.picture.colour``): two of one colour are not put
    side by side where another order does as well (``colour_joins``)."""
    opening: str | None = None
    """The media id of the picture or clip the video opens on (the strongest picture: ``analysis.picture``); None
    leaves the first shot to the order's draw."""
    as_mastered: bool = True
    """The track is the user's own recording: it plays as mastered (render/master_level.py), not normalised to
    -14 LUFS; False for music the engine composed."""
    cover_design: str | None = None
    """One cover and a track: the design (one of ``COVER_DESIGNS``); None lets the music choose (``cover``)."""
    backdrop: str = AUTO
    """The design of a track alone's generated backdrop, one of ``BACKDROPS`` ("aurora", "pulse", "bokeh"); "auto"
    lets the music choose (``backgrounds.design_for``)."""
    palette: str = AUTO
    """The palette of a track alone's backdrop, one of ``palettes.PALETTES`` ("neon", "royal", …); "auto" lets the
    genre tag and the music choose (``palettes.palette_for``)."""
    short: bool = False
    """A short for phones' apps (a shorter version of a minute or less, ``song_version``): its opening shot cut a bar
    in, its title shown from the first frame, its stills of loud driving music held a bar or so (``shorts``)."""
    genre: str | None = None
    """The track's genre in words (its tag, "Heavy Metal"), which the backdrop's palette follows where it names one."""

    def check(self) -> None:
        """Raise ValueError naming the option and its allowed values where one is wrong."""
        if self.aspect not in ASPECT_SIZES:
            raise ValueError(f"aspect {self.aspect!r} is not supported: use one of {', '.join(ASPECT_SIZES)}")
        if self.visualizer is not None and self.visualizer not in VISUALIZERS:
            raise ValueError(f"visualizer {self.visualizer!r} is unknown: use one of {', '.join(VISUALIZERS)}")
        if self.cover_design is not None and self.cover_design not in COVER_DESIGNS:
            raise ValueError(f"design {self.cover_design!r} is unknown: use one of {', '.join(COVER_DESIGNS)}")
        if self.backdrop not in (*BACKDROPS, AUTO):
            raise ValueError(f"backdrop {self.backdrop!r} is unknown: use one of {', '.join(BACKDROPS)}")
        if self.palette != AUTO and self.palette not in PALETTES:
            raise ValueError(f"palette {self.palette!r} is unknown: use one of {', '.join(PALETTES)}")
        if self.visualizer_position not in (*POSITIONS, AUTO):
            raise ValueError(f"position {self.visualizer_position!r} is unknown: use one of {', '.join(POSITIONS)}")
        if not 1 <= self.fps <= 120:
            raise ValueError(f"fps must be between 1 and 120, not {self.fps}")
        if self.beats_per_cut is not None and not 1 <= self.beats_per_cut <= 64:
            raise ValueError(f"beats_per_cut must be between 1 and 64, not {self.beats_per_cut}")
        for name, value in (
            ("chorus_factor", self.chorus_factor),
            ("clip_weight", self.clip_weight),
            *self.source_weights,
        ):
            if not 0.1 <= value <= 10:
                raise ValueError(f"the weight of {name} must be between 0.1 and 10, not {value}")
