"""`python -m crossboard` is the `crossboard` command."""

import sys

from .cli import main

sys.exit(main())
