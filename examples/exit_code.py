"""exit_code.py - exits with status 10 through sys.exit."""
import sys


def compute():
    return sum(range(1, 5))


code = compute()
sys.exit(code)  # EXIT
