"""The phone page: one self-contained HTML file with cards, topics and passages, its own search and notes.

A trainer writes it (``canvass export phone``, "Datei → Für das Handy
exportieren …") and sends it to the team; it opens from the phone's files in the
ordinary browser with no network and no install. Everything the page shows is
embedded as JSON in a ``<script type="application/json">`` (every ``<`` escaped)
and drawn with ``textContent`` by the script in ``phone_page/page.js``; a
Content-Security-Policy allows exactly that script and that stylesheet (by hash)
and no request of any kind.

The search index is written here with the desktop's own German analysis
(:func:`canvass_app.search.analysis.analyze`): folded words with their stems,
which the page's script matches with a port of the same folding and stemming,
plus the thesaurus's everyday words and the programmes' words, expanded now.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from canvass_app import APP_NAME, __version__
from canvass_app.content.model import Card, Topic
from canvass_app.content.service import TopicView
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.errors import CanvassError
from canvass_app.export.builders import SILENT_ANSWER, answers_in_order, build_card
from canvass_app.export.document import CardBlock, line_label, party_year
from canvass_app.search.analysis import QUESTION_WORDS, STOPWORDS, analyze
from canvass_app.search.thesaurus import Thesaurus

PAGE_FORMAT = "canvass-phone"
PAGE_VERSION = 1
ASSETS = "phone_page"
ASSET_FILES = ("page.html", "page.css", "page.js")
SILENT_LINE = "Dazu steht nichts im Programm."

# Every directive a request could go through is closed; default-src 'none' covers
# connect, img, font, media, object, frame, worker and manifest, and the two that
# do not fall back to it (form-action, base-uri) are closed by name. Trusted Types
# make any HTML-string sink (innerHTML …) throw in browsers that know them.
CSP_TEMPLATE = (
    "default-src 'none'; script-src '{script}'; style-src '{style}'; "
    "connect-src 'none'; img-src 'none'; font-src 'none'; media-src 'none'; object-src 'none'; "
    "frame-src 'none'; worker-src 'none'; manifest-src 'none'; form-action 'none'; "
    "base-uri 'none'; require-trusted-types-for 'script'; trusted-types 'none'"
)


class PhoneCorpus(Protocol):
    def programmes(self) -> Sequence[Programme]: ...
    def programme(self, programme_id: str) -> Programme: ...
    def passage(self, passage_id: str) -> Passage: ...
    def section_of(self, passage: Passage) -> Section: ...


class PhoneContent(Protocol):
    def cards(self) -> list[Card]: ...
    def card(self, card_id: str) -> Card: ...
    def topics(self) -> list[Topic]: ...
    def topic(self, topic_id: str) -> Topic: ...
    def topic_view(self, topic_id: str) -> TopicView: ...


class PhoneLibrary(Protocol):
    @property
    def corpus(self) -> PhoneCorpus: ...
    @property
    def content(self) -> PhoneContent: ...
    @property
    def notes(self) -> Any: ...
    @property
    def bundled_dir(self) -> Path: ...
    @property
    def data_dir(self) -> Path: ...


@dataclass(frozen=True)
class PhoneSelection:
    """What goes onto the page. ``None`` means every card (topic); programmes add their full passages."""

    cards: tuple[str, ...] | None = None
    topics: tuple[str, ...] | None = None
    programmes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PhonePage:
    html: str
    cards: int
    topics: int
    passages: int
    programmes_in_full: int
    sizes: dict[str, int] = field(default_factory=dict)  # bytes: "page", "content", "index", "script"

    @property
    def size(self) -> int:
        return len(self.html.encode("utf-8"))


def thesaurus_for(library: PhoneLibrary) -> Thesaurus:
    """The shipped thesaurus plus the trainer's own, as search reads them."""
    return Thesaurus.load([library.bundled_dir / "thesaurus.toml", library.data_dir / "thesaurus.toml"])


def _unique(ids: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in ids:
        seen.setdefault(item, None)
    return list(seen)


class _PageData:
    """Collects programmes, passages and sections once each, referenced by index from cards and topics."""

    def __init__(self, library: PhoneLibrary) -> None:
        self.library = library
        self.programmes: list[dict[str, Any]] = []
        self._programme_index: dict[str, int] = {}
        self.passages: list[dict[str, Any]] = []
        self._passage_index: dict[str, int] = {}
        self.sections: list[dict[str, Any]] = []
        self._section_index: dict[tuple[str, str], int] = {}
        self.passage_objects: list[Passage] = []

    def programme(self, programme: Programme) -> int:
        found = self._programme_index.get(programme.id)
        if found is not None:
            return found
        self._programme_index[programme.id] = len(self.programmes)
        self.programmes.append(
            {
                "id": programme.id,
                "party": programme.party,
                "year": programme.year,
                "title": programme.title,
                "chapter": programme.chapter,
                "election": programme.election,
                "label": party_year(programme.party, programme.year),
                "full": False,
            }
        )
        return self._programme_index[programme.id]

    def section(self, programme: Programme, section: Section) -> int:
        key = (programme.id, section.id)
        found = self._section_index.get(key)
        if found is not None:
            return found
        self._section_index[key] = len(self.sections)
        self.sections.append({"p": self.programme(programme), "title": section.title, "passages": None})
        return self._section_index[key]

    def passage(self, passage: Passage) -> int:
        found = self._passage_index.get(passage.id)
        if found is not None:
            return found
        corpus = self.library.corpus
        programme = corpus.programme(passage.programme_id)
        section = corpus.section_of(passage)
        self._passage_index[passage.id] = len(self.passages)
        self.passages.append(
            {
                "id": passage.id,
                "s": self.section(programme, section),
                "text": passage.full_text,
                "lines": line_label(passage.lines),
            }
        )
        self.passage_objects.append(passage)
        return self._passage_index[passage.id]

    def passage_by_id(self, passage_id: str) -> int | None:
        try:
            return self.passage(self.library.corpus.passage(passage_id))
        except (KeyError, CanvassError):
            return None

    def full_programme(self, programme: Programme) -> None:
        index = self.programme(programme)
        self.programmes[index]["full"] = True
        for section in programme.sections:
            number = self.section(programme, section)
            self.sections[number]["passages"] = [self.passage(p) for p in section.passages]


def _card_json(data: _PageData, card: Card, block: CardBlock, topic_index: dict[str, int]) -> dict[str, Any]:
    answers = []
    # The block lists the answers in the corpus order; pair them in that order.
    for answer, shown in zip(answers_in_order(data.library, card), block.answers, strict=True):
        quotes = []
        for citation, quote in zip(answer.citations, shown.quotes, strict=True):
            quotes.append(
                {
                    "text": quote.quote,
                    "label": quote.source.label(),
                    "passage": data.passage_by_id(citation.passage_id),
                }
            )
        summary = shown.summary
        if shown.silent and summary == SILENT_ANSWER:
            summary = ""
        try:
            programme_index: int | None = data.programme(data.library.corpus.programme(answer.programme))
        except (KeyError, CanvassError):
            programme_index = None  # a programme no longer in the library; its label still names it
        answers.append(
            {
                "p": programme_index,
                "label": shown.label,
                "party": shown.party,
                "year": shown.year,
                "silent": shown.silent,
                "summary": summary,
                "quotes": quotes,
            }
        )
    return {
        "id": card.id,
        "question": card.question,
        "phrasings": list(card.phrasings),
        "tip": card.tip,
        "topics": [topic_index[t] for t in card.topics if t in topic_index],
        "answers": answers,
    }


def _topic_json(data: _PageData, view: TopicView, card_index: dict[str, int]) -> dict[str, Any]:
    coverage = []
    for item in view.coverage:
        coverage.append(
            {"p": data.programme(item.programme), "passages": [data.passage(p) for p in item.passages]}
        )
    return {
        "id": view.topic.id,
        "title": view.topic.title,
        "description": view.topic.description,
        "coverage": coverage,
        "cards": [card_index[c.id] for c in view.cards if c.id in card_index],
    }


class _IndexWriter:
    """Folded words → the documents (cards, topics, passages) whose heading or body holds them."""

    def __init__(self) -> None:
        self.words: dict[str, int] = {}
        self.stems: list[str] = []
        self.head: list[set[int]] = []
        self.body: list[set[int]] = []

    def add(self, doc: int, heading: str, body: str) -> None:
        for text, postings in ((heading, self.head), (body, self.body)):
            for token in analyze(text):
                number = self.words.get(token.folded)
                if number is None:
                    number = len(self.stems)
                    self.words[token.folded] = number
                    self.stems.append(token.stem)
                    self.head.append(set())
                    self.body.append(set())
                postings[number].add(doc)

    def to_json(self) -> dict[str, Any]:
        order = sorted(self.words, key=lambda w: w)
        return {
            "words": order,
            "stems": [self.stems[self.words[w]] for w in order],
            "head": [_deltas(self.head[self.words[w]]) for w in order],
            "body": [_deltas(self.body[self.words[w]]) for w in order],
        }


def _deltas(docs: set[int]) -> list[int]:
    """Sorted document numbers as gaps: small numbers keep the page small."""
    result: list[int] = []
    previous = 0
    for doc in sorted(docs):
        result.append(doc - previous)
        previous = doc
    return result


def _thesaurus_json(thesaurus: Thesaurus) -> list[list[Any]]:
    """Each everyday phrase (its stems) with the stems of every expansion, expanded now."""
    entries: list[list[Any]] = []
    for key, expansions in sorted(thesaurus.entries.items()):
        stems = [[t.stem for t in analyze(e) if not t.joined] for e in expansions]
        stems = [s for s in stems if s]
        if stems:
            entries.append([list(key), stems])
    return entries


def build_phone_data(
    library: PhoneLibrary,
    selection: PhoneSelection,
    thesaurus: Thesaurus | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The page's content and search index as one JSON-serialisable value."""
    content = library.content
    corpus = library.corpus
    card_ids = [c.id for c in content.cards()] if selection.cards is None else _unique(selection.cards)
    topic_ids = [t.id for t in content.topics()] if selection.topics is None else _unique(selection.topics)
    cards = [content.card(card_id) for card_id in card_ids]  # unknown IDs raise a CanvassError
    topics = [content.topic(topic_id) for topic_id in topic_ids]
    full = [corpus.programme(p) for p in _unique(selection.programmes)] if selection.programmes else []

    data = _PageData(library)
    for programme in corpus.programmes():
        data.programme(programme)
    card_index = {card.id: number for number, card in enumerate(cards)}
    topic_index = {topic.id: number for number, topic in enumerate(topics)}
    cards_json = [
        _card_json(data, card, build_card(library, card.id).cards()[0], topic_index) for card in cards
    ]
    topics_json = [_topic_json(data, content.topic_view(topic.id), card_index) for topic in topics]
    for programme in full:
        data.full_programme(programme)

    index = _IndexWriter()
    for number, card in enumerate(cards):
        body = [card.tip]
        for answer in cards_json[number]["answers"]:
            body.append(answer["summary"])
            body.extend(q["text"] for q in answer["quotes"])
        index.add(number, "\n".join([card.question, *card.phrasings]), "\n".join(body))
    offset = len(cards)
    for number, topic in enumerate(topics):
        index.add(offset + number, topic.title, topic.description)
    offset += len(topics)
    for number, passage in enumerate(data.passage_objects):
        section = data.sections[data.passages[number]["s"]]["title"]
        index.add(offset + number, section, passage.full_text)

    when = now or datetime.now(UTC)
    return {
        "format": PAGE_FORMAT,
        "version": PAGE_VERSION,
        "app": f"{APP_NAME} {__version__}",
        "created": when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "stamp": when.strftime("%d.%m.%Y"),
        "programmes": data.programmes,
        "cards": cards_json,
        "topics": topics_json,
        "sections": data.sections,
        "passages": data.passages,
        "index": index.to_json(),
        "thesaurus": _thesaurus_json(thesaurus if thesaurus is not None else thesaurus_for(library)),
        "stopwords": sorted(STOPWORDS),
        "questionWords": sorted(QUESTION_WORDS - STOPWORDS),
    }


def _asset(name: str) -> str:
    return resources.files("canvass_app.export").joinpath(ASSETS, name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def embed_json(value: Any) -> str:
    """JSON fit for a <script type="application/json">: no ``<`` (so no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_phone_page(data: dict[str, Any]) -> PhonePage:
    """The whole page as one HTML string; the CSP names the exact script and stylesheet by hash."""
    template, style, script = (_asset(name) for name in ASSET_FILES)
    csp = CSP_TEMPLATE.format(script=_sha256(script), style=_sha256(style))
    content = embed_json({k: v for k, v in data.items() if k != "index"})
    index = embed_json(data["index"])
    # Markers are replaced by slicing, once each, so no embedded text can act as one.
    parts = {
        "<!--CSP-->": csp,
        "<!--STYLE-->": style,
        "<!--CONTENT-->": content,
        "<!--INDEX-->": index,
        "<!--SCRIPT-->": script,
    }
    out: list[str] = []
    rest = template
    for marker, value in parts.items():
        before, found, rest = rest.partition(marker)
        if not found:
            raise RuntimeError(f"phone page template lacks {marker}")
        out.append(before)
        out.append(value)
    out.append(rest)
    html = "".join(out)
    passages_full = sum(1 for p in data["programmes"] if p["full"])
    return PhonePage(
        html=html,
        cards=len(data["cards"]),
        topics=len(data["topics"]),
        passages=len(data["passages"]),
        programmes_in_full=passages_full,
        sizes={
            "content": len(content.encode("utf-8")),
            "index": len(index.encode("utf-8")),
            "script": len((style + script).encode("utf-8")),
        },
    )


def build_phone_page(
    library: PhoneLibrary, selection: PhoneSelection, thesaurus: Thesaurus | None = None
) -> PhonePage:
    return render_phone_page(build_phone_data(library, selection, thesaurus))


def write_phone_page(page: PhonePage, path: Path) -> Path:
    """Write atomically next to the target: a failed export never leaves half a page."""
    path = path.expanduser()
    if path.is_dir():
        raise CanvassError(f"{path} ist ein Ordner; bitte einen Dateinamen angeben.")
    if not path.parent.is_dir():
        raise CanvassError(f"Den Ordner {path.parent} gibt es nicht; bitte zuerst anlegen.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".html", dir=path.parent)
    except OSError as error:
        raise CanvassError(f"In {path.parent} kann nicht geschrieben werden ({error.strerror}).") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(page.html)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; the page is meant to be sent around.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        raise CanvassError(f"{path} kann nicht geschrieben werden ({error.strerror}).") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path


def size_label(size: int) -> str:
    """Bytes as a German reads them: "412 KB", "3,4 MB"."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")
