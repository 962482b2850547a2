"""Download published files (named in etl/sources.toml, or any http(s) URL) into a folder."""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import unquote, urlparse

import requests

from etl.errors import SourceError

SOURCES_FILE = Path(__file__).parent / "sources.toml"
CHUNK = 1 << 20
TIMEOUT_S = (10, 120)


def named_sources() -> dict[str, dict[str, str]]:
    """The sources of etl/sources.toml, by name."""
    return tomllib.loads(SOURCES_FILE.read_text(encoding="utf-8"))


def is_url(text: str) -> bool:
    """True for an http(s) URL."""
    return urlparse(text).scheme in ("http", "https")


def resolve(name_or_url: str) -> tuple[str, str]:
    """(url, file name) for a source name or URL; SourceError for an unknown name."""
    if is_url(name_or_url):
        name = Path(unquote(urlparse(name_or_url).path)).name or "download"
        return name_or_url, name
    sources = named_sources()
    if name_or_url not in sources:
        known = ", ".join(sorted(sources))
        raise SourceError(f"{name_or_url}: not a file, a URL or a known source ({known})")
    entry = sources[name_or_url]
    return entry["url"], entry["filename"]


def download(name_or_url: str, folder: Path) -> Path:
    """Stream one source into `folder` (a .part file renamed when complete); returns its path."""
    url, filename = resolve(name_or_url)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    partial = folder / (filename + ".part")
    try:
        with requests.get(url, stream=True, timeout=TIMEOUT_S) as response:
            if response.status_code != 200:
                raise SourceError(f"{url}: HTTP {response.status_code} {response.reason}")
            expected = response.headers.get("Content-Length")
            written = 0
            with partial.open("wb") as fh:
                for chunk in response.iter_content(CHUNK):
                    fh.write(chunk)
                    written += len(chunk)
            if expected is not None and written != int(expected):
                raise SourceError(f"{url}: download cut short ({written} of {expected} bytes)")
    except requests.RequestException as exc:
        partial.unlink(missing_ok=True)
        raise SourceError(f"{url}: download failed ({type(exc).__name__})") from exc
    except SourceError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target
