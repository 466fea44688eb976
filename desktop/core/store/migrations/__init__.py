"""Alembic migrations. ``HEAD`` names the newest revision; a test keeps it true.

Knowing the head without importing Alembic keeps every ordinary start cheap:
Alembic is only loaded when a database actually needs upgrading.
"""

from pathlib import Path

HEAD = "0012"
#: Every revision this program knows, oldest first; a test keeps it true.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010",
             "0011", "0012")  # fmt: skip

SCRIPT_LOCATION = Path(__file__).resolve().parent
