"""Teacher pages: curriculum (being written)."""
from flask import Blueprint

bp = Blueprint("teacher_curriculum", __name__)
