"""`python -m sitroom` runs the command line, as the `sitroom` command does."""
from .cli import main

if __name__ == "__main__":
    main()
