"""Teacher pages: goal_sets (being written)."""
from flask import Blueprint

bp = Blueprint("teacher_goal_sets", __name__)
