"""Turn the bytes of one raw file into a parsed article or a rejection (pure, Dagster-free).

Steps: detect binary input, decode with a charset-detection library (charset-normalizer, restricted to the
encodings we accept), normalise (LF newlines, NFC, invisible characters, NBSP, stripped lines), read the header
(` date YYYY-MM-DD Title`, `date YYYY-MM-DD` + title line, or no header), the dateline and outlet of the first
paragraph, and the language. ``body`` is what every later offset refers to.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import charset_normalizer

from pipelines.ingest.checks import EARLIEST_DATE, LATEST_DATE
from pipelines.settings import ARTICLE_ID_HEX_CHARS, CANDIDATE_ENCODINGS, MAX_CONTROL_CHAR_SHARE

# Zero-width characters, word joiner, BOM and soft hyphen are removed; no-break spaces become spaces.
# (regexes, not str.translate: translate walks every character of non-ASCII text through a dict, ~10x slower)
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACE_CHARS = "\u00a0\u202f\u2007\u2009\u3000"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_SPACES = re.compile(f"[{_SPACE_CHARS}]")
_CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]))
_CONTROL = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")
_CONTROL_BYTES = _CONTROL_CHARS.encode("ascii")
# Whitespace as str.split() sees it (str.isspace), but for the space and LF.
_OTHER_WHITESPACE = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_HEADER = re.compile(r"^date\s*:?\s+(?P<date>\S+)\s*(?P<title>.*)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

KAZAKH_LETTERS = "іқңғөәүұҚҰӨӘІҮҒһҢҺ"  # most frequent first (in Kazakh news)
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Share of Kazakh-only letters among Cyrillic letters: above -> kk, below the lower bound -> ru.
KK_SHARE_KAZAKH = 0.02
KK_SHARE_RUSSIAN = 0.003
LATIN_SHARE_ENGLISH = 0.85
LANGUAGE_SAMPLE_CHARS = 4000
# A title longer than this is a paragraph; the title is then its first SHORT_TITLE_CHARS characters.
MAX_TITLE_CHARS = 400
SHORT_TITLE_CHARS = 120

# Canonical spellings for datelines and outlets (lower-cased key -> canonical).
DATELINE_CITIES = {
    "астана": "Astana",
    "astana": "Astana",
    "нұр-сұлтан": "Astana",
    "нур-султан": "Astana",
    "nur-sultan": "Astana",
    "алматы": "Almaty",
    "almaty": "Almaty",
    "шымкент": "Shymkent",
    "shymkent": "Shymkent",
    "ақтау": "Aktau",
    "актау": "Aktau",
    "aktau": "Aktau",
    "семей": "Semey",
    "semey": "Semey",
    "қостанай": "Kostanay",
    "костанай": "Kostanay",
    "kostanay": "Kostanay",
    "атырау": "Atyrau",
    "atyrau": "Atyrau",
    "қарағанды": "Karaganda",
    "караганда": "Karaganda",
    "токио": "Tokyo",
    "tokyo": "Tokyo",
    "осака": "Osaka",
    "osaka": "Osaka",
    "хиросима": "Hiroshima",
    "hiroshima": "Hiroshima",
    "нагасаки": "Nagasaki",
    "nagasaki": "Nagasaki",
    "ташкент": "Tashkent",
    "tashkent": "Tashkent",
    "бішкек": "Bishkek",
    "бишкек": "Bishkek",
    "bishkek": "Bishkek",
    "нью-йорк": "New York",
    "new york": "New York",
    "вена": "Vienna",
    "vienna": "Vienna",
}
OUTLETS = {
    "kazinform": "Kazinform",
    "qazinform": "Kazinform",
    "казинформ": "Kazinform",
    "қазинформ": "Kazinform",
    "kazinform.kz": "Kazinform",
    "inform.kz": "Kazinform",
    "kyodo": "Kyodo",
    "киодо": "Kyodo",
    "tengrinews": "Tengrinews",
    "astana times": "The Astana Times",
    "the astana times": "The Astana Times",
    "nhk": "NHK",
    "kazpravda": "Kazakhstanskaya Pravda",
}
_OUTLET_ALTERNATION = "|".join(sorted((re.escape(o) for o in OUTLETS), key=len, reverse=True))
# `АСТАНА. KAZINFORM —`, `ASTANA, March 5 (Qazinform) -`, `Астана. Казинформ —`
_DATELINE = re.compile(
    r"^(?P<city>[^\W\d_][\w\- ]{1,30}?)"
    r"(?:\s*,\s*[^()\n]{1,30}?)?"
    r"\s*[.,]?\s*\(?(?P<outlet>" + _OUTLET_ALTERNATION + r")\)?\s*[—–-]+\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedArticle:
    article_id: str
    published_date: date | None
    title: str
    body: str
    lang: str
    outlet: str | None
    dateline: str | None
    encoding: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rejection:
    reason: str  # one of settings.REJECTION_REASONS
    detail: str


def decode(data: bytes) -> tuple[str, str] | Rejection:
    """Decode raw bytes strictly; return (text, encoding) or a rejection (binary / undecodable)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            return Rejection("undecodable", f"invalid UTF-16 after its byte-order mark: {exc.reason}")
    if b"\x00" in data:
        return Rejection("binary", f"NUL byte at offset {data.index(0)}")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            return Rejection("undecodable", f"invalid UTF-8 after its byte-order mark at byte {exc.start + 3}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is None:
        return Rejection("undecodable", "not valid UTF-8, UTF-16 or cp1251 (charset detection found no match)")
    try:
        return data.decode(best.encoding), best.encoding.replace("_", "-")
    except UnicodeDecodeError as exc:  # detection is a guess; never decode with replacement characters
        return Rejection("undecodable", f"detected {best.encoding} but byte {exc.start} does not decode")


def normalise(text: str) -> str:
    """Normalise text: its non-empty paragraphs (one per line), stripped, inner whitespace collapsed, joined by LF."""
    if any(char in text for char in _INVISIBLE_CHARS):  # `in` scans are ~10x cheaper than a regex pass
        text = _INVISIBLE.sub("", text)
    if any(char in text for char in _SPACE_CHARS):
        text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").strip(" \n")
    if not any(char in text for char in _OTHER_WHITESPACE) and "  " not in text.replace("\n", " "):
        return text  # already tidy (no blank line, no outer or double space): the per-line pass would not change it
    return "\n".join(stripped for line in text.split("\n") if (stripped := " ".join(line.split())))


def article_id_of(normalised: str) -> str:
    """Content hash: copies that differ only in whitespace or encoding get the same id."""
    return hashlib.sha256(normalised.replace("\n", " ").encode("utf-8")).hexdigest()[:ARTICLE_ID_HEX_CHARS]


def parse_header(normalised: str) -> tuple[date | None, str, str, list[str]]:
    """Return (published_date, title, body, warnings) for normalised text.

    A "title" longer than ``MAX_TITLE_CHARS`` is a paragraph, not a title: it stays in the body and the title is
    its first words (warning ``title_from_paragraph``).
    """
    first, _, rest = normalised.partition("\n")
    match = _HEADER.match(first)
    if match is None:
        published, title, warnings = None, first, ["no_date_line"]
    else:
        raw_date, title, warnings = match["date"], match["title"].strip(), []
        if not title and rest:
            title, _, rest = rest.partition("\n")
        published = _calendar_date(raw_date)
        if published is None:
            warnings.append(f"invalid_date:{raw_date}")
    if len(title) > MAX_TITLE_CHARS:
        rest = f"{title}\n{rest}" if rest else title
        title = title[:SHORT_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        warnings.append("title_from_paragraph")
    return published, title, rest, warnings


def _calendar_date(raw: str) -> date | None:
    iso = _ISO_DATE.match(raw)
    if iso is None:
        return None
    try:
        parsed = date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        return None
    return parsed if EARLIEST_DATE <= parsed <= LATEST_DATE else None  # e.g. a 2205 typo: not a publication date


def parse_dateline(first_paragraph: str) -> tuple[str | None, str | None]:
    """Return (dateline city, outlet) in canonical spelling from the first body paragraph."""
    match = _DATELINE.match(first_paragraph)
    if match is None:
        return None, None
    city = " ".join(match["city"].split())
    canonical_city = DATELINE_CITIES.get(city.lower(), city.title())
    return canonical_city, OUTLETS[match["outlet"].lower()]


@cache
def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH).build()


_LINGUA_CODES = {"KAZAKH": "kk", "RUSSIAN": "ru", "ENGLISH": "en"}


def letter_counts(text: str) -> tuple[int, int]:
    """(Cyrillic letters U+0400..U+04FF, ASCII letters) in ``text``, counted as bytes: ~20x cheaper than regexes."""
    cyrillic = text.encode("utf-16-le", "surrogatepass")[1::2].count(4)  # UTF-16 code units with high byte 0x04
    ascii_only = text.encode("ascii", "ignore")
    return cyrillic, len(ascii_only) - len(ascii_only.translate(None, _ASCII_LETTERS))


def kazakh_share(sample: str, cyrillic: int) -> float:
    """Share of Kazakh-only letters among the ``cyrillic`` letters of ``sample``; counting stops once it reaches
    KK_SHARE_KAZAKH (a Kazakh text: one or two letters of the 18 instead of all)."""
    kazakh = 0
    for letter in KAZAKH_LETTERS:
        kazakh += sample.count(letter)
        if kazakh / cyrillic >= KK_SHARE_KAZAKH:
            break
    return kazakh / cyrillic


def detect_language(text: str) -> str:
    """kk / ru / en: Kazakh-only letters decide most texts; lingua (3 languages only) decides the rest."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    cyrillic, latin = letter_counts(sample)
    letters = cyrillic + latin
    if letters and latin / letters >= LATIN_SHARE_ENGLISH:
        return "en"
    if cyrillic and letters and cyrillic / letters >= LATIN_SHARE_ENGLISH:
        share = kazakh_share(sample, cyrillic)
        if share >= KK_SHARE_KAZAKH:
            return "kk"
        if share <= KK_SHARE_RUSSIAN:
            return "ru"
    detected = _lingua().detect_language_of(sample)
    return _LINGUA_CODES[detected.name] if detected is not None else "en"


def parse_bytes(data: bytes) -> ParsedArticle | Rejection:
    """Parse the bytes of one raw file into an article, or say why it is rejected."""
    if not data.strip():
        return Rejection("empty", "the file has no content" if not data else "the file is only whitespace")
    decoded = decode(data)
    if isinstance(decoded, Rejection):
        return decoded
    text, encoding = decoded
    encoded = text.encode("utf-8")  # control characters are ASCII: count them as bytes, ~10x cheaper than a regex
    n_controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if n_controls > max(1, len(text) * MAX_CONTROL_CHAR_SHARE):
        return Rejection("binary", f"{n_controls} control characters in {len(text)} characters")
    normalised = normalise(_CONTROL.sub("", text) if n_controls else text)
    if not normalised:
        return Rejection("empty", "the file has no visible text")
    published, title, body, warnings = parse_header(normalised)
    if not body:
        return Rejection("no_body", f"header only: title {title[:80]!r} has no paragraphs after it")
    if n_controls:
        warnings.append(f"removed_control_chars:{n_controls}")
    dateline, outlet = parse_dateline(body.partition("\n")[0])
    return ParsedArticle(
        article_id=article_id_of(normalised),
        published_date=published,
        title=title,
        body=body,
        lang=detect_language(f"{title}\n{body[:LANGUAGE_SAMPLE_CHARS]}"),
        outlet=outlet,
        dateline=dateline,
        encoding=encoding,
        warnings=warnings,
    )
