"""The command line, `python -m core ...`: one module per command group (`data`: setup and
import; `models`: train and score; `experiments`: tune, promote, roll back; `users`: staff
accounts) and a small `main` that builds the parser and dispatches.

The top of the dependency graph: may import any package of `core`; nothing imports it.
Each command imports its heavy libraries when it runs, so `--help` stays fast.
"""
