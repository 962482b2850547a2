"""A folder as a build input (issue 16: « a TED folder »), for any format: it stands for every file
under it, in path order, each recognised from its content; hidden files, notes about the data
(PROVENANCE.md, README, sources.toml) and the download cache's records are not inputs; an empty
folder is refused with one line. The files are the real fixtures, copied into a temporary folder."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from etl.errors import SourceError
from etl.inputs import folder_files
from tests.conftest import FIXTURE_SOURCES, FIXTURES, digest, run_etl

DECP_2019, TABULAR = FIXTURE_SOURCES


def test_a_folder_builds_as_its_files(tmp_path):
    """DECP 2019 JSON and decp.info CSV in a folder (with notes, a cache record, hidden files and a
    subfolder) give the tables their two files give; the inputs come in path order."""
    folder = tmp_path / "data"
    (folder / "b-sub").mkdir(parents=True)
    shutil.copy(DECP_2019, folder / DECP_2019.name)
    shutil.copy(TABULAR, folder / "b-sub" / TABULAR.name)
    (folder / "PROVENANCE.md").write_text("# notes\n", encoding="utf-8")
    (folder / "sources.toml").write_text("", encoding="utf-8")
    (folder / f"{DECP_2019.name}.fetch.json").write_text("{}", encoding="utf-8")
    (folder / ".hidden.json").write_text("not data", encoding="utf-8")
    (folder / ".cache").mkdir()
    (folder / ".cache" / "x.csv").write_text("a,b\n", encoding="utf-8")
    dbs = [tmp_path / "folder.duckdb", tmp_path / "files.duckdb"]
    for db, sources in zip(dbs, ([folder], [DECP_2019, TABULAR]), strict=True):
        result = run_etl("build", *sources, "--db", db)
        assert result.returncode == 0, result.stderr
    folder_con, files_con = (duckdb.connect(str(db), read_only=True) for db in dbs)
    # The same rows; a folder's files are one source, named by the folder (one line of provenance).
    for table, columns in (
        ("contracts", "* EXCLUDE (source_name)"),
        ("awards", "*"),
        ("rejected_records", "* EXCLUDE (source_name)"),
    ):
        sql = f"SELECT {columns} FROM {table} ORDER BY ALL"
        assert folder_con.execute(sql).fetchall() == files_con.execute(sql).fetchall(), table
    assert folder_con.execute("SELECT DISTINCT source_name FROM etl_inputs").fetchall() == [("data",)]
    assert folder_con.execute("SELECT path, format FROM etl_inputs").fetchall() == [
        (str(folder / "b-sub" / TABULAR.name), "decp-tabular-csv"),
        (str(folder / DECP_2019.name), "decp-2019"),
    ]


def test_folder_files_in_path_order(tmp_path):
    for name in ("b.xml", "a/c.xml", "a/.d.xml", "README", "z.part"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert folder_files(tmp_path, "in") == [
        (tmp_path / "a" / "c.xml", "in/a/c.xml"),
        (tmp_path / "b.xml", "in/b.xml"),
    ]


@pytest.mark.parametrize("content", [None, "PROVENANCE.md", ".hidden.json"])
def test_a_folder_without_data_is_refused(tmp_path, published, content):
    folder = tmp_path / "empty"
    folder.mkdir()
    if content:
        (folder / content).write_text("x", encoding="utf-8")
    with pytest.raises(SourceError, match=r"empty: a folder with no data file in it$"):
        folder_files(folder, "empty")
    before = digest(published)
    result = run_etl("build", folder, "--db", published)
    assert (result.returncode, result.stderr) == (1, f"error: {folder}: a folder with no data file in it\n")
    assert digest(published) == before


def test_a_file_of_no_format_in_a_folder_is_named(tmp_path, published):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURES / "fixture_decp2019_138.json", folder / "a.json")
    (folder / "notes.txt").write_text("some notes\n", encoding="utf-8")
    before = digest(published)
    result = run_etl("build", folder, "--db", published)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {folder / 'notes.txt'}: content is not a recognised format (not JSON, CSV, XML or Parquet)\n"
    )
    assert digest(published) == before
