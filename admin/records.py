"""Admin views: records (being written)."""


def register(admin):
    pass
