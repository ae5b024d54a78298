"""Copies the few OpenMoji pictures the widget uses from node_modules into bot/web/static/symbols/.

Run after `npm ci`:  .venvs/app/bin/python scripts/copy_symbols.py
Only the pictures listed in data/knowledge/widget.yml are copied, with the licence and a credit file,
so the gateway serves a handful of small SVGs rather than the whole set. The copies are committed, so
running the assistant does not need npm.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "openmoji"
TARGET = ROOT / "bot" / "web" / "static" / "symbols"


def main() -> int:
    if not (SOURCE / "color" / "svg").is_dir():
        print(f"OpenMoji is not installed in {SOURCE}. Run `npm ci` first.", file=sys.stderr)
        return 1
    version = json.loads((SOURCE / "package.json").read_text())["version"]
    pictures = yaml.safe_load((ROOT / "data" / "knowledge" / "widget.yml").read_text())["pictures"]
    TARGET.mkdir(parents=True, exist_ok=True)
    for old in TARGET.glob("*.svg"):
        old.unlink()
    lines = []
    for picture in pictures:
        code = str(picture["openmoji"])
        shutil.copyfile(SOURCE / "color" / "svg" / f"{code}.svg", TARGET / f"{picture['name']}.svg")
        lines.append(f"- {picture['name']}.svg: OpenMoji {code} ({picture['shows']})")
    shutil.copyfile(SOURCE / "LICENSE.txt", TARGET / "LICENSE.txt")
    (TARGET / "ATTRIBUTION.md").write_text(
        "# Pictures\n\n"
        "All pictures in this folder are designed by OpenMoji (https://openmoji.org/), the open-source emoji\n"
        "and icon project. License: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), full text in\n"
        f"LICENSE.txt. Copied unchanged from the `openmoji` npm package, version {version}, by\n"
        "scripts/copy_symbols.py, and renamed:\n\n" + "\n".join(lines) + "\n"
    )
    print(f"Copied {len(pictures)} pictures from OpenMoji {version} to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
