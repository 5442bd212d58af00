"""The Doelpunt schema: peewee models on a late-bound database.

One database holds one school. Names follow the glossary in SPEC.md. The models are declared on `db`, the
late-bound database of database.py (the one module of ours this one imports); the app factory, the CLI and
the tests bind it to a real database with `database.bind_database()`.
"""

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    SmallIntegerField,
    TextField,
    TimeField,
    sort_models,
)

from database import db


def now():
    """Timestamps are naive UTC throughout; the UI converts to local time."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    id = AutoField()

    class Meta:
        database = db
        legacy_table_names = False


# --- School and calendar -------------------------------------------------------------------------------


class SchoolSettings(BaseModel):
    """The single row of school-wide settings (SPEC 10, 12, 14)."""

    name = CharField(default="Mijn school")
    brin = CharField(null=True)
    school_year = CharField(default="2026-2027")  # the running school year, e.g. "2026-2027"
    class_folder_weeks_back = SmallIntegerField(default=2)
    class_folder_weeks_ahead = SmallIntegerField(default=2)
    parent_access = BooleanField(default=False)
    pupils_change_password = BooleanField(default=False)  # pupils may change their own password (SPEC 2)
    test_level_scale = CharField(default="I-V")  # levels of test results (LVS): a key of TEST_LEVEL_SCALES
    updated_at = DateTimeField(default=now)

    @classmethod
    def get_current(cls):
        return cls.get_or_create(id=1)[0]


class Period(BaseModel):
    """A part of a school year; at its start date the period rollover regenerates plans."""

    school_year = CharField()
    number = SmallIntegerField()
    name = CharField()
    start_date = DateField()
    end_date = DateField()
    rolled_over_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("school_year", "number"), True),)

    @classmethod
    def on(cls, day):
        return cls.select().where((cls.start_date <= day) & (cls.end_date >= day)).first()


# --- Users ---------------------------------------------------------------------------------------------

ROLES = ("admin", "teacher", "assistant", "pupil", "parent")


class User(BaseModel):
    login = CharField(unique=True)  # e-mail-shaped, need not be a real address
    password_hash = CharField()
    role = CharField(index=True, constraints=[Check("role in ('admin','teacher','assistant','pupil','parent')")])
    is_coach = BooleanField(default=False)  # IB-er (internal coach): a teacher with school-wide reach
    first_name = CharField()
    infix = CharField(default="")  # tussenvoegsel
    last_name = CharField()
    level = SmallIntegerField(null=True)  # pupil's niveau (usually the jaargroep)
    stays_back = BooleanField(default=False)  # pupil marked to stay at this level at the year rollover
    active = BooleanField(default=True, index=True)
    las_key = CharField(null=True, unique=True)  # key in the LAS export; set means LAS-managed
    eckid = CharField(null=True, unique=True)  # ECK iD from the LAS: never held by two accounts
    enrolled_on = DateField(null=True)
    left_on = DateField(null=True)
    pupil_code_hash = CharField(null=True, unique=True)  # sign-in code for shared learning-square devices
    bot_reminders = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    deactivated_at = DateTimeField(null=True)
    erased_at = DateTimeField(null=True)  # personal data erased on request (right to be forgotten)
    # Raised at sign-out and at every password change or reset: a session that carries an older number is
    # over (web/auth.py's user loader, web/socket_access.py), wherever its cookie was copied to.
    session_epoch = IntegerField(default=0)

    @property
    def las_managed(self):
        return self.las_key is not None

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.infix, self.last_name) if part)

    @property
    def sort_name(self):
        return f"{self.last_name}, {self.first_name} {self.infix}".strip()

    @classmethod
    def pupils(cls):
        return cls.select().where((cls.role == "pupil") & cls.active)

    # Flask-Login protocol, kept here so that no module needs a wrapper class.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return str(self.id)

    def __str__(self):
        return self.full_name


class ParentLink(BaseModel):
    parent = ForeignKeyField(User, backref="child_links", on_delete="CASCADE")
    pupil = ForeignKeyField(User, backref="parent_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("parent", "pupil"), True),)


class LoginAttempt(BaseModel):
    """Failed sign-ins, counted per login name and per address to slow down guessing."""

    login = CharField(index=True)
    address = CharField(index=True)
    at = DateTimeField(default=now, index=True)


# --- Curriculum ----------------------------------------------------------------------------------------


class Subject(BaseModel):
    name = CharField(unique=True)
    position = IntegerField(default=0)
    is_core = BooleanField(default=False)  # kernvak: each pupil has an expected exit level (uitstroom) for it

    def __str__(self):
        return self.name


class Domain(BaseModel):
    subject = ForeignKeyField(Subject, backref="domains", on_delete="RESTRICT")
    name = CharField()
    position = IntegerField(default=0)

    class Meta:
        indexes = ((("subject", "name"), True),)

    def __str__(self):
        return self.name


class Goal(BaseModel):
    domain = ForeignKeyField(Domain, backref="goals", on_delete="RESTRICT")
    title = CharField(max_length=500)
    level = SmallIntegerField(index=True)
    period = SmallIntegerField()  # period number within the school year
    description = TextField(default="")  # what the teacher needs to teach it
    steps = TextField(default="")  # stappenplan for the pupil, one step a line
    position = IntegerField(default=0)
    archived = BooleanField(default=False)
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("level", "period"), False),)

    @property
    def step_list(self):
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    def __str__(self):
        return self.title


# --- Statuses and personal plans -------------------------------------------------------------------------

STATUS_KEYS = ("coming", "current", "highlighted", "practising", "achieved")


class Status(BaseModel):
    """One step of the school's status scale; `key` fixes its meaning, name and colour are the school's."""

    key = CharField(
        unique=True, constraints=[Check("key in ('coming','current','highlighted','practising','achieved')")]
    )
    name = CharField()
    colour = CharField()  # CSS colour, e.g. #1e88e5
    symbol = CharField(max_length=3)  # shown beside the colour: colour is never the only signal
    position = SmallIntegerField(unique=True)
    is_active = BooleanField()

    @classmethod
    def by_key(cls, key):
        return cls.get(cls.key == key)

    def __str__(self):
        return self.name


class GoalSet(BaseModel):
    name = CharField()
    description = TextField(default="")  # content for the teacher
    plan = TextField(default="")  # DoelensetPlan: steps and assignments for pupils
    created_by = ForeignKeyField(User, null=True, backref="goal_sets_created", on_delete="SET NULL")
    created_at = DateTimeField(default=now)
    archived = BooleanField(default=False)

    def __str__(self):
        return self.name


class GoalSetGoal(BaseModel):
    goal_set = ForeignKeyField(GoalSet, backref="goal_links", on_delete="CASCADE")
    goal = ForeignKeyField(Goal, backref="goal_set_links", on_delete="CASCADE")
    position = IntegerField(default=0)

    class Meta:
        indexes = ((("goal_set", "goal"), True),)


class Plan(BaseModel):
    """Marks that a pupil's plan was generated for a period, so that generation is idempotent."""

    pupil = ForeignKeyField(User, backref="plans", on_delete="CASCADE")
    period = ForeignKeyField(Period, backref="plans", on_delete="CASCADE")
    generated_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("pupil", "period"), True),)


class PlanGoal(BaseModel):
    """A goal on a pupil's plan. Status *komend* means the coming plan; every other status the current one."""

    pupil = ForeignKeyField(User, backref="plan_goals", on_delete="CASCADE")
    goal = ForeignKeyField(Goal, backref="plan_goals", on_delete="CASCADE")
    status = ForeignKeyField(Status, on_delete="RESTRICT")
    source = CharField(default="generated")  # generated, manual, goal_set, import
    goal_set = ForeignKeyField(GoalSet, null=True, on_delete="SET NULL")
    added_at = DateTimeField(default=now)
    changed_at = DateTimeField(default=now)  # last status change; used to detect stale pages

    class Meta:
        indexes = (
            (("pupil", "goal"), True),
            (("goal", "status"), False),
            (("pupil", "changed_at"), False),  # a pupil's goals changed last: the dashboard's recent changes
        )


CHANNELS = ("web", "bot", "import", "rollover", "admin", "goal_set", "system", "conversation")


class StatusChange(BaseModel):
    """History of a plan goal: who, when, from, to, through which channel, with an optional note."""

    plan_goal = ForeignKeyField(PlanGoal, backref="history", on_delete="CASCADE")
    from_status = ForeignKeyField(Status, null=True, on_delete="RESTRICT")
    to_status = ForeignKeyField(Status, on_delete="RESTRICT")
    changed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    changed_at = DateTimeField(default=now)
    channel = CharField()
    note = TextField(null=True)

    class Meta:
        indexes = ((("plan_goal", "changed_at"), False),)


class GoalRating(BaseModel):
    """How it went, as told by the pupil (effort and quality, 1 to 3): part of the goal's history."""

    plan_goal = ForeignKeyField(PlanGoal, backref="ratings", on_delete="CASCADE")
    effort = SmallIntegerField(constraints=[Check("effort between 1 and 3")])
    quality = SmallIntegerField(constraints=[Check("quality between 1 and 3")])
    channel = CharField(default="bot")
    rated_at = DateTimeField(default=now)


# --- Groups --------------------------------------------------------------------------------------------


class GroupType(BaseModel):
    name = CharField(unique=True)
    visible_to_pupils = BooleanField(default=True)
    las_managed = BooleanField(default=False)
    is_timetable = BooleanField(default=False)  # Roostergroep: used by the class folder

    def __str__(self):
        return self.name


class Group(BaseModel):
    name = CharField()
    group_type = ForeignKeyField(GroupType, backref="groups", on_delete="RESTRICT")
    goal_set = ForeignKeyField(GoalSet, null=True, backref="groups", on_delete="SET NULL")
    school_year = CharField(index=True)
    year_level = SmallIntegerField(null=True)  # jaargroep of a base group
    las_key = CharField(null=True, index=True)  # key of the LAS group it mirrors
    source_group = ForeignKeyField("self", null=True, backref="derived_groups", on_delete="SET NULL")
    archived = BooleanField(default=False, index=True)
    archived_at = DateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=now)

    @property
    def las_managed(self):
        return self.las_key is not None or self.group_type.las_managed

    def __str__(self):
        return self.name


class GroupMember(BaseModel):
    group = ForeignKeyField(Group, backref="memberships", on_delete="CASCADE")
    pupil = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    added_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("group", "pupil"), True),)


class GroupTeacher(BaseModel):
    group = ForeignKeyField(Group, backref="teacher_links", on_delete="CASCADE")
    teacher = ForeignKeyField(User, backref="teaching", on_delete="CASCADE")

    class Meta:
        indexes = ((("group", "teacher"), True),)


class MyGroup(BaseModel):
    """A group a teacher added to MijnGroepen without teaching it."""

    group = ForeignKeyField(Group, backref="followers", on_delete="CASCADE")
    teacher = ForeignKeyField(User, backref="my_groups", on_delete="CASCADE")

    class Meta:
        indexes = ((("teacher", "group"), True),)


# --- Group reviews (SPEC 11, seeds/002) ----------------------------------------------------------------


class ReviewRound(BaseModel):
    """A round of group reviews in a school year (September, February, April, June); the admin sets its date."""

    school_year = CharField()
    name = CharField()
    position = SmallIntegerField(default=0)
    review_on = DateField(null=True)  # when the reviews are held; the form is due a week before
    optional = BooleanField(default=False)  # e.g. April: held where the school wants it

    class Meta:
        indexes = ((("school_year", "name"), True),)

    def __str__(self):
        return f"{self.name} {self.school_year}"


class ReviewForm(BaseModel):
    """The school's review form for the groups of some year levels (groepsbespreking 1-2, 3-8)."""

    name = CharField(unique=True)
    level_from = SmallIntegerField()
    level_to = SmallIntegerField()
    position = SmallIntegerField(default=0)

    def __str__(self):
        return self.name


class ReviewQuestion(BaseModel):
    """One question of a review form; archived questions keep their answers but are no longer asked."""

    form = ForeignKeyField(ReviewForm, backref="questions", on_delete="CASCADE")
    section = CharField(default="")  # the heading it is asked under: De groep, Wat heeft de groep nodig, ...
    text = CharField(max_length=500)
    hint = TextField(default="")
    key = CharField(null=True)  # the default question it started as (atmosphere, work_climate, ...)
    position = SmallIntegerField(default=0)
    archived = BooleanField(default=False)

    def __str__(self):
        return self.text


class GroupReview(BaseModel):
    """A group's review in a round: the teacher's form, prepared a week ahead for the IB-er, and its agreements.
    `filled_at` set means the teacher marked the form ready; without it, a saved form is a draft."""

    group = ForeignKeyField(Group, backref="reviews", on_delete="CASCADE")
    review_round = ForeignKeyField(ReviewRound, backref="reviews", on_delete="RESTRICT")
    form = ForeignKeyField(ReviewForm, backref="reviews", on_delete="RESTRICT")
    planned_on = DateField(null=True)  # this group's talk, when it differs from the round's date
    preparation = TextField(default="")  # the IB-er's own preparation
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    updated_at = DateTimeField(null=True)
    filled_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    filled_at = DateTimeField(null=True)
    held_on = DateField(null=True)

    class Meta:
        indexes = ((("group", "review_round"), True),)


class ReviewAnswer(BaseModel):
    review = ForeignKeyField(GroupReview, backref="answers", on_delete="CASCADE")
    question = ForeignKeyField(ReviewQuestion, backref="answers", on_delete="CASCADE")
    body = TextField(default="")

    class Meta:
        indexes = ((("review", "question"), True),)


class ReviewAgreement(BaseModel):
    """An agreement made at a group review; open (no `done_at`) it comes back at the group's next round."""

    review = ForeignKeyField(GroupReview, backref="agreements", on_delete="CASCADE")
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    text = TextField()
    owner = ForeignKeyField(User, null=True, backref="agreements_owned", on_delete="SET NULL")
    due_on = DateField(null=True)
    done_at = DateTimeField(null=True)
    done_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=now)


# --- Pupil monitoring (LVS) and exit levels -------------------------------------------------------------

# The school's scale of test levels (a school setting), best first.
TEST_LEVEL_SCALES = {"I-V": ("I", "II", "III", "IV", "V"), "A-E": ("A", "B", "C", "D", "E")}

EXIT_LEVELS = (
    "PRO",
    "VMBO-BB",
    "VMBO-BB/KB",
    "VMBO-KB",
    "VMBO-KB/GT",
    "VMBO-GT",
    "VMBO-GT/HAVO",
    "HAVO",
    "HAVO/VWO",
    "VWO",
)


class TestMoment(BaseModel):
    __test__ = False  # not a pytest class

    name = CharField()  # e.g. M4 (midden groep 4), E4 (eind groep 4)
    subject = ForeignKeyField(Subject, null=True, backref="test_moments", on_delete="RESTRICT")  # set for every new one
    school_year = CharField()
    level = SmallIntegerField()
    date = DateField(null=True)
    max_score = SmallIntegerField(null=True)  # the test's highest score; none: any score from 0 to 999

    class Meta:
        indexes = ((("school_year", "subject", "name"), True),)

    def __str__(self):
        return f"{self.name} {self.subject.name}" if self.subject_id else self.name


class TestResult(BaseModel):
    __test__ = False

    test_moment = ForeignKeyField(TestMoment, backref="results", on_delete="CASCADE")
    pupil = ForeignKeyField(User, backref="test_results", on_delete="CASCADE")
    subject = ForeignKeyField(Subject, on_delete="RESTRICT")
    group = ForeignKeyField(Group, null=True, backref="test_results", on_delete="CASCADE")
    score = CharField(default="")  # raw score or ability score
    grade = CharField(default="")  # I-V or A-E
    entered_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    entered_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("test_moment", "pupil", "subject"), True),)


class ExitLevel(BaseModel):
    """The expected secondary-school track (uitstroom) of a pupil for a core subject, as last set in a group's
    analysis (one per pupil and subject; its changes are in ExitLevelChange)."""

    pupil = ForeignKeyField(User, backref="exit_levels", on_delete="CASCADE")
    subject = ForeignKeyField(Subject, on_delete="RESTRICT")
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    level = CharField()
    school_year = CharField()
    set_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    set_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("pupil", "subject"), True),)


class ExitLevelChange(BaseModel):
    """History of an exit level: who, when, from, to and why (a level removed has no `to_level`)."""

    pupil = ForeignKeyField(User, backref="exit_level_changes", on_delete="CASCADE")
    subject = ForeignKeyField(Subject, on_delete="RESTRICT")
    group = ForeignKeyField(Group, null=True, on_delete="SET NULL")  # the analysis it was changed in
    from_level = CharField(null=True)
    to_level = CharField(null=True)
    reason = TextField(default="")
    changed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    changed_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("pupil", "subject", "changed_at"), False),)


# --- Notes, documents, chats (group-bound data stays with its group) -----------------------------------


class NoteCategory(BaseModel):
    name = CharField(unique=True)  # e.g. groepsbespreking 1-2, groepsbespreking 3-8, leerlingbespreking

    def __str__(self):
        return self.name


# Full-text search over notes, in the database's own engine. SQLite: an FTS5 table over the note's body and
# tags (external content: it stores only the index), kept in step by triggers. PostgreSQL: a generated
# tsvector column with the Dutch configuration and a GIN index. Made with the note table (Note.create_table)
# and by migration 0007; a migration that rebuilds the note table on SQLite must make the triggers again.
NOTE_SEARCH_SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_search USING fts5("
    "body, tags, content='note', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS note_search_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_search (rowid, body, tags) VALUES (new.id, new.body, new.tags); END",
    "CREATE TRIGGER IF NOT EXISTS note_search_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_search (note_search, rowid, body, tags) VALUES ('delete', old.id, old.body, old.tags); END",
    "CREATE TRIGGER IF NOT EXISTS note_search_update AFTER UPDATE OF body, tags ON note BEGIN "
    "INSERT INTO note_search (note_search, rowid, body, tags) VALUES ('delete', old.id, old.body, old.tags); "
    "INSERT INTO note_search (rowid, body, tags) VALUES (new.id, new.body, new.tags); END",
)
NOTE_SEARCH_POSTGRES = (
    "ALTER TABLE note ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('dutch', body || ' ' || tags)) STORED",
    "CREATE INDEX IF NOT EXISTS note_search_vector ON note USING GIN (search_vector)",
)


class Note(BaseModel):
    """A group note (GroepsNotities): a quick note or hand-over, optionally about a pupil, in a category;
    analysis notes point at their test moment. Readable by teachers only; found again by full-text search."""

    group = ForeignKeyField(Group, null=True, backref="notes", on_delete="CASCADE")
    pupil = ForeignKeyField(User, null=True, backref="notes_about", on_delete="CASCADE")
    author = ForeignKeyField(User, null=True, backref="notes_written", on_delete="SET NULL")
    category = ForeignKeyField(NoteCategory, null=True, on_delete="SET NULL")
    review = ForeignKeyField(GroupReview, null=True, backref="notes", on_delete="SET NULL")
    test_moment = ForeignKeyField(TestMoment, null=True, backref="notes", on_delete="CASCADE")
    body = TextField()
    tags = CharField(default="")  # space-separated, for finding notes again
    created_at = DateTimeField(default=now, index=True)
    updated_at = DateTimeField(null=True)

    @classmethod
    def create_table(cls, safe=True, **options):
        super().create_table(safe=safe, **options)
        database = cls._meta.database
        database = getattr(database, "obj", database)  # the late-bound proxy's database
        for statement in NOTE_SEARCH_POSTGRES if isinstance(database, PostgresqlDatabase) else NOTE_SEARCH_SQLITE:
            database.execute_sql(statement)

    @classmethod
    def drop_table(cls, safe=True, **options):
        database = cls._meta.database
        database = getattr(database, "obj", database)
        if not isinstance(database, PostgresqlDatabase):
            database.execute_sql("DROP TABLE IF EXISTS note_search")
        super().drop_table(safe=safe, **options)


class Document(BaseModel):
    """A stored file or link: group documents, goal material, goal-set media, portfolio evidence, reports."""

    kind = CharField(index=True)  # group, material, goal_set_media, evidence, report, chat
    title = CharField()
    filename = CharField(null=True)  # name as uploaded
    stored_name = CharField(null=True)  # name in the instance upload folder
    url = CharField(null=True, max_length=2000)
    content_type = CharField(null=True)
    size = IntegerField(default=0)
    group = ForeignKeyField(Group, null=True, backref="documents", on_delete="CASCADE")
    pupil = ForeignKeyField(User, null=True, backref="documents", on_delete="CASCADE")
    goal = ForeignKeyField(Goal, null=True, backref="documents", on_delete="SET NULL")
    goal_set = ForeignKeyField(GoalSet, null=True, backref="media", on_delete="CASCADE")
    uploaded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=now)
    body = TextField(default="")  # evidence: a note, or what was written with a photo or file
    highlighted = BooleanField(default=False)  # evidence a teacher marked as a highlight of the portfolio
    channel = CharField(default="web")  # how it came in: web, bot

    def __str__(self):
        return self.title


ROOM_KINDS = ("group", "pupil_goal", "goal", "goal_set")


class ChatMessage(BaseModel):
    """A message in a chat room. `room` is the room's key ("group:7", "pupil_goal:12:40", "goal:40",
    "goal_set:3"); the foreign keys keep it tied to what it belongs to (a group's chat stays with it)."""

    room = CharField(index=True)
    room_kind = CharField()
    group = ForeignKeyField(Group, null=True, backref="messages", on_delete="CASCADE")
    pupil = ForeignKeyField(User, null=True, backref="goal_messages", on_delete="CASCADE")
    goal = ForeignKeyField(Goal, null=True, on_delete="CASCADE")
    goal_set = ForeignKeyField(GoalSet, null=True, on_delete="CASCADE")
    author = ForeignKeyField(User, null=True, backref="messages_written", on_delete="SET NULL")
    kind = CharField(default="text")  # text, file, assignment, progress
    body = TextField()
    document = ForeignKeyField(Document, null=True, on_delete="SET NULL")
    channel = CharField(default="web")
    hidden = BooleanField(default=False)
    hidden_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    hidden_at = DateTimeField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("room", "id"), False),)


class AssignmentDone(BaseModel):
    message = ForeignKeyField(ChatMessage, backref="done_marks", on_delete="CASCADE")
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    done_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("message", "pupil"), True),)


class ChatRead(BaseModel):
    """The last message a user has seen in a room, for unread counts."""

    user = ForeignKeyField(User, on_delete="CASCADE")
    room = CharField()
    last_read_id = IntegerField(default=0)

    class Meta:
        indexes = ((("user", "room"), True),)


# --- Timetable, class folder, attendance ---------------------------------------------------------------


class WeekTemplate(BaseModel):
    name = CharField()
    school_year = CharField()
    valid_from = DateField()
    valid_until = DateField()


class LessonBlock(BaseModel):
    """A weekly timetable slot of a week template."""

    week_template = ForeignKeyField(WeekTemplate, backref="blocks", on_delete="CASCADE")
    weekday = SmallIntegerField(constraints=[Check("weekday between 0 and 6")])  # Monday is 0
    start_time = TimeField()
    end_time = TimeField()
    title = CharField()
    group = ForeignKeyField(Group, backref="lesson_blocks", on_delete="CASCADE")
    teacher = ForeignKeyField(User, null=True, backref="lesson_blocks", on_delete="SET NULL")
    room = CharField(default="")
    is_learning_square = BooleanField(default=False)  # leerplein: the bot reminds pupils before its end


class LessonType(BaseModel):
    name = CharField(unique=True)

    def __str__(self):
        return self.name


class Lesson(BaseModel):
    """One occurrence of a lesson block on a date, with what the teacher linked to it.

    A lesson is written when something is first added to it (goals, a type, a note, attendance); until then
    the class folder shows it from its block. It keeps its own copy of the block's title, times, teacher and
    room (null or empty on rows written before the copy was kept: the block's then count), so that a change
    to the timetable later in the year leaves it as it was.
    """

    block = ForeignKeyField(LessonBlock, backref="lessons", on_delete="CASCADE")
    group = ForeignKeyField(Group, backref="lessons", on_delete="CASCADE")
    date = DateField(index=True)
    title = CharField(default="")
    start_time = TimeField(null=True)
    end_time = TimeField(null=True)
    teacher = ForeignKeyField(User, null=True, backref="lessons_taught", on_delete="SET NULL")
    room = CharField(default="")
    lesson_type = ForeignKeyField(LessonType, null=True, on_delete="SET NULL")
    note = TextField(default="")

    class Meta:
        indexes = ((("block", "date"), True),)


class LessonGoal(BaseModel):
    lesson = ForeignKeyField(Lesson, backref="goal_links", on_delete="CASCADE")
    goal = ForeignKeyField(Goal, on_delete="CASCADE")

    class Meta:
        indexes = ((("lesson", "goal"), True),)


class AbsenceReason(BaseModel):
    """A reason of absence from the school's own list (ziek, verlof, te laat, ...)."""

    name = CharField(unique=True)
    position = IntegerField(default=0)
    archived = BooleanField(default=False)

    def __str__(self):
        return self.name


class Attendance(BaseModel):
    """Present or absent (with the reason's name) as set for one pupil in one lesson; later lessons of the
    same day follow it until another row changes it (services.class_folder.attendance)."""

    lesson = ForeignKeyField(Lesson, backref="attendance", on_delete="CASCADE")
    pupil = ForeignKeyField(User, backref="attendance", on_delete="CASCADE")
    present = BooleanField(default=True)
    reason = CharField(default="")
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("lesson", "pupil"), True),)


class LeaveRecord(BaseModel):
    """Leave and absence notices; deleted with the ended year at the year rollover."""

    pupil = ForeignKeyField(User, backref="leave_records", on_delete="CASCADE")
    school_year = CharField(index=True)
    from_date = DateField()
    until_date = DateField()
    reason = CharField(default="")
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")


class WeekGoal(BaseModel):
    """A teacher's change to a pupil's week planning (doelenblad): a goal put on that week (`added`), or one of
    the week's own goals (from its lessons, or highlighted) taken off it."""

    pupil = ForeignKeyField(User, backref="week_goals", on_delete="CASCADE")
    goal = ForeignKeyField(Goal, on_delete="CASCADE")
    week = DateField()  # the Monday of the week
    added = BooleanField()
    changed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    changed_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("pupil", "week", "goal"), True),)


class WeekTick(BaseModel):
    """A pupil's "klaar" on a goal of their week (or, `done` false, "toch nog niet klaar"): kept as the goal's
    history, like ratings; the latest row of a plan goal and week is where it stands."""

    plan_goal = ForeignKeyField(PlanGoal, backref="week_ticks", on_delete="CASCADE")
    week = DateField()
    done = BooleanField(default=True)
    channel = CharField()
    ticked_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    ticked_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("plan_goal", "week"), False),)


# --- Portfolio ("Dit ben ik"): the pupil's own, not group-bound --------------------------------------------

VOICES = ("pupil", "teacher", "parent")


class PortfolioText(BaseModel):
    """One voice's text on a pupil's portfolio for one school year: "Dit ben ik" (the pupil), "Wat ik zie"
    (the teachers), "Wat wij thuis zien" (the parents). Earlier years' texts stay as they were."""

    pupil = ForeignKeyField(User, backref="portfolio_texts", on_delete="CASCADE")
    voice = CharField(constraints=[Check("voice in ('pupil','teacher','parent')")])
    school_year = CharField()
    body = TextField(default="")
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    updated_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("pupil", "voice", "school_year"), True),)


class Skill(BaseModel):
    name = CharField(unique=True)
    position = IntegerField(default=0)
    archived = BooleanField(default=False)

    def __str__(self):
        return self.name


class PupilSkill(BaseModel):
    """A skill a teacher gave a pupil (never automatically to a new group member, unlike goals)."""

    pupil = ForeignKeyField(User, backref="skills", on_delete="CASCADE")
    skill = ForeignKeyField(Skill, backref="pupils", on_delete="CASCADE")
    given_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    given_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("pupil", "skill"), True),)


class RatingRound(BaseModel):
    """A sterrenronde: opened by a teacher for a group; while it is open, its pupils and their parents give
    stars for the pupils' skills, for the round's period. Group-bound: it stays with an archived group."""

    group = ForeignKeyField(Group, backref="rating_rounds", on_delete="CASCADE")
    period = ForeignKeyField(Period, on_delete="CASCADE")
    opened_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    opened_at = DateTimeField(default=now)
    closes_on = DateField()  # open up to and including this day
    closed_at = DateTimeField(null=True)  # closed early by a teacher


class SkillRating(BaseModel):
    """Stars (1-3) for a skill, per period, by pupil, teacher or parent; every rating is kept as history."""

    pupil = ForeignKeyField(User, backref="skill_ratings", on_delete="CASCADE")
    skill = ForeignKeyField(Skill, backref="ratings", on_delete="CASCADE")
    period = ForeignKeyField(Period, null=True, on_delete="SET NULL")
    voice = CharField(constraints=[Check("voice in ('pupil','teacher','parent')")])
    stars = SmallIntegerField(constraints=[Check("stars between 1 and 3")])
    rated_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    rated_at = DateTimeField(default=now)


class ConversationQuestion(BaseModel):
    """A question of the school's template for reflection conversations, kept in the back office."""

    text = CharField(max_length=500)
    position = IntegerField(default=0)
    archived = BooleanField(default=False)

    def __str__(self):
        return self.text


class Conversation(BaseModel):
    """A reflection conversation (leergesprek) with a pupil: planned for a day (the pupil prepares), then
    recorded with the answers to the school's questions, the teacher's notes, the evidence discussed and the
    goals agreed (which went onto the pupil's plan)."""

    pupil = ForeignKeyField(User, backref="conversations", on_delete="CASCADE")
    teacher = ForeignKeyField(User, null=True, on_delete="SET NULL")
    held_on = DateField()
    notes = TextField(default="")  # the teacher's notes, for staff
    went_well = TextField(default="")  # the pupil's preparation: what went well,
    was_hard = TextField(default="")  # what was hard,
    learn_next = TextField(default="")  # what I want to learn next
    prepared_at = DateTimeField(null=True)
    recorded_at = DateTimeField(null=True)  # None while it is only planned
    created_at = DateTimeField(default=now)

    def __str__(self):
        return f"Leergesprek {self.held_on:%d-%m-%Y}"


class ConversationAnswer(BaseModel):
    """The pupil's answer to one of the template's questions, with the question as it was asked then."""

    conversation = ForeignKeyField(Conversation, backref="answers", on_delete="CASCADE")
    position = SmallIntegerField()
    question = CharField(max_length=500)
    answer = TextField(default="")


class ConversationEvidence(BaseModel):
    """A piece of evidence discussed in a conversation."""

    conversation = ForeignKeyField(Conversation, backref="evidence_links", on_delete="CASCADE")
    document = ForeignKeyField(Document, backref="conversation_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("conversation", "document"), True),)


class ConversationGoal(BaseModel):
    """A new goal agreed in a conversation, put on the pupil's current or coming plan."""

    conversation = ForeignKeyField(Conversation, backref="goal_links", on_delete="CASCADE")
    goal = ForeignKeyField(Goal, on_delete="CASCADE")
    plan = CharField(constraints=[Check("plan in ('current','coming')")])

    class Meta:
        indexes = ((("conversation", "goal"), True),)


# --- Learning square, bot ------------------------------------------------------------------------------


class BotLink(BaseModel):
    """A Telegram chat linked to one pupil (personal) or to a group's shared learning-square device."""

    chat_id = CharField(unique=True)
    kind = CharField(constraints=[Check("kind in ('personal','device')")])
    pupil = ForeignKeyField(User, null=True, unique=True, backref="bot_link", on_delete="CASCADE")
    group = ForeignKeyField(Group, null=True, backref="devices", on_delete="CASCADE")
    signed_in_pupil = ForeignKeyField(User, null=True, on_delete="SET NULL")  # device mode: whose turn
    last_activity = DateTimeField(default=now)
    failed_codes = SmallIntegerField(default=0)
    locked_until = DateTimeField(null=True)
    linked_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    linked_at = DateTimeField(default=now)


class LinkCode(BaseModel):
    """A one-time code (stored hashed) that links a chat to a pupil or a device to a group."""

    code_hash = CharField(unique=True)
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class BotMessage(BaseModel):
    """Messages in a shared device's chat, so that a pupil's turn can be wiped at sign-out."""

    chat_id = CharField(index=True)
    message_id = IntegerField()
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    created_at = DateTimeField(default=now)


class HelpRequest(BaseModel):
    """ "Ik heb een vraag": a pupil waiting for the learning-square assistant."""

    pupil = ForeignKeyField(User, backref="help_requests", on_delete="CASCADE")
    goal = ForeignKeyField(Goal, null=True, on_delete="SET NULL")
    asked_at = DateTimeField(default=now, index=True)
    helped_at = DateTimeField(null=True)
    helped_by = ForeignKeyField(User, null=True, on_delete="SET NULL")


class LinkAttempt(BaseModel):
    """Wrong link codes sent from one Telegram chat: slowed down, then blocked for a while (survives restarts)."""

    chat_id = CharField(unique=True)
    failures = SmallIntegerField(default=0)
    last_failed_at = DateTimeField(default=now)
    next_try_at = DateTimeField(null=True)  # no code is even looked at from this chat before this time


class ReminderSent(BaseModel):
    """A learning-square reminder handed out: once per recipient ("pupil:12" or "chat:345"), block and date."""

    block = ForeignKeyField(LessonBlock, on_delete="CASCADE")
    date = DateField()
    recipient = CharField()
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    sent_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("block", "date", "recipient"), True),)


class HelpNotice(BaseModel):
    """ "Je vraag is gezien": a helped request whose pupil the bot still has to tell (sent_at set when told)."""

    request = ForeignKeyField(HelpRequest, unique=True, on_delete="CASCADE")
    created_at = DateTimeField(default=now)
    sent_at = DateTimeField(null=True, index=True)


# --- LAS link, jobs, audit -----------------------------------------------------------------------------


class LasSyncRun(BaseModel):
    started_at = DateTimeField(default=now)
    finished_at = DateTimeField(null=True)
    source = CharField()  # upload, folder, url
    filename = CharField(default="")
    file_sha256 = CharField(null=True)
    outcome = CharField(default="running")  # running, ok, unchanged, failed
    counts = TextField(default="{}")  # JSON
    changes = TextField(default="")
    errors = TextField(default="")
    progress = SmallIntegerField(default=0)  # percent, for long runs
    started_by = ForeignKeyField(User, null=True, on_delete="SET NULL")


class JobRun(BaseModel):
    job = CharField(index=True)
    scheduled_for = DateTimeField(null=True)
    started_at = DateTimeField(default=now)
    finished_at = DateTimeField(null=True)
    outcome = CharField(default="running")  # running, ok, failed
    counts = TextField(default="{}")
    error = TextField(default="")


class AuditLog(BaseModel):
    at = DateTimeField(default=now, index=True)
    actor = ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = CharField(index=True)
    entity = CharField(default="")
    entity_id = IntegerField(null=True)
    detail = TextField(default="")


class SchemaVersion(BaseModel):
    """Applied migrations (see `migrations/`)."""

    name = CharField(unique=True)
    applied_at = DateTimeField(default=now)


class LiveEvent(BaseModel):
    """Outbox of live pushes from the worker and the bot when there is no Redis (see realtime/__init__.py).

    Each web process polls rows newer than the last it saw and emits them to its Socket.IO clients; rows are
    pruned after a few minutes. `data` is the event's JSON.
    """

    event = CharField()
    room = CharField()
    data = TextField(default="{}")
    created_at = DateTimeField(default=now, index=True)


ALL_MODELS = [
    SchoolSettings,
    Period,
    User,
    ParentLink,
    LoginAttempt,
    Subject,
    Domain,
    Goal,
    Status,
    GoalSet,
    GoalSetGoal,
    Plan,
    PlanGoal,
    StatusChange,
    GoalRating,
    GroupType,
    Group,
    GroupMember,
    GroupTeacher,
    MyGroup,
    NoteCategory,
    ReviewRound,
    ReviewForm,
    ReviewQuestion,
    GroupReview,
    ReviewAnswer,
    Note,
    Document,
    ChatMessage,
    AssignmentDone,
    ChatRead,
    WeekTemplate,
    LessonBlock,
    LessonType,
    Lesson,
    LessonGoal,
    AbsenceReason,
    Attendance,
    LeaveRecord,
    WeekGoal,
    WeekTick,
    TestMoment,
    TestResult,
    ExitLevel,
    ExitLevelChange,
    ReviewAgreement,
    PortfolioText,
    Skill,
    SkillRating,
    Conversation,
    PupilSkill,
    RatingRound,
    ConversationQuestion,
    ConversationAnswer,
    ConversationEvidence,
    ConversationGoal,
    BotLink,
    LinkCode,
    BotMessage,
    HelpRequest,
    LasSyncRun,
    JobRun,
    AuditLog,
    SchemaVersion,
    LiveEvent,
    LinkAttempt,
    ReminderSent,
    HelpNotice,
]


def empty_all_tables(database):
    """Delete every row of every table but `schema_version`, so ids start again from 1.

    For tests, benchmarks and `flask demo --force`. PostgreSQL: one TRUNCATE ... RESTART IDENTITY CASCADE.
    SQLite: foreign keys off (a no-op inside a transaction, hence the order, children first), one DELETE per
    table in one transaction, foreign keys on again.
    """
    tables = [m._meta.table_name for m in reversed(sort_models(ALL_MODELS)) if m is not SchemaVersion]
    if isinstance(database, PostgresqlDatabase):
        database.execute_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        return
    database.execute_sql("PRAGMA foreign_keys = OFF")
    with database.atomic():
        for table in tables:
            database.execute_sql(f'DELETE FROM "{table}"')
    database.execute_sql("PRAGMA foreign_keys = ON")
