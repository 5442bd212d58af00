"""What the portfolio's tests share: the small school with its periods and skills at hand, the school year's
periods around a day, small real files (a PNG, a JPEG, a PDF) and an upload as a form sends it."""

import base64
import datetime as dt
import io

from werkzeug.datastructures import FileStorage

from models import Period, Skill
from services import clock
from tests.support.schools import build_school

# A real 1x1 PNG and a real 8x8 JPEG (browsers show both) and a minimal PDF: the services judge files by content.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAA"
    "AChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZ"
    "WiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAA"
    "E9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4M"
    "ChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAA"
    "AAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/"
    "AKAAzz//2Q=="
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_periods(today=None, school_year="2026-2027"):
    """Four periods of `school_year`: the first ended before `today`, the second holds it; returns them."""
    today = today or clock.today()
    starts = [today - dt.timedelta(days=70), today - dt.timedelta(days=10), today + dt.timedelta(days=60)]
    starts.append(starts[-1] + dt.timedelta(days=70))
    return [
        Period.create(
            school_year=school_year,
            number=n,
            name=f"Periode {n}",
            start_date=start,
            end_date=(starts[n] - dt.timedelta(days=1)) if n < 4 else start + dt.timedelta(days=60),
        )
        for n, start in enumerate(starts, 1)
    ]


def upload(data, filename):
    """A file as a form posts it (what request.files holds)."""
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def build_portfolio_school(today=None, **options):
    """tests.support.schools.build_school(**options), with the periods of make_periods(today) [periods] and
    the school's skills "samenwerken" [samenwerken] and "plannen" [plannen] at hand."""
    school = build_school(**options)
    school["periods"] = make_periods(today)
    school["samenwerken"] = Skill.get(name="samenwerken")
    school["plannen"] = Skill.get(name="plannen")
    return school
