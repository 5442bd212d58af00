"""Spreadsheets in and out: safe reading of uploaded .xlsx files and writing of exports.

Reading treats every upload as hostile. `open_workbook` checks the bytes before openpyxl sees them (size,
signature, zip directory, macros, DTDs) and then reads the first worksheet in read-only mode with bounded
rows and columns; any problem rejects the whole file with a Dutch reason (`SpreadsheetError`).

Writing (`write_xlsx`) neutralises text that a spreadsheet program would run as a formula.
"""

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50  # more than any import needs; bounds memory when a row claims column XFD
# A zip's directory states each member's uncompressed size, and Python's zipfile never inflates a member
# beyond it (a lying size ends in a CRC error), so checking the directory bounds what parsing can inflate.
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_RATIO = 100  # real .xlsx parts compress 5-30x; zip bombs 1,000x and more
MAX_MEMBERS = 2_000
_SHEET_ROW_LIMIT = 1_048_576  # Excel's own limit: a higher row number means a forged sheet

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected Office file
ZIP_SIGNATURE = b"PK\x03\x04"

FORMULA_TRIGGERS = ("=", "+", "-", "@")


class SpreadsheetError(DomainError):
    """The file cannot be read as a safe .xlsx workbook; nothing was read from it."""


def _mb(n):
    return f"{n / (1024 * 1024):.0f} MB"


NOT_XLSX = (
    "Dit bestand is geen Excel-werkmap (.xlsx). Sla het in je rekenprogramma op als "
    "'Excel-werkmap (*.xlsx)' en upload het opnieuw."
)


@dataclass
class Sheet:
    """The first worksheet of an uploaded workbook, read whole: its non-empty rows with their row numbers."""

    title: str
    rows: list = field(default_factory=list)  # [(row number, (value, ...)), ...], trailing empty cells cut


# --- Reading -------------------------------------------------------------------------------------------


def open_workbook(data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS):
    """Check and read an uploaded .xlsx; return its first worksheet as a `Sheet` or raise SpreadsheetError.

    `max_rows` counts the rows below the first (header) row.
    """
    if not data:
        raise SpreadsheetError("Het bestand is leeg.")
    if len(data) > max_bytes:
        raise SpreadsheetError(f"Het bestand is groter dan {_mb(max_bytes)}; splits het in kleinere bestanden.")
    _check_signature(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetError("Het bestand is beschadigd: het is geen leesbare Excel-werkmap.") from None
    with archive:
        _check_archive(archive)
    return _read_first_sheet(data, max_rows)


def _check_signature(data):
    if data.startswith(OLE_SIGNATURE):
        # Directory entries of a compound file hold their names in UTF-16LE.
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise SpreadsheetError(
                "De werkmap is beveiligd met een wachtwoord. Haal de beveiliging eraf "
                "(Bestand > Info > Werkmap beveiligen) en upload het bestand opnieuw."
            )
        raise SpreadsheetError(
            "Dit is een oud Excel-bestand (.xls). Open het in Excel en sla het op als 'Excel-werkmap (*.xlsx)'."
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise SpreadsheetError(NOT_XLSX)


def _check_archive(archive):
    try:
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetError("Het bestand is beschadigd: het is geen leesbare Excel-werkmap.") from None
    if len(members) > MAX_MEMBERS:
        raise SpreadsheetError("Het bestand bevat te veel onderdelen voor een werkmap en is geweigerd.")
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    too_dense = any(m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members)
    if total > MAX_UNCOMPRESSED or too_dense or (total > 1024 * 1024 and total > MAX_RATIO * max(packed, 1)):
        raise SpreadsheetError(
            "Het bestand pakt uit tot een onredelijk grote hoeveelheid gegevens (een "
            "zogeheten zip-bom) en is geweigerd."
        )
    names = {m.filename for m in members}
    if "mimetype" in names and b"opendocument" in _read_head(archive, "mimetype", 200):
        raise SpreadsheetError(
            "Dit is een OpenDocument-rekenblad (.ods). Sla het op als 'Excel-werkmap (*.xlsx)' en upload het opnieuw."
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise SpreadsheetError(NOT_XLSX)
    content_types = _read_head(archive, "[Content_Types].xml", 256 * 1024).lower()
    if b"sheet.binary" in content_types:
        raise SpreadsheetError(
            "Dit is een binaire Excel-werkmap (.xlsb). Sla het op als 'Excel-werkmap (*.xlsx)' en upload het opnieuw."
        )
    if b"macroenabled" in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise SpreadsheetError(
            "Dit is een werkmap met macro's (.xlsm). Macro's worden niet geaccepteerd: sla "
            "het bestand op als 'Excel-werkmap (*.xlsx)' zonder macro's."
        )
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")):
            head = _read_head(archive, member.filename, 64 * 1024)
            # Office never writes a DTD; one in a part is an entity ("XML bomb") or external-entity attack.
            # defusedxml (and lxml without entity resolution) stop whatever lies beyond this head.
            if _has_dtd(head):
                raise SpreadsheetError(
                    "Het bestand bevat verboden XML-constructies (een zogeheten XML-bom) en is geweigerd."
                )


def _read_head(archive, name, size):
    try:
        with archive.open(name) as member:
            return member.read(size)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        raise SpreadsheetError("Het bestand is beschadigd: het is geen leesbare Excel-werkmap.") from None


def _has_dtd(head):
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        marker_doctype = "<!DOCTYPE".encode(encoding)
        marker_entity = "<!ENTITY".encode(encoding)
        if marker_doctype in head or marker_entity in head:
            return True
    return False


def _read_first_sheet(data, max_rows):
    from defusedxml import DefusedXmlException

    workbook = None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        if not workbook.worksheets:
            raise SpreadsheetError("De werkmap bevat geen werkblad met gegevens.")
        worksheet = workbook.worksheets[0]
        # A forged <dimension> (A1:XFD1048576) would make openpyxl pad every row to 16,384 cells.
        worksheet.reset_dimensions()
        sheet = Sheet(title=worksheet.title)
        for number, values in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if number > _SHEET_ROW_LIMIT:
                raise SpreadsheetError("Het bestand is beschadigd: het werkblad heeft meer rijen dan Excel toestaat.")
            values = _trim_row(values)
            if not values:
                continue
            if number > max_rows + 1:
                raise SpreadsheetError(
                    f"Het werkblad heeft meer dan {max_rows:,} rijen met gegevens "
                    f"(rij {number:,} is gevuld); splits het in kleinere bestanden.".replace(",", ".")
                )
            sheet.rows.append((number, values))
        return sheet
    except SpreadsheetError:
        raise
    except MemoryError:
        raise SpreadsheetError("Het bestand is te groot om te lezen.") from None
    except Exception as error:  # openpyxl, zipfile and the XML parsers raise many kinds for a damaged file
        if _caused_by(error, DefusedXmlException):  # openpyxl wraps it in a ValueError
            raise SpreadsheetError(
                "Het bestand bevat verboden XML-constructies (een zogeheten XML-bom) en is geweigerd."
            ) from None
        raise SpreadsheetError("Het bestand is beschadigd: het is geen leesbare Excel-werkmap.") from None
    finally:
        if workbook is not None:
            workbook.close()


def _caused_by(error, kind):
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _trim_row(values):
    values = list(values)
    while values and (values[-1] is None or (isinstance(values[-1], str) and not values[-1].strip())):
        values.pop()
    return tuple(values)


# --- Writing -------------------------------------------------------------------------------------------


def neutralise(value):
    """Text that starts (after any whitespace) with = + - or @ gets a leading apostrophe.

    The cell is also written as a plain string cell, so openpyxl never stores it as a formula. The
    apostrophe is the belt to those braces: it is what OWASP advises, and it survives when someone saves
    the sheet as CSV and opens it again, where the cell type is lost. The price is a visible apostrophe
    in such cells, which for names and notes is a fair trade.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.lstrip(" \t\r\n").startswith(FORMULA_TRIGGERS):
            return "'" + value
    return value


def _cell_value(value):
    if value is None or isinstance(value, (str, int, float, bool, dt.date, dt.datetime, dt.time)):
        return neutralise(value)
    return neutralise(str(value))


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title):
    title = " ".join(_SHEET_TITLE_FORBIDDEN.sub(" ", str(title or "")).split()).strip("'") or "Blad1"
    return title[:31]


def _width(value):
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_xlsx(title, headers, rows):
    """Build an .xlsx with one sheet `title`: a bold header row, then `rows`; return its bytes."""
    rows = [[_cell_value(v) for v in row] for row in rows]
    headers = [_cell_value(h) for h in headers]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    width_count = max([len(headers)] + [len(r) for r in rows])
    widths = [_width(headers[i]) if i < len(headers) else 0 for i in range(width_count)]
    for row in rows[:2000]:  # enough to judge the widths
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_string_cell(sheet, v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _string_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never "f", whatever the text looks like
    return cell
