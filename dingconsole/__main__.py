"""`python -m dingconsole` runs the same entry point as the `dingconsole` command (and is the frozen app's)."""

import multiprocessing
import sys

from dingconsole.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the frozen app: a diagnosis worker (listener/diagnoser.py) starts here
    sys.exit(main())
