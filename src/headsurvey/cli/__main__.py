"""``python -m headsurvey.cli``."""

import sys

from . import main

sys.exit(main())
