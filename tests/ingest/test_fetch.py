"""fetch_missing against a real HTTP server on 127.0.0.1 that the test starts, and a closed port.

Nothing here touches an outside network.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.manifest import Manifest, load_manifest
from assistant.types import DocumentRecord
from ingest.fetch import PDF_MAGIC, fetch_missing

PDF_BYTES = PDF_MAGIC + b"1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 200_000 + b"\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body>Landing page</body></html>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        if self.path.endswith("/doc.pdf"):
            self._send(200, "application/pdf", PDF_BYTES)
        elif self.path.endswith("/junk-then-pdf.pdf"):
            self._send(200, "application/pdf", b"\r\n\r\n" + PDF_BYTES)
        elif self.path.endswith("/landing.pdf"):
            self._send(200, "text/html; charset=utf-8", HTML)
        else:
            self._send(404, "text/plain", b"not here")

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.requests  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manifest_for(corpus: Path, docs: dict[str, str]) -> Manifest:
    """A real manifest.toml in ``corpus`` with one record per doc_id -> URL, file hint <doc_id>.pdf."""
    corpus.mkdir(parents=True, exist_ok=True)
    lines = []
    for doc_id, url in docs.items():
        lines += [
            "[[document]]",
            f'doc_id = "{doc_id}"',
            f'title = "{doc_id}"',
            f'source_url = "{url}"',
            f'file = "{doc_id}.pdf"',
            "",
        ]
    (corpus / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    manifest = load_manifest(corpus)
    assert manifest.errors == ()
    return manifest


def leftovers(corpus: Path) -> list[str]:
    return sorted(
        p.name for p in corpus.rglob("*") if p.name.startswith(".") or p.suffix == ".part"
    )


def test_downloads_a_missing_pdf_atomically(tmp_path, server):
    base, requests = server
    manifest = manifest_for(tmp_path, {"policy": f"{base}/files/doc.pdf"})
    (result,) = fetch_missing(manifest, tmp_path)
    assert (result.doc_id, result.status, result.size, result.ok) == (
        "policy",
        "downloaded",
        len(PDF_BYTES),
        True,
    )
    assert result.path == tmp_path / "policy.pdf"
    assert (tmp_path / "policy.pdf").read_bytes() == PDF_BYTES
    assert leftovers(tmp_path) == []
    assert (
        str(result) == f"policy: downloaded: {len(PDF_BYTES):,} bytes -> {tmp_path / 'policy.pdf'}"
    )
    assert requests == ["/files/doc.pdf"]


def test_accepts_a_pdf_header_after_leading_junk(tmp_path, server):
    base, _ = server
    (result,) = fetch_missing(manifest_for(tmp_path, {"a": f"{base}/junk-then-pdf.pdf"}), tmp_path)
    assert result.status == "downloaded"


def test_a_document_already_on_disk_is_not_fetched(tmp_path, server):
    base, requests = server
    manifest = manifest_for(tmp_path, {"policy": f"{base}/doc.pdf"})
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "POLICY.pdf").write_bytes(PDF_BYTES)
    (result,) = fetch_missing(manifest, tmp_path)
    assert (result.status, result.path, result.ok) == (
        "present",
        tmp_path / "uploads" / "POLICY.pdf",
        True,
    )
    assert requests == []


def test_a_bundled_document_is_present_at_its_path(tmp_path, server):
    base, requests = server
    record = DocumentRecord(
        doc_id="r", title="R", source_url=f"{base}/doc.pdf", path="reports/R.pdf"
    )
    manifest = Manifest(tmp_path, {"r": record}, files={"r": "r-download.pdf"})
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "R.pdf").write_bytes(PDF_BYTES)
    assert [r.status for r in fetch_missing(manifest, tmp_path)] == ["present"]
    assert requests == []


def test_html_instead_of_pdf_fails_and_leaves_no_file(tmp_path, server):
    base, _ = server
    (result,) = fetch_missing(manifest_for(tmp_path, {"policy": f"{base}/landing.pdf"}), tmp_path)
    assert (result.status, result.ok) == ("failed", False)
    assert "the server sent text/html; charset=utf-8, not a PDF" in result.message
    assert (
        "landing page" in result.message
        and "save it as" in result.message
        and "policy.pdf" in result.message
    )
    assert not (tmp_path / "policy.pdf").exists() and leftovers(tmp_path) == []


def test_http_error_fails_with_its_status(tmp_path, server):
    base, _ = server
    (result,) = fetch_missing(manifest_for(tmp_path, {"gone": f"{base}/gone.pdf"}), tmp_path)
    assert result.status == "failed" and result.message.startswith(
        "HTTP 404 Not Found; download it by hand from"
    )


def test_a_too_large_download_fails_and_leaves_no_file(tmp_path, server):
    base, _ = server
    (result,) = fetch_missing(
        manifest_for(tmp_path, {"big": f"{base}/doc.pdf"}), tmp_path, max_bytes=100_000
    )
    assert result.status == "failed" and "larger than 100,000 bytes" in result.message
    assert not (tmp_path / "big.pdf").exists() and leftovers(tmp_path) == []


def test_one_failure_does_not_stop_the_others(tmp_path, server):
    base, _ = server
    manifest = manifest_for(
        tmp_path, {"a": f"{base}/landing.pdf", "b": f"{base}/doc.pdf", "c": f"{base}/gone.pdf"}
    )
    results = fetch_missing(manifest, tmp_path)
    assert [(r.doc_id, r.status) for r in results] == [
        ("a", "failed"),
        ("b", "downloaded"),
        ("c", "failed"),
    ]


def test_no_network_fails_fast_once_per_host_with_a_clear_message(tmp_path, closed_port):
    base = f"http://127.0.0.1:{closed_port}"
    manifest = manifest_for(
        tmp_path, {"a": f"{base}/a.pdf", "b": f"{base}/b.pdf", "c": f"{base}/c.pdf"}
    )
    started = time.monotonic()
    results = fetch_missing(manifest, tmp_path, timeout=5)
    assert time.monotonic() - started < 5
    assert [r.status for r in results] == ["failed"] * 3
    assert (
        results[0].message.startswith("network error: ") and "refused" in results[0].message.lower()
    )
    assert (
        "no network?" in results[0].message
        and f"save it as {tmp_path / 'a.pdf'}" in results[0].message
    )
    for later in results[1:]:
        assert later.message.startswith(
            f"not tried: 127.0.0.1:{closed_port} was unreachable earlier in this run"
        )
    assert list(tmp_path.glob("*.pdf")) == []


def test_only_records_with_a_url_and_a_file_hint_are_candidates(tmp_path, server):
    base, requests = server
    records = {
        "no-file": DocumentRecord(doc_id="no-file", title="x", source_url=f"{base}/doc.pdf"),
        "no-url": DocumentRecord(doc_id="no-url", title="x"),
        "both": DocumentRecord(doc_id="both", title="x", source_url=f"{base}/doc.pdf"),
    }
    manifest = Manifest(tmp_path, records, files={"no-url": "x.pdf", "both": "both.pdf"})
    assert [r.doc_id for r in fetch_missing(manifest, tmp_path)] == ["both"]
    assert requests == ["/doc.pdf"]


def test_doc_ids_selects_documents(tmp_path, server):
    base, _ = server
    manifest = manifest_for(tmp_path, {"a": f"{base}/doc.pdf", "b": f"{base}/doc.pdf"})
    assert [r.doc_id for r in fetch_missing(manifest, tmp_path, doc_ids=["b"])] == ["b"]
    assert not (tmp_path / "a.pdf").exists() and (tmp_path / "b.pdf").exists()


def test_a_non_http_url_is_refused_without_a_request(tmp_path):
    record = DocumentRecord(doc_id="f", title="F", source_url="file:///etc/passwd")
    (result,) = fetch_missing(Manifest(tmp_path, {"f": record}, files={"f": "f.pdf"}), tmp_path)
    assert result.status == "failed" and result.message.startswith("only http(s) URLs are fetched")
