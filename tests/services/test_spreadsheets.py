"""Reading uploads safely (every bad file is refused whole, in Dutch) and writing exports without formulas."""

import io
import os
import zipfile

import openpyxl
import pytest

from services.spreadsheets import MAX_COLUMNS, SpreadsheetError, open_workbook, write_xlsx
from tests.support import xlsx_files as files


def refusal(data, **limits):
    with pytest.raises(SpreadsheetError) as caught:
        open_workbook(data, **limits)
    return caught.value.message


def test_a_good_workbook_is_read_with_row_numbers_and_without_empty_rows():
    data = files.xlsx([["Naam", "Niveau"], ["Zoë", 4], [None, None], ["  ", None], ["Jan", 5, None]])
    sheet = open_workbook(data)
    assert sheet.title == "Blad1"
    assert sheet.rows == [(1, ("Naam", "Niveau")), (2, ("Zoë", 4)), (5, ("Jan", 5))]


@pytest.mark.parametrize(
    "data", [b"E-mail;Voornaam\njan@school.nl;Jan\n", b"%PDF-1.7\n", b"\x00" * 100], ids=["csv", "pdf", "zeros"]
)
def test_a_file_that_is_not_xlsx_is_refused(data):
    assert "geen Excel-werkmap (.xlsx)" in refusal(data)


def test_an_empty_file_is_refused():
    assert refusal(b"") == "Het bestand is leeg."


def test_an_old_xls_is_refused_with_advice():
    assert "oud Excel-bestand (.xls)" in refusal(files.old_xls())


def test_a_password_protected_workbook_is_refused():
    assert "beveiligd met een wachtwoord" in refusal(files.encrypted_workbook())


def test_a_macro_workbook_is_refused():
    assert "macro's (.xlsm)" in refusal(files.macro_workbook())


def test_a_vba_part_alone_is_enough_to_refuse():
    data = files.rezip(files.xlsx([["a"]]), add={"xl/vbaProject.bin": b"\x00" * 64})
    assert "macro's" in refusal(data)


@pytest.mark.parametrize("padding", [0, 200_000], ids=["dtd-in-head", "dtd-behind-long-comment"])
def test_an_xml_bomb_is_refused(padding):
    assert "XML-bom" in refusal(files.xml_bomb(padding))


def test_a_zip_bomb_is_refused_before_parsing():
    data = files.zip_bomb()
    assert len(data) < 100_000
    assert "zip-bom" in refusal(data)


def test_a_truncated_workbook_is_refused_as_damaged():
    data = files.xlsx([["a"], [1]])
    assert "beschadigd" in refusal(data[: len(data) // 2])


def test_a_workbook_with_garbage_in_its_sheet_is_refused_as_damaged():
    data = files.rezip(files.xlsx([["a"], [1]]), replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData"})
    assert "beschadigd" in refusal(data)


def test_a_workbook_with_a_corrupted_member_is_refused_as_damaged():
    data = bytearray(files.xlsx([["a" * 50] for _ in range(50)]))
    start = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the sheet's compressed bytes
    data[start : start + 20] = b"\xff" * 20
    assert "beschadigd" in refusal(bytes(data))


def test_a_zip_without_a_workbook_is_not_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert "geen Excel-werkmap" in refusal(out.getvalue())


def test_a_file_over_5_mb_is_refused():
    data = files.rezip(
        files.xlsx([["a"], [1]]),
        add={"xl/media/photo.jpg": os.urandom(5 * 1024 * 1024)},
        compression=zipfile.ZIP_STORED,
    )
    assert len(data) > 5 * 1024 * 1024
    assert "groter dan 5 MB" in refusal(data)


def test_a_sheet_over_10000_rows_is_refused_and_10000_pass():
    rows = [["Naam"]] + [[f"leerling {n}"] for n in range(10_000)]
    assert len(open_workbook(files.xlsx(rows)).rows) == 10_001
    message = refusal(files.xlsx(rows + [["een te veel"]]))
    assert "meer dan 10.000 rijen" in message and "rij 10.002" in message


def test_the_row_limit_counts_rows_below_the_header():
    data = files.xlsx([["Naam"], ["a"], ["b"], ["c"]])
    assert len(open_workbook(data, max_rows=3).rows) == 4
    assert "meer dan 2 rijen" in refusal(data, max_rows=2)


def test_a_forged_dimension_and_far_column_do_not_blow_up():
    data = files.xlsx([["a"], [1]])
    sheet = files.member(data, "xl/worksheets/sheet1.xml")
    forged = (
        sheet.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
        if b"<dimension" not in sheet
        else sheet
    )
    forged = forged.replace(b"</sheetData>", b'<row r="3"><c r="XFD3"><v>7</v></c></row></sheetData>')
    read = open_workbook(files.rezip(data, replace={"xl/worksheets/sheet1.xml": forged}))
    assert read.rows[:2] == [(1, ("a",)), (2, (1,))]
    assert len(read.rows) == 2 or len(read.rows[2][1]) <= MAX_COLUMNS


def test_an_opendocument_sheet_is_refused_with_advice():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument" in refusal(out.getvalue())


def test_formula_values_are_read_as_their_cached_result_not_the_formula():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Niveau"])
    workbook.active.append(["=1+3"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stores no cached result, so the cell reads as empty: never the formula's text, never run.
    assert open_workbook(buffer.getvalue()).rows == [(1, ("Niveau",))]


# --- Writing -------------------------------------------------------------------------------------------


def read_back(data):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1:A2)", ' =HYPERLINK("http://x")', "\t=cmd|' /C calc'!A0", "\r\n-1", "=="],
)
def test_text_that_looks_like_a_formula_is_written_as_plain_text(text):
    sheet = read_back(write_xlsx("Export", ["Naam", "Notitie"], [["Jan", text]]))
    cell = sheet["B2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + text
    assert not str(cell.value).startswith(("=", "+", "-", "@"))
    raw = files.member(write_xlsx("Export", ["Notitie"], [[text]]), "xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw


def test_ordinary_values_keep_their_types_and_the_header_is_bold():
    import datetime as dt

    sheet = read_back(
        write_xlsx(
            "Leerlingen",
            ["Naam", "Niveau", "Datum", "Negatief"],
            [["Zoë Ünal", 4, dt.date(2026, 9, 1), -3], ["Jan", None, None, 0.5]],
        )
    )
    assert [c.value for c in sheet[1]] == ["Naam", "Niveau", "Datum", "Negatief"]
    assert all(c.font.b for c in sheet[1])
    assert sheet["A2"].value == "Zoë Ünal" and sheet["B2"].value == 4 and sheet["D2"].value == -3
    assert sheet["C2"].value.date() == dt.date(2026, 9, 1)
    assert sheet.column_dimensions["A"].width >= len("Zoë Ünal")


def test_the_title_is_made_a_valid_sheet_name_and_control_characters_are_dropped():
    data = write_xlsx("Groep 5/6: [leerlingen] van juf Anne-Marie", ["Naam"], [["a\x00b\x07c"]])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    title = workbook.sheetnames[0]
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\")
    assert workbook.worksheets[0]["A2"].value == "abc"


def test_what_write_xlsx_writes_open_workbook_reads():
    data = write_xlsx("Lijst", ["Inlognaam", "Naam"], [["a@school.nl", "Zoë"], ["b@school.nl", "=x"]])
    assert open_workbook(data).rows == [
        (1, ("Inlognaam", "Naam")),
        (2, ("a@school.nl", "Zoë")),
        (3, ("b@school.nl", "'=x")),
    ]
