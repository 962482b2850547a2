"""data.gouv.fr's own description of a resource (`/api/1/datasets/<dataset>/`: checksum sha1,
last_modified, filesize), compared with a cached file before downloading it again and with the
downloaded file after. The API only advises: when it does not answer, the download goes on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resource:
    """One resource as the API lists it; None where the API gives no value."""

    sha1: str | None
    last_modified: str | None
    filesize: int | None

    def as_json(self) -> dict[str, Any]:
        """The values recorded in a file's sidecar, under "datagouv"."""
        return {"sha1": self.sha1, "last_modified": self.last_modified, "filesize": self.filesize}

    def unchanged_since(self, recorded: dict[str, Any]) -> str | None:
        """Why the file recorded in a sidecar (its sha1 and the API's values then) is still the
        published one, or None when it may have changed."""
        if self.sha1:
            return "same sha1 as data.gouv.fr" if self.sha1.lower() == recorded.get("sha1") else None
        before = recorded.get("datagouv") or {}
        if self.last_modified and self.last_modified == before.get("last_modified"):
            return "same last_modified on data.gouv.fr"
        return None


def api_url(resource_url: str, dataset: str) -> str:
    """The API address of `dataset` on the host of `resource_url` (its stable /r/<id> link)."""
    parts = urlsplit(resource_url)
    return f"{parts.scheme}://{parts.netloc}/api/1/datasets/{dataset}/"


def resource(
    http: requests.Session, resource_url: str, dataset: str, resource_id: str, timeout: tuple[float, float]
) -> Resource | None:
    """The API's values for `resource_id` of `dataset`, or None (with a warning) when the API does
    not answer or does not list it."""
    url = api_url(resource_url, dataset)
    try:
        response = http.get(url, timeout=timeout, headers={"Accept": "application/json"})
        if response.status_code != 200:
            log.warning("%s: HTTP %s; the file's own validators decide", url, response.status_code)
            return None
        listed = response.json().get("resources") or []
    except (requests.RequestException, ValueError, AttributeError) as exc:
        log.warning("%s: no usable answer (%s); the file's own validators decide", url, type(exc).__name__)
        return None
    for entry in listed:
        if isinstance(entry, dict) and entry.get("id") == resource_id:
            checksum = entry.get("checksum") or {}
            sha1 = checksum.get("value") if checksum.get("type") == "sha1" else None
            size = entry.get("filesize")
            return Resource(sha1, entry.get("last_modified"), size if isinstance(size, int) else None)
    log.warning("%s: resource %s is not listed; the file's own validators decide", url, resource_id)
    return None
