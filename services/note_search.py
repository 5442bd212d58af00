"""Finding notes again (SPEC 13): every note a teacher may read, by words in its text or keywords, by
category, group and pupil, on the database's own full-text search.

    search(actor, words="", category=None, group=None, pupil=None, limit=50) -> Found(notes, more, words)

SQLite: the FTS5 table `note_search` (models.NOTE_SEARCH_SQLITE); each word matches as a prefix ("reken"
finds rekenen, rekenles and rekenden), accents do not count ("een" finds één). PostgreSQL: the generated
`search_vector` column with the Dutch configuration; each word is stemmed and matched as a prefix ("rekenen"
also finds rekenden and rekenles), and Dutch stop words ("de", "een", "en") are left out of the query. All
words must occur. With words the best matches come first (bm25 / ts_rank), then the newest; without, the
newest first.
"""

import re
from dataclasses import dataclass, field

from peewee import Column, Expression, PostgresqlDatabase, Table, fn

from models import Note, db

from . import permissions
from .notes import with_people

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
_WORD = re.compile(r"[^\W_]+")
_FTS = Table("note_search", ("rowid", "rank", "note_search"))


@dataclass
class Found:
    notes: list = field(default_factory=list)
    more: bool = False  # there are more than `limit` matches
    words: list = field(default_factory=list)  # the words searched for, as read from the query


def words_of(text):
    """The words of a search text: letters and digits, lower case, at most MAX_WORDS of MAX_WORD_LENGTH."""
    return [w[:MAX_WORD_LENGTH] for w in _WORD.findall((text or "").lower())][:MAX_WORDS]


def _postgres():
    return isinstance(db.obj, PostgresqlDatabase)


def _matching(query, words):
    """`query` narrowed to notes with every word, ordered best match first."""
    if _postgres():
        tsquery = " & ".join(f"{w}:*" for w in words)
        vector, wanted = Column(Note, "search_vector"), fn.to_tsquery("dutch", tsquery)
        return query.where(Expression(vector, "@@", wanted)).order_by(
            fn.ts_rank(vector, wanted).desc(), Note.created_at.desc(), Note.id.desc()
        )
    match = " ".join(f'"{w}"*' for w in words)  # the words hold letters and digits only: nothing to escape
    return (
        query.join_from(Note, _FTS, on=(_FTS.rowid == Note.id))
        .where(Expression(_FTS.note_search, "MATCH", match))
        .order_by(_FTS.rank, Note.created_at.desc(), Note.id.desc())
    )


def search(actor, words="", category=None, group=None, pupil=None, limit=50):
    """The notes that match, at most `limit` (and whether there are more). Teachers and admins only."""
    permissions.require(actor, "view_group_notes")
    found = Found(words=words_of(words))
    query = with_people(Note.select())
    if category:
        query = query.where(Note.category == category)
    if group:
        query = query.where(Note.group == group)
    if pupil:
        query = query.where(Note.pupil == pupil)
    if found.words:
        query = _matching(query, found.words)
    else:
        query = query.order_by(Note.created_at.desc(), Note.id.desc())
    rows = list(query.limit(limit + 1))
    found.notes, found.more = rows[:limit], len(rows) > limit
    return found
