"""A finished export's report card as the client hands it out: the protocol's ``ReportCard`` with a table
(``to_frame``, pandas imported there) and a small HTML view for notebooks."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ..protocol.report import ON_BEAT_MS, REPEAT_SHOTS, SOURCES, ReportCard
from ._errors import NemoError

if TYPE_CHECKING:
    import pandas

LABELS: dict[str, tuple[str, str]] = {
    "duration_ms": ("length", "s"),
    "size_bytes": ("size", "MB"),
    "fps": ("frame rate", "fps"),
    "cuts_planned": ("cuts planned", ""),
    "cuts_found": ("cuts found in the frames", ""),
    "planned_cuts_found_share": ("planned cuts found within a frame", "%"),
    "cuts_on_beat_70ms_share": (f"cuts on a beat (within {ON_BEAT_MS} ms)", "%"),
    "cuts_on_beat_frame_share": ("cuts on a beat (within a frame)", "%"),
    "cuts_on_downbeat_70ms_share": (f"cuts on a downbeat (within {ON_BEAT_MS} ms)", "%"),
    "cuts_on_downbeat_frame_share": ("cuts on a downbeat (within a frame)", "%"),
    "section_changes": ("section changes", ""),
    "section_changes_cut": ("section changes with a cut", ""),
    "longest_shot_ms": ("longest shot", "s"),
    "most_shown": ("most-shown picture", ""),
    "most_shown_share": ("its share of the time", "%"),
    "repeats_within_3_shots": (f"pictures back within {REPEAT_SHOTS} shots", ""),
    "visualizer_covers_subject_share": ("time the visualizer covers the subject", "%"),
    "loudness_lufs": ("loudness (integrated)", "LUFS"),
    "true_peak_dbtp": ("true peak", "dBTP"),
    "render_s": ("render time", "s"),
}


def no_report(render_id: str) -> NemoError:
    return NemoError(
        f"a report card for render {render_id} is not available on the hosted service",
        hint="the embedded engine makes one for each export: export with Client() (the default backend)",
    )


class RenderReport(ReportCard):
    """An export's report card (see ``nemo_notebook.protocol.report``): ``to_frame()`` for a table, shown as one in
    a notebook. Shares are 0..1; None where a figure cannot be had, and ``notes`` say why."""

    def rows(self) -> list[tuple[str, object, str, str]]:
        """(figure, value in its unit, unit, where it was measured), in the card's order; n/a for None."""
        out = []
        for key, (label, unit) in LABELS.items():
            out.append((label, _shown(key, getattr(self, key), unit), unit, SOURCES[key]))
        return out

    def to_frame(self) -> pandas.DataFrame:
        """One row a figure, indexed by its name, with its value, unit and source (pandas is imported here)."""
        import pandas

        frame = pandas.DataFrame(self.rows(), columns=["figure", "value", "unit", "source"]).set_index("figure")
        frame.attrs["render_id"], frame.attrs["notes"] = self.render_id, list(self.notes)
        return frame

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td>{html.escape(label)}</td><td style='text-align:right'>{html.escape(str(value))}</td>"
            f"<td>{html.escape(unit)}</td></tr>"
            for label, value, unit, _ in self.rows()
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        title = f"<b>Report card</b> · {html.escape(self.render_id)}"
        return f"<div>{title}<table>{body}</table>{f'<ul>{notes}</ul>' if notes else ''}</div>"


def _shown(key: str, value: object, unit: str) -> object:
    """A figure in the unit its row names: ms as s, bytes as MB, shares as percent; "n/a" for None."""
    if value is None:
        return "n/a"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if unit == "%":
        return round(value * 100, 1)
    if key.endswith("_ms"):
        return round(value / 1000, 2)
    if key.endswith("_bytes"):
        return round(value / 1_000_000, 2)
    return value
