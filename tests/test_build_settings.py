"""The build's DuckDB memory limit follows the memory the process may use (etl.build.memory_limit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import build


@pytest.mark.parametrize(
    ("cgroup", "expected"),
    [
        ("4000000000\n", "2000MB"),  # a container capped at 4 GB: half of it
        ("1000000000\n", "500MB"),
    ],
)
def test_memory_limit_is_half_the_container_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cgroup: str, expected: str
) -> None:
    (tmp_path / "memory.max").write_text(cgroup, encoding="ascii")
    monkeypatch.setattr(build, "CGROUP_MEMORY_FILES", (tmp_path / "missing", tmp_path / "memory.max"))
    assert build.memory_limit() == expected


def test_memory_limit_without_container_limit_is_at_most_5_gb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "memory.max").write_text("max\n", encoding="ascii")
    monkeypatch.setattr(build, "CGROUP_MEMORY_FILES", (tmp_path / "memory.max",))
    limit = build.memory_limit()
    assert limit.endswith("MB")
    assert 0 < int(limit.removesuffix("MB")) <= 5000
