"""The portfolio's three texts (SPEC 14): "Dit ben ik" by the pupil, "Wat ik zie" by the pupil's teachers,
"Wat wij thuis zien" by the parents. Each is written only by its owner, one per school year: the running
year's text is the one written now, earlier years' texts stay as they were (the year rollover leaves them).
"""

import dataclasses
import datetime as dt

from peewee import JOIN, IntegrityError

from models import PortfolioText, User, db, now

from .. import audit, permissions
from ..errors import Conflict
from .common import VOICE_TITLES, announce, clean_text, require_voice, school_year, the_pupil

MAX_TEXT_LENGTH = 2000


@dataclasses.dataclass(frozen=True)
class Text:
    voice: str
    title: str
    school_year: str
    body: str
    updated_by: str  # the writer's name
    updated_at: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class Texts:
    """The running year's text of each voice (None where nothing is written yet) and earlier years' texts,
    newest year first."""

    school_year: str
    current: dict
    earlier: list


def write_text(actor, pupil, voice, body):
    """Write `voice`'s text on `pupil`'s portfolio for the running school year; returns the PortfolioText."""
    pupil = the_pupil(pupil)
    require_voice(actor, "write_portfolio_text", pupil, voice)
    body = clean_text(body, MAX_TEXT_LENGTH, "De tekst")
    year = school_year()
    writer = permissions.recorded_as(actor)
    try:
        with db.atomic():
            updated = (
                PortfolioText.update(body=body, updated_by=writer, updated_at=now())
                .where(
                    (PortfolioText.pupil == pupil.id)
                    & (PortfolioText.voice == voice)
                    & (PortfolioText.school_year == year)
                )
                .execute()
            )
            if not updated:
                PortfolioText.create(
                    pupil=pupil.id, voice=voice, school_year=year, body=body, updated_by=writer, updated_at=now()
                )
            audit.record(writer, "portfolio_text_written", pupil, detail=f"{voice} {year}: {len(body)} tekens")
    except IntegrityError:  # written at the same moment by a second parent, say
        raise Conflict("Iemand anders schreef deze tekst net tegelijk. Laad de pagina opnieuw.") from None
    announce(actor, pupil, "text")
    return PortfolioText.get(
        (PortfolioText.pupil == pupil.id) & (PortfolioText.voice == voice) & (PortfolioText.school_year == year)
    )


def texts_of(actor, pupil):
    """The pupil's texts, for whoever may view the portfolio: Texts (one query besides the checks)."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "view_portfolio", pupil)
    year = school_year()
    rows = (
        PortfolioText.select(PortfolioText, User)
        .join(User, JOIN.LEFT_OUTER, on=(PortfolioText.updated_by == User.id))
        .where(PortfolioText.pupil == pupil.id)
        .order_by(PortfolioText.school_year.desc(), PortfolioText.id)
    )
    current, earlier = dict.fromkeys(VOICE_TITLES), []
    order = list(VOICE_TITLES)
    for row in rows:
        text = Text(
            voice=row.voice,
            title=VOICE_TITLES[row.voice],
            school_year=row.school_year,
            body=row.body,
            updated_by=row.updated_by.full_name if row.updated_by_id else "",
            updated_at=row.updated_at,
        )
        if row.school_year == year:
            current[row.voice] = text
        elif row.body:
            earlier.append(text)
    earlier.sort(key=lambda t: (t.school_year, -order.index(t.voice)), reverse=True)
    return Texts(year, current, earlier)
