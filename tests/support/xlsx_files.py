"""Builders for good and bad spreadsheet files, made in code so that no binary test files are committed."""

import io
import struct
import zipfile

import openpyxl

PUPIL_HEADERS = ["E-mail (inlognaam)", "Voornaam", "Tussenvoegsel", "Achternaam", "Niveau", "Stamgroep", "Wachtwoord"]
PARENT_HEADERS = ["E-mail (inlognaam)", "Voornaam", "Tussenvoegsel", "Achternaam", "Inlognaam kind(eren)"]
TEACHER_HEADERS = ["E-mail (inlognaam)", "Voornaam", "Tussenvoegsel", "Achternaam", "Groep", "IB-er"]


def xlsx(rows, title="Blad1"):
    """A plain workbook whose first sheet holds `rows` (the first one being the header)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data, replace=None, add=None, drop=(), compression=zipfile.ZIP_DEFLATED):
    """A copy of the zip `data` with members replaced ({name: bytes}), added or dropped."""
    replace, add = dict(replace or {}), dict(add or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.pop(info.filename, None) or source.read(info.filename))
        for name, content in {**replace, **add}.items():
            target.writestr(name, content)
    return out.getvalue()


def member(data, name):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def macro_workbook():
    """An .xlsm: a vbaProject.bin part and the macro-enabled content type."""
    data = xlsx([["a"], [1]])
    types = member(data, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return rezip(data, replace={"[Content_Types].xml": types}, add={"xl/vbaProject.bin": b"\x00" * 512})


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>"
)


def xml_bomb(padding=0):
    """A workbook whose sheet declares nested entities; `padding` bytes of comment push the DTD further in."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + (b"<!--" + b"x" * padding + b"-->" if padding else b"")
        + BILLION_LAUGHS
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return rezip(xlsx([["a"], [1]]), replace={"xl/worksheets/sheet1.xml": sheet})


def zip_bomb(size=8 * 1024 * 1024):
    """A workbook with one extra part of `size` zero bytes: it packs a thousand times smaller."""
    return rezip(xlsx([["a"], [1]]), add={"xl/media/image1.png": b"\x00" * size})


def encrypted_workbook():
    """A password-protected workbook as Office writes one: a compound file (CFB) holding the streams
    EncryptionInfo and EncryptedPackage. The stream contents are filler; readers look at the structure."""
    return compound_file("EncryptionInfo", "EncryptedPackage")


def old_xls():
    """An old .xls: a compound file with a Workbook stream and no encryption."""
    return compound_file("SummaryInformation", "Workbook")


def compound_file(first, second):
    """A minimal compound file (CFB, version 3) with two 4 KB streams named `first` and `second`."""
    sector = 512
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [fat_sector, end] + [3, 4, 5, 6, 7, 8, 9, end] + [11, 12, 13, 14, 15, 16, 17, end]
    fat += [free] * (128 - len(fat))

    def entry(name, kind, left, right, child, start, size):
        raw = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, left, right, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    # Siblings form a tree ordered by name length first: the shorter name is the root's child.
    shorter, longer = (1, 2) if len(first) <= len(second) else (2, 1)
    directory = (
        entry("Root Entry", 5, no_stream, no_stream, shorter, end, 0)
        + entry(first, 2, no_stream, longer if shorter == 1 else no_stream, no_stream, 2, 4096)
        + entry(second, 2, no_stream, longer if shorter == 2 else no_stream, no_stream, 10, 4096)
        + entry("", 0, no_stream, no_stream, no_stream, 0, 0)
    )
    return (
        bytes(header)
        + struct.pack("<128I", *fat)
        + directory
        + b"\x04\x00\x04\x00\x40\x00\x00\x00"
        + b"\x00" * 4088
        + b"\x5a" * 4096
    )
