"""What the analysis pages show, computed from services.analysis's read model: the table of levels per test
moment with a small chart per subject, the exit levels, the grid of one test moment, and a pupil's charts.

The charts are inline SVG built here from numbers (levels 0-4, positions); the only text in them, the test
moments' names and levels, is escaped. A chart is a line over the pupil's levels on the moments, best level at
the top, with a dot and a title per moment, so that the figure reads without colour.
"""

import functools
from itertools import groupby

from markupsafe import Markup, escape

from models import Subject
from services import analysis

from . import plan_view

LEVEL_ROWS = 5


def level_chart(points, width=None, height=34, labels=False):
    """An SVG line chart of [(moment name, level or "", rank 0-4 or None)]; None when fewer than two levels."""
    return _chart(tuple(points), width, height, labels)


@functools.lru_cache(maxsize=2048)
def _chart(points, width, height, labels):
    """level_chart's drawing; pupils share their lines (a few dozen shapes over two or three moments), so each
    shape is drawn once."""
    ranked = [(i, name, level, rank) for i, (name, level, rank) in enumerate(points) if rank is not None]
    if len(ranked) < 2:
        return None
    step_x = 28 if labels else 16
    pad_x, pad_top = (14, 4) if labels else (4, 3)
    bottom = 14 if labels else 3
    width = width or pad_x * 2 + step_x * (len(points) - 1)
    step_y = (height - pad_top - bottom) / (LEVEL_ROWS - 1)
    parts = []
    for row in range(LEVEL_ROWS):
        y = pad_top + row * step_y
        parts.append(f'<line class="grid" x1="0" x2="{width}" y1="{y:.1f}" y2="{y:.1f}"/>')
    coords = [(pad_x + i * step_x, pad_top + rank * step_y, name, level) for i, name, level, rank in ranked]
    parts.append('<polyline class="line" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y, *_ in coords) + '"/>')
    for x, y, name, level in coords:
        title = escape(f"{name}: {level}")
        parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="2.6"><title>{title}</title></circle>')
        if labels:
            parts.append(f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle">{escape(name)}</text>')
    said = ", ".join(f"{name} {level}" for _, name, level, _ in ranked)
    return Markup(
        f'<svg class="level-chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape("Verloop: " + said)}">{"".join(parts)}</svg>'
    )


def _columns(moments):
    """The table's columns: each subject's moments, then its chart when it has two moments or more."""
    columns = []
    for _subject, group in groupby(moments, key=lambda m: m.subject_id):
        group = list(group)
        columns += [{"kind": "moment", "moment": m} for m in group]
        if len(group) > 1:
            columns.append({"kind": "chart", "moments": group, "subject": group[0].subject})
    return columns


def overview_table(found, group_url, pupil_url):
    """Header and body of the analysis table: a pupil per row, a level (with its score) per moment, a chart
    per subject, the exit levels. The body is built here as escaped HTML rather than looped over in the
    template, which at 30 pupils took several times the page's SQL (see web/matrix_html.py for the same
    choice); `group_url` is the analysis page's URL, `pupil_url` a pupil page's with 0 for the id."""
    columns = _columns(found.moments)
    headers = []
    for column in columns:
        if column["kind"] == "moment":
            moment = column["moment"]
            headers.append(
                {
                    "kind": "moment",
                    "id": moment.id,
                    "name": moment.name,
                    "subject": moment.subject.name if moment.subject_id else "geen hoofdgebied",
                    "date": moment.date.strftime("%d-%m-%Y") if moment.date else "",
                }
            )
        else:
            headers.append({"kind": "chart", "subject": column["subject"].name if column["subject"] else ""})
    results, ranks = found.results, {level: analysis.level_rank(level) for level in found.scale}
    pupil_base = pupil_url.rsplit("/0", 1)[0]
    rows = []
    for pupil in found.pupils:
        cells = []
        for column in columns:
            if column["kind"] == "moment":
                score, level = results.get((pupil.id, column["moment"].id), ("", ""))
                rank = ranks.get(level, analysis.level_rank(level))
                shade = f" level-{rank}" if rank is not None else ""
                under = f'<br><span class="score">{escape(analysis.score_text(score))}</span>' if score else ""
                cells.append(f'<td class="level{shade}">{escape(level) or "–"}{under}</td>')
            else:
                points = []
                for moment in column["moments"]:
                    level = results.get((pupil.id, moment.id), ("", ""))[1]
                    points.append((moment.name, level, ranks.get(level, analysis.level_rank(level))))
                cells.append(f"<td>{level_chart(points) or ''}</td>")
        for subject in found.subjects:
            level = found.exit_levels.get((pupil.id, subject.id), "")
            cells.append(
                f'<td class="exit"><a href="{group_url}?leerling={pupil.id}&amp;vak={subject.id}#uitstroom">'
                f"{escape(level) or '–'}</a></td>"
            )
        rows.append(
            f'<tr><th scope="row"><a href="{pupil_base}/{pupil.id}">{escape(pupil.full_name)}</a></th>'
            + "".join(cells)
            + "</tr>"
        )
    return headers, Markup("\n".join(rows))


def note_rows(found):
    """The notes per test moment, in the table's order of moments."""
    return [
        {
            "moment": {"id": m.id, "name": m.name, "subject": m.subject.name if m.subject_id else ""},
            "notes": [
                {
                    "body": n.body,
                    "author": n.author.full_name if n.author_id else "onbekend",
                    "when": plan_view.when(n.created_at),
                }
                for n in found.notes.get(m.id, [])
            ],
        }
        for m in found.moments
    ]


def history_rows(changes):
    return [
        {
            "subject": c.subject.name,
            "from": c.from_level or "–",
            "to": c.to_level or "(geen)",
            "reason": c.reason,
            "by": c.changed_by.full_name if c.changed_by_id else "onbekend",
            "when": plan_view.when(c.changed_at),
            "group": c.group.name if c.group_id else "",
        }
        for c in changes
    ]


def core_subjects():
    return list(Subject.select().where(Subject.is_core).order_by(Subject.position, Subject.name))


def pupil_charts(series):
    """A labelled chart per subject of a pupil's levels over every test moment (the pupil page)."""
    charts = []
    for line in series:
        points = [(name, level, rank) for name, _year, level, rank in line.points]
        charts.append(
            {
                "subject": line.subject,
                "chart": level_chart(points, height=70, labels=True),
                "levels": ", ".join(f"{name} {level}" for name, _, level, _ in line.points),
            }
        )
    return charts
