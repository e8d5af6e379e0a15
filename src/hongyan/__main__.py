"""`python -m hongyan` runs the same command as `hongyan`."""

from hongyan.cli import main

raise SystemExit(main())
