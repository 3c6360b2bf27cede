"""Fixtures for the loader and chunking tests: text-bearing PDFs written by hand, one tokenizer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

# A line is text in the body size (10 pt), "" or [] for an empty line (a space, as word
# processors write it), a (text, size) pair, a list of (text, size, rise) runs set on one
# baseline (for superscript footnote markers), or a list of cells placed at x positions, each
# (x, text) or (x, text, size, rise) (a table's row: its cells in their columns).
Run = tuple[str, float, float]
Placed = tuple[float, str] | tuple[float, str, float, float]
LineSpec = str | tuple[str, float] | list[Run] | list[Placed]
# A horizontal rule drawn under a line of the page: (line index, x from, x to).
RuleSpec = tuple[int, float, float]


def build_pdf(
    pages: Sequence[Sequence[LineSpec]],
    *,
    startxref_offset: int = 0,
    rules: Sequence[Sequence[RuleSpec]] = (),
) -> bytes:
    """A PDF with one Helvetica text line per spec, top down, and the rules of ``rules`` (one
    list per page) drawn 4 pt under their lines. ``startxref_offset`` breaks the xref."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for n, lines in enumerate(pages):
        stream = _content(lines, rules[n] if n < len(rules) else ())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_ref = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_ref
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref + startxref_offset,
    )
    return bytes(out)


def _content(lines: Sequence[LineSpec], rules: Sequence[RuleSpec] = ()) -> bytes:
    parts = []
    y = 760.0
    baselines = []
    for spec in lines:
        baselines.append(y)
        if isinstance(spec, list) and spec and isinstance(spec[0][0], (int, float)):
            for cell in spec:
                x, text = cell[0], cell[1]
                size, rise = (cell[2], cell[3]) if len(cell) == 4 else (10.0, 0.0)
                parts.append(
                    b"BT 1 0 0 1 %.1f %.1f Tm /F1 %.1f Tf %.1f Ts (%s) Tj ET"
                    % (x, y, size, rise, _escape(text))
                )
            y -= 14.0
            continue
        runs: list[Run]
        if isinstance(spec, str) or spec == []:
            runs = [(spec or " ", 10.0, 0.0)]
        elif isinstance(spec, tuple):
            runs = [(spec[0], spec[1], 0.0)]
        else:
            runs = list(spec)
        size = max(r[1] for r in runs)
        parts.append(b"BT 1 0 0 1 72 %.1f Tm" % y)
        for text, run_size, rise in runs:
            parts.append(b"/F1 %.1f Tf %.1f Ts (%s) Tj" % (run_size, rise, _escape(text)))
        parts.append(b"ET")
        y -= size * 1.4
    for line, x0, x1 in rules:
        parts.append(b"%.1f %.1f %.1f 0.5 re f" % (x0, baselines[line] - 4, x1 - x0))
    return b"\n".join(parts)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """``make_pdf(pages, name="doc.pdf")``: write a PDF of the given pages (see ``build_pdf``)."""

    def make(pages: Sequence[Sequence[LineSpec]], name: str = "doc.pdf", **kwargs) -> Path:
        path = tmp_path / name
        path.write_bytes(build_pdf(pages, **kwargs))
        return path

    return make


@pytest.fixture(scope="session")
def token_counter():
    """The packaged MiniLM's word-piece counter, built once."""
    from assistant.settings import Settings
    from ingest.tokens import TokenCounter

    return TokenCounter.from_settings(Settings())


@pytest.fixture(scope="session")
def corpus_document() -> Callable[[str], object]:
    """``corpus_document("reports/X.pdf")``: a bundled corpus file, loaded once per session."""
    from ingest.loaders import load_document

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    cache: dict[str, object] = {}

    def get(relative: str):
        if relative not in cache:
            cache[relative] = load_document(corpus / relative)
        return cache[relative]

    return get
