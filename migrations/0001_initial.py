"""The first schema: every table as models.py declared it when this migration was written, frozen here.

A database of that time was created with exactly these tables (models.py's `create_tables` then) and stamped
`0001_initial`; later changes to models.py never change what this migration builds. Only what reaches the
database is kept: column types, NULL, uniqueness, indexes, foreign keys with ON DELETE, CHECK constraints.
Python-side defaults, backrefs and methods are left out. A fresh database today gets models.py's schema
directly (migrations/__init__.py); the schema test replays this migration and the later ones and compares.
"""

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
    SmallIntegerField,
    TextField,
    TimeField,
)


class BaseModel(Model):
    id = AutoField()

    class Meta:
        legacy_table_names = False


class SchoolSettings(BaseModel):
    name = CharField()
    brin = CharField(null=True)
    school_year = CharField()
    class_folder_weeks_back = SmallIntegerField()
    class_folder_weeks_ahead = SmallIntegerField()
    parent_access = BooleanField()
    updated_at = DateTimeField()


class Period(BaseModel):
    school_year = CharField()
    number = SmallIntegerField()
    name = CharField()
    start_date = DateField()
    end_date = DateField()
    rolled_over_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("school_year", "number"), True),)


class User(BaseModel):
    login = CharField(unique=True)
    password_hash = CharField()
    role = CharField(index=True, constraints=[Check("role in ('admin','teacher','assistant','pupil','parent')")])
    is_coach = BooleanField()
    first_name = CharField()
    infix = CharField()
    last_name = CharField()
    level = SmallIntegerField(null=True)
    stays_back = BooleanField()
    active = BooleanField(index=True)
    las_key = CharField(null=True, unique=True)
    eckid = CharField(null=True)
    enrolled_on = DateField(null=True)
    left_on = DateField(null=True)
    pupil_code_hash = CharField(null=True, unique=True)
    bot_reminders = BooleanField()
    created_at = DateTimeField()
    deactivated_at = DateTimeField(null=True)
    erased_at = DateTimeField(null=True)


class ParentLink(BaseModel):
    parent = ForeignKeyField(User, on_delete="CASCADE")
    pupil = ForeignKeyField(User, on_delete="CASCADE")

    class Meta:
        indexes = ((("parent", "pupil"), True),)


class LoginAttempt(BaseModel):
    login = CharField(index=True)
    address = CharField(index=True)
    at = DateTimeField(index=True)


class Subject(BaseModel):
    name = CharField(unique=True)
    position = IntegerField()


class Domain(BaseModel):
    subject = ForeignKeyField(Subject, on_delete="RESTRICT")
    name = CharField()
    position = IntegerField()

    class Meta:
        indexes = ((("subject", "name"), True),)


class Goal(BaseModel):
    domain = ForeignKeyField(Domain, on_delete="RESTRICT")
    title = CharField(max_length=500)
    level = SmallIntegerField(index=True)
    period = SmallIntegerField()
    description = TextField()
    steps = TextField()
    position = IntegerField()
    archived = BooleanField()
    created_at = DateTimeField()

    class Meta:
        indexes = ((("level", "period"), False),)


class Status(BaseModel):
    key = CharField(
        unique=True, constraints=[Check("key in ('coming','current','highlighted','practising','achieved')")]
    )
    name = CharField()
    colour = CharField()
    symbol = CharField(max_length=3)
    position = SmallIntegerField(unique=True)
    is_active = BooleanField()


class GoalSet(BaseModel):
    name = CharField()
    description = TextField()
    plan = TextField()
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField()
    archived = BooleanField()


class GoalSetGoal(BaseModel):
    goal_set = ForeignKeyField(GoalSet, on_delete="CASCADE")
    goal = ForeignKeyField(Goal, on_delete="CASCADE")
    position = IntegerField()

    class Meta:
        indexes = ((("goal_set", "goal"), True),)


class Plan(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    period = ForeignKeyField(Period, on_delete="CASCADE")
    generated_at = DateTimeField()

    class Meta:
        indexes = ((("pupil", "period"), True),)


class PlanGoal(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    goal = ForeignKeyField(Goal, on_delete="CASCADE")
    status = ForeignKeyField(Status, on_delete="RESTRICT")
    source = CharField()
    goal_set = ForeignKeyField(GoalSet, null=True, on_delete="SET NULL")
    added_at = DateTimeField()
    changed_at = DateTimeField()

    class Meta:
        indexes = ((("pupil", "goal"), True), (("goal", "status"), False))


class StatusChange(BaseModel):
    plan_goal = ForeignKeyField(PlanGoal, on_delete="CASCADE")
    from_status = ForeignKeyField(Status, null=True, on_delete="RESTRICT")
    to_status = ForeignKeyField(Status, on_delete="RESTRICT")
    changed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    changed_at = DateTimeField()
    channel = CharField()
    note = TextField(null=True)

    class Meta:
        indexes = ((("plan_goal", "changed_at"), False),)


class GoalRating(BaseModel):
    plan_goal = ForeignKeyField(PlanGoal, on_delete="CASCADE")
    effort = SmallIntegerField(constraints=[Check("effort between 1 and 3")])
    quality = SmallIntegerField(constraints=[Check("quality between 1 and 3")])
    channel = CharField()
    rated_at = DateTimeField()


class GroupType(BaseModel):
    name = CharField(unique=True)
    visible_to_pupils = BooleanField()
    las_managed = BooleanField()
    is_timetable = BooleanField()


class Group(BaseModel):
    name = CharField()
    group_type = ForeignKeyField(GroupType, on_delete="RESTRICT")
    goal_set = ForeignKeyField(GoalSet, null=True, on_delete="SET NULL")
    school_year = CharField(index=True)
    year_level = SmallIntegerField(null=True)
    las_key = CharField(null=True, index=True)
    source_group = ForeignKeyField("self", null=True, on_delete="SET NULL")
    archived = BooleanField(index=True)
    archived_at = DateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField()


class GroupMember(BaseModel):
    group = ForeignKeyField(Group, on_delete="CASCADE")
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    added_at = DateTimeField()

    class Meta:
        indexes = ((("group", "pupil"), True),)


class GroupTeacher(BaseModel):
    group = ForeignKeyField(Group, on_delete="CASCADE")
    teacher = ForeignKeyField(User, on_delete="CASCADE")

    class Meta:
        indexes = ((("group", "teacher"), True),)


class MyGroup(BaseModel):
    group = ForeignKeyField(Group, on_delete="CASCADE")
    teacher = ForeignKeyField(User, on_delete="CASCADE")

    class Meta:
        indexes = ((("teacher", "group"), True),)


class GroupReview(BaseModel):
    group = ForeignKeyField(Group, on_delete="CASCADE")
    school_year = CharField()
    round = CharField()
    planned_on = DateField(null=True)
    atmosphere = TextField()
    work_climate = TextField()
    independent_work = TextField()
    group_forming = TextField()
    cooperation = TextField()
    interaction = TextField()
    needs_differentiation = TextField()
    needs_approach = TextField()
    needs_organisation = TextField()
    teacher_needs = TextField()
    filled_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    filled_at = DateTimeField(null=True)
    held_on = DateField(null=True)

    class Meta:
        indexes = ((("group", "school_year", "round"), True),)


class ReviewAgreement(BaseModel):
    review = ForeignKeyField(GroupReview, on_delete="CASCADE")
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    text = TextField()
    owner = ForeignKeyField(User, null=True, on_delete="SET NULL")
    due_on = DateField(null=True)
    done_at = DateTimeField(null=True)


class NoteCategory(BaseModel):
    name = CharField(unique=True)


class Note(BaseModel):
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    author = ForeignKeyField(User, null=True, on_delete="SET NULL")
    category = ForeignKeyField(NoteCategory, null=True, on_delete="SET NULL")
    review = ForeignKeyField(GroupReview, null=True, on_delete="SET NULL")
    body = TextField()
    tags = CharField()
    created_at = DateTimeField(index=True)


class Document(BaseModel):
    kind = CharField(index=True)
    title = CharField()
    filename = CharField(null=True)
    stored_name = CharField(null=True)
    url = CharField(null=True, max_length=2000)
    content_type = CharField(null=True)
    size = IntegerField()
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    goal = ForeignKeyField(Goal, null=True, on_delete="SET NULL")
    goal_set = ForeignKeyField(GoalSet, null=True, on_delete="CASCADE")
    uploaded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField()


class ChatMessage(BaseModel):
    room = CharField(index=True)
    room_kind = CharField()
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    goal = ForeignKeyField(Goal, null=True, on_delete="CASCADE")
    goal_set = ForeignKeyField(GoalSet, null=True, on_delete="CASCADE")
    author = ForeignKeyField(User, null=True, on_delete="SET NULL")
    kind = CharField()
    body = TextField()
    document = ForeignKeyField(Document, null=True, on_delete="SET NULL")
    channel = CharField()
    hidden = BooleanField()
    hidden_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    hidden_at = DateTimeField(null=True)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("room", "id"), False),)


class AssignmentDone(BaseModel):
    message = ForeignKeyField(ChatMessage, on_delete="CASCADE")
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    done_at = DateTimeField()

    class Meta:
        indexes = ((("message", "pupil"), True),)


class ChatRead(BaseModel):
    user = ForeignKeyField(User, on_delete="CASCADE")
    room = CharField()
    last_read_id = IntegerField()

    class Meta:
        indexes = ((("user", "room"), True),)


class WeekTemplate(BaseModel):
    name = CharField()
    school_year = CharField()
    valid_from = DateField()
    valid_until = DateField()


class LessonBlock(BaseModel):
    week_template = ForeignKeyField(WeekTemplate, on_delete="CASCADE")
    weekday = SmallIntegerField(constraints=[Check("weekday between 0 and 6")])
    start_time = TimeField()
    end_time = TimeField()
    title = CharField()
    group = ForeignKeyField(Group, on_delete="CASCADE")
    teacher = ForeignKeyField(User, null=True, on_delete="SET NULL")
    room = CharField()
    is_learning_square = BooleanField()


class LessonType(BaseModel):
    name = CharField(unique=True)


class Lesson(BaseModel):
    block = ForeignKeyField(LessonBlock, on_delete="CASCADE")
    group = ForeignKeyField(Group, on_delete="CASCADE")
    date = DateField(index=True)
    lesson_type = ForeignKeyField(LessonType, null=True, on_delete="SET NULL")
    note = TextField()

    class Meta:
        indexes = ((("block", "date"), True),)


class LessonGoal(BaseModel):
    lesson = ForeignKeyField(Lesson, on_delete="CASCADE")
    goal = ForeignKeyField(Goal, on_delete="CASCADE")

    class Meta:
        indexes = ((("lesson", "goal"), True),)


class Attendance(BaseModel):
    lesson = ForeignKeyField(Lesson, on_delete="CASCADE")
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    present = BooleanField()
    reason = CharField()
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = DateTimeField()

    class Meta:
        indexes = ((("lesson", "pupil"), True),)


class LeaveRecord(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    school_year = CharField(index=True)
    from_date = DateField()
    until_date = DateField()
    reason = CharField()
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")


class TestMoment(BaseModel):
    name = CharField()
    school_year = CharField()
    level = SmallIntegerField()
    date = DateField(null=True)

    class Meta:
        indexes = ((("school_year", "name"), True),)


class TestResult(BaseModel):
    test_moment = ForeignKeyField(TestMoment, on_delete="CASCADE")
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    subject = ForeignKeyField(Subject, on_delete="RESTRICT")
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    score = CharField()
    grade = CharField()
    entered_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    entered_at = DateTimeField()

    class Meta:
        indexes = ((("test_moment", "pupil", "subject"), True),)


class ExitLevel(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    subject = ForeignKeyField(Subject, on_delete="RESTRICT")
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    level = CharField()
    school_year = CharField()
    set_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    set_at = DateTimeField()


class PortfolioText(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    voice = CharField(constraints=[Check("voice in ('pupil','teacher','parent')")])
    body = TextField()
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("pupil", "voice"), True),)


class Skill(BaseModel):
    name = CharField(unique=True)
    position = IntegerField()
    archived = BooleanField()


class SkillRating(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    skill = ForeignKeyField(Skill, on_delete="CASCADE")
    period = ForeignKeyField(Period, null=True, on_delete="SET NULL")
    voice = CharField(constraints=[Check("voice in ('pupil','teacher','parent')")])
    stars = SmallIntegerField(constraints=[Check("stars between 1 and 3")])
    rated_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    rated_at = DateTimeField()


class Conversation(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    teacher = ForeignKeyField(User, null=True, on_delete="SET NULL")
    held_on = DateField()
    questions = TextField()
    notes = TextField()


class BotLink(BaseModel):
    chat_id = CharField(unique=True)
    kind = CharField(constraints=[Check("kind in ('personal','device')")])
    pupil = ForeignKeyField(User, null=True, unique=True, on_delete="CASCADE")
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    signed_in_pupil = ForeignKeyField(User, null=True, on_delete="SET NULL")
    last_activity = DateTimeField()
    failed_codes = SmallIntegerField()
    locked_until = DateTimeField(null=True)
    linked_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    linked_at = DateTimeField()


class LinkCode(BaseModel):
    code_hash = CharField(unique=True)
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class BotMessage(BaseModel):
    chat_id = CharField(index=True)
    message_id = IntegerField()
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    created_at = DateTimeField()


class HelpRequest(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    goal = ForeignKeyField(Goal, null=True, on_delete="SET NULL")
    asked_at = DateTimeField(index=True)
    helped_at = DateTimeField(null=True)
    helped_by = ForeignKeyField(User, null=True, on_delete="SET NULL")


class LasSyncRun(BaseModel):
    started_at = DateTimeField()
    finished_at = DateTimeField(null=True)
    source = CharField()
    filename = CharField()
    file_sha256 = CharField(null=True)
    outcome = CharField()
    counts = TextField()
    changes = TextField()
    errors = TextField()
    progress = SmallIntegerField()
    started_by = ForeignKeyField(User, null=True, on_delete="SET NULL")


class JobRun(BaseModel):
    job = CharField(index=True)
    scheduled_for = DateTimeField(null=True)
    started_at = DateTimeField()
    finished_at = DateTimeField(null=True)
    outcome = CharField()
    counts = TextField()
    error = TextField()


class AuditLog(BaseModel):
    at = DateTimeField(index=True)
    actor = ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = CharField(index=True)
    entity = CharField()
    entity_id = IntegerField(null=True)
    detail = TextField()


class SchemaVersion(BaseModel):
    name = CharField(unique=True)
    applied_at = DateTimeField()


TABLES = [
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
    GroupReview,
    ReviewAgreement,
    NoteCategory,
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
    Attendance,
    LeaveRecord,
    TestMoment,
    TestResult,
    ExitLevel,
    PortfolioText,
    Skill,
    SkillRating,
    Conversation,
    BotLink,
    LinkCode,
    BotMessage,
    HelpRequest,
    LasSyncRun,
    JobRun,
    AuditLog,
    SchemaVersion,
]


def upgrade(migrator, database):
    with database.bind_ctx(TABLES):
        database.create_tables(TABLES)
