"""Admin views: timetable (being written)."""


def register(admin):
    pass
