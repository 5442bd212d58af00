"""What a test result may hold: a score within the test's range and a level of the school's scale (I-V or
A-E, a school setting). Both read from what a teacher types or pastes ("57", "57,5", "iii", " b ")."""

import re

from models import TEST_LEVEL_SCALES, SchoolSettings

from ..errors import DomainError

DEFAULT_MAX_SCORE = 999
_NUMBER = re.compile(r"^\d{1,4}([.,]\d{1,2})?$")


class ResultError(DomainError):
    """One cell cannot be read; `column` is "score" or "level"."""

    def __init__(self, message, column):
        super().__init__(message)
        self.column = column


def level_scale():
    """The school's levels, best first: ("I", "II", "III", "IV", "V") or ("A", ..., "E")."""
    return TEST_LEVEL_SCALES.get(SchoolSettings.get_current().test_level_scale, TEST_LEVEL_SCALES["I-V"])


def level_rank(grade):
    """0 for the best level (I or A) to 4 for the lowest (V or E), whichever scale it was written in; None
    for no level."""
    for scale in TEST_LEVEL_SCALES.values():
        if grade in scale:
            return scale.index(grade)
    return None


def scale_text(scale):
    return f"{scale[0]} tot en met {scale[-1]}"


def read_level(text, scale):
    """A level as stored ("III"), "" for none; a level the school does not use is refused."""
    text = "".join(str(text or "").split()).upper()
    if not text:
        return ""
    if text not in scale:
        raise ResultError(
            f"'{text}' is geen niveau van de school; gebruik {scale_text(scale)}.",
            "level",
        )
    return text


def read_score(text, moment):
    """A score as stored ("57" or "57.5"), "" for none; refused outside 0 to the test's highest score."""
    if isinstance(text, bool):
        raise ResultError("Een score is een getal.", "score")
    if isinstance(text, (int, float)):
        text = f"{text:g}"
    text = "".join(str(text or "").split())
    if not text:
        return ""
    highest = moment.max_score if moment.max_score is not None else DEFAULT_MAX_SCORE
    if not _NUMBER.match(text):
        raise ResultError(f"'{text}' is geen score; vul een getal van 0 tot en met {highest} in.", "score")
    value = float(text.replace(",", "."))
    if value > highest:
        raise ResultError(
            f"Score {text} valt buiten de schaal van {moment.name}: die loopt van 0 tot en met {highest}.", "score"
        )
    return f"{value:g}"


def score_text(score):
    """A stored score as a Dutch reader writes it: 57,5."""
    return (score or "").replace(".", ",")
