"""Run deploy/nginx.conf on 127.0.0.1 in front of a Streamlit server, for the tests and the browser
bench: the shipped file as it is, with its listen and upstream addresses set to free ports."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import time
from pathlib import Path

from bench.browser import ROOT, Server, free_port, start_process

SITE = ROOT / "deploy" / "nginx.conf"
# The addresses deploy/nginx.conf carries verbatim; each must be there exactly once.
LISTEN = "listen 127.0.0.1:8080;"
UPSTREAM = "server 127.0.0.1:8501;"
START_TIMEOUT_S = 10.0


def nginx_binary() -> str | None:
    """Debian's nginx (`apt-get install nginx`), or None when it is not installed."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def render(upstream_port: int, listen_port: int, workdir: Path, site_file: Path = SITE) -> Path:
    """A main nginx config in `workdir` that includes the site (the shipped one) on the given ports;
    ValueError when the site does not carry LISTEN and UPSTREAM exactly once."""
    site = site_file.read_text(encoding="utf-8")
    for needle in (LISTEN, UPSTREAM):
        if site.count(needle) != 1:
            raise ValueError(f"{site_file} must contain {needle!r} exactly once")
    site = site.replace(LISTEN, f"listen 127.0.0.1:{listen_port};").replace(
        UPSTREAM, f"server 127.0.0.1:{upstream_port};"
    )
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "site.conf").write_text(site, encoding="utf-8")
    # As root, nginx would run its workers as `nobody`, who cannot write this private folder.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {workdir / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = (
        f"{user}daemon off;\nworker_processes 1;\npid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    access_log {workdir / 'access.log'};\n"
        f"{temp}\n"
        f"    include {workdir / 'site.conf'};\n"
        "}\n"
    )
    conf = workdir / "nginx.conf"
    conf.write_text(main, encoding="utf-8")
    return conf


def start(upstream_port: int, workdir: Path) -> Server:
    """nginx with the shipped site on a free port, proxying to 127.0.0.1:upstream_port; it answers
    TCP when this returns. RuntimeError when nginx is missing or does not start."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is missing: apt-get install nginx")
    port = free_port()
    conf = render(upstream_port, port, workdir)
    args = [binary, "-e", str(workdir / "error.log"), "-p", str(workdir), "-c", str(conf)]
    server = start_process(args, f"http://127.0.0.1:{port}", workdir / "stdout.log")
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            error = (workdir / "error.log").read_text(errors="replace")[-600:]
            raise RuntimeError(f"nginx exited with {server.process.returncode}: {error}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"nginx did not listen on {port} within {START_TIMEOUT_S:.0f} s")
