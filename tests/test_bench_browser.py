"""The browser bench's pure parts: which path each page is at, which buyers it times, and the nginx
config it runs (the shipped deploy/nginx.conf on free ports, checked by `nginx -t` when installed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bench import nginx
from bench.browser import match_paths, pick_buyers

TODAY = ["/", "/Acheteurs", "/Secteurs", "/Titulaires", "/Données", "/Méthode_et_qualité"]
ISSUE_11 = ["/", "/acheteurs", "/secteurs", "/titulaires", "/concurrence", "/donnees", "/methode"]


@pytest.mark.parametrize(
    ("linked", "expected"),
    [
        (
            TODAY,
            {
                "overview": "/",
                "acheteurs": "/Acheteurs",
                "secteurs": "/Secteurs",
                "concurrence": None,
                "titulaires": "/Titulaires",
                "territoires": None,
                "donnees": "/Données",
                "methode": "/Méthode_et_qualité",
            },
        ),
        (
            ISSUE_11,
            {
                "overview": "/",
                "acheteurs": "/acheteurs",
                "secteurs": "/secteurs",
                "concurrence": "/concurrence",
                "titulaires": "/titulaires",
                "territoires": None,
                "donnees": "/donnees",
                "methode": "/methode",
            },
        ),
        (
            ["/", "/Acheteurs", "/acheteurs"],
            {
                "overview": "/",
                "acheteurs": "/acheteurs",
                "secteurs": None,
                "concurrence": None,
                "titulaires": None,
                "territoires": None,
                "donnees": None,
                "methode": None,
            },
        ),
    ],
    ids=["today", "issue-11", "both-and-missing"],
)
def test_each_page_is_at_the_first_path_the_navigation_links_to(
    linked: list[str], expected: dict[str, str | None]
) -> None:
    assert match_paths(linked) == expected


def test_buyers_are_the_99th_percentile_and_the_largest_by_contracts(sample_db: Path) -> None:
    assert pick_buyers(sample_db) == {
        "typical buyer": {"buyer": "20006787400012", "contracts": 56, "buyers": 1881, "quantile": 0.99},
        "largest buyer": {"buyer": "75920075100130", "contracts": 137, "buyers": 1881, "quantile": 1.0},
    }


def test_the_shipped_site_runs_on_the_given_ports(tmp_path: Path) -> None:
    conf = nginx.render(upstream_port=18501, listen_port=18080, workdir=tmp_path)
    site = (tmp_path / "site.conf").read_text(encoding="utf-8")
    assert "listen 127.0.0.1:18080;" in site
    assert "server 127.0.0.1:18501;" in site
    assert site.replace("127.0.0.1:18080", "127.0.0.1:8080").replace("127.0.0.1:18501", "127.0.0.1:8501") == (
        nginx.SITE.read_text(encoding="utf-8")
    )
    assert f"include {tmp_path / 'site.conf'};" in conf.read_text(encoding="utf-8")
    binary = nginx.nginx_binary()
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx): the syntax check needs it")
    check = subprocess.run(
        [binary, "-t", "-e", str(tmp_path / "error.log"), "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert "syntax is ok" in check.stderr


def test_a_site_without_the_expected_upstream_is_refused(tmp_path: Path) -> None:
    edited = tmp_path / "edited.conf"
    edited.write_text(nginx.SITE.read_text(encoding="utf-8").replace("127.0.0.1:8501", "127.0.0.1:8502"))
    with pytest.raises(ValueError, match=r"must contain 'server 127.0.0.1:8501;' exactly once"):
        nginx.render(18501, 18080, tmp_path / "work", site_file=edited)
