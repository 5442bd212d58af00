"""The code checks that scripts/test runs beside the tests (ruff, and import-linter's contracts in
pyproject.toml) catch what they are there for: a breach of the arrows makes `lint-imports` fail.

The breaches are made in a copy of the tracked source, never in the working tree.
"""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    """The tracked Python files and pyproject.toml, copied as they are in the working tree."""
    copy = tmp_path_factory.mktemp("source")
    names = subprocess.run(
        ["git", "ls-files", "-z", "*.py", "pyproject.toml"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, names):
        target = copy / name.decode()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name.decode()).read_bytes())
    return copy


def lint_imports(folder):
    return subprocess.run([BIN / "lint-imports"], cwd=folder, capture_output=True, text=True, timeout=120)


def with_line(folder, module, line):
    """`folder` with `line` appended to `module` (a path such as services/audit.py); returns the original."""
    path = folder / module
    original = path.read_text()
    path.write_text(original + "\n" + line + "\n")
    return original


@pytest.mark.parametrize(
    "module, line, message",
    [
        ("services/audit.py", "import flask", "services is not allowed to import flask"),
        ("services/audit.py", "from telegram import Bot", "services is not allowed to import telegram"),
        ("services/audit.py", "from web import errors", "services is not allowed to import web"),
        ("jobs/tasks.py", "from chatbot import texts", "jobs is not allowed to import chatbot"),
        ("chatbot/texts.py", "import models", "chatbot is not allowed to import models"),
        ("realtime/live.py", "import admin", "realtime is not allowed to import admin"),
    ],
)
def test_a_breach_of_the_arrows_fails_the_import_contracts(source_copy, module, line, message):
    assert lint_imports(source_copy).returncode == 0, "the copy of the tree keeps every contract"
    original = with_line(source_copy, module, line)
    try:
        result = lint_imports(source_copy)
    finally:
        (source_copy / module).write_text(original)
    assert result.returncode != 0
    assert message in result.stdout
