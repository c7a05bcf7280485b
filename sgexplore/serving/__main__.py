"""``python -m sgexplore.serving serve ...`` is ``sgexplore serve ...``."""

from sgexplore.serving import main

main()
