"""Download published files (named in etl/sources.toml, or any http(s) URL) into a cache folder.

One requests.Session whose urllib3 Retry retries 429 and 5xx with backoff, honouring Retry-After.
A cut transfer keeps its `.part` file, resumed with Range in this run or the next. A file that has
not changed is not downloaded again (If-None-Match / If-Modified-Since, and data.gouv.fr's
checksum). Each file has a sidecar `<file>.fetch.json` (URL, final URL, validators, size, sha256,
sha1, fetch time). What is not data (an HTML page, a short or empty body, a 4xx, a sha1 that is not
data.gouv.fr's) is refused with a SourceError: the cached file stays as it was.
"""

from __future__ import annotations

import contextlib
import email.utils
import fcntl
import hashlib
import json
import logging
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlparse

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from etl import datagouv
from etl.errors import EtlError, SourceError
from etl.progress import progress

log = logging.getLogger(__name__)

SOURCES_FILE = Path(__file__).parent / "sources.toml"
SOURCES_ENV = "ETL_SOURCES_FILE"
CHUNK = 1 << 20
# Reads from the network: urllib3 drops a read's bytes when the connection ends before it is
# full, so a cut loses at most this much of what had arrived.
NET_CHUNK = 1 << 16
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SIDECAR = ".fetch.json"
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


@dataclass(frozen=True)
class HttpSettings:
    """How downloads talk to a server: retries and their backoff (urllib3: no wait before the first
    retry, then backoff_factor x 2, x 4, ... s, or the server's Retry-After), timeouts, and how many
    times a cut body is resumed within one run."""

    retries: int = 5
    backoff_factor: float = 2.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    resumes: int = 3

    @property
    def timeout(self) -> tuple[float, float]:
        """(connect, read) timeouts for requests."""
        return (self.connect_timeout_s, self.read_timeout_s)

    @classmethod
    def from_env(cls) -> HttpSettings:
        """The defaults, with ETL_HTTP_RETRIES and ETL_HTTP_BACKOFF (seconds) when set; EtlError
        names a value that is not a number."""
        retries = os.environ.get("ETL_HTTP_RETRIES", "").strip()
        backoff = os.environ.get("ETL_HTTP_BACKOFF", "").strip()
        try:
            return cls(
                retries=int(retries) if retries else cls.retries,
                backoff_factor=float(backoff) if backoff else cls.backoff_factor,
            )
        except ValueError:
            raise EtlError(
                f"ETL_HTTP_RETRIES={retries!r}, ETL_HTTP_BACKOFF={backoff!r}: not numbers"
            ) from None


@dataclass(frozen=True)
class Source:
    """What to download: its URL, the file name in the cache, and its data.gouv.fr ids (dataset,
    resource) when the API can describe it."""

    name: str
    url: str
    filename: str
    dataset: str | None = None
    resource: str | None = None


@dataclass(frozen=True)
class Fetched:
    """A file in the cache and how it got there: `fetched` (downloaded now), `unchanged` (the
    server or data.gouv.fr says the cached copy is current) or `cached` (offline, not checked)."""

    path: Path
    status: Literal["fetched", "unchanged", "cached"]
    reason: str = ""

    def line(self) -> str:
        """The CLI's line for this file."""
        return f"{self.status} {self.path}" + (f" ({self.reason})" if self.reason else "")


def sources_file() -> Path:
    """etl/sources.toml, or the file env ETL_SOURCES_FILE names (a mirror, a test server)."""
    env = os.environ.get(SOURCES_ENV, "").strip()
    return Path(env) if env else SOURCES_FILE


def named_sources() -> dict[str, dict[str, str]]:
    """The sources of etl/sources.toml (or ETL_SOURCES_FILE), by name."""
    return tomllib.loads(sources_file().read_text(encoding="utf-8"))


def is_url(text: str) -> bool:
    """True for an http(s) URL."""
    return urlparse(text).scheme in ("http", "https")


def resolve(name_or_url: str) -> Source:
    """The Source of a name of sources.toml or of a URL (a named source's URL is that source);
    SourceError for an unknown name."""
    sources = named_sources()
    if is_url(name_or_url):
        for name, entry in sources.items():
            if entry["url"] == name_or_url:
                return _named(name, entry)
        filename = Path(unquote(urlparse(name_or_url).path)).name or "download"
        return Source(name_or_url, name_or_url, filename)
    if name_or_url not in sources:
        known = ", ".join(sorted(sources))
        raise SourceError(f"{name_or_url}: not a file, a URL or a known source ({known})")
    return _named(name_or_url, sources[name_or_url])


def _named(name: str, entry: dict[str, str]) -> Source:
    dataset, resource = entry.get("datagouv_dataset"), entry.get("datagouv_resource")
    return Source(name, entry["url"], entry["filename"], dataset, resource)


def session(settings: HttpSettings) -> requests.Session:
    """One Session for a run: urllib3 Retry on every connection (connect and read errors, 429 and
    5xx answers, Retry-After honoured), identity encoding so that sizes and ranges are the file's."""
    retry = Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        backoff_factor=settings.backoff_factor,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        # The last answer is kept and refused with its status, rather than raised as MaxRetryError.
        raise_on_status=False,
    )
    http = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    http.headers["Accept-Encoding"] = "identity"
    http.headers["User-Agent"] = "observatoire-pme (etl fetch)"
    return http


def download(
    name_or_url: str,
    folder: Path,
    settings: HttpSettings | None = None,
    offline: bool = False,
    http: requests.Session | None = None,
) -> Fetched:
    """Bring one source into `folder` (the cache) unless it is already current there; offline, use
    the cached file only. SourceError (one line naming the URL) when it cannot be had."""
    source = resolve(name_or_url)
    settings = settings or HttpSettings()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.filename
    if offline:
        if not target.is_file():
            raise SourceError(
                f"{source.name}: not in the cache ({target}) and --offline forbids downloading it; "
                f"run `python -m etl fetch {source.name}` when online"
            )
        return Fetched(target, "cached", "offline")
    with _locked(folder), contextlib.ExitStack() as stack:
        if http is None:
            http = stack.enter_context(session(settings))
        return _Transfer(http, source, target, settings).run()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One download at a time in a cache folder: two writers of one .part file would mix bytes."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SourceError(f"{folder}: another fetch is writing into this folder; try later") from None
        yield
    finally:
        os.close(fd)


def sidecar_path(path: Path) -> Path:
    """The JSON sidecar of a cached file (or of its .part file)."""
    return path.with_name(path.name + SIDECAR)


def read_sidecar(path: Path) -> dict[str, Any]:
    """A sidecar's values, {} when it is missing or unreadable."""
    try:
        value = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _write_sidecar(path: Path, values: dict[str, Any]) -> None:
    side = sidecar_path(path)
    tmp = side.with_name(side.name + ".tmp")
    tmp.write_text(json.dumps(values, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(side)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class _CutError(Exception):
    """The body stopped before its announced end; `grew` when this attempt added bytes."""

    def __init__(self, written: int, expected: int | None, grew: bool) -> None:
        super().__init__(written, expected)
        self.written, self.expected, self.grew = written, expected, grew

    def describe(self) -> str:
        """What arrived, in words."""
        if self.expected is None:
            return f"transfer cut after {self.written:,} bytes"
        return f"body shorter than Content-Length ({self.written:,} of {self.expected:,} bytes)"


class _Transfer:
    """One source into one cache file: the API check, the conditional and ranged requests, the body,
    the checks, then the file and its sidecar swapped in."""

    def __init__(self, http: requests.Session, source: Source, target: Path, settings: HttpSettings) -> None:
        self.http, self.source, self.target, self.settings = http, source, target, settings
        self.url = source.url
        self.part = target.with_name(target.name + ".part")
        cached = read_sidecar(target)
        size = target.stat().st_size if target.is_file() else None
        # Validators describe the cached file only when it is the one they were recorded with.
        self.cached = cached if cached.get("url") == self.url and cached.get("size") == size else {}
        self.remote: datagouv.Resource | None = None

    def run(self) -> Fetched:
        if self.source.dataset and self.source.resource:
            self.remote = datagouv.resource(
                self.http, self.url, self.source.dataset, self.source.resource, self.settings.timeout
            )
            reason = self.remote.unchanged_since(self.cached) if self.remote and self.cached else None
            if reason:
                self._checked()
                return Fetched(self.target, "unchanged", reason)
        cuts = restarts = 0
        while True:
            try:
                outcome = self._attempt()
            except _CutError as cut:
                cuts += 1
                if cut.grew and cuts <= self.settings.resumes:
                    log.info("%s: cut at %s bytes, resuming", self.url, f"{cut.written:,}")
                    continue
                kept = "the part is kept, the next fetch resumes it"
                raise SourceError(f"{self.url}: {cut.describe()}; {kept}") from None
            if outcome != "restart":
                break
            restarts += 1
            if restarts > 1:
                raise SourceError(f"{self.url}: answers that neither continue nor restart the download")
        return outcome if isinstance(outcome, Fetched) else self._publish()

    def _attempt(self) -> Fetched | Literal["done", "restart"]:
        """One request: Fetched when the cache is current, "done" when the .part is complete,
        "restart" when the answer cannot continue the .part, which was dropped."""
        part_meta = read_sidecar(self.part)
        offset = self.part.stat().st_size if self.part.is_file() else 0
        if offset and part_meta.get("url") != self.url:
            offset = 0
        headers = {}
        if self.cached.get("etag"):
            headers["If-None-Match"] = self.cached["etag"]
        if self.cached.get("last_modified"):
            headers["If-Modified-Since"] = self.cached["last_modified"]
        if offset:
            headers["Range"] = f"bytes={offset}-"
            validator = _if_range(part_meta)
            if validator:
                headers["If-Range"] = validator
        try:
            response = self.http.get(self.url, headers=headers, stream=True, timeout=self.settings.timeout)
        except requests.RequestException as exc:
            raise SourceError(
                f"{self.url}: download failed ({type(exc).__name__}) after {self.settings.retries} retries"
            ) from exc
        with response:
            status = response.status_code
            if status == 304 and self.cached:
                self._checked()
                return Fetched(self.target, "unchanged", "304 Not Modified")
            if status not in (200, 206, 416):
                raise SourceError(f"{self.url}: HTTP {status} {response.reason}{self._retried(status)}")
            span = _span(response, offset, part_meta)
            if span is None:
                # A range the part cannot take (416, another start or size): start from zero.
                self._drop_part()
                return "restart"
            self._write(response, *span)
        return "done"

    def _write(self, response: requests.Response, start: int, total: int | None) -> None:
        """Write the body from byte `start` of the .part (0: a new file), recording the part's
        validators first, so that a cut in this run or a killed one resumes it."""
        meta = {
            "url": self.url,
            "final_url": response.url,
            "etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
            "total": total,
        }
        _write_sidecar(self.part, meta)
        html = "text/html" in response.headers.get("Content-Type", "").lower()
        written = start
        bar = progress(self.target.name, total, "B", initial=start)
        try:
            with self.part.open("r+b" if start else "wb") as fh:
                fh.seek(start)
                fh.truncate()
                for chunk in response.iter_content(NET_CHUNK):
                    if written == 0 and (html or _looks_like_html(chunk)):
                        self._drop_part()
                        raise SourceError(f"{self.url}: an HTML page, not a data file")
                    fh.write(chunk)
                    written += len(chunk)
                    bar.update(len(chunk))
        except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError, requests.Timeout):
            raise _CutError(written, total, written > start) from None
        finally:
            bar.close()
        if total is not None and written < total:
            raise _CutError(written, total, written > start)
        if written == 0:
            self._drop_part()
            raise SourceError(f"{self.url}: empty body (0 bytes), not a data file")

    def _publish(self) -> Fetched:
        meta = read_sidecar(self.part)
        sha256, sha1 = _digests(self.part)
        if self.remote and self.remote.sha1 and self.remote.sha1.lower() != sha1:
            self._drop_part()
            raise SourceError(f"{self.url}: sha1 {sha1} is not data.gouv.fr's checksum {self.remote.sha1}")
        size = self.part.stat().st_size
        now = _utc_now()
        values = {
            "url": self.url,
            "final_url": meta.get("final_url"),
            "etag": meta.get("etag"),
            "last_modified": meta.get("last_modified"),
            "size": size,
            "sha256": sha256,
            "sha1": sha1,
            "fetched_at": now,
            "checked_at": now,
        }
        if self.remote:
            values["datagouv"] = self.remote.as_json()
        # The old sidecar goes first: a run killed before the new one is written finds a file with
        # no sidecar and downloads it again, never a new file described by the old validators.
        sidecar_path(self.target).unlink(missing_ok=True)
        self.part.replace(self.target)
        _stamp(self.target, values["last_modified"])
        _write_sidecar(self.target, values)
        sidecar_path(self.part).unlink(missing_ok=True)
        return Fetched(self.target, "fetched")

    def _retried(self, status: int) -> str:
        return f" (after {self.settings.retries} retries)" if status in RETRY_STATUSES else ""

    def _checked(self) -> None:
        """The cached file is current: say when it was last checked."""
        values = {**self.cached, "checked_at": _utc_now()}
        if self.remote:
            values["datagouv"] = self.remote.as_json()
        _write_sidecar(self.target, values)

    def _drop_part(self) -> None:
        self.part.unlink(missing_ok=True)
        sidecar_path(self.part).unlink(missing_ok=True)


def _if_range(part_meta: dict[str, Any]) -> str | None:
    """If-Range takes a strong ETag, else a Last-Modified date (RFC 9110 §13.1.5)."""
    etag = part_meta.get("etag")
    if etag and not etag.startswith("W/"):
        return etag
    return part_meta.get("last_modified")


def _span(response: requests.Response, offset: int, meta: dict[str, Any]) -> tuple[int, int | None] | None:
    """(first byte to write, file size or None) of a 200 or 206 answer: a 200 starts from zero; a
    206 continues the .part when it starts where the part ends, in a file of the size recorded for
    it (a server that knows no validator may have changed the file); None when it cannot."""
    if response.status_code == 200:
        length = response.headers.get("Content-Length", "")
        return 0, int(length) if length.isdigit() else None
    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
    if response.status_code != 206 or match is None or int(match.group(1)) != offset or match.group(3) == "*":
        return None
    total = int(match.group(3))
    return (offset, total) if meta.get("total") in (None, total) else None


def _looks_like_html(chunk: bytes) -> bool:
    head = chunk[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _digests(path: Path) -> tuple[str, str]:
    """(sha256, sha1) of a file's bytes, in one pass."""
    sha256, sha1 = hashlib.sha256(), hashlib.sha1()  # sha1: data.gouv.fr's checksum
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            sha256.update(block)
            sha1.update(block)
    return sha256.hexdigest(), sha1.hexdigest()


def _stamp(path: Path, last_modified: str | None) -> None:
    """Give the file the server's Last-Modified date as its mtime (the build's file date)."""
    if not last_modified:
        return
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(last_modified).timestamp()
        os.utime(path, (when, when))
