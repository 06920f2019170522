"""Nothing outside rmcoach.tui imports Textual: the CLI and the service stay light."""

from __future__ import annotations

import subprocess
import sys


def test_core_and_cli_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import rmcoach.session, rmcoach.cli, rmcoach.cli.studio\n"
        "rmcoach.cli.build_parser()\n"
        "ui = ('textual', 'textual_serve', 'textual_plotext')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ui)\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_studio_and_serve_commands_are_registered() -> None:
    from rmcoach.cli import build_parser

    parser = build_parser()
    serve = parser.parse_args(["serve", "--port", "8123"])
    assert (serve.host, serve.port) == ("127.0.0.1", 8123)
    assert parser.parse_args(["studio"]).handler.__name__ == "run_studio"
