"""Teacher pages: groups (being written)."""
from flask import Blueprint

bp = Blueprint("teacher_groups", __name__)
