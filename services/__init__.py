"""Domain services: every rule of the school lives here, one module or package per area.

Admin screens, web pages, the bot and the jobs call these functions; they know no Flask request, no
Telegram update and no screen (import-linter checks it: pyproject.toml). Each operation checks permission
(`permissions`), runs in a transaction, records history and announces what changed (`events`).

Packages, each exporting what its callers use from its __init__: `plans`, `chat`, `bot`, `las` (with the
EDEXML reader), `imports`, `rollover`. Single modules for the other areas: `accounts`, `audit`, `clock`,
`curriculum`, `goal_sets`, `groups`, `overviews`, `privacy`, `school`, `job_runs`, `spreadsheets`, ...
"""
