"""`python -m manage ...`: see `manage/__init__.py` for the commands."""

from manage import main

raise SystemExit(main())
