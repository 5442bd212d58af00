"""Domain services: every rule of the school lives here, one module per area.

Admin screens, web pages, the bot and the jobs call these functions; they know no Flask request, no
Telegram update and no screen. Each operation checks permission, runs in a transaction, records history
and announces what changed (`services.events`).
"""
