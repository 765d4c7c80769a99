"""A polite HTTP client for the public services ``discover`` and ``refresh`` ask: one request per
interval per service, retries on 429, 5xx and timeouts with backoff (``Retry-After`` honoured), and answers
cached on disk for a day. Requests go through :func:`.remote.http_request`; the clock, the sleep
and the transport are arguments, so tests run against local servers without waiting.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import remote

CACHE_TTL = 24 * 3600  # seconds an answer is reused
RETRIES = 3  # further tries after a 429 or 5xx answer, or no answer in time
BACKOFF = 2.0  # seconds before the first retry when the service names no delay (doubled each time)
LONGEST_WAIT = 120.0  # a service asking to wait longer than this is reported, not waited for
Transport = Callable[..., str]


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/headsurvey``, else ``~/.cache/headsurvey``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "headsurvey"


def retry_delay(value: str | None, now: float) -> float | None:
    """Seconds asked by a ``Retry-After`` header (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


@dataclass
class Polite:
    """Requests to one or more services, each at most once per ``intervals[address]`` seconds."""

    intervals: Mapping[str, float] = field(default_factory=dict)  # a service's address → seconds between requests
    cache_dir: Path | None = None  # None: no cache
    transport: Transport = remote.http_request
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic  # for spacing requests
    now: Callable[[], float] = time.time  # for the age of cached answers
    last: dict[str, float] = field(default_factory=dict)
    requests: int = 0  # requests actually sent (not answered from the cache)
    timeout: float = 30.0  # seconds to wait for an answer (arXiv can be slow with long queries)

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> str:
        return self._ask(url, dict(headers or {}), None)

    def post_json(self, url: str, payload: object, headers: Mapping[str, str] | None = None) -> str:
        body = json.dumps(payload, separators=(",", ":")).encode()
        return self._ask(url, {"Content-Type": "application/json", **(headers or {})}, body)

    def _ask(self, url: str, headers: dict[str, str], body: bytes | None) -> str:
        cached = self._cached(url, body)
        if cached is not None:
            return cached
        service = max((a for a in self.intervals if url.startswith(a)), key=len, default=urllib.parse.urlsplit(url).netloc)
        for attempt in range(RETRIES + 1):
            self._wait_turn(service)
            try:
                self.requests += 1
                text = self.transport(url, headers, body, self.timeout)
            except (remote.HTTPStatus, remote.TimedOut) as exc:
                code = getattr(exc, "code", 0)
                if code and code != 429 and code < 500:
                    raise
                asked = retry_delay(getattr(exc, "retry_after", None), self.now())
                delay = asked if asked is not None else BACKOFF * 2 ** attempt
                if attempt == RETRIES:
                    raise type(exc)(f"{exc} (gave up after {RETRIES + 1} tries)", *([code] if code else [])) from None  # type: ignore[arg-type]
                if delay > LONGEST_WAIT:
                    raise remote.HTTPStatus(f"{exc} and asks to wait {delay:.0f} s", code) from None
                self.sleep(delay)
                continue
            self._store(url, body, text)
            return text
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _wait_turn(self, service: str) -> None:
        if service in self.last:
            wait = self.last[service] + self.intervals.get(service, 0.0) - self.clock()
            if wait > 0:
                self.sleep(wait)
        self.last[service] = self.clock()

    def _path(self, url: str, body: bytes | None) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(url.encode() + b"\0" + (body or b"")).hexdigest()
        return self.cache_dir / f"{digest}.json"

    def _cached(self, url: str, body: bytes | None) -> str | None:
        path = self._path(url, body)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("url") != url or not isinstance(data.get("body"), str):
            return None
        return data["body"] if 0 <= self.now() - float(data.get("time", 0)) < CACHE_TTL else None

    def _store(self, url: str, body: bytes | None, text: str) -> None:
        path = self._path(url, body)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"url": url, "time": self.now(), "body": text}), encoding="utf-8")
            temporary.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs a request next time
