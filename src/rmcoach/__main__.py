"""Allow `python -m rmcoach`."""

from rmcoach.cli import main

raise SystemExit(main())
