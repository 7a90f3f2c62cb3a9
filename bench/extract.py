"""The issue's name for the cleaning benchmark: `python bench/extract.py` runs bench/cleaning.py
(HTML extraction on scrapinghub-aeb, plain-text cleaning on the same pages and on trafilatura-eval)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cleaning import main  # noqa: E402

if __name__ == "__main__":
    main()
