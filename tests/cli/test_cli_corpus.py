"""`canvass programmes`, `show`, `import`, `remove` run as real commands: JSON shapes, exit codes, errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.corpus.pdf import flow, write_blank_pdf, write_layout_pdf, write_text_pdf

GRUENE = "gruene-dortmund-2025-wirtschaft"
SPD = "spd-dortmund-2020-wirtschaft"

PLAIN = """Wohnen

Wir wollen bezahlbare Wohnungen für alle Menschen in Musterstadt.

Deswegen werden wir
• jedes Jahr 500 Wohnungen bauen.
• Genossenschaften fördern.
"""


def canvass(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_programmes_json_shape(data_dir: Path) -> None:
    result = canvass(data_dir, "programmes", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["id"] for p in data] == [GRUENE, SPD]
    for entry in data:
        assert {"id", "party", "title", "election", "year", "adopted", "bundled"} <= entry.keys()
        assert entry["bundled"] is True
    assert data[0]["party"] == "BÜNDNIS 90/DIE GRÜNEN Dortmund" and data[0]["year"] == 2025
    assert data[1]["party"] == "SPD Dortmund" and data[1]["adopted"] == "2020-06-06"


def test_programmes_readable(data_dir: Path) -> None:
    result = canvass(data_dir, "programmes")
    assert result.returncode == 0
    assert "SPD Dortmund" in result.stdout and "2020" in result.stdout


def test_show_json_shape(data_dir: Path) -> None:
    result = canvass(data_dir, "show", GRUENE, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == GRUENE and data["bundled"] is True
    assert len(data["sections"]) == 14
    for section in data["sections"]:
        assert set(section) == {"id", "title", "level", "parent", "passages"}
        assert section["level"] == 1 and section["parent"] is None
        for passage in section["passages"]:
            assert set(passage) == {"id", "kind", "text", "lead_in", "lines", "intro"}
            assert passage["intro"] is None or passage["kind"] == "pledge"
            assert passage["kind"] in {"pledge", "paragraph"}
            assert passage["lines"] is None or (
                len(passage["lines"]) == 2 and passage["lines"][0] <= passage["lines"][1]
            )
    assert data["sections"][0]["passages"][0]["lines"] == [1, 6]
    pledge = data["sections"][1]["passages"][1]
    assert pledge["kind"] == "pledge" and pledge["lead_in"] == "Dafür werden wir"


def test_show_readable_names_party_year_and_ids(data_dir: Path) -> None:
    result = canvass(data_dir, "show", SPD)
    assert result.returncode == 0
    assert result.stdout.startswith("SPD Dortmund: Besser werden. Dortmund bleiben. (2020)")
    assert "## Handwerk fördern" in result.stdout
    assert f"[{SPD}:" in result.stdout


def test_show_unknown_is_one_line_exit_2(data_dir: Path) -> None:
    result = canvass(data_dir, "show", "gibtsnicht")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "gibtsnicht" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_show_and_remove_end_to_end(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "programm.txt"
    source.write_text(PLAIN, encoding="utf-8")
    result = canvass(
        data_dir,
        "import",
        str(source),
        "--id",
        "partei-x-2025",
        "--party",
        "Partei X",
        "--title",
        "Wahlprogramm",
        "--year",
        "2025",
        "--election",
        "Kommunalwahl 2025",
        "--adopted",
        "2025-02-01",
    )
    assert result.returncode == 0, result.stderr
    assert "partei-x-2025" in result.stdout
    listing = json.loads(canvass(data_dir, "programmes", "--json").stdout)
    assert listing[-1]["id"] == "partei-x-2025" and listing[-1]["bundled"] is False
    assert listing[-1]["election"] == "Kommunalwahl 2025" and listing[-1]["adopted"] == "2025-02-01"
    shown = json.loads(canvass(data_dir, "show", "partei-x-2025", "--json").stdout)
    assert [s["title"] for s in shown["sections"]] == ["Wohnen"]
    assert [p["kind"] for p in shown["sections"][0]["passages"]] == [
        "paragraph",
        "pledge",
        "pledge",
    ]
    removed = canvass(data_dir, "remove", "partei-x-2025")
    assert removed.returncode == 0, removed.stderr
    listing = json.loads(canvass(data_dir, "programmes", "--json").stdout)
    assert [p["id"] for p in listing] == [GRUENE, SPD]


def test_import_pdf_and_markdown(data_dir: Path, tmp_path: Path) -> None:
    pdf = write_text_pdf(
        tmp_path / "p.pdf",
        [["Wohnen", "Wir bauen Wohnungen für alle.", "Dafür werden wir", "• Bauland ausweisen."]],
    )
    md = tmp_path / "p.md"
    md.write_text("# Klima\n\nWir pflanzen Bäume in allen Stadtteilen.\n", encoding="utf-8")
    for path, pid in ((pdf, "x-pdf"), (md, "x-md")):
        result = canvass(
            data_dir,
            "import",
            str(path),
            "--id",
            pid,
            "--party",
            "X",
            "--title",
            "T",
            "--year",
            "2025",
            "--json",
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["passages"] >= 1


def test_remove_bundled_is_refused(data_dir: Path) -> None:
    result = canvass(data_dir, "remove", GRUENE)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "ausgeliefert" in result.stderr


def encrypted_pdf(path: Path, user_password: str, algorithm: str) -> Path:
    """A layout PDF encrypted by pypdf; an empty user password opens without asking."""
    from pypdf import PdfReader, PdfWriter

    plain = write_layout_pdf(path.with_suffix(".plain.pdf"), LAYOUT_PAGES)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=user_password, owner_password="geheim-owner", algorithm=algorithm)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


LAYOUT_PAGES = [
    flow(
        [
            ("Wohnen", 16, True),
            "Wir wollen bezahlbare Wohnungen für alle Menschen in Musterstadt.",
            ("Klima", 16, True),
            "Musterstadt wird bis 2035 klimaneutral, mit 25 % weniger Verkehr.",
        ]
    )
]


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_pdf_with_only_an_owner_password_imports(
    data_dir: Path, tmp_path: Path, algorithm: str
) -> None:
    pdf = encrypted_pdf(tmp_path / "geschuetzt.pdf", "", algorithm)
    result = canvass(
        data_dir,
        "import",
        str(pdf),
        "--id",
        "verschluesselt",
        "--party",
        "X",
        "--title",
        "T",
        "--year",
        "2025",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(canvass(data_dir, "show", "verschluesselt", "--json").stdout)
    assert [s["title"] for s in shown["sections"]] == ["Wohnen", "Klima"]
    assert "mit 25 % weniger Verkehr" in shown["sections"][1]["passages"][0]["text"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read(
    data_dir: Path, tmp_path: Path, encoding: str
) -> None:
    source = tmp_path / "programm.txt"
    source.write_bytes(PLAIN.encode(encoding))
    result = canvass(
        data_dir,
        "import",
        str(source),
        "--id",
        "utf16",
        "--party",
        "X",
        "--title",
        "T",
        "--year",
        "2025",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(canvass(data_dir, "show", "utf16", "--json").stdout)
    assert shown["sections"][0]["title"] == "Wohnen"


BAD_INPUT_WORDS = {
    "password": "Kennwort",
    "nul": "Nullbytes",
    "html": "HTML",
    "doc": "Word",
    "image": "Bild",
    "scanned": "eingescannt",
    "broken-pdf": "PDF",
    "pages": "1.000",
}


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "empty",
        "binary",
        "scanned",
        "cp1252",
        "duplicate",
        "year",
        "data",
        "password",
        "nul",
        "html",
        "doc",
        "image",
        "broken-pdf",
        "pages",
    ],
)
def test_bad_import_is_one_line_exit_2_and_changes_nothing(
    data_dir: Path, tmp_path: Path, case: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PLAIN, encoding="utf-8")
    paths = {
        "missing": tmp_path / "missing.txt",
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "junk.bin",
        "scanned": tmp_path / "scan.pdf",
        "cp1252": tmp_path / "win.txt",
        "duplicate": good,
        "year": good,
        "data": tmp_path / "export.json",
        "password": tmp_path / "kennwort.pdf",
        "nul": tmp_path / "nul.txt",
        "html": tmp_path / "seite.txt",
        "doc": tmp_path / "programm.doc",
        "image": tmp_path / "foto.png",
        "broken-pdf": tmp_path / "kaputt.pdf",
        "pages": tmp_path / "telefonbuch.pdf",
    }
    if case == "pages":
        # Refused from the page count, before a page is read (a 3,000-page file took minutes).
        write_blank_pdf(paths["pages"], pages=1001)
    if case == "password":
        encrypted_pdf(paths["password"], "geheim", "AES-256")
    # A NUL byte far behind the first 64 KiB of otherwise good text.
    paths["nul"].write_bytes((PLAIN * 400).encode("utf-8") + b"\x00" + PLAIN.encode("utf-8"))
    paths["html"].write_text(
        "<!DOCTYPE html><html><head><title>Programm</title></head><body><p>"
        + PLAIN
        + "</p></body></html>",
        encoding="utf-8",
    )
    paths["doc"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    paths["image"].write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 500)
    paths["broken-pdf"].write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + b"x" * 300)
    paths["data"].write_text('{"x": 1, "items": [1, 2, 3]}', encoding="utf-8")
    paths["empty"].write_bytes(b"")
    paths["binary"].write_bytes(b"\x00\x01\x02" * 1000)
    write_blank_pdf(paths["scanned"])
    paths["cp1252"].write_bytes(PLAIN.encode("cp1252"))
    programme_id = GRUENE if case == "duplicate" else "neu-2025"
    year = "zwanzig" if case == "year" else "2025"
    before = snapshot(data_dir)
    result = canvass(
        data_dir,
        "import",
        str(paths[case]),
        "--id",
        programme_id,
        "--party",
        "X",
        "--title",
        "T",
        "--year",
        year,
    )
    assert result.returncode == 2
    # The error's one line and nothing else, however long reading took (no page progress on a pipe).
    assert result.stderr.startswith("canvass: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    if case in BAD_INPUT_WORDS:
        assert BAD_INPUT_WORDS[case] in result.stderr, result.stderr
    assert snapshot(data_dir) == before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _progress(stream: io.StringIO, clock: list[float]):  # type: ignore[no-untyped-def]
    """Page progress as the CLI makes it: on its filtered stderr, with a clock the test moves."""
    from canvass_app.commands import TerminalStream
    from canvass_app.commands.corpus import _StderrProgress

    return _StderrProgress(delay=1.0, stream=TerminalStream(stream), clock=lambda: clock[0])  # type: ignore[arg-type]


def test_import_progress_on_a_terminal_is_one_line_rewritten_once_a_second_has_passed() -> None:
    clock = [0.0]
    terminal = _Terminal()
    progress = _progress(terminal, clock)
    progress(1, 3)
    assert terminal.getvalue() == ""  # a quick import says nothing
    clock[0] = 1.5
    progress(2, 3)
    progress(3, 3)
    progress.finish()
    # Each update rewrites the whole line (the terminal filter leaves these control
    # characters alone: they are the CLI's own); the last page ends the line.
    assert terminal.getvalue() == "\r\033[KSeite 2 von 3 gelesen …\r\033[KSeite 3 von 3 gelesen …\n"


def test_an_import_stopped_halfway_ends_the_progress_line_before_the_error() -> None:
    clock = [5.0]
    terminal = _Terminal()
    progress = _progress(terminal, clock)
    clock[0] = 7.0
    progress(1, 3)
    progress.finish()  # an error follows: it starts a line of its own
    progress.finish()
    assert terminal.getvalue() == "\r\033[KSeite 1 von 3 gelesen …\n"


def test_import_progress_is_not_written_to_a_pipe_or_a_log() -> None:
    clock = [0.0]
    piped = io.StringIO()
    progress = _progress(piped, clock)
    clock[0] = 60.0
    progress(1, 2)
    progress(2, 2)
    progress.finish()
    assert piped.getvalue() == ""
