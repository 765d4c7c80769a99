"""Local stand-ins for the arXiv API and Semantic Scholar's Graph API, answering from recorded papers.

One ``http.server`` on 127.0.0.1 (a free port, in a thread) serves
``GET /api/query`` (an Atom feed sliced by ``start``/``max_results``),
``GET /graph/v1/paper/<id>/citations`` (``offset``/``limit``/``next`` paging) and
``POST /graph/v1/paper/batch`` (one record or null per id, in order). ``fail`` queues error
answers (status, headers; status 0: a line that is not HTTP; -1: the usual answer after headers['delay'] s) for a path prefix; every request
is recorded.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "discover"
ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class Services:
    """The server's data and what it was asked."""

    feed: str = (FIXTURES / "arxiv-search.xml").read_text(encoding="utf-8")
    citations: dict[str, list] = field(default_factory=lambda: {
        "ARXIV:2409.03752": json.loads((FIXTURES / "s2-citations.json").read_text(encoding="utf-8"))})
    batch: dict[str, dict] = field(default_factory=lambda: json.loads((FIXTURES / "s2-batch.json").read_text(encoding="utf-8")))
    failures: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    port: int = 0

    @property
    def arxiv_api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/query"

    @property
    def s2_api(self) -> str:
        return f"http://127.0.0.1:{self.port}/graph/v1"

    def fail(self, prefix: str, status: int, headers: dict[str, str] | None = None) -> None:
        self.failures.setdefault(prefix, []).append((status, headers or {}))

    def asked(self, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def arxiv_page(self, start: int, size: int) -> str:
        ET.register_namespace("", ATOM)
        ET.register_namespace("opensearch", OPENSEARCH)
        root = ET.fromstring(self.feed)
        entries = root.findall(f"{{{ATOM}}}entry")
        for entry in entries:
            root.remove(entry)
        root.find(f"{{{OPENSEARCH}}}totalResults").text = str(len(entries))
        root.find(f"{{{OPENSEARCH}}}startIndex").text = str(start)
        root.find(f"{{{OPENSEARCH}}}itemsPerPage").text = str(size)
        root.extend(entries[start:start + size])
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _handler(services: Services) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _answer(self, status: int, body: str, kind: str, headers: dict[str, str] | None = None) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _serve(self, method: str) -> None:
            url = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) if method == "POST" else b""
            services.requests.append(Request(method, url.path, parse_qs(url.query), {k.lower(): v for k, v in self.headers.items()}, body))
            for prefix, queued in services.failures.items():
                if url.path.startswith(prefix) and queued:
                    status, headers = queued.pop(0)
                    if status == -1:  # slow: the usual answer, after headers["delay"] seconds
                        time.sleep(float(headers.get("delay", "1")))
                        break
                    if status == 0:  # not HTTP at all
                        self.wfile.write(b"NOT HTTP\r\n\r\n")
                        self.close_connection = True
                        return None
                    return self._answer(status, json.dumps({"message": "Too Many Requests"}), "application/json", headers)
            query = parse_qs(url.query)
            if method == "GET" and url.path == "/api/query":
                start, size = int(query.get("start", ["0"])[0]), int(query.get("max_results", ["10"])[0])
                return self._answer(200, services.arxiv_page(start, size), "application/atom+xml; charset=utf-8")
            match = re.fullmatch(r"/graph/v1/paper/(.+)/citations", url.path)
            if method == "GET" and match:
                if match.group(1) not in services.citations:
                    return self._answer(404, json.dumps({"error": "Paper with id not found"}), "application/json")
                items = services.citations[match.group(1)]
                offset, limit = int(query.get("offset", ["0"])[0]), int(query.get("limit", ["100"])[0])
                page = {"offset": offset, "data": items[offset:offset + limit]}
                if offset + limit < len(items):
                    page["next"] = offset + limit
                return self._answer(200, json.dumps(page), "application/json")
            if method == "POST" and url.path == "/graph/v1/paper/batch":
                ids = json.loads(body)["ids"]
                return self._answer(200, json.dumps([services.batch.get(i) for i in ids]), "application/json")
            return self._answer(404, json.dumps({"error": "not found"}), "application/json")

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

    return Handler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # a client that gave up (a timeout test)
        pass


class LocalServices:
    """Context manager: the server running in a thread for the duration of a test."""

    def __init__(self, services: Services | None = None) -> None:
        self.services = services or Services()
        self.server = QuietServer(("127.0.0.1", 0), _handler(self.services))
        self.services.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Services:
        self.thread.start()
        return self.services

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
