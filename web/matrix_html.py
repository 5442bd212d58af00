"""The goal matrix's table as HTML: its column headers and its rows of cells (the Leerdoelenoverzicht).

Built here rather than looped over in a template: at 30 pupils x 300 goals a Jinja loop with autoescaping
costs several times the page's SQL, and a macro call per cell more still. Every text is escaped here.

What the page's scripts rely on (matrix.js, live.js): each column header has data-goal (the goal id); each
row has data-pupil (the pupil id) and data-pgs (the plan-goal ids in column order, "0" for an empty cell,
from which matrix.js gives each filled cell its data-pg), and class ro when the user may not change it; a
cell has class s-<status key> with the status name as title and the status symbol as text, or class e when
the goal is not on the pupil's plan.
"""

import html

from markupsafe import Markup, escape

EMPTY_CELL = '<td class="e"></td>'
ROW_START = (
    '<tr data-pupil="{id}" data-pgs="{ids}"{ro}><th scope="row"><label><input type="checkbox" '
    'name="leerling" value="{id}" form="cluster-form" class="pupil-pick"> {name}</label>{select}</th>'
)
ROW_SELECT = (
    ' <button type="button" class="row-select" title="Selecteer de hele rij" '
    'aria-label="rij van {name} selecteren">rij</button>'
)


def body(matrix, styles):
    """The table rows, a row per pupil and a cell per goal, in one pass over the filled cells.

    A cell's HTML depends only on its status, so each status is one escaped fragment (`styles` are the
    statuses' badges, in the order of matrix.statuses).
    """
    fragment = {
        status.id: f'<td class="s-{escape(style["key"])}" title="{escape(style["name"])}">'
        f"{escape(style['symbol'])}</td>"
        for status, style in zip(matrix.statuses, styles)
    }
    column = {goal.id: i for i, goal in enumerate(matrix.goals)}
    width = len(column)
    cells = {pupil.id: [EMPTY_CELL] * width for pupil in matrix.pupils}
    ids = {pupil.id: ["0"] * width for pupil in matrix.pupils}
    for pupil_id, goal_id, plan_goal_id, status_id in matrix.filled:
        i = column.get(goal_id)
        if i is not None:  # a goal put on a plan between the page's queries waits for the next load
            cells[pupil_id][i] = fragment[status_id]
            ids[pupil_id][i] = str(plan_goal_id)
    rows = []
    for pupil in matrix.pupils:
        editable = pupil.id in matrix.editable
        name = escape(pupil.name)
        rows.append(
            ROW_START.format(
                id=int(pupil.id),
                ids=",".join(ids[pupil.id]),
                name=name,
                ro="" if editable else ' class="ro"',
                select=ROW_SELECT.format(name=name) if editable else "",
            )
        )
        rows.append("".join(cells[pupil.id]))
        rows.append("</tr>\n")
    return Markup("".join(rows))


def goal_headers(goals):
    """One header per goal: a button with the goal's title, and its place in the curriculum as tooltip
    (shared by the goals of one domain, level and period). html.escape escapes as Jinja does, without a
    Markup object per call."""
    places, headers = {}, []
    for g in goals:
        place = places.get((g.domain_id, g.level, g.period))
        if place is None:
            place = places[(g.domain_id, g.level, g.period)] = (
                f"({html.escape(g.subject)} · {html.escape(g.domain)} · niveau {g.level:d} · periode {g.period:d})"
            )
        title = html.escape(g.title)
        headers.append(
            f'<th scope="col" data-goal="{g.id:d}"><button type="button" class="col-head" '
            f'title="{title} {place}">{title}</button></th>'
        )
    return Markup("".join(headers))
