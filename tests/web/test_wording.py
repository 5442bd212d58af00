"""The screens speak as a teacher writes: "Mijn dashboard", "Groepsprofiel", "Groepsnotities", never the
product's CamelCase ("MijnDashboard", "GroepsProfiel"). Checked in every template (outside Jinja comments) and
every string a page, the bot or the back office can show (string literals other than docstrings)."""

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAMEL = re.compile(r"\b(?:Mijn|Groeps|Doelenset|Leerling)[A-Z][A-Za-z]*")
CODE = ("web", "services", "admin", "chatbot", "demo", "jobs", "realtime")


def _docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.value


def camel_words():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        found += [f"{path.relative_to(ROOT)}: {word}" for word in CAMEL.findall(text)]
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = {id(node) for node in _docstrings(tree)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                    found += [f"{path.relative_to(ROOT)}:{node.lineno}: {w}" for w in CAMEL.findall(node.value)]
    return found


def test_no_screen_text_uses_the_products_camel_case():
    assert camel_words() == []


def test_the_check_finds_a_camel_case_word():
    assert CAMEL.findall("<h1>MijnDashboard</h1> en GroepsProfiel") == ["MijnDashboard", "GroepsProfiel"]
    assert CAMEL.findall("<h1>Mijn dashboard</h1>, Groepsprofiel, Mijn groepen") == []
