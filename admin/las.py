"""Admin views: las (being written)."""


def register(admin):
    pass
