"""Finding notes again (SPEC 13): every note a teacher may read, by words in its text or keywords, by
category, group and pupil, on the database's own full-text search.

    search(actor, words="", category=None, group=None, pupil=None, limit=50) -> Found(notes, more, words)

SQLite: the FTS5 table `note_search` (models.NOTE_SEARCH_SQLITE); each word matches as a prefix ("reken"
finds rekenen, rekenles and rekenden), accents do not count ("een" finds één). PostgreSQL: the generated
`search_vector` column with the Dutch configuration; each word matches as a prefix of a Dutch stem or of the
word as typed ("rekenen" also finds rekenden and rekenles, "rekenmuur" finds rekenmuurtjes). All words must
occur. With words the best matches come first (bm25 / ts_rank), then the newest; without, the
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
    """`query` (of note ids) narrowed to notes with every word, best match first."""
    if _postgres():
        vector, wanted = Column(Note, "search_vector"), postgres_query(words)
        return query.where(Expression(vector, "@@", wanted)).order_by(
            fn.ts_rank(vector, wanted).desc(), Note.created_at.desc(), Note.id.desc()
        )
    match = " ".join(f'"{w}"*' for w in words)  # the words hold letters and digits only: nothing to escape
    return (
        query.join_from(Note, _FTS, on=(_FTS.rowid == Note.id))
        .where(Expression(_FTS.note_search, "MATCH", match))
        .order_by(_FTS.rank, Note.id.desc())
    )


def postgres_query(words):
    """The tsquery of the words: each as a Dutch stem or as it was typed, as a prefix, all of them required.
    Stemming alone would lose a word typed half ("rekenmuur" stems to rekenmur, which no note holds); as
    typed alone would lose the forms ("rekenen" is stored as reken)."""
    parts = [Expression(fn.to_tsquery("dutch", f"{w}:*"), "||", fn.to_tsquery("simple", f"{w}:*")) for w in words]
    combined = parts[0]
    for part in parts[1:]:
        combined = Expression(combined, "&&", part)
    return combined


def _sqlite_words_only(words, limit):
    """Words without filters on SQLite: the full-text table alone finds and ranks them (FTS5 keeps only the
    best `limit` while it ranks)."""
    match = " ".join(f'"{w}"*' for w in words)
    return _FTS.select(_FTS.rowid).where(Expression(_FTS.note_search, "MATCH", match)).order_by(_FTS.rank).limit(limit)


def search(actor, words="", category=None, group=None, pupil=None, limit=50):
    """The notes that match, at most `limit` (and whether there are more). Teachers and admins only.

    Two queries: the ids of the best matches (the full-text search itself, filtered), then those notes with
    their authors, categories, pupils and groups; ranking thousands of matches with every joined column
    cost ten times the search."""
    permissions.require(actor, "view_group_notes")
    found = Found(words=words_of(words))
    filters = [
        condition
        for value, condition in (
            (category, Note.category == category),
            (group, Note.group == group),
            (pupil, Note.pupil == pupil),
        )
        if value
    ]
    if found.words and not filters and not _postgres():
        ids_query = _sqlite_words_only(found.words, limit + 1)
    else:
        ids_query = Note.select(Note.id)
        if filters:
            ids_query = ids_query.where(*filters)
        if found.words:
            ids_query = _matching(ids_query, found.words)
        else:
            ids_query = ids_query.order_by(Note.created_at.desc(), Note.id.desc())
        ids_query = ids_query.limit(limit + 1)
    if found.words and _postgres():
        with db.atomic():
            # PostgreSQL guesses that a prefix search matches 2% of the notes whatever the word, and so prefers
            # reading every note to the GIN index: 24 ms instead of 0.7 at 20,000 notes, 130 instead of 1 at
            # 100,000 (bench/note_search.py). The index is the right way for a full-text search; say so.
            db.execute_sql("SET LOCAL enable_seqscan = off")
            ids = [note_id for (note_id,) in db.execute(ids_query).fetchall()]
    else:
        ids = [note_id for (note_id,) in db.execute(ids_query).fetchall()]
    found.more, ids = len(ids) > limit, ids[:limit]
    if ids:
        notes = {note.id: note for note in with_people(Note.select()).where(Note.id.in_(ids))}
        found.notes = [notes[note_id] for note_id in ids if note_id in notes]
    return found
