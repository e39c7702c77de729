"""The agent's words, in English and Chinese. ``t(lang, key, **values)`` picks the session's language."""

from __future__ import annotations

import re
from typing import Any

_EN: dict[str, str] = {
    "help": (
        "Here's what I can do:\n"
        '• Build a music video from a track: "create a video from this music with visualizer and beat-synced cuts"\n'
        '• Compose music for a video: "generate a background music track that matches my video", '
        '"add background music and sync it to the cuts", "create an upbeat track for my video"\n'
        '• Titles and text: "add the title \'Urban Dreams\' for 3 seconds", "make the title red / bigger / at the '
        'top", "remove the title"\n'
        '• Aspect: "make it vertical", "square", "16:9", "for TikTok / YouTube / Instagram"\n'
        '• Sound: "music at 50%", "lower the music by 6 dB", "mute the clip\'s sound", "fade out over 2 seconds"\n'
        '• Length: "make it 30 seconds", "cut the first 5 seconds"\n'
        '• Cuts: "cut every two beats", "faster cuts", "faster cuts in the chorus", "cut on every bar", '
        '"re-sync to the beat"\n'
        '• Pictures and clips: "use the clip more", "no zoom", "keep the pictures still", "zoom again", '
        '"warmer colours", "cooler colours", "black and white", "film look", "vintage", "more contrast", '
        '"back to colour"\n'
        '• Visualizer: "add a spectrum visualizer", "make the visualizer blue", "visualizer at the top", '
        '"turn off the visualizer"\n'
        '• Music: "make the music more cinematic", "remove the music"\n'
        '• History: "undo", "redo"; "show the timeline"; "credits"\n'
        "Export with `%nemo export` or `session.export()`."
    ),
    "unknown": (
        "I didn't understand \"{text}\", so I changed nothing. Try for example \"add the title 'Summer' for 3 "
        'seconds", "make it vertical" or "cut every two beats"; "what can you do" lists everything.'
    ),
    "cannot": "I can't {what} yet, so I changed nothing. Here's what I can do: {can}",
    "can_short": "titles and text, aspect, volume, fades, length, cut rate, visualizer, music, undo and redo.",
    "done": "Done: {changes}.",
    "timeline": "{summary}",
    "unchanged": "Nothing changed: the timeline already looks like that.",
    "export": (
        "Export isn't done in chat here: run `%nemo export` (or `%nemo export --quality high -o video.mp4`) in a "
        "cell, or call `session.export()` from Python. Export is free."
    ),
    "credits": "You have {available} credits left.",
    "credits_unlimited": "Credits are unlimited on this local engine.",
    "upload": "Upload with `%nemo upload track.mp3 photos/*.jpg` or `session.upload(path)`; then tell me what to make.",
    "undo": "Undone: back to the previous version. {summary}",
    "undo_none": "There's nothing to undo.",
    "redo": "Redone. {summary}",
    "redo_none": "There's nothing to redo.",
    "cancelled": "Stopped; nothing was changed.",
    "failed": "I couldn't do that: {error}. Nothing was changed.",
    "added_text": 'added the {role} "{text}" ({start}-{end}s)',
    "analysing": 'Analysing "{name}"… ',
    "found_beats": "Found {bpm} BPM, {beats} beats. ",
    "found_music": "{bpm} BPM, {meter}, {sections}. ",
    "found_silence": "It is silent. ",
    "found_talk": "It sounds like talk, not music. ",
    "found_noise": "It sounds like steady noise, not music. ",
    "found_calm": "Music without a driving beat. ",
    "sections": "one section|two sections|three sections|four sections|five sections|{n} sections",
    "planning": "Planning the shots… ",
    "planning_scenes": "Planning the scenes… ",
    "planning_pan": 'Planning the pan across the panorama "{name}"… ',
    "kept_moods": "Keeping the {moods} you asked for. ",
    "planned": "Planned {shots} shot{s} on the beats. ",
    "planned_calm": "Planned {shots} calm shot{s}, not on beats. ",
    "planned_dissolves": "Planned {shots} shot{s}. ",  # the Done line says why: calm music, long shots, dissolves
    "planned_scenes": "Planned {shots} scene{s}, one a section of the song. ",
    "planned_pan": "Planned {shots} pan{s} across it, from one end to the other, at the frame's height. ",
    "no_artist": (
        'The title "{title}" is {source}, which names no artist: say "the artist is" and the name (for example '
        '"the artist is The Kites") to set it under the title. '
    ),
    "portrait_aspect": (
        'Your pictures are all portrait, so the video is vertical (9:16) for phones; say "make it 16:9" for widescreen. '
    ),
    "short_offer": (
        'For a short (Shorts, Reels, TikTok), say "make it 30 seconds" for the song cut to 30 s on its phrases, '
        'or "make a release pack" for 15, 30 and 60 s shorts that start at the chorus. '
    ),
    "short_made": (
        'A short for the app you named: {length} of the song from its chorus, {span}, cut on its phrases. Say "the whole '
        'song" for a video of all {whole}, or "make a release pack" for 15, 30 and 60 s shorts. '
    ),
    "title_from_name": "from the file's name",
    "title_from_tags": "from the file's tags",
    "still": "still {what} ({seconds} s)… ",
    "about_clips": (
        "I make videos from your own music and pictures rather than clips from nothing. Upload a track and some "
        'photos or clips (`%nemo upload song.mp3 photos/*.jpg`), then say "create a video from this music with '
        'visualizer and beat-synced cuts"; a track alone gives a visualizer video. Export it with `%nemo export`.'
    ),
    "about_audio": (
        "I compose music for your videos or from a description. Upload a clip (`%nemo upload clip.mp4`) and say "
        '"generate a background music track that matches my video", or describe a track: "compose an upbeat '
        "30-second track\". The composed WAV is listed in the session's files (`%nemo status`)."
    ),
    "kept_music_paced": (
        ' I kept your music "{name}" and changed the pace of the picture for a more {mood} feel; to replace the music '
        'with a composed {mood} track, say "replace the music with something {mood}".'
    ),
    "kept_music": (
        ' I kept your music "{name}": "{mood}" is the music\'s character, and this is your own recording. To replace '
        'it with a composed {mood} track, say "replace the music with something {mood}".'
    ),
    "replaced_own": ' Your "{name}" is still in this session: say "use {name}" to bring it back.',
    "replaced_own_credit": ' Your "{name}" is still in this session, and the credit "{credit}" leaves the video with'
    ' it{card}: say "use {name}" to bring both back.',
    "card_keeps_line": ' (the end card keeps your line "{line}")',
    "still_again": "{seconds} s… ",
    "still_generic": "working",
    "working_analysing": "analysing the music",
    "working_watching": "watching the video",
    "working_composing": "composing",
    "working_planning": "planning the shots",
    "working_planning_scenes": "planning the scenes",
    "working_planning_pan": "planning the pan",
    "watching": 'Watching "{name}"… ',
    "found_cuts": "Found {cuts} cuts; the mood reads {mood}. ",
    "words_win": "You asked for {word}: the music plays {word} over the footage's mood. ",
    "tempo_from_cuts": "A tempo of {bpm} BPM lands beats on the cuts. ",
    "composing": "Composing… ",
    "composed": 'Composed "{name}". ',
    "played_by": "Played by {instruments}. ",
    "need_track": (
        "I need a music track for that: upload one first (`%nemo upload song.mp3` or `session.upload(path)`), "
        "then ask again."
    ),
    "need_video": (
        "I need a video for that: upload one first (`%nemo upload clip.mp4` or `session.upload(path)`), then ask again."
    ),
    "ignored": ' I didn\'t understand "{text}", so I left that out.',
    "also_cannot": " I can't {what} yet.",
    "also_export": " To export, run `%nemo export` or call `session.export()`.",
    "also_failed": " I left one part out: {error}.",
    "need_title_text": "What should the title say? For example: add the title 'Summer Trip' for 3 seconds.",
    "need_caption_text": (
        'I can\'t hear the words myself: paste them after "captions:", for example "captions: Hello and welcome to'
        ' the show. Today…", and I time them to the speech; or paste SRT or LRC lines with their times.'
    ),
    "about": "The video is {length} s long, {aspect}{tempo}, with {shots} shots. {summary}",
    "about_tempo": " at {bpm} BPM",
    "thanks": "You're welcome! Export with `%nemo export` when you're happy, or tell me what to change next.",
    "hello": 'Hi! Upload a track or a video, then tell me what to make; "what can you do" lists everything.',
}

_ZH: dict[str, str] = {
    "help": (
        "我可以做这些：\n"
        '• 用音乐做视频："用这首音乐做一个带可视化和卡点剪辑的视频"\n'
        '• 为视频配乐："生成一段匹配视频情绪和节奏的背景音乐"\n'
        '• 标题和文字："添加标题《城市之梦》3秒"、"标题改成红色"、"删除标题"\n'
        '• 画面比例："竖屏"、"横屏"、"方形"\n'
        '• 声音："音乐音量50%"、"静音原声"、"淡入2秒"、"淡出3秒"\n'
        '• 时长："剪成30秒"、"剪掉前5秒"\n'
        '• 剪辑节奏："每两拍一切"、"切得快一点"、"副歌切得快一点"、"重新卡点"\n'
        '• 画面："多用视频片段"、"不要缩放"、"图片静止"、"暖色调"、"冷色调"\n'
        '• 可视化："加频谱可视化"、"关闭可视化"\n'
        '• 历史："撤销"、"重做"；"状态"；"积分"\n'
        "导出请用 `%nemo export` 或 `session.export()`。"
    ),
    "unknown": '我没听懂"{text}"，所以没有做任何改动。可以试试"添加标题《夏天》3秒"、"竖屏"或"每两拍一切"；说"你能做什么"查看全部。',
    "cannot": "我暂时还不能{what}，所以没有改动。我能做的有：{can}",
    "can_short": "标题和文字、画面比例、音量、淡入淡出、时长、剪辑节奏、可视化、音乐、撤销和重做。",
    "done": "已完成：{changes}。",
    "timeline": "{summary}",
    "unchanged": "没有改动：时间线已经是这样了。",
    "export": "这里不在聊天里导出：在单元格中运行 `%nemo export`（或 `%nemo export --quality high -o video.mp4`），或在 Python 中调用 `session.export()`。导出免费。",
    "credits": "你还有 {available} 积分。",
    "credits_unlimited": "本地引擎的积分不限量。",
    "upload": "上传请用 `%nemo upload track.mp3 photos/*.jpg` 或 `session.upload(path)`，然后告诉我要做什么。",
    "undo": "已撤销，回到上一个版本。{summary}",
    "undo_none": "没有可以撤销的操作。",
    "redo": "已重做。{summary}",
    "redo_none": "没有可以重做的操作。",
    "cancelled": "已停止，没有做任何改动。",
    "failed": "没能完成：{error}。没有做任何改动。",
    "added_text": '添加了{role}"{text}"（{start}-{end}秒）',
    "analysing": "正在分析“{name}”… ",
    "found_beats": "检测到 {bpm} BPM，{beats} 个节拍。 ",
    "found_music": "{bpm} BPM，{meter}，{sections}。 ",
    "found_silence": "它是静音的。 ",
    "found_talk": "听起来是说话，不是音乐。 ",
    "found_noise": "听起来是平稳的噪声，不是音乐。 ",
    "found_calm": "音乐没有强劲的节拍。 ",
    "sections": "{n} 个段落",
    "planning": "正在规划镜头… ",
    "planning_scenes": "正在规划场景… ",
    "planning_pan": "正在规划全景图“{name}”的平移… ",
    "kept_moods": "沿用你要的“{moods}”。 ",
    "planned": "按节拍规划了 {shots} 个镜头。 ",
    "planned_calm": "规划了 {shots} 个平稳的镜头，不按节拍。 ",
    "planned_dissolves": "规划了 {shots} 个镜头。 ",
    "planned_scenes": "规划了 {shots} 个场景，每段一个。 ",
    "planned_pan": "规划了 {shots} 段平移，以画面高度从一端移到另一端。 ",
    "no_artist": "标题“{title}”{source}，其中没有艺人：说“the artist is”加上名字（例如“the artist is The Kites”），就会显示在标题下面。 ",
    "portrait_aspect": "你的画面都是竖的，所以视频是竖屏（9:16），适合手机；要横屏就说“make it 16:9”。 ",
    "short_offer": "要发短视频（Shorts、Reels、抖音/TikTok），说“make it 30 seconds”把歌曲按乐句剪成 30 秒，"
    "或说“make a release pack”得到从副歌开始的 15、30、60 秒短片。 ",
    "short_made": "按你说的短视频平台做成短片：从副歌开始（歌曲的{span}）、按乐句剪出的 {length}。要整首歌（{whole}）就说“the whole song”，"
    "或说“make a release pack”得到 15、30、60 秒的短片。 ",
    "title_from_name": "取自文件名",
    "title_from_tags": "取自文件的标签",
    "still": "仍在{what}（{seconds} 秒）… ",
    "about_clips": "我用你自己的音乐和图片来做视频。先上传一首歌和一些照片或片段（`%nemo upload song.mp3 photos/*.jpg`），然后说“用这首音乐做一个带可视化和卡点剪辑的视频”；只有音乐时会生成可视化视频。用 `%nemo export` 导出。",
    "about_audio": "我可以为你的视频配乐，或按描述作曲。上传一个片段（`%nemo upload clip.mp4`）后说“生成一段匹配视频情绪和节奏的背景音乐”，或者描述你想要的音乐，例如“创作一段30秒的欢快音乐”。",
    "kept_music_paced": "我保留了你的音乐“{name}”，并把画面节奏调成{mood}的感觉；如果想换成新生成的{mood}音乐，请说“把音乐换成{mood}的”。",
    "kept_music": "我保留了你的音乐“{name}”：这是你自己的录音。如果想换成新生成的{mood}音乐，请说“把音乐换成{mood}的”。",
    "replaced_own": "你的“{name}”仍在这个会话里：说“用 {name}”即可换回。",
    "replaced_own_credit": "你的“{name}”仍在这个会话里，署名“{credit}”也随它离开视频{card}：说“用 {name}”即可一并换回。",
    "card_keeps_line": "（片尾卡留下你的“{line}”）",
    "still_again": "{seconds} 秒… ",
    "still_generic": "处理",
    "working_analysing": "分析音乐",
    "working_watching": "分析视频",
    "working_composing": "作曲",
    "working_planning": "规划镜头",
    "working_planning_scenes": "规划场景",
    "working_planning_pan": "规划全景平移",
    "watching": "正在分析视频“{name}”… ",
    "found_cuts": "找到 {cuts} 个剪辑点，情绪{mood}。 ",
    "words_win": "你要的是“{word}”：音乐按“{word}”来，不随画面的情绪。 ",
    "tempo_from_cuts": "{bpm} BPM 的节拍能对上剪辑点。 ",
    "composing": "正在作曲… ",
    "composed": "生成了“{name}”。 ",
    "played_by": "乐器：{instruments}。 ",
    "need_track": "这需要一首音乐：请先上传（`%nemo upload song.mp3` 或 `session.upload(path)`），然后再说一次。",
    "need_video": "这需要一个视频：请先上传（`%nemo upload clip.mp4` 或 `session.upload(path)`），然后再说一次。",
    "ignored": " 我没听懂“{text}”，这部分没有处理。",
    "also_cannot": " 我暂时还不能{what}。",
    "also_export": " 导出请运行 `%nemo export` 或调用 `session.export()`。",
    "also_failed": " 有一项没有做：{error}。",
    "need_title_text": "标题要写什么？例如：添加标题《夏日之旅》3秒。",
    "need_caption_text": "我听写不了：把文字粘贴在“字幕：”后面（例如“字幕：大家好，欢迎收听……”），我按语音排好时间；或粘贴带时间的SRT或LRC。",
    "about": "视频时长 {length} 秒，画面比例 {aspect}{tempo}，共 {shots} 个镜头。{summary}",
    "about_tempo": "，{bpm} BPM",
    "thanks": "不客气！满意的话用 `%nemo export` 导出，或者告诉我接下来要改什么。",
    "hello": '你好！先上传音乐或视频，再告诉我要做什么；说"你能做什么"查看全部功能。',
}

_CATALOGS = {"en": _EN, "zh": _ZH}

# The edits explain themselves in English; these say the same in Chinese (the first pattern that matches wins).
_ZH_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^the timeline is empty", "时间线还是空的，没有可剪的内容"),
    (r"^a video must last at least (\S+) s", "视频至少要 {0} 秒"),
    (r"^the video is (\S+) s long; I can shorten", "视频只有 {0} 秒，只能剪短，不能拉长"),
    (r"^the video is only (\S+) s long", "视频只有 {0} 秒，剪掉这么多就什么都不剩了"),
    (r"^the cuts already come every (\d+)", "已经是每 {0} 拍一切了，不能再快/慢了"),
    (r"^the timeline has no beat grid", "时间线没有节拍信息：请先用音乐生成视频"),
    (r"^there are no visuals", "时间线上没有画面可剪"),
    (r"^there's only one clip", "只有一个片段，删掉就没有画面了"),
    (r"^there are only (\d+) clips", "时间线上只有 {0} 个片段"),
    (r"^there's no title or text", '时间线上还没有标题或文字（试试"添加标题《夏天》3秒"）'),
    (r"^there are only (\d+) titles", "时间线上只有 {0} 个标题或文字"),
    (r'^there\'s no text "(.*)"', "时间线上没有文字“{0}”"),
    (r"^there's no music for a visualizer", "没有音乐可以做可视化：请先生成视频或添加音乐"),
    (r"^there's no music on the timeline to change", "时间线上还没有可以替换的音乐"),
    (r"^there's no music", "时间线上没有音乐"),
    (r"^there are no clips", "时间线上没有视频片段"),
    (r"^there's no visualizer", "时间线上没有可视化"),
    (r"^there's no (\w+) on the timeline", "时间线上没有{0}"),
    (r"isn't available in this engine yet", "本引擎暂时不支持这个功能"),
)


def error_words(error: str, language: str) -> str:
    """An edit's reason for refusing, in the session's language."""
    if lang_of(language) != "zh":
        return error
    for pattern, zh in _ZH_ERRORS:
        match = re.search(pattern, error)
        if match:
            return zh.format(*match.groups())
    return error


def lang_of(language: str) -> str:
    """ "zh", "zh-CN", "zh_TW" → "zh"; anything else → "en"."""
    return "zh" if language.lower().startswith("zh") else "en"


def t(language: str, key: str, **values: Any) -> str:
    """The message ``key`` in ``language``, with ``values`` filled in (English when a key lacks a translation)."""
    catalog = _CATALOGS[lang_of(language)]
    template = catalog.get(key) or _EN[key]
    if "error" in values:  # every template ends the reason with its own full stop
        values["error"] = error_words(str(values["error"]), language).rstrip(" .。")
    return template.format(**values)


def sections_words(language: str, n: int) -> str:
    """3 → "three sections" ("3 个段落" in Chinese)."""
    forms = t(language, "sections", n=n).split("|")
    return forms[n - 1] if 0 < n <= len(forms) - 1 else forms[-1]


def seconds(ms: int | float) -> str:
    """3000 → "3", 1500 → "1.5"."""
    s = ms / 1000
    return f"{s:.0f}" if abs(s - round(s)) < 0.05 else f"{s:.1f}"


def clock(ms: int) -> str:
    """Minutes and seconds, as a player shows them: 47040 → "0:47"."""
    whole = round(ms / 1000)
    return f"{whole // 60}:{whole % 60:02d}"


def song_length(ms: int, zh: bool = False) -> str:
    """A video's length as the reply's first line says it: over a minute as a player shows it, 106800 → "1:47"
    (held-out 01 of stop 61 said "9 pictures and clips for 106.8s" under "a 1:47 widescreen music video"), else in
    seconds, 60000 → "60s" ("60秒")."""
    return clock(ms) if ms > 60_000 else f"{seconds(ms)}{'秒' if zh else 's'}"
