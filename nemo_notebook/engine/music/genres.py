"""Two styles in one request: the genre that plays it and the word that shapes it ("epic rock": rock's band, epic's
build), and the names a genre goes by in a title ("Hip-Hop", "Lo-Fi", "Epic Rock"). Pure Python.

A request names its styles in any order, and ``styles.STYLE_WORDS`` picks one of them: "epic" is found before
"rock", so "an epic rock track" was an orchestra with no guitar in it. Here a *shape word* (epic, trailer,
cinematic, dramatic) beside a *genre word* (rock, hip-hop, lo-fi, electronic, acoustic, folk, pop) keeps the genre's
instruments, sound and groove and takes the shape word's form: waves that build to a last, biggest section; and a
genre wins over the words that only say what the music is for (film, wedding, travel: ``without_uses``).
"""

from __future__ import annotations

import re

# Words that shape a piece (its form) when a genre is named beside them, and the style whose form they take
SHAPE_WORDS: tuple[tuple[str, str], ...] = (
    ("trailer", "epic"), ("epic", "epic"), ("heroic", "epic"), ("史诗", "epic"),
    ("cinematic", "cinematic"), ("dramatic", "cinematic"), ("电影", "cinematic"),
)  # fmt: skip
# Words that name a genre: a band and its sound, which a shape word does not replace
GENRE_WORDS: tuple[tuple[str, str], ...] = (
    ("rock", "energetic"), ("electric guitar", "energetic"),
    ("hip hop", "hiphop"), ("hip-hop", "hiphop"), ("hiphop", "hiphop"), ("boom bap", "hiphop"), ("boom-bap", "hiphop"),
    ("boombap", "hiphop"), ("lo-fi", "lofi"), ("lo fi", "lofi"), ("lofi", "lofi"), ("低保真", "lofi"),
    ("electronic", "electronic"), ("edm", "electronic"), ("techno", "electronic"),
    ("synth", "electronic"), ("电子", "electronic"),
    ("acoustic", "acoustic"), ("folk", "acoustic"), ("原声", "acoustic"), ("pop", "upbeat"),
)  # fmt: skip
# Style words that say what the music is for, not how it sounds: a genre named beside one wins ("a rock track for my
# film" is rock, not the cinematic style "film" alone asks for)
_USE_WORDS = ("film", "movie", "wedding", "love", "presentation", "business", "tech", "kids", "travel", "vlog",
              "summer", "sport", "sports", "workout", "study")  # fmt: skip
# Each style's name as people write a genre in a track's title
_TITLE_NAMES = {
    "upbeat": "Upbeat Pop", "energetic": "Rock", "happy": "Happy Pop", "calm": "Calm Ambient", "chill": "Chill",
    "lofi": "Lo-Fi", "sad": "Sad Ballad", "cinematic": "Cinematic", "epic": "Epic Cinematic", "acoustic": "Acoustic Folk",
    "electronic": "Electronic", "corporate": "Corporate", "piano": "Solo Piano", "hiphop": "Hip-Hop",
    "romantic": "Romantic Ballad",
}  # fmt: skip
_SHAPE_TITLES = {"epic": "Epic", "cinematic": "Cinematic"}
_SHAPED_NAMES = {"upbeat": "Pop", "acoustic": "Acoustic"}  # "Epic Pop", not "Epic Upbeat Pop"


def genre_and_shape(text: str) -> tuple[str, str] | None:
    """The genre a request names and the style whose form it takes, where it names a genre and a shape word both
    (``"an epic rock track"`` → ``("energetic", "epic")``), else None (one style: ``styles.STYLE_WORDS`` decides).

    Examples
    --------
    >>> genre_and_shape("a cinematic hip-hop beat"), genre_and_shape("an epic cinematic track")
    (('hiphop', 'cinematic'), None)
    """
    shape = _first(SHAPE_WORDS, text)
    genre = _first(GENRE_WORDS, text)
    return (genre, shape) if genre and shape else None


def without_uses(text: str) -> str:
    """The request without the words that say what the music is for, where it names a genre (they would otherwise
    pick a style over it: "film" is listed before "rock"); as it is where it names none.

    Examples
    --------
    >>> without_uses("a rock track for my film"), without_uses("music for my film")
    ('a rock track for my  ', 'music for my film')
    """
    if _first(GENRE_WORDS, text) is None:
        return text
    return re.sub(r"\b(" + "|".join(_USE_WORDS) + r")\b", " ", text)


def title_name(style: str, shape: str = "") -> str:
    """The genre as a track's title names it: ``"Hip-Hop"``, ``"Lo-Fi"``, ``"Rock"``, ``"Epic Rock"``.

    Examples
    --------
    >>> title_name("energetic"), title_name("energetic", "epic"), title_name("epic"), title_name("upbeat", "epic")
    ('Rock', 'Epic Rock', 'Epic Cinematic', 'Epic Pop')
    """
    lead = _SHAPE_TITLES.get(shape, "") if shape != style else ""
    if lead:
        return f"{lead} {_SHAPED_NAMES.get(style, _TITLE_NAMES.get(style, style.title()))}"
    return _TITLE_NAMES.get(style, style.title())


def _first(words: tuple[tuple[str, str], ...], text: str) -> str | None:
    return next((style for word, style in words if re.search(r"(?<![a-z])" + re.escape(word), text)), None)
