"""Parsing of single files: decoding, normalisation, header, dateline, language, identity."""

import re
import sys
import unicodedata
from datetime import UTC, date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipelines.ingest.parse import (
    ParsedArticle,
    Rejection,
    detect_language,
    letter_counts,
    normalise,
    parse_bytes,
    parse_dateline,
)
from pipelines.ingest.scan import ARTICLES_SCHEMA, articles_frame

KK = " date 2025-12-17 Жапония елшісі сұхбат берді\nАСТАНА. KAZINFORM — Жапонияның Қазақстандағы елшісі сөйледі.\n"
RU = "Токио и Астана подписали соглашение\nПремьер-министр Японии встретился с президентом Казахстана.\n"


def parse(data: bytes) -> ParsedArticle:
    result = parse_bytes(data)
    assert isinstance(result, ParsedArticle), result
    return result


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RU.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + RU.encode("utf-8"), "utf-8-sig"),
        (RU.encode("utf-16"), "utf-16"),
        (RU.encode("cp1251"), "cp1251"),
    ],
)
def test_every_supported_encoding_gives_the_same_article(data: bytes, encoding: str):
    article = parse(data)
    assert article.encoding == encoding
    assert article.article_id == parse(RU.encode("utf-8")).article_id
    assert "\ufffd" not in article.body and article.body.startswith("Премьер-министр Японии")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "empty"),
        (b" date 2025-01-01 Only a title\n", "no_body"),
        (b"date 2025-01-01\nTitle on the next line\n", "no_body"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20 + b"abc", "binary"),
        (b"\xff\xfe\x00\xd8", "undecodable"),
        (bytes([0x98, 0x81, 0x83, 0x98]) * 50, "undecodable"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(data: bytes, reason: str):
    result = parse_bytes(data)
    assert isinstance(result, Rejection)
    assert result.reason == reason and result.detail


def test_normalisation_of_newlines_invisibles_and_spaces():
    text = "Title\r\nA\u00a0b\u200bc soft\u00adhyphen  \rE\u0301cole   \n\n"
    assert normalise(text) == "Title\nA bc softhyphen\n\u00c9cole"


WHITESPACE = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
# Words of the three languages and composable pairs, separated by any one whitespace, invisible or mark.
NORMALISER_TEXT = st.lists(
    st.tuples(
        st.text(alphabet=st.sampled_from(["e", "й", "ә", "Ж", "z", "."]) | st.characters(), max_size=4),
        st.sampled_from([" ", "\n"])
        | st.sampled_from([*WHITESPACE, *INVISIBLE, "\u0301", "\u0306", "  ", "\r\n", "\n\n", " \n", "\n "]),
    ),
    max_size=12,
).map(lambda pairs: "".join(word + separator for word, separator in pairs))


def per_line_normalise(text: str) -> str:
    """The definition normalise() must follow: remove invisibles, NBSPs to spaces, NFC, then line by line."""
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    text = unicodedata.normalize("NFC", re.sub("[\u00a0\u202f\u2007\u2009\u3000]", " ", text))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(stripped for line in lines if (stripped := " ".join(line.split())))


@settings(max_examples=300)
@given(NORMALISER_TEXT)
def test_normalise_follows_the_per_line_definition(text):
    assert normalise(text) == per_line_normalise(text)


@pytest.mark.parametrize("char", [*WHITESPACE, *INVISIBLE])
def test_normalise_of_each_whitespace_and_invisible_character(char):
    for text in (f"a{char}b", f"a{char}", f"{char}b\nc", f"a{char}{char}b", f"a{char}\nb", f"a\n{char}b"):
        assert normalise(text) == per_line_normalise(text)


@given(st.text(alphabet=st.sampled_from("AzЖжӘәЀӿԀ\U0001d400\U00010400é ") | st.characters(), max_size=60))
def test_letter_counts_agree_with_regex_counts(text):
    assert letter_counts(text) == (len(re.findall("[\u0400-\u04ff]", text)), len(re.findall("[A-Za-z]", text)))


def test_copies_differing_in_whitespace_share_an_id():
    a = parse(KK.encode())
    b = parse(KK.replace("\n", "\r\n").replace(" сөйледі.", "   сөйледі.  ").encode() + b"\n\n")
    assert a.article_id == b.article_id
    assert a.article_id != parse(KK.replace("сөйледі", "сөйлейді").encode()).article_id


@pytest.mark.parametrize(
    ("text", "published", "title", "first_body_line"),
    [
        (" date 2025-12-17 Title one\nBody.\n", date(2025, 12, 17), "Title one", "Body."),
        ("date 2025-03-01\nTitle on its own line\nBody.\n", date(2025, 3, 1), "Title on its own line", "Body."),
        ("A title without a date\nBody.\n", None, "A title without a date", "Body."),
    ],
)
def test_header_variants(text, published, title, first_body_line):
    article = parse(text.encode())
    assert (article.published_date, article.title, article.body.split("\n")[0]) == (published, title, first_body_line)


def test_impossible_date_is_a_warning_not_a_rejection():
    article = parse(b" date 2025-02-30 Title\nBody text.\n")
    assert article.published_date is None
    assert article.warnings == ["invalid_date:2025-02-30"]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("АСТАНА. KAZINFORM — Мемлекет басшысы", ("Astana", "Kazinform")),
        ("ASTANA. Kazinform – The President", ("Astana", "Kazinform")),
        ("Астана. Казинформ — Премьер-министр", ("Astana", "Kazinform")),
        ("TOKYO, March 5 (Qazinform) - Japan and", ("Tokyo", "Kazinform")),
        ("ALMATY. KAZINFORM — Scientists", ("Almaty", "Kazinform")),
        ("АҚТАУ. QAZINFORM — Порт", ("Aktau", "Kazinform")),
        ("Japan and Kazakhstan — a new chapter", (None, None)),
    ],
)
def test_dateline_and_outlet(paragraph, expected):
    assert parse_dateline(paragraph) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Жапония мен Қазақстан арасындағы ынтымақтастық тереңдей түсуде.", "kk"),
        ("Япония и Казахстан расширяют сотрудничество в энергетике.", "ru"),
        ("Japan and Kazakhstan expand cooperation in energy.", "en"),
        # no Kazakh-only letters: the letter statistics cannot decide, lingua does
        ("Токио мен Астана арасында жаңа бағыт ашылды деп хабарлады министр.", "kk"),
    ],
)
def test_language(text, lang):
    assert detect_language(text) == lang


BODY = "АСТАНА. KAZINFORM — Жапонияның Қазақстандағы елшісі сөйледі."


def test_articles_frame_schema():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    frame = articles_frame([parse(KK.encode())], now)
    expected = pl.DataFrame(
        {
            "article_id": [parse(KK.encode()).article_id],
            "published_date": [date(2025, 12, 17)],
            "title": ["Жапония елшісі сұхбат берді"],
            "body": [BODY],
            "lang": ["kk"],
            "outlet": ["Kazinform"],
            "dateline": ["Astana"],
            "encoding": ["utf-8"],
            "warnings": [[]],
            "n_chars": [len(BODY)],
            "n_words": [6],
            "ingested_at": [now],
        },
        schema=ARTICLES_SCHEMA,
    )
    assert_frame_equal(frame, expected)


def test_a_paragraph_long_first_line_is_body_not_title():
    first = "Japan and Kazakhstan " * 40
    article = parse(f"{first}\nSecond paragraph.\n".encode())
    assert len(article.title) <= 121 and article.title.endswith("…")
    assert article.body.split("\n") == [first.strip(), "Second paragraph."]
    assert "title_from_paragraph" in article.warnings
