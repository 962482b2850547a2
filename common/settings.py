"""Where the database file is: env PROCUREMENT_DB, else data/procurement.duckdb in the project."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "procurement.duckdb"
DB_ENV = "PROCUREMENT_DB"


def db_path() -> Path:
    """The database file: env PROCUREMENT_DB when set and not blank, else DEFAULT_DB."""
    env = os.environ.get(DB_ENV, "").strip()
    return Path(env) if env else DEFAULT_DB
