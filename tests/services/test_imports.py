"""Importing pupils, parents and teachers from a sheet: the good files, every bad input, and re-imports."""

import datetime as dt
import io

import openpyxl
import pytest

from models import (
    AuditLog,
    GoalSet,
    GoalSetGoal,
    GroupMember,
    GroupTeacher,
    ParentLink,
    Period,
    PlanGoal,
    SchoolSettings,
    StatusChange,
    User,
)
from services import imports, passwords, rollover
from services.errors import Conflict, PermissionDenied
from services.imports import ImportRejected
from services.permissions import SYSTEM
from tests.support import xlsx_files as files
from tests.support.factories import make_admin, make_goal, make_group, make_parent, make_pupil, make_teacher
from tests.support.xlsx_files import PARENT_HEADERS, PUPIL_HEADERS, TEACHER_HEADERS


def pupils_file(*rows, headers=PUPIL_HEADERS):
    return files.xlsx([headers, *rows])


def parents_file(*rows):
    return files.xlsx([PARENT_HEADERS, *rows])


def teachers_file(*rows):
    return files.xlsx([TEACHER_HEADERS, *rows])


def snapshot():
    """Counts of everything an import may write."""
    return (
        User.select().count(),
        GroupMember.select().count(),
        GroupTeacher.select().count(),
        ParentLink.select().count(),
        AuditLog.select().count(),
    )


def messages(preview_or_result):
    return [str(error) for error in preview_or_result.failures]


@pytest.fixture
def admin(database):
    return make_admin()


@pytest.fixture
def groups(database):
    return {"4a": make_group("Groep 4a"), "5": make_group("Groep 5")}


# --- Templates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, headers", [("pupils", PUPIL_HEADERS), ("parents", PARENT_HEADERS), ("teachers", TEACHER_HEADERS)]
)
def test_the_template_has_the_columns_an_example_and_reads_back(database, admin, kind, headers):
    workbook = openpyxl.load_workbook(io.BytesIO(imports.template(kind)))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == headers
    assert all(c.font.b for c in sheet[1])
    assert sheet["A2"].value and "@" in sheet["A2"].value
    assert sheet.column_dimensions["A"].width >= 20
    assert "Toelichting" in workbook.sheetnames
    preview = imports.preview(admin, kind, imports.template(kind))  # the headers pass the column check
    assert preview.kind == kind


def test_the_pupil_template_offers_the_levels_as_a_list(database):
    sheet = openpyxl.load_workbook(io.BytesIO(imports.template("pupils"))).worksheets[0]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"1,2,3,4,5,6,7,8"'
    assert "E2" in validation.sqref and "E10001" in validation.sqref


def test_an_unknown_kind_is_refused(database, admin):
    with pytest.raises(Exception, match="leerlingen, ouders of leraren"):
        imports.template("admins")


# --- Good files ----------------------------------------------------------------------------------------


def test_a_good_pupil_file_creates_pupils_in_their_group_with_passwords(database, admin, groups):
    data = pupils_file(
        ["sanne@leerling.nl", "Sanne", "de", "Vries", 4, "Groep 4a", None],
        ["  Daan@Leerling.NL ", "  Daan ", "", " Öztürk  ", "5", " groep 5 ", "zelfgekozen-1"],
    )
    preview = imports.preview(admin, "pupils", data)
    assert [r.login for r in preview.to_create] == ["sanne@leerling.nl", "daan@leerling.nl"]
    assert preview.to_update == [] and preview.failures == []
    assert User.select().where(User.role == "pupil").count() == 0  # a preview writes nothing

    result = imports.apply(admin, "pupils", data)
    assert (result.created, result.updated, result.unchanged, result.failed) == (2, 0, 0, 0)
    sanne = User.get(User.login == "sanne@leerling.nl")
    daan = User.get(User.login == "daan@leerling.nl")
    assert (sanne.role, sanne.first_name, sanne.infix, sanne.last_name, sanne.level) == (
        "pupil",
        "Sanne",
        "de",
        "Vries",
        4,
    )
    assert (daan.first_name, daan.infix, daan.last_name, daan.level) == ("Daan", "", "Öztürk", 5)
    assert {m.group.name for m in GroupMember.select().where(GroupMember.pupil == sanne)} == {"Groep 4a"}
    assert {m.group.name for m in GroupMember.select().where(GroupMember.pupil == daan)} == {"Groep 5"}
    # Only the generated password is handed back; the chosen one was the teacher's already.
    assert list(result.passwords) == ["sanne@leerling.nl"]
    assert passwords.verify_password(sanne.password_hash, result.passwords["sanne@leerling.nl"])
    assert passwords.verify_password(daan.password_hash, "zelfgekozen-1")
    assert "zelfgekozen-1" not in daan.password_hash
    line = AuditLog.get(AuditLog.action == "users_imported")
    assert line.actor_id == admin.id and "2 nieuw" in line.detail


def test_imported_pupils_get_the_running_periods_plan_at_once(database, admin, groups):
    period = Period.create(
        school_year=SchoolSettings.get_current().school_year,
        number=1,
        name="Periode 1",
        start_date=dt.date(2026, 8, 24),
        end_date=dt.date(2026, 11, 15),
    )
    rollover.period_rollover(SYSTEM, period)
    goal = make_goal(level=4, period=1)

    imports.apply(admin, "pupils", pupils_file(["sanne@leerling.nl", "Sanne", "", "Vries", 4, "Groep 4a", None]))

    sanne = User.get(User.login == "sanne@leerling.nl")
    assert [(pg.goal_id, pg.status.key) for pg in PlanGoal.select().where(PlanGoal.pupil == sanne)] == [
        (goal.id, "current")
    ]
    assert StatusChange.get(StatusChange.plan_goal == PlanGoal.get(PlanGoal.pupil == sanne)).channel == "import"


def test_a_good_parent_file_links_parents_to_their_children(database, admin):
    anna, bram, cas = (make_pupil(login=f"{n}@leerling.nl") for n in ("anna", "bram", "cas"))
    data = parents_file(
        ["ouder1@thuis.nl", "Els", "van der", "Berg", "anna@leerling.nl, BRAM@leerling.nl"],
        ["ouder2@thuis.nl", "Ömer", "", "Kaya", "cas@leerling.nl;anna@leerling.nl bram@leerling.nl"],
        ["ouder3@thuis.nl", "Piet", "", "Zonder", None],
    )
    result = imports.apply(admin, "parents", data)
    assert (result.created, result.failed) == (3, 0)
    links = {(link.parent.login, link.pupil.login) for link in ParentLink.select()}
    assert links == {
        ("ouder1@thuis.nl", "anna@leerling.nl"),
        ("ouder1@thuis.nl", "bram@leerling.nl"),
        ("ouder2@thuis.nl", "cas@leerling.nl"),
        ("ouder2@thuis.nl", "anna@leerling.nl"),
        ("ouder2@thuis.nl", "bram@leerling.nl"),
    }
    assert User.get(User.login == "ouder2@thuis.nl").first_name == "Ömer"
    assert {u.role for u in User.select().where(User.login.startswith("ouder"))} == {"parent"}
    assert {p.id for p in (anna, bram, cas)} == {link.pupil_id for link in ParentLink.select()}


def test_a_good_teacher_file_creates_teachers_their_groups_and_ib_ers(database, admin, groups):
    data = teachers_file(
        ["j.bakker@school.nl", "Jeroen", "", "Bakker", "Groep 4a", "nee"],
        ["m.el-amrani@school.nl", "Meryem", "el", "Amrani", None, "Ja"],
        ["k.smit@school.nl", "Kees", "", "Smit", None, None],
    )
    result = imports.apply(admin, "teachers", data)
    assert (result.created, result.failed) == (3, 0)
    jeroen, meryem, kees = (
        User.get(User.login == login) for login in ("j.bakker@school.nl", "m.el-amrani@school.nl", "k.smit@school.nl")
    )
    assert {u.role for u in (jeroen, meryem, kees)} == {"teacher"}
    assert (jeroen.is_coach, meryem.is_coach, kees.is_coach) == (False, True, False)
    assert [t.group.name for t in GroupTeacher.select().where(GroupTeacher.teacher == jeroen)] == ["Groep 4a"]
    assert set(result.passwords) == {"j.bakker@school.nl", "m.el-amrani@school.nl", "k.smit@school.nl"}


def test_re_importing_the_same_file_changes_nothing(database, admin, groups):
    make_pupil(login="anna@leerling.nl")
    pupils = pupils_file(
        ["sanne@leerling.nl", "Sanne", "de", "Vries", 4, "Groep 4a", None],
        ["zoe@leerling.nl", "Zoe\u0308", "", "Çelik", 5, None, "geheim-123"],
    )
    parents = parents_file(["ouder@thuis.nl", "Els", "", "Berg", "anna@leerling.nl sanne@leerling.nl"])
    teachers = teachers_file(["j.bakker@school.nl", "Jeroen", "", "Bakker", "Groep 5", "ja"])
    for kind, data in (("pupils", pupils), ("parents", parents), ("teachers", teachers)):
        first = imports.apply(admin, kind, data)
        assert first.created >= 1
        before = snapshot()
        hashes = {u.login: u.password_hash for u in User.select()}
        again = imports.apply(admin, kind, data)
        assert (again.created, again.updated, again.unchanged, again.failed) == (0, 0, first.created, 0), kind
        assert again.passwords == {}
        assert snapshot()[:4] == before[:4]
        assert {u.login: u.password_hash for u in User.select()} == hashes  # no password was reset
        preview = imports.preview(admin, kind, data)
        assert (preview.to_create, preview.to_update, preview.unchanged) == ([], [], first.created)


def test_a_changed_row_updates_only_what_changed(database, admin, groups):
    pupil = make_pupil(
        login="sanne@leerling.nl", first_name="Sanne", infix="de", last_name="Vries", level=4, groups=[groups["4a"]]
    )
    data = pupils_file(["sanne@leerling.nl", "Sanne", "de", "Vries-Jansen", 5, "Groep 4a", "nieuw-wachtwoord"])
    preview = imports.preview(admin, "pupils", data)
    (row,) = preview.to_update
    assert row.fields == {"last_name": "Vries-Jansen", "level": 5}
    assert row.changes == ["Achternaam: Vries → Vries-Jansen", "Niveau: 4 → 5"]
    old_hash = pupil.password_hash
    result = imports.apply(admin, "pupils", data)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    pupil = User.get_by_id(pupil.id)
    assert (pupil.last_name, pupil.level, pupil.password_hash) == ("Vries-Jansen", 5, old_hash)


def test_an_existing_pupil_in_a_new_group_is_added_and_keeps_the_old_one(database, admin, groups):
    pupil = make_pupil(login="sanne@leerling.nl", first_name="Sanne", last_name="Vries", level=4, groups=[groups["4a"]])
    result = imports.apply(
        admin, "pupils", pupils_file(["sanne@leerling.nl", "Sanne", "", "Vries", 4, "Groep 5", None])
    )
    assert result.updated == 1
    assert {m.group.name for m in GroupMember.select().where(GroupMember.pupil == pupil)} == {"Groep 4a", "Groep 5"}


def test_a_new_member_of_a_group_with_a_goal_set_gets_its_goals(database, admin):
    goal_set = GoalSet.create(name="Thema ruimte")
    goal = make_goal()
    GoalSetGoal.create(goal_set=goal_set, goal=goal)
    make_group("Ruimtegroep", goal_set=goal_set)
    imports.apply(admin, "pupils", pupils_file(["sanne@leerling.nl", "Sanne", "", "Vries", 4, "Ruimtegroep", None]))
    (plan_goal,) = PlanGoal.select().join(User).where(User.login == "sanne@leerling.nl")
    assert (plan_goal.goal_id, plan_goal.goal_set_id) == (goal.id, goal_set.id)


def test_the_password_sheet_lists_the_generated_passwords(database, admin, groups):
    result = imports.apply(
        admin,
        "pupils",
        pupils_file(
            ["sanne@leerling.nl", "Sanne", "de", "Vries", 4, None, None],
            ["jan@leerling.nl", "Jan", "", "Jansen", 4, None, "gekozen-1"],
        ),
    )
    assert result.created == 2
    sheet = openpyxl.load_workbook(io.BytesIO(imports.passwords_sheet(result))).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        ["Naam", "Inlognaam", "Wachtwoord"],
        ["Sanne de Vries", "sanne@leerling.nl", result.passwords["sanne@leerling.nl"]],
    ]


def test_good_rows_go_ahead_while_bad_rows_fail(database, admin, groups):
    result = imports.apply(
        admin,
        "pupils",
        pupils_file(
            ["a@leerling.nl", "A", "", "Aa", 4, None, None],
            ["b@leerling.nl", "B", "", "Bb", 12, None, None],
            ["c@leerling.nl", "C", "", "Cc", 3, None, None],
        ),
    )
    assert (result.created, result.failed) == (2, 1)
    assert messages(result) == ["Rij 3, kolom 'Niveau': niveau 12 bestaat niet; vul 1 tot en met 8 in."]
    assert not User.select().where(User.login == "b@leerling.nl").exists()


def test_only_admins_may_import(database):
    for user in (make_teacher(), make_pupil(), make_parent()):
        for call in (imports.preview, imports.apply):
            with pytest.raises(PermissionDenied):
                call(user, "pupils", pupils_file(["a@leerling.nl", "A", "", "Aa", 4, None, None]))
    assert not User.select().where(User.login == "a@leerling.nl").exists()


# --- Bad files: refused whole, nothing written ---------------------------------------------------------

BAD_FILES = {
    "not-xlsx": (lambda: b"E-mail;Voornaam\nsanne@leerling.nl;Sanne\n", "geen Excel-werkmap (.xlsx)"),
    "old-xls": (files.old_xls, "oud Excel-bestand (.xls)"),
    "corrupt": (lambda: pupils_file(["a@leerling.nl", "A", "", "Aa", 4, None, None])[:900], "beschadigd"),
    "password-protected": (files.encrypted_workbook, "beveiligd met een wachtwoord"),
    "macro-workbook": (files.macro_workbook, "macro's (.xlsm)"),
    "xml-bomb": (files.xml_bomb, "XML-bom"),
    "zip-bomb": (files.zip_bomb, "zip-bom"),
    "over-5-mb": (
        lambda: files.rezip(
            pupils_file(["a@leerling.nl", "A", "", "Aa", 4, None, None]),
            add={"xl/media/big.bin": __import__("os").urandom(5_300_000)},
            compression=__import__("zipfile").ZIP_STORED,
        ),
        "groter dan 5 MB",
    ),
    "over-10000-rows": (
        lambda: pupils_file(*[[f"p{n}@leerling.nl", "P", "", "Q", 4, None, None] for n in range(10_001)]),
        "meer dan 10.000 rijen",
    ),
    "missing-column": (
        lambda: pupils_file(["a@leerling.nl", "A", "", "Aa", 4, None], headers=PUPIL_HEADERS[:-1]),
        "De kolom 'Wachtwoord' ontbreekt in de kopregel (rij 1).",
    ),
    "renamed-column": (
        lambda: pupils_file(
            ["a@leerling.nl", "A", "", "Aa", 4, None, None], headers=[*PUPIL_HEADERS[:4], "Nivo", *PUPIL_HEADERS[5:]]
        ),
        "De kolom 'Niveau' ontbreekt in de kopregel (rij 1). Onbekende kolom(men): 'Nivo'",
    ),
    "only-a-header": (lambda: pupils_file(), "geen gegevens onder de kopregel"),
    "empty-sheet": (lambda: files.xlsx([]), "Het werkblad is leeg"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_whole_and_writes_nothing(database, admin, groups, name):
    build, expected = BAD_FILES[name]
    data = build()
    before = snapshot()
    for call in (imports.preview, imports.apply):
        with pytest.raises(ImportRejected) as caught:
            call(admin, "pupils", data)
        assert expected in caught.value.message
    assert snapshot() == before


def test_columns_are_found_by_name_in_any_order_and_spelling(database, admin, groups):
    headers = ["achternaam", " VOORNAAM ", "Wachtwoord", "Niveau", "E-mail", "Stamgroep", "Tussenvoegsel", "Extra"]
    preview = imports.preview(
        admin, "pupils", files.xlsx([headers, ["Vries", "Sanne", None, 4, "sanne@leerling.nl", None, "de", "x"]])
    )
    (row,) = preview.to_create
    assert (row.login, row.fields["first_name"], row.fields["infix"], row.fields["last_name"]) == (
        "sanne@leerling.nl",
        "Sanne",
        "de",
        "Vries",
    )


def test_two_missing_columns_are_both_named(database, admin):
    with pytest.raises(
        ImportRejected,
        match="De kolommen 'Inlognaam kind\\(eren\\)', 'Achternaam' ontbreken|"
        "De kolommen 'Achternaam', 'Inlognaam kind\\(eren\\)' ontbreken",
    ):
        imports.preview(admin, "parents", files.xlsx([PARENT_HEADERS[:3], ["a@thuis.nl", "A", ""]]))


def test_a_column_twice_is_refused(database, admin):
    with pytest.raises(ImportRejected, match="De kolom 'Voornaam' staat twee keer"):
        imports.preview(admin, "teachers", files.xlsx([TEACHER_HEADERS + ["Voornaam"], ["a@school.nl"]]))


# --- Bad rows: named by row and column -----------------------------------------------------------------


def failures_for(admin, kind, data):
    before = snapshot()
    preview = imports.preview(admin, kind, data)
    assert snapshot() == before
    return messages(preview)


def test_empty_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet(database, admin):
    data = pupils_file(
        ["a@leerling.nl", "A", "", "Aa", 4, None, None],
        [None] * 7,
        ["   ", "", None, " ", None, None, None],
        ["b@leerling.nl", "B", "", "Bb", "acht", None, None],
    )
    preview = imports.preview(admin, "pupils", data)
    assert len(preview.to_create) == 1
    assert messages(preview) == ["Rij 5, kolom 'Niveau': 'acht' is geen getal; vul een niveau van 1 tot en met 8 in."]


def test_duplicate_logins_in_the_file_fail_both_rows_each_naming_the_other(database, admin):
    data = pupils_file(
        ["a@leerling.nl", "A", "", "Aa", 4, None, None],
        ["b@leerling.nl", "B", "", "Bb", 4, None, None],
        [" A@Leerling.nl", "Ander", "", "Kind", 5, None, None],
    )
    assert failures_for(admin, "pupils", data) == [
        "Rij 2, kolom 'E-mail (inlognaam)': de inlognaam 'a@leerling.nl' staat ook in rij 4.",
        "Rij 4, kolom 'E-mail (inlognaam)': de inlognaam 'a@leerling.nl' staat ook in rij 2.",
    ]
    result = imports.apply(admin, "pupils", data)
    assert (result.created, result.failed) == (1, 2)


def test_a_login_the_school_uses_for_another_role_fails(database, admin):
    make_teacher(login="juf@school.nl")
    make_parent(login="ouder@thuis.nl")
    data = pupils_file(
        ["juf@school.nl", "A", "", "Aa", 4, None, None], ["ouder@thuis.nl", "B", "", "Bb", 4, None, None]
    )
    assert failures_for(admin, "pupils", data) == [
        "Rij 2, kolom 'E-mail (inlognaam)': de inlognaam 'juf@school.nl' is al in gebruik door een leraar.",
        "Rij 3, kolom 'E-mail (inlognaam)': de inlognaam 'ouder@thuis.nl' is al in gebruik door een ouder.",
    ]
    assert User.get(User.login == "juf@school.nl").role == "teacher"


@pytest.mark.parametrize(
    "level, reason",
    [
        (9, "niveau 9 bestaat niet; vul 1 tot en met 8 in."),
        (0, "niveau 0 bestaat niet; vul 1 tot en met 8 in."),
        ("-1", "'-1' is geen getal; vul een niveau van 1 tot en met 8 in."),
        ("vier", "'vier' is geen getal; vul een niveau van 1 tot en met 8 in."),
        ("groep 4", "'groep 4' is geen getal; vul een niveau van 1 tot en met 8 in."),
        (4.5, "'4.5' is geen heel getal; vul een niveau van 1 tot en met 8 in."),
        (None, "het niveau ontbreekt; vul 1 tot en met 8 in."),
    ],
    ids=["nine", "zero", "negative-text", "text", "text-with-number", "fraction", "empty"],
)
def test_an_unknown_level_or_text_in_the_level_column_fails_the_row(database, admin, level, reason):
    data = pupils_file(["a@leerling.nl", "A", "", "Aa", level, None, None])
    assert failures_for(admin, "pupils", data) == [f"Rij 2, kolom 'Niveau': {reason}"]


def test_a_level_typed_as_text_or_decimal_number_is_accepted(database, admin):
    data = pupils_file(
        ["a@leerling.nl", "A", "", "Aa", " 7 ", None, None], ["b@leerling.nl", "B", "", "Bb", 3.0, None, None]
    )
    preview = imports.preview(admin, "pupils", data)
    assert [r.fields["level"] for r in preview.to_create] == [7, 3]


def test_an_unknown_group_fails_the_row(database, admin, groups):
    data = pupils_file(["a@leerling.nl", "A", "", "Aa", 4, "Groep 9", None])
    assert failures_for(admin, "pupils", data) == [
        "Rij 2, kolom 'Stamgroep': de groep 'Groep 9' bestaat niet (let op de schrijfwijze)."
    ]
    data = teachers_file(["juf@school.nl", "A", "", "Aa", "Groep 9", None])
    assert failures_for(admin, "teachers", data) == [
        "Rij 2, kolom 'Groep': de groep 'Groep 9' bestaat niet (let op de schrijfwijze)."
    ]


def test_an_archived_group_counts_as_unknown(database, admin):
    make_group("Groep 3", archived=True)
    data = pupils_file(["a@leerling.nl", "A", "", "Aa", 4, "Groep 3", None])
    assert "bestaat niet" in failures_for(admin, "pupils", data)[0]


def test_pupils_cannot_be_put_in_a_las_managed_group(database, admin):
    make_group("8B", type_name="Parnassys-groep", las_key="G-8B")
    data = pupils_file(["a@leerling.nl", "A", "", "Aa", 8, "8B", None])
    assert failures_for(admin, "pupils", data) == [
        "Rij 2, kolom 'Stamgroep': de leden van '8B' worden beheerd in het LAS; laat de stamgroep leeg of "
        "kies een eigen groep."
    ]


def test_an_unknown_child_login_fails_the_parent_row(database, admin):
    make_pupil(login="anna@leerling.nl")
    make_teacher(login="juf@school.nl")
    data = parents_file(["ouder@thuis.nl", "Els", "", "Berg", "anna@leerling.nl, nieuw@leerling.nl, juf@school.nl"])
    assert failures_for(admin, "parents", data) == [
        "Rij 2, kolom 'Inlognaam kind(eren)': er is geen leerling met de inlognaam 'nieuw@leerling.nl'.",
        "Rij 2, kolom 'Inlognaam kind(eren)': 'juf@school.nl' is geen leerling maar een leraar.",
    ]
    result = imports.apply(admin, "parents", data)
    assert (result.created, result.failed) == (0, 1) and ParentLink.select().count() == 0


def test_a_short_password_fails_the_row(database, admin):
    data = pupils_file(["a@leerling.nl", "A", "", "Aa", 4, None, "kort"])
    assert failures_for(admin, "pupils", data) == ["Rij 2, kolom 'Wachtwoord': het wachtwoord is korter dan 8 tekens."]


@pytest.mark.parametrize("login", ["sanne", "sanne@school", "sanne de vries@school.nl", "@school.nl"])
def test_a_login_that_is_not_e_mail_shaped_fails(database, admin, login):
    data = pupils_file([login, "A", "", "Aa", 4, None, None])
    (message,) = failures_for(admin, "pupils", data)
    assert message.startswith("Rij 2, kolom 'E-mail (inlognaam)': ") and "geen geldige inlognaam" in message


def test_missing_names_and_login_are_named(database, admin):
    data = pupils_file([None, "  ", None, None, 4, None, "lang-genoeg"])
    assert failures_for(admin, "pupils", data) == [
        "Rij 2, kolom 'E-mail (inlognaam)': de inlognaam ontbreekt.",
        "Rij 2, kolom 'Voornaam': de voornaam ontbreekt.",
        "Rij 2, kolom 'Achternaam': de achternaam ontbreekt.",
    ]


def test_an_unclear_ib_answer_fails(database, admin):
    data = teachers_file(["juf@school.nl", "A", "", "Aa", None, "misschien"])
    assert failures_for(admin, "teachers", data) == ["Rij 2, kolom 'IB-er': 'misschien' is geen ja of nee."]


def test_spaces_are_trimmed_and_diacritics_kept(database, admin):
    decomposed = "Zoe\u0308"  # as some Mac programs store "Zoë"
    data = pupils_file(
        [
            "\tZOË.ÇELIK@Leerling.nl  ",
            f"  {decomposed}  ",
            " van ",
            "  Çelik-Ñúñez ",
            " 4 ",
            None,
            "  ruimte-in-wachtwoord  ",
        ]
    )
    result = imports.apply(admin, "pupils", data)
    assert result.failed == 0
    user = User.get(User.role == "pupil")
    assert (user.login, user.first_name, user.infix, user.last_name) == (
        "zoë.çelik@leerling.nl",
        "Zoë",
        "van",
        "Çelik-Ñúñez",
    )
    assert user.first_name == "Zo\u00eb"  # one code point (NFC), so a re-import compares equal
    assert passwords.verify_password(user.password_hash, "ruimte-in-wachtwoord")
    assert imports.apply(admin, "pupils", data).unchanged == 1


def test_las_managed_users_are_not_overwritten(database, admin, groups):
    pupil = make_pupil(login="las@leerling.nl", first_name="Las", last_name="Kind", level=6, las_key="P-1")
    make_parent(login="lasouder@thuis.nl", las_key="O-1")
    pupils = pupils_file(["las@leerling.nl", "Anders", "", "Genoemd", 7, "Groep 5", None])
    assert failures_for(admin, "pupils", pupils) == [
        "Rij 2, kolom 'E-mail (inlognaam)': 'las@leerling.nl' wordt beheerd in het LAS; wijzig deze gegevens in "
        "het LAS."
    ]
    result = imports.apply(admin, "pupils", pupils)
    assert (result.updated, result.failed) == (0, 1)
    pupil = User.get_by_id(pupil.id)
    assert (pupil.first_name, pupil.last_name, pupil.level) == ("Las", "Kind", 6)
    assert not GroupMember.select().where(GroupMember.pupil == pupil).exists()
    parents = parents_file(["lasouder@thuis.nl", "X", "", "Y", "las@leerling.nl"])
    assert "wordt beheerd in het LAS" in failures_for(admin, "parents", parents)[0]


def test_a_non_las_parent_may_be_linked_to_a_las_pupil(database, admin):
    make_pupil(login="las@leerling.nl", las_key="P-1")
    result = imports.apply(admin, "parents", parents_file(["ouder@thuis.nl", "Els", "", "Berg", "las@leerling.nl"]))
    assert result.created == 1 and ParentLink.select().count() == 1


def test_a_deactivated_account_is_not_changed(database, admin):
    make_pupil(login="weg@leerling.nl", active=False)
    data = pupils_file(["weg@leerling.nl", "A", "", "Aa", 4, None, None])
    assert failures_for(admin, "pupils", data) == [
        "Rij 2, kolom 'E-mail (inlognaam)': het account 'weg@leerling.nl' is uitgezet; zet het eerst weer aan."
    ]


def test_a_conflict_while_writing_rolls_the_whole_import_back(database, admin, groups, monkeypatch):
    data = pupils_file(
        ["a@leerling.nl", "A", "", "Aa", 4, "Groep 5", None], ["b@leerling.nl", "B", "", "Bb", 4, "Groep 5", None]
    )
    real_plan = imports._plan

    def someone_else_creates_b(kind, data):
        plan = real_plan(kind, data)
        make_pupil(login="b@leerling.nl")  # another admin, between the check and the write
        return plan

    monkeypatch.setattr(imports, "_plan", someone_else_creates_b)
    before = snapshot()
    with pytest.raises(Conflict, match="niets geïmporteerd"):
        imports.apply(admin, "pupils", data)
    assert not User.select().where(User.login == "a@leerling.nl").exists()
    assert GroupMember.select().count() == before[1]
