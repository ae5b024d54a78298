"""Only bot/config.py reads the environment in bot/ and actions/; rasa_addons/, which runs inside Rasa's own
process, has one reader of its own. Checked on the parsed source, so an alias or `from os import` counts too."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = {"environ", "environb", "getenv", "getenvb"}


def reads_environment(source: str) -> list[int]:
    """Lines that read os.environ or os.getenv, however os or the name was imported."""
    tree = ast.parse(source)
    os_names, reader_names = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            os_names |= {alias.asname or alias.name for alias in node.names if alias.name == "os"}
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            reader_names |= {alias.asname or alias.name for alias in node.names if alias.name in READERS}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in READERS and isinstance(node.value, ast.Name) \
                and node.value.id in os_names:
            lines.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id in reader_names:
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and \
                any(alias.name in READERS for alias in node.names):
            lines.append(node.lineno)
    return sorted(lines)


def readers_in(*folders: str) -> dict[str, list[int]]:
    found = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = reads_environment(path.read_text())
            if lines:
                found[str(path.relative_to(ROOT))] = lines
    return found


def test_the_scan_sees_every_way_of_reading_the_environment():
    assert reads_environment("import os\nos.environ.get('A')\n") == [2]
    assert reads_environment("import os as o\nx = o.getenv('A')\n") == [2]
    assert reads_environment("from os import environ\nenviron['A']\n") == [1, 2]
    assert reads_environment("from os import getenv as g\ng('A')\n") == [1, 2]
    assert reads_environment("import os\nos.path.join('a')\nenviron = {}\n") == []


def test_only_config_reads_the_environment_in_bot_and_actions():
    assert list(readers_in("bot", "actions")) == ["bot/config.py"]


def test_rasa_addons_has_one_reader_of_its_own():
    assert len(readers_in("rasa_addons")) == 1
