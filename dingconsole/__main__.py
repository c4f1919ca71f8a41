"""`python -m dingconsole` runs the same entry point as the `dingconsole` command."""

import sys

from dingconsole.cli import main

sys.exit(main())
