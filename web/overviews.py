"""Teacher pages: overviews (being written)."""
from flask import Blueprint

bp = Blueprint("overviews", __name__)
