#!/usr/bin/env python3
"""Build every document under content/ into output/ (see README.md).

`python build.py` is `planpress build` run from this folder, whatever the
current directory; `python build.py SUBCOMMAND …` passes through to planpress.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

try:
    from planpress.cli import run
except ImportError:  # not installed: use the source tree beside this file
    sys.path.insert(0, str(HERE / "src"))
    from planpress.cli import run

if __name__ == "__main__":
    run(root=HERE)
