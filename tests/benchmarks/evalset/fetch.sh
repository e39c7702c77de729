#!/usr/bin/env bash
# fetch.sh [OUTDIR]: rebuild the beat-tracking evaluation set (audio/) from package names only.
#
# Sources: Debian packages (apt-get download, never installed: each .deb is unpacked into a cache),
# the project's shared media folder (../shared/media of the repo, /work/shared/media on these machines),
# and two tools from Debian: openmpt123 (renders tracker modules to WAV) and ffmpeg (mixes, trims, encodes;
# if no ffmpeg is on PATH, the one inside the PyPI package imageio-ffmpeg is used from a private venv).
# Needs root for 'apt-get install openmpt123' (skipped if it is already there) and 'apt-get update' done once.
# Download: about 330 MB of .deb files. Everything CPU-bound runs under nice -n 19, one file at a time.
set -euo pipefail

OUT=$(cd "${1:-$(dirname "$0")}" && pwd)
CACHE="$OUT/cache"
DEBS="$CACHE/debs"
X="$CACHE/x"
AUDIO="$OUT/audio"
SHARED_MEDIA=${NEMO_SHARED_MEDIA:-/work/shared/media}
mkdir -p "$DEBS" "$X" "$AUDIO"

# --- tools -------------------------------------------------------------------------------------------
if ! command -v openmpt123 >/dev/null; then
  apt-get install -y openmpt123 >/dev/null
fi
if command -v ffmpeg >/dev/null; then
  FFMPEG=$(command -v ffmpeg)
else
  if ! "$CACHE/venv/bin/python" -c 'import imageio_ffmpeg' 2>/dev/null; then
    python3 -m venv "$CACHE/venv"
    "$CACHE/venv/bin/pip" install -q imageio-ffmpeg
  fi
  FFMPEG=$("$CACHE/venv/bin/python" -c 'import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())')
fi
ff() { nice -n 19 "$FFMPEG" -hide_banner -loglevel error -nostdin -y "$@"; }

# --- Debian packages (pinned to the versions the MANIFEST names; falls back to the current one) -------
PKGS=(
  "fretsonfire-songs-muldjord=2.dfsg-2.1"
  "fretsonfire-songs-sectoid=1.dfsg-3.1"
  "wesnoth-1.16-music=1:1.16.9-1"
  "nexuiz-music=2.5.2-12"
  "extremetuxracer-data=0.8.2-1"
  "fb-music-high=0.1.2+nmu2"
  "tomatoes-data=1.55-10"
  "pathological=1.1.3-17"
)
for spec in "${PKGS[@]}"; do
  name=${spec%%=*}
  if ! ls "$DEBS/${name}_"*.deb >/dev/null 2>&1; then
    (cd "$DEBS" && { apt-get download -qq "$spec" 2>/dev/null || { echo "note: $spec gone, taking current $name" >&2; apt-get download -qq "$name"; }; })
  fi
  dpkg-deb -x "$DEBS/${name}_"*.deb "$X"
done
FOF="$X/usr/share/games/fretsonfire/data/songs"
WES="$X/usr/share/games/wesnoth/1.16/data/core/music"
ETR="$X/usr/share/games/etr/music"
NEX="$CACHE/nexuiz"
mkdir -p "$NEX"
(cd "$NEX" && unzip -o -q "$X/usr/share/games/nexuiz/data/music.pk3" 'sound/cdtracks/*')
NEX="$NEX/sound/cdtracks"

# --- helpers -----------------------------------------------------------------------------------------
copy() { install -m 644 "$1" "$AUDIO/$2"; }                                   # unchanged original
mixfof() {  # Frets on Fire song = backing track (song.ogg) + guitar stem (guitar.ogg); optional max length
  local dir=$1 dest=$2 maxlen=${3:-}
  ff -i "$dir/song.ogg" -i "$dir/guitar.ogg" \
     -filter_complex "amix=inputs=2:duration=longest:normalize=0,alimiter=limit=0.97" \
     ${maxlen:+-t "$maxlen"} -c:a libvorbis -q:a 5 "$AUDIO/$dest"
}
trim() { ff -i "$1" -t "$3" -c:a libvorbis -q:a 5 "$AUDIO/$2"; }  # first N seconds, re-encoded
render() {  # tracker module -> WAV (openmpt123, 44.1 kHz, played once) -> first N seconds as Ogg Vorbis
  local src=$1 dest=$2 maxlen=$3 tmp
  tmp=$(mktemp -d)
  nice -n 19 openmpt123 --quiet --batch --samplerate 44100 --repeat 0 --end-time "$maxlen" --force \
    -o "$tmp/r.wav" "$src" >/dev/null
  ff -i "$tmp/r.wav" -t "$maxlen" -c:a libvorbis -q:a 5 "$AUDIO/$dest"
  rm -rf "$tmp"
}

# --- the set (names: NN-style-title) -----------------------------------------------------------------
copy   "$SHARED_MEDIA/vibe-ace.ogg"                          01-jazz-swing-vibe-ace.ogg
copy   "$SHARED_MEDIA/choice-drum-bass.ogg"                  02-hiphop-breakbeat-choice.ogg
mixfof "$FOF/sectoid/War of freedom"                         03-rock-war-of-freedom.ogg
mixfof "$FOF/muldjord/armygeddon"                            04-metal-armygeddon.ogg
mixfof "$FOF/sectoid/Feelings"                               05-rock-ballad-feelings.ogg 240
mixfof "$FOF/sectoid/Metal madness"                          06-metal-metal-madness.ogg
copy   "$WES/love_theme.ogg"                                 07-orchestral-rubato-love-theme.ogg
copy   "$WES/nunc_dimittis.ogg"                              08-orchestral-nunc-dimittis.ogg
copy   "$WES/traveling_minstrels.ogg"                        09-folk-traveling-minstrels.ogg
copy   "$NEX/digital-pursuit.ogg"                            10-electronic-digital-pursuit.ogg
copy   "$NEX/stairs.ogg"                                     11-electronic-stairs.ogg
render "$X/usr/share/games/frozen-bubble/snd/frozen-mainzik-2p.xm" 12-pop-tracker-frozen-bubble-2p.ogg 207
copy   "$ETR/credits1-cp.ogg"                                13-ballad-credits-ballad.ogg
copy   "$ETR/spunkyrace-ks.ogg"                              14-pop-rock-spunky-race.ogg
copy   "$X/usr/share/games/pathological/music/intro.ogg"     15-pathological-intro.ogg
render "$X/usr/share/tomatoes/music/IHaveNoTomatoes.it"      16-electronic-tracker-i-have-no-tomatoes.ogg 240
copy   "$WES/journeys_end.ogg"                               17-orchestral-triple-journeys-end.ogg

ls -l "$AUDIO"

# --- held-out footage: a clip cut from five OpenCV sample films at 12 irregular times (issue 28) ---------
# Debian opencv-doc (Apache-2.0 / BSD-3-Clause): Megamind.avi (its own cuts at 4.13, 6.47, 8.38 s are avoided),
# tree.avi, vtest.avi, and the tutorial films box.mp4 and cup.mp4. Each stretch is exactly round(d*30) frames at
# 30 fps, so the cuts fall at 2.3, 4.0, 7.1, 9.1, 11.7, 13.1, 16.5, 18.7, 20.5, 23.3, 24.9 and 27.5 s of 30.
VIDEO="$OUT/video"
mkdir -p "$VIDEO"
if ! ls "$DEBS/opencv-doc_"*.deb >/dev/null 2>&1; then
  (cd "$DEBS" && apt-get download -qq opencv-doc)
fi
dpkg-deb -x "$DEBS/opencv-doc_"*.deb "$X"
CV="$X/usr/share/doc/opencv-doc"
gunzip -c "$CV/opencv4/html/box.mp4.gz" > "$CACHE/box.mp4"
gunzip -c "$CV/opencv4/html/cup.mp4.gz" > "$CACHE/cup.mp4"
STRETCHES="$CV/examples/data/vtest.avi 5.0 2.3
$CV/examples/data/Megamind.avi 0.2 1.7
$CACHE/box.mp4 1.0 3.1
$CV/examples/data/tree.avi 2.0 2.0
$CACHE/cup.mp4 0.5 2.6
$CV/examples/data/Megamind.avi 4.2 1.4
$CV/examples/data/vtest.avi 30.0 3.4
$CACHE/box.mp4 6.0 2.2
$CV/examples/data/Megamind.avi 6.5 1.8
$CV/examples/data/tree.avi 15.0 2.8
$CACHE/cup.mp4 4.0 1.6
$CV/examples/data/Megamind.avi 8.45 2.6
$CACHE/box.mp4 11.0 2.5"
inputs=(); chains=""; joined=""; n=0
while read -r file start seconds; do
  frames=$(awk "BEGIN { printf \"%d\", $seconds * 30 + 0.5 }")
  inputs+=(-ss "$start" -t "$(awk "BEGIN { print $seconds + 1 }")" -i "$file")
  chains+="[$n:v]fps=30,scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,setsar=1,format=yuv420p,"
  chains+="trim=end_frame=$frames,setpts=PTS-STARTPTS[v$n];"
  joined+="[v$n]"; n=$((n + 1))
done <<< "$STRETCHES"
ff "${inputs[@]}" -filter_complex "${chains}${joined}concat=n=$n:v=1:a=0[out]" -map "[out]" \
   -c:v libx264 -preset veryfast -crf 20 "$VIDEO/twelve-cuts.mp4"
ls -l "$VIDEO"
