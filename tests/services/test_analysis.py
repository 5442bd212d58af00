"""The group analysis (services.analysis): results grid, pasting, .xlsx import, exit levels, the read model."""

import datetime as dt

import pytest

from models import ExitLevel, ExitLevelChange, Group, SchoolSettings, Subject, TestMoment, TestResult
from services import analysis, notes, spreadsheets
from services.errors import DomainError, PermissionDenied
from services.imports import ImportRejected
from tests.support.factories import make_group, make_pupil
from tests.support.querycount import count_queries
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    school = build_school()
    rekenen, taal = Subject.get(name="Rekenen"), Subject.get(name="Taal")
    Subject.update(is_core=True).where(Subject.id.in_([rekenen.id, taal.id])).execute()
    school["rekenen"], school["taal"] = Subject.get_by_id(rekenen.id), Subject.get_by_id(taal.id)
    school["m5"] = TestMoment.create(
        name="M5", subject=rekenen, school_year="2026-2027", level=5, date=dt.date(2027, 1, 20), max_score=150
    )
    school["e5"] = TestMoment.create(
        name="E5", subject=rekenen, school_year="2026-2027", level=5, date=dt.date(2027, 6, 10)
    )
    school["m5_taal"] = TestMoment.create(name="M5", subject=taal, school_year="2026-2027", level=5)
    school["m6"] = TestMoment.create(name="M6", subject=rekenen, school_year="2026-2027", level=6)
    return school


def results(moment):
    return {
        pupil: (score, grade)
        for pupil, score, grade in TestResult.select(TestResult.pupil, TestResult.score, TestResult.grade)
        .where(TestResult.test_moment == moment.id)
        .tuples()
    }


def test_the_grid_saves_scores_and_levels_as_typed(school):
    changed = analysis.save_results(
        school.teacher, school.group, school.m5, {school.anna.id: ("112", " ii "), school.bram.id: ("87,5", "iv")}
    )
    assert changed == 2
    assert results(school.m5) == {school.anna.id: ("112", "II"), school.bram.id: ("87.5", "IV")}
    result = TestResult.get(TestResult.pupil == school.anna.id)
    assert (result.subject_id, result.group_id, result.entered_by_id) == (
        school.rekenen.id,
        school.group.id,
        school.teacher.id,
    )
    # the same again changes nothing; emptying a row removes its result
    assert analysis.save_results(school.teacher, school.group, school.m5, {school.anna.id: ("112", "II")}) == 0
    assert analysis.save_results(school.teacher, school.group, school.m5, {school.anna.id: ("", "")}) == 1
    assert results(school.m5) == {school.bram.id: ("87.5", "IV")}


@pytest.mark.parametrize(
    "cell, message",
    [
        (("151", "II"), "buiten de schaal van M5: die loopt van 0 tot en met 150"),
        (("-3", "II"), "geen score"),
        (("veel", "II"), "geen score"),
        (("100", "F"), "'F' is geen niveau van de school; gebruik I tot en met V"),
        (("100", "B"), "'B' is geen niveau"),  # the school uses I-V, not A-E
    ],
)
def test_a_bad_cell_refuses_the_whole_grid(school, cell, message):
    with pytest.raises(DomainError, match=message) as refused:
        analysis.save_results(
            school.teacher, school.group, school.m5, {school.bram.id: ("90", "III"), school.anna.id: cell}
        )
    assert "Anna Aalders" in refused.value.message and "niets opgeslagen" in refused.value.message
    assert not TestResult.select().exists()


def test_the_school_chooses_its_level_scale(school):
    SchoolSettings.update(test_level_scale="A-E").execute()
    analysis.save_results(school.teacher, school.group, school.m5, {school.anna.id: ("100", "b")})
    assert results(school.m5) == {school.anna.id: ("100", "B")}
    with pytest.raises(DomainError, match="'III' is geen niveau van de school; gebruik A tot en met E"):
        analysis.save_results(school.teacher, school.group, school.m5, {school.anna.id: ("100", "III")})


def test_results_are_entered_by_who_manages_the_group_for_its_own_pupils_and_year(school):
    for outsider in (school.other_teacher, school.assistant, school.anna, school.parent):
        with pytest.raises(PermissionDenied):
            analysis.save_results(outsider, school.group, school.m5, {school.anna.id: ("100", "I")})
    with pytest.raises(DomainError, match="zit niet"):
        analysis.save_results(school.teacher, school.group, school.m5, {school.cas.id: ("100", "I")})
    next_year = TestMoment.create(name="M5", subject=school.rekenen, school_year="2027-2028", level=5)
    with pytest.raises(DomainError, match="2027-2028"):
        analysis.save_results(school.teacher, school.group, next_year, {school.anna.id: ("100", "I")})
    Group.update(archived=True).where(Group.id == school.group.id).execute()
    with pytest.raises(PermissionDenied):
        analysis.save_results(school.coach, school.group, school.m5, {school.anna.id: ("100", "I")})
    assert not TestResult.select().exists()


# --- pasting from a spreadsheet -------------------------------------------------------------------------------


def test_a_block_pasted_from_a_spreadsheet_fills_rows_and_columns(school):
    pupils = analysis.members(school.group)  # Anna, Bram
    assert analysis.parse_block("112\tII\r\n87\tIV\r\n", pupils) == {
        school.anna.id: {"score": "112", "level": "II"},
        school.bram.id: {"score": "87", "level": "IV"},
    }
    assert analysis.parse_block("III", pupils, start_row=1, start_column=1) == {school.bram.id: {"level": "III"}}
    analysis.save_results(school.teacher, school.group, school.m5, {school.bram.id: ("90", "")})
    analysis.paste_results(school.teacher, school.group, school.m5, "III\n", start_row=1, start_column=1)
    assert results(school.m5) == {school.bram.id: ("90", "III")}  # the score stays what it was


@pytest.mark.parametrize(
    "text, row, column, message",
    [
        ("1\tI\n2\tII\n3\tIII\n", 0, 0, "3 rijen, maar vanaf Anna Aalders zijn er maar 2 leerlingen"),
        ("1\tI\n2\tII\n", 1, 0, "2 rijen, maar vanaf Bram Bakker zijn er maar 1"),
        ("Anna\t1\tI\n", 0, 0, "3 cellen; er passen hier 2"),
        ("1\tI\n", 0, 1, "2 cellen; er passen hier 1"),
        ("\n\n", 0, 0, "niets geplakt"),
    ],
)
def test_a_block_that_does_not_fit_is_refused_and_nothing_written(school, text, row, column, message):
    with pytest.raises(DomainError, match=message):
        analysis.paste_results(school.teacher, school.group, school.m5, text, start_row=row, start_column=column)
    assert not TestResult.select().exists()


def test_a_pasted_block_with_a_bad_cell_writes_nothing(school):
    with pytest.raises(DomainError, match="'VI' is geen niveau"):
        analysis.paste_results(school.teacher, school.group, school.m5, "100\tII\n80\tVI\n")
    assert not TestResult.select().exists()


# --- .xlsx import ---------------------------------------------------------------------------------------------


def test_the_template_lists_the_pupils_and_its_import_reports_row_by_row(school):
    sheet = spreadsheets.open_workbook(analysis.template(school.group, school.m5))
    assert [values for _, values in sheet.rows] == [
        ("Leerling", "Inlognaam", "Score", "Niveau"),
        ("Anna Aalders", "anna@school.test"),
        ("Bram Bakker", "bram@school.test"),
    ]
    data = spreadsheets.write_xlsx(
        "M5",
        ["Leerling", "Inlognaam", "Score", "Niveau"],
        [
            ["Anna Aalders", "anna@school.test", 120, "I"],
            ["Bram Bakker", "", 200, "II"],  # found by name; score too high
            ["Cas Claassen", "cas@school.test", 100, "I"],  # not in the group
            ["", "anna@school.test", 99, "III"],  # twice
        ],
    )
    report = analysis.import_results(school.teacher, school.group, school.m5, data)
    assert report.saved == 1 and report.rows == 2
    assert [str(f) for f in report.failures] == [
        "Rij 3, kolom 'Score': Score 200 valt buiten de schaal van M5: die loopt van 0 tot en met 150.",
        "Rij 4, kolom 'Inlognaam': 'cas@school.test' zit niet in Groep 5a.",
        "Rij 5: Anna Aalders staat al in rij 2.",
    ]
    assert results(school.m5) == {school.anna.id: ("120", "I")}


def test_a_sheet_without_the_columns_or_not_an_xlsx_is_refused_whole(school):
    with pytest.raises(ImportRejected, match="Niveau"):
        analysis.import_results(
            school.teacher, school.group, school.m5, spreadsheets.write_xlsx("x", ["Leerling", "Score"], [["Anna", 1]])
        )
    with pytest.raises(ImportRejected, match="geen Excel-werkmap"):
        analysis.import_results(school.teacher, school.group, school.m5, b"Leerling;Score;Niveau\n")
    assert not TestResult.select().exists()


# --- exit levels ----------------------------------------------------------------------------------------------


def test_an_exit_level_change_is_kept_with_who_when_from_to_and_why(school):
    analysis.set_exit_level(school.teacher, school.group, school.anna, school.rekenen, "HAVO")
    with pytest.raises(DomainError, match="waarom"):
        analysis.set_exit_level(school.teacher, school.group, school.anna, school.rekenen, "HAVO/VWO")
    analysis.set_exit_level(school.coach, school.group, school.anna, school.rekenen, "HAVO/VWO", "Sterke groei op M5")
    assert analysis.set_exit_level(school.coach, school.group, school.anna, school.rekenen, "HAVO/VWO") is None
    assert ExitLevel.get().level == "HAVO/VWO" and ExitLevel.select().count() == 1
    changes = analysis.history(school.other_teacher, school.anna)
    assert [(c.from_level, c.to_level, c.reason, c.changed_by.full_name, c.group.name) for c in changes] == [
        ("HAVO", "HAVO/VWO", "Sterke groei op M5", "Marloes IB", "Groep 5a"),
        (None, "HAVO", "", "Juf In", "Groep 5a"),
    ]
    analysis.set_exit_level(school.teacher, school.group, school.anna, school.rekenen, "", "Toch nog te vroeg")
    assert not ExitLevel.select().exists() and ExitLevelChange.select().count() == 3


@pytest.mark.parametrize(
    "level, subject, pupil, message",
    [
        ("GYMNASIUM", "rekenen", "anna", "geen uitstroomniveau"),
        ("HAVO", "geen_kernvak", "anna", "kernvak"),
        ("HAVO", "rekenen", "cas", "zit niet in deze groep"),
    ],
)
def test_a_wrong_exit_level_is_refused(school, level, subject, pupil, message):
    school["geen_kernvak"] = Subject.create(name="Wereldoriëntatie")
    with pytest.raises(DomainError, match=message):
        analysis.set_exit_level(school.teacher, school.group, school[pupil], school[subject], level)
    assert not ExitLevel.select().exists() and not ExitLevelChange.select().exists()


def test_pupils_and_parents_never_read_exit_levels_or_results(school):
    for outsider in (school.anna, school.parent, school.assistant):
        with pytest.raises(PermissionDenied):
            analysis.history(outsider, school.anna)
        with pytest.raises(PermissionDenied):
            analysis.group_analysis(outsider, school.group)
        with pytest.raises(PermissionDenied):
            analysis.set_exit_level(outsider, school.group, school.anna, school.rekenen, "HAVO")


# --- the read model -------------------------------------------------------------------------------------------


def test_the_analysis_shows_the_groups_moments_results_exit_levels_and_notes(school):
    analysis.save_results(school.teacher, school.group, school.m5, {school.anna.id: ("112", "II")})
    analysis.set_exit_level(school.teacher, school.group, school.anna, school.taal, "VWO")
    note = notes.write_note(school.teacher, school.group, "Rekenen M5: sommen met breuken zwak", test_moment=school.m5)
    found = analysis.group_analysis(school.coach, school.group)
    assert [p.id for p in found.pupils] == [school.anna.id, school.bram.id]
    assert [(m.name, m.subject.name) for m in found.moments] == [("M5", "Rekenen"), ("E5", "Rekenen"), ("M5", "Taal")]
    assert found.results == {(school.anna.id, school.m5.id): ("112", "II")}
    assert found.exit_levels == {(school.anna.id, school.taal.id): "VWO"}
    assert [s.name for s in found.subjects] == ["Rekenen", "Taal"]
    assert [n.id for n in found.notes[school.m5.id]] == [note.id]
    assert found.scale == ("I", "II", "III", "IV", "V")


def test_a_pupils_levels_over_the_test_moments(school):
    analysis.save_results(school.teacher, school.group, school.m5, {school.anna.id: ("100", "III")})
    analysis.save_results(school.teacher, school.group, school.e5, {school.anna.id: ("120", "II")})
    analysis.save_results(school.teacher, school.group, school.m5_taal, {school.anna.id: ("40", "")})
    series = analysis.pupil_levels(school.teacher, school.anna)
    assert [(s.subject, s.points) for s in series] == [
        ("Rekenen", [("M5", "2026-2027", "III", 2), ("E5", "2026-2027", "II", 1)])
    ]


def _big_group(size, teacher):
    group = make_group(f"Groep {size}", year_level=5, teachers=[teacher])
    for _ in range(size):
        make_pupil(level=5, groups=[group])
    return group


def test_the_analysis_reads_in_a_fixed_number_of_queries(school):
    counts = []
    for size in (3, 30):
        group = _big_group(size, school.teacher)
        pupils = analysis.members(group)
        for moment in (school.m5, school.e5, school.m5_taal):
            analysis.save_results(school.teacher, group, moment, {p.id: ("100", "III") for p in pupils})
        for pupil in pupils:
            analysis.set_exit_level(school.teacher, group, pupil, school.rekenen, "HAVO")
        group = Group.get_by_id(group.id)
        with count_queries() as queries:
            found = analysis.group_analysis(school.teacher, group)
        assert len(found.results) == 3 * size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
