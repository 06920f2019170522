"""Helpers shared by the command modules: settings, content, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from rmcoach.config import Settings, load_settings

if TYPE_CHECKING:
    from rmcoach.content.library import ContentLibrary


def settings_from(args: argparse.Namespace) -> Settings:
    """Effective settings with this command's flags applied (highest precedence)."""
    flags = {name: getattr(args, name, None) for name in ("backend", "model", "base_url")}
    return load_settings(**flags)


def library_for(settings: Settings) -> ContentLibrary:
    from rmcoach.content.library import load_library

    return load_library(settings.paths.content_dir)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def warn_problems(library: ContentLibrary) -> None:
    """Mention invalid content files on stderr without stopping the command."""
    if library.problems:
        print(
            f"rmcoach: {len(library.problems)} content problem(s) skipped; run `rmcoach lint` for details",
            file=sys.stderr,
        )


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for other tools")
