"""Entering test results in the group analysis: a grid of every pupil's score and level for one test
moment, typed or pasted from a spreadsheet (tab-separated cells, a block of rows x columns). A grid is
checked whole: one bad cell and nothing is written, with every problem named.

    save_results(actor, group, moment, entries) -> number of results changed
    parse_block(text, pupils, start_row=0, start_column=0) -> entries
    paste_results(actor, group, moment, text, start_row=0, start_column=0) -> number changed

`entries` is {pupil id: (score text, level text)}; an empty score and level removes the pupil's result.
"""

from models import GroupMember, TestMoment, TestResult, User, db, now

from .. import audit, events, permissions
from ..curriculum.writing import fetch_row
from ..errors import DomainError
from ..groups import fetch_group
from .scale import ResultError, level_scale, read_level, read_score

COLUMNS = ("score", "level")
MAX_PASTE_CHARACTERS = 20_000


def fetch_moment(moment):
    return fetch_row(TestMoment, moment, "Dit toetsmoment bestaat niet (meer).")


def check_moment_of_group(moment, group):
    if moment.school_year != group.school_year:
        raise DomainError(
            f"Toetsmoment {moment.name} hoort bij {moment.school_year}, de groep bij {group.school_year}."
        )
    if moment.subject_id is None:
        raise DomainError(f"Toetsmoment {moment.name} heeft nog geen hoofdgebied; de beheerder vult dat eerst in.")


def members(group):
    """The group's pupils in the grid's order (by name): its active pupils; an archived group's all of them,
    since its leavers were deactivated with the year it holds."""
    query = (
        User.select()
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where((GroupMember.group == group.id) & (User.role == "pupil"))
    )
    if not group.archived:
        query = query.where(User.active)
    return list(query.order_by(User.last_name, User.first_name, User.id))


def moment_results(moment, pupil_ids):
    """{pupil id: (score, level)} stored for a test moment (one query)."""
    rows = TestResult.select(TestResult.pupil, TestResult.score, TestResult.grade).where(
        (TestResult.test_moment == moment.id) & TestResult.pupil.in_(list(pupil_ids) or [0])
    )
    return {pupil: (score, grade) for pupil, score, grade in rows.tuples()}


def _checked(pupils, moment, entries):
    """{pupil id: (score, level)} as stored, or a DomainError naming every cell that is wrong."""
    scale = level_scale()
    names = {p.id: p.full_name for p in pupils}
    problems, checked = [], {}
    for pupil_id, (score, level) in entries.items():
        if pupil_id not in names:
            raise DomainError("Een van deze leerlingen zit niet (meer) in de groep. Laad de pagina opnieuw.")
        cell = []
        for read, value in ((lambda v: read_score(v, moment), score), (lambda v: read_level(v, scale), level)):
            try:
                cell.append(read(value))
            except ResultError as wrong:
                problems.append(f"{names[pupil_id]}: {wrong.message}")
        if len(cell) == 2:
            checked[pupil_id] = tuple(cell)
    if problems:
        raise DomainError("Er is niets opgeslagen. " + " ".join(problems))
    return checked


def save_results(actor, group, moment, entries):
    """Store the grid's results of one test moment for the group's pupils, whole or not at all."""
    group, moment = fetch_group(group), fetch_moment(moment)
    permissions.require(actor, "enter_test_results", group, message="Je kunt bij deze groep geen resultaten invoeren.")
    check_moment_of_group(moment, group)
    checked = _checked(members(group), moment, entries)
    stored = {
        r.pupil_id: r
        for r in TestResult.select().where(
            (TestResult.test_moment == moment.id) & TestResult.pupil.in_(list(checked) or [0])
        )
    }
    by, at = permissions.recorded_as(actor), now()
    new_rows, changed, removed = [], 0, []
    with db.atomic():
        for pupil_id, (score, level) in checked.items():
            result = stored.get(pupil_id)
            if not score and not level:
                if result is not None:
                    removed.append(result.id)
                continue
            if result is None:
                new_rows.append(
                    {
                        "test_moment": moment.id,
                        "pupil": pupil_id,
                        "subject": moment.subject_id,
                        "group": group.id,
                        "score": score,
                        "grade": level,
                        "entered_by": by,
                        "entered_at": at,
                    }
                )
            elif (result.score, result.grade) != (score, level):
                TestResult.update(score=score, grade=level, group=group.id, entered_by=by, entered_at=at).where(
                    TestResult.id == result.id
                ).execute()
                changed += 1
        if new_rows:
            TestResult.insert_many(new_rows).execute()
        if removed:
            TestResult.delete().where(TestResult.id.in_(removed)).execute()
        total = changed + len(new_rows) + len(removed)
        if total:
            audit.record(by, "test_results_saved", moment, detail=f"{group.name}: {total} resultaten")
    if total:
        events.group_cycle_changed.send(None, group=group.id, what="results", actor=actor)
    return total


def parse_block(text, pupils, start_row=0, start_column=0):
    """The cells of a block pasted from a spreadsheet (rows by line, cells by tab), placed from the pupil at
    `start_row` and the column at `start_column` (0: score, 1: level) on: {pupil id: {column: text}}.
    A block with more rows than pupils from there, or more columns than the grid has, is refused whole."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_PASTE_CHARACTERS:
        raise DomainError("Dit is te veel tekst om te plakken: plak de cijfers van één toetsmoment.")
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()  # a spreadsheet ends a copied block with a line break
    if not lines:
        raise DomainError("Er is niets geplakt. Kopieer de cellen in je rekenblad en plak ze hier.")
    room = len(pupils) - start_row
    if len(lines) > room:
        first = pupils[start_row].full_name if room > 0 else "hier"
        raise DomainError(
            f"Het geplakte blok heeft {len(lines)} rijen, maar vanaf {first} zijn er maar {max(room, 0)} "
            "leerlingen. Er is niets ingevuld."
        )
    block = {}
    for offset, line in enumerate(lines):
        cells = line.split("\t")
        if start_column + len(cells) > len(COLUMNS):
            raise DomainError(
                f"Rij {offset + 1} van het geplakte blok heeft {len(cells)} cellen; er passen hier "
                f"{len(COLUMNS) - start_column} (score en niveau). Er is niets ingevuld."
            )
        block[pupils[start_row + offset].id] = {COLUMNS[start_column + i]: cell for i, cell in enumerate(cells)}
    return block


def paste_results(actor, group, moment, text, start_row=0, start_column=0):
    """Save a block pasted from a spreadsheet; the grid's other cells keep what they hold."""
    group, moment = fetch_group(group), fetch_moment(moment)
    permissions.require(actor, "enter_test_results", group, message="Je kunt bij deze groep geen resultaten invoeren.")
    pupils = members(group)
    if not 0 <= start_row < max(len(pupils), 1) or start_column not in (0, 1):
        raise DomainError("Kies de leerling en de kolom waar het geplakte blok begint.")
    block = parse_block(text, pupils, start_row, start_column)
    stored = moment_results(moment, block)
    entries = {}
    for pupil_id, cells in block.items():
        score, level = stored.get(pupil_id, ("", ""))
        entries[pupil_id] = (cells.get("score", score), cells.get("level", level))
    return save_results(actor, group, moment, entries)
