"""``python -m desktop`` is ``homeward``."""

import sys

from desktop.cli import main

sys.exit(main())
