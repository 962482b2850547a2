"""Where the files are: the database (env PROCUREMENT_DB, else data/procurement.duckdb in the project)
and the download cache (env ETL_RAW_DIR, else data/raw/)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "procurement.duckdb"
DB_ENV = "PROCUREMENT_DB"
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
RAW_DIR_ENV = "ETL_RAW_DIR"


def db_path() -> Path:
    """The database file: env PROCUREMENT_DB when set and not blank, else DEFAULT_DB."""
    return _env_path(DB_ENV, DEFAULT_DB)


def raw_dir() -> Path:
    """The download cache of `etl fetch` and of a build from a URL or source name: env ETL_RAW_DIR
    when set and not blank, else data/raw/ in the project."""
    return _env_path(RAW_DIR_ENV, DEFAULT_RAW_DIR)


def _env_path(name: str, default: Path) -> Path:
    env = os.environ.get(name, "").strip()
    return Path(env) if env else default
