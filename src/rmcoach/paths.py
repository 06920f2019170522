"""Every path rmcoach reads or writes, resolved in one place.

`RMCOACH_HOME` relocates all user state (config, history, index, user content);
without it the platform's conventional directories are used (XDG on Linux).
Nothing here touches the file system at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "rmcoach"


@dataclass(frozen=True)
class Paths:
    """The directories of one rmcoach installation."""

    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.db"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def content_dir(self) -> Path:
        """User content (personas, topics, templates, knowledge) overriding shipped files."""
        return self.config_dir / "content"


def resolve_paths(environ: os._Environ[str] | dict[str, str] | None = None) -> Paths:
    """Resolve user directories from `RMCOACH_HOME` or platformdirs."""
    env = os.environ if environ is None else environ
    home = env.get("RMCOACH_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(config_dir=root, data_dir=root / "data")
    import platformdirs

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME)),
    )


def shipped_root() -> Path:
    """Where the shipped `prompts/` and `knowledge/` live.

    In a source checkout (editable install) they sit at the repository root; in a
    built wheel they are packaged under `rmcoach/_shipped/`.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "_shipped"
    if (packaged / "prompts").is_dir():
        return packaged
    return here.parent.parent


def shipped_prompts() -> Path:
    return shipped_root() / "prompts"


def shipped_knowledge() -> Path:
    return shipped_root() / "knowledge"
