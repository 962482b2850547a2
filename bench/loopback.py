"""A file server on 127.0.0.1 for the download tests and the download benchmark.

It answers like a static host (ETag, Last-Modified, If-None-Match / If-Modified-Since, Range with
If-Range) and, for the next requests of a path, plays scripted faults: an error status with its
headers, a redirect, a body cut after n bytes, an HTML page, an empty body, a Range ignored. It logs
every request it was sent (headers, status, body bytes, when) for the tests to check.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

OCTETS = "application/octet-stream"
HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body>Back soon</body></html>\n"


@dataclass(frozen=True)
class Fault:
    """One scripted answer: `status` (code, headers), `redirect` (to `location`), `cut` (the file's
    normal answer, its body stopped after `cut_at` bytes), `html`, `empty`, or `ignore_range` (the
    whole file with 200 even when a range is asked)."""

    kind: Literal["status", "redirect", "cut", "html", "empty", "ignore_range"]
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    location: str = ""
    cut_at: int = 0


@dataclass(frozen=True)
class Request:
    """What the server was asked and what it sent: status, body bytes, monotonic time of arrival."""

    path: str
    headers: dict[str, str]
    status: int
    body_bytes: int
    at: float


@dataclass
class _Route:
    body: bytes | Path
    content_type: str
    validators: bool
    served_at: float = field(default_factory=time.time)

    def version(self) -> tuple[int, float, str]:
        """(size, modification time, ETag) of what is served now: a file's bytes may change."""
        if isinstance(self.body, bytes):
            return len(self.body), self.served_at, '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'
        stat = self.body.stat()
        return stat.st_size, stat.st_mtime, f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'


@dataclass
class Loopback:
    """The server: `serve` a file or bytes under a path, `script` faults for its next requests,
    `always` a fault for every request of a path; `url(path)` while it runs (a context manager)."""

    routes: dict[str, _Route] = field(default_factory=dict)
    faults: dict[str, deque[Fault]] = field(default_factory=lambda: defaultdict(deque))
    standing: dict[str, Fault] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def serve(
        self, path: str, body: bytes | Path, content_type: str = OCTETS, validators: bool = True
    ) -> None:
        """Serve `body` (bytes, or a file read at each request) under `path`; without validators,
        no ETag nor Last-Modified is sent (and If-Range never matches)."""
        self.routes[path] = _Route(body, content_type, validators)

    def script(self, path: str, *faults: Fault) -> None:
        """Answer the next requests of `path` with these faults, in order, then normally."""
        self.faults[path].extend(faults)

    def always(self, path: str, fault: Fault | None) -> None:
        """Answer every request of `path` (once the scripted faults are used) with `fault`; None: normally."""
        if fault is None:
            self.standing.pop(path, None)
        else:
            self.standing[path] = fault

    def requests_of(self, path: str) -> list[Request]:
        """The logged requests of one path, in order."""
        with self._lock:
            return [r for r in self.log if r.path == path]

    def url(self, path: str) -> str:
        """The full URL of `path` on the running server."""
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def __enter__(self) -> Loopback:
        owner = self

        class Handler(_Handler):
            server_owner = owner

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            queue = self.faults.get(path)
            if queue:
                return queue.popleft()
            return self.standing.get(path)

    def _record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)


@dataclass(frozen=True)
class _Reply:
    """An answer decided before it is sent (and logged first, so that a client that has it finds
    it in the log): status, headers, and a body of bytes or `count` bytes of a file from `first`."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes | Path = b""
    first: int = 0
    count: int = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    server_owner: Loopback

    def log_message(self, *args: object) -> None:
        """Keep the test output clean."""

    def do_GET(self) -> None:
        owner = self.server_owner
        path = self.path.split("?", 1)[0]
        arrived = time.monotonic()
        reply = self._reply(owner.routes.get(path), owner._next_fault(path))
        sent = len(reply.body) if isinstance(reply.body, bytes) else reply.count
        owner._record(Request(path, dict(self.headers.items()), reply.status, sent, arrived))
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if isinstance(reply.body, bytes):
            self.wfile.write(reply.body)
        elif reply.count:
            with reply.body.open("rb") as fh:
                self.connection.sendfile(fh, offset=reply.first, count=reply.count)
        length = dict(reply.headers).get("Content-Length")
        if length is not None and sent < int(length):
            # The body stops short of its Content-Length: close as a dropped connection would.
            self.close_connection = True

    def _reply(self, route: _Route | None, fault: Fault | None) -> _Reply:
        if fault is not None and fault.kind == "status":
            return _small(fault.status, b"error\n", "text/plain", fault.headers)
        if fault is not None and fault.kind == "redirect":
            return _small(302, b"", "text/plain", (("Location", fault.location),))
        if fault is not None and fault.kind == "html":
            return _small(200, HTML_PAGE, "text/html; charset=utf-8")
        if fault is not None and fault.kind == "empty":
            return _small(200, b"", route.content_type if route else OCTETS)
        if route is None:
            return _small(404, b"not found\n", "text/plain")
        return self._file(route, fault)

    def _file(self, route: _Route, fault: Fault | None) -> _Reply:
        size, mtime, etag = route.version()
        modified = email.utils.formatdate(int(mtime), usegmt=True)
        validators = (("ETag", etag), ("Last-Modified", modified)) if route.validators else ()
        if route.validators and self._not_modified(etag, mtime):
            return _Reply(304, validators)
        start = self._range_start(etag, modified, route.validators, fault)
        if start is not None and start >= size:
            return _small(416, b"", "text/plain", (("Content-Range", f"bytes */{size}"),))
        first = start or 0
        headers = [("Content-Type", route.content_type), ("Content-Length", str(size - first))]
        headers.append(("Accept-Ranges", "bytes"))
        if start is not None:
            headers.append(("Content-Range", f"bytes {first}-{size - 1}/{size}"))
        count = size - first
        if fault is not None and fault.kind == "cut":
            count = max(0, min(count, fault.cut_at - first))
        status = 206 if start is not None else 200
        if isinstance(route.body, bytes):
            return _Reply(status, (*headers, *validators), route.body[first : first + count])
        return _Reply(status, (*headers, *validators), route.body, first, count)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if "If-None-Match" in self.headers:
            return self.headers["If-None-Match"] == etag
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _range_start(self, etag: str, modified: str, validators: bool, fault: Fault | None) -> int | None:
        """The first byte asked by a `Range: bytes=N-` still valid for If-Range, else None (whole file)."""
        asked = self.headers.get("Range", "")
        if fault is not None and fault.kind == "ignore_range":
            return None
        if not asked.startswith("bytes=") or not asked.endswith("-"):
            return None
        if_range = self.headers.get("If-Range")
        if if_range is not None and (not validators or if_range not in (etag, modified)):
            return None
        digits = asked[len("bytes=") : -1]
        return int(digits) if digits.isdigit() else None


def _small(status: int, body: bytes, content_type: str, headers: tuple[tuple[str, str], ...] = ()) -> _Reply:
    sizes = (("Content-Type", content_type), ("Content-Length", str(len(body))))
    return _Reply(status, (*sizes, *headers), body)
