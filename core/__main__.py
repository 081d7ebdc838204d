"""`python -m core ...`: the command line of the scoring core."""

import sys

from core.cli import main

sys.exit(main())
