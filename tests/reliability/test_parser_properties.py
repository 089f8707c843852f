"""Property-based tests of the parser (and of turn segmentation): any bytes give an article or a reasoned
rejection, no exception escapes, and every offset lies inside the text it refers to."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines.ingest.parse import ParsedArticle, Rejection, parse_bytes
from pipelines.ingest.scan import ARTICLES_SCHEMA, articles_frame
from pipelines.settings import ARTICLE_ID_HEX_CHARS, LANGUAGES, REJECTION_REASONS
from pipelines.turns.segment import ROLES, segment_turns

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1251")
# Characters that exercise the decoder, the normaliser and the turn markers.
TRICKY = (
    "әғқңөұүһі АаЁё Zz09 .,:;!?…«»\"“”'’()-–— \t\r\n\u00a0\u202f\u200b\u200d\u2060\ufeff\u00ad\x00\x07\x1b\x7f"
    "e\u0301й\u0306"
)
# Paragraph openings the segmenter treats specially.
OPENINGS = (
    "",
    "— ",
    "- ",
    "Q: ",
    "A: ",
    "Сұрақ: ",
    "Ответ: ",
    "Жауап: ",
    "Айгүл Серікова: ",
    "АСТАНА. KAZINFORM — ",
)

paragraph = st.builds(
    lambda opening, text, question: opening + text + ("?" if question else ""),
    st.sampled_from(OPENINGS),
    st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=80),
    st.booleans(),
)
header = st.one_of(
    st.just(""),
    st.builds("date {} {}\n".format, st.sampled_from(["2025-03-04", "2025-02-30", "1900-13-01", "x"]), st.text()),
    st.builds("date {}\n".format, st.sampled_from(["2024-02-29", "2023-02-29"])),
)
texts = st.builds(
    lambda h, paras, sep: h + sep.join(paras),
    header,
    st.lists(paragraph, max_size=8),
    st.sampled_from(["\n", "\r\n", "\r", "\n\n"]),
)
encoded = st.builds(lambda text, encoding: text.encode(encoding, errors="replace"), texts, st.sampled_from(ENCODINGS))


def check_outcome(data: bytes) -> ParsedArticle | Rejection:
    """The parser's contract for any input."""
    result = parse_bytes(data)
    assert isinstance(result, ParsedArticle | Rejection)
    if isinstance(result, Rejection):
        assert result.reason in REJECTION_REASONS
        assert result.detail
        return result
    assert len(result.article_id) == ARTICLE_ID_HEX_CHARS
    assert int(result.article_id, 16) >= 0
    assert result.lang in LANGUAGES
    assert result.title and result.body.strip()
    assert result.body == result.body.strip()
    assert not any(c in result.title + result.body for c in "\r\ufeff\u200b\x00")
    assert all(line == line.strip() and line for line in result.body.split("\n"))
    return result


def check_turn_offsets(article: ParsedArticle) -> None:
    """Every turn lies inside its body, in order, and its text is exactly the body slice."""
    articles = articles_frame([article], datetime(2025, 1, 1, tzinfo=UTC))
    assert articles.schema == ARTICLES_SCHEMA
    turns = segment_turns(articles)
    body = article.body
    assert turns["turn_index"].to_list() == list(range(turns.height))
    assert set(turns["role"]) <= set(ROLES)
    previous_end = 0
    for row in turns.iter_rows(named=True):
        start, end = row["char_start"], row["char_end"]
        assert previous_end <= start < end <= len(body), (start, end, len(body))
        assert row["text"] == body[start:end]
        previous_end = end


@PROPERTY_SETTINGS
@given(st.binary(max_size=4096))
@example(b"")
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe\x00\xd8")
@example(b"date 2025-02-30\n")
@example(b"\r\n\r\n\x00")
def test_any_bytes_give_an_article_or_a_reasoned_rejection(data: bytes) -> None:
    result = check_outcome(data)
    if isinstance(result, ParsedArticle):
        check_turn_offsets(result)


@PROPERTY_SETTINGS
@given(encoded)
def test_any_text_in_any_accepted_encoding(data: bytes) -> None:
    result = check_outcome(data)
    if isinstance(result, ParsedArticle):
        check_turn_offsets(result)


@PROPERTY_SETTINGS
@given(texts.filter(lambda t: parse_bytes(t.encode()).__class__ is ParsedArticle), st.sampled_from(ENCODINGS))
def test_the_same_text_gets_the_same_article_in_every_encoding(text: str, encoding: str) -> None:
    """Re-encoding (where the encoding can hold the text) or adding trailing whitespace keeps the article id."""
    original = parse_bytes(text.encode())
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    for variant in (data, text.replace("\n", " \n").encode("utf-8")):
        copy = parse_bytes(variant)
        if isinstance(copy, ParsedArticle):
            assert copy.article_id == original.article_id
            assert (copy.title, copy.body) == (original.title, original.body)


def test_offsets_are_checked_on_a_real_interview() -> None:
    """The offset check is not vacuous: an interview yields several turns."""
    text = "date 2025-03-04 Interview\nLead paragraph about Japan.\nQ: What next?\nA: More trade.\nQ: When?\nA: Soon."
    article = check_outcome(text.encode())
    check_turn_offsets(article)
    turns = segment_turns(articles_frame([article], datetime(2025, 1, 1, tzinfo=UTC)))
    assert turns.height >= 4
    assert pl.Series(turns["role"]).is_in(["question", "answer"]).sum() >= 4


@pytest.mark.parametrize("marker_only", ["Q:", "Вопрос:", "Сұрақ:"])
def test_a_paragraph_that_is_only_a_marker_gives_no_empty_turn(marker_only: str) -> None:
    """An empty turn fails the turns suite and so would block the whole load."""
    text = f"date 2025-03-04 Interview\nLead.\n{marker_only}\nA: Answer one.\nQ: Next?\nA: Answer two."
    article = check_outcome(text.encode())
    turns = segment_turns(articles_frame([article], datetime(2025, 1, 1, tzinfo=UTC)))
    assert (turns["char_end"] > turns["char_start"]).all()
    assert (turns["n_words"] >= 1).all()
