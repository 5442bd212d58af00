"""Teacher pages: pupils (being written)."""
from flask import Blueprint

bp = Blueprint("teacher_pupils", __name__)
