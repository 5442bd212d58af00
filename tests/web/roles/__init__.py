"""The role matrix's tables, one module per area of the pages (tests/web/test_role_matrix.py reads them all).

Each module has TABLE (endpoint -> (method, url(world), form(world) or None, outcome per role)) and may have
ALSO_GET (pages that answer GET besides the POST in TABLE), POST_ELSEWHERE, ACTIONS (page-level permission
actions -> outcome per role), CHANGED_IN_PLACE (models whose rows its pages change without adding or removing
rows) and extend_world(world) (adds the area's own rows to the world every request runs against; returns
nothing). A new area adds a module here; no other file needs to change.
"""
