"""`python -m core ...`: the command line of the scoring core."""

import sys

from core.cli.main import main

sys.exit(main())
