"""Admin views: rollover (being written)."""


def register(admin):
    pass
