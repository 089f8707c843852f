"""Segmentation of article bodies into speaker-attributed turns (pure, Dagster-free).

Paragraphs (body lines) and their markers, question marks and quotations are found with vectorised polars
regexes, which also decide interview or news and build the turns. Python runs only where names are read: over
interview leads (interviewer, interviewee) and news quotes (speaker). Speaker names come from
:mod:`pipelines.turns.speakers` and are reduced to the nominative by :mod:`pipelines.names`.
"""

from __future__ import annotations

import polars as pl

from pipelines.turns.speakers import ALL_CUES, NAME_RUN_PATTERN, QUOTED, PersonRegistry, attribute_quote

TURNS_SCHEMA = pl.Schema(
    {
        "turn_id": pl.Utf8,
        "article_id": pl.Utf8,
        "turn_index": pl.Int32,
        "role": pl.Utf8,
        "speaker": pl.Utf8,
        "speaker_entity_id": pl.Utf8,
        "text": pl.Utf8,
        "char_start": pl.Int32,
        "char_end": pl.Int32,
        "n_words": pl.Int32,
        "n_sentences": pl.Int32,
        "question_turn_id": pl.Utf8,
    }
)
ROLES = ("lead", "question", "answer", "narration", "quote")

# Polars (Rust regex) patterns over single paragraphs. No \b: it is slow over Cyrillic.
_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
DASH_MARKER = r"^\s*[-–—]\s+"
# Marker patterns with groups (extracted together in one pass): the whole marker and its label or name.
QA_MARKER = r"^(?<qa_marker>\s*(?<qa_label>Q|A|Сұрақ|Жауап|Вопрос|Ответ)\s*:\s*)"
QUESTION_LABELS = frozenset({"Q", "Сұрақ", "Вопрос"})
# "Name Surname: text" (1-4 capitalised words before a colon).
NAME_PREFIX = rf"^(?<name_marker>\s*(?<prefix>[{_UP}][\w.'’-]*(?: [{_UP}][\w.'’-]*){{0,3}}):\s+)"
# A name prefix counts as a turn marker only when the same prefix opens this many paragraphs of the article.
NAME_PREFIX_MIN_REPEATS = 2
ENDS_WITH_QUESTION = r"\?[»\"”)]*\s*$"
# News trap: a paragraph opened by a dash that closes with ", – деді X." / ", — отметил он." / ", - he said."
# (the tail is matched alone and combined with the opening dash: one `.*` pattern is 7x slower)
DASH_QUOTE_TAIL = r"[,.!?…]\s*[-–—]\s+[^–—]{1,100}$"
# A direct quotation: a long quoted span, or a short one closed by an attribution dash or "деп".
DIRECT_QUOTE = r"«[^»]{25,}|\"[^\"]{25,}\"|“[^”]{25,}”|[»\"”],?\s*[-–—]\s|»\s+деп "
# Unmarked interviews: at least this many question paragraphs, each followed by a non-question paragraph.
UNMARKED_MIN_QUESTIONS = 2
# Word starts (one per run of non-spaces, so the count of \S+): short matches make the count ~15% cheaper.
WORD_START = r"(?:^|\s)\S"
SENTENCE_END = r"[^\s\d][.!?…]+[»\"”)]*(?:\s|$)"
# A person right after one of these words (at most one word between) is the interviewer.
INTERVIEWER_WORDS = ("тілші", "корреспондент", "correspondent", "journalist", "interviewer")
# The interviewee is the last other person named before the first of these words (else the first after).
INTERVIEW_WORDS = (
    "сұхбат", "интервью", "interview", "told", "spoke", "shared", "рассказал", "ответил", "беседова", "әңгіме",
)  # fmt: skip


def paragraph_frame(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per non-blank body paragraph: offset into ``body``, position, marker/quote features and whether its
    article is an interview. (Person-name runs and speech cues are added later, only where a quote needs them.)"""
    article = pl.col("_article")
    step = pl.col("text").str.len_chars() + 1  # a line and its newline
    question = pl.col("question")
    prefix_ok = pl.col("prefix").is_not_null() & (pl.len().over("_article", "prefix") >= NAME_PREFIX_MIN_REPEATS)
    marked = pl.col("marker") > 0
    n_marked = marked.sum().over(article)
    asked = question & (pl.col("pos") > 0) & question.shift(-1).over(article).not_()
    # Q/A and name markers end in a colon: searched only in paragraphs with one (others as "", which never match)
    with_colon = pl.when(pl.col("text").str.contains(":", literal=True)).then(pl.col("text")).otherwise(pl.lit(""))
    return (
        articles.select("article_id", "lang", pl.col("body").str.split("\n").alias("text"))
        .with_row_index("_article")
        .explode("text")
        .with_columns((step.cum_sum() - step).over(article).alias("start"))
        .filter(pl.col("text").str.strip_chars() != "")
        .with_columns(
            pl.int_range(pl.len()).over(article).alias("pos"),
            pl.col("text").str.extract(f"({DASH_MARKER})").str.len_chars().fill_null(0).alias("dash"),
            with_colon.str.extract_groups(QA_MARKER).struct.unnest(),
            with_colon.str.extract_groups(NAME_PREFIX).struct.unnest(),
            pl.col("text").str.contains(ENDS_WITH_QUESTION).alias("question"),
            pl.col("text").str.contains(DIRECT_QUOTE).alias("direct_quote"),
        )
        .with_columns(
            pl.col("qa_marker").str.len_chars().fill_null(0).alias("qa_len"),
            pl.col("name_marker").str.len_chars().fill_null(0).alias("prefix_len"),
            # searched only in dash-opened paragraphs (an unanchored search over all of them costs 5x more)
            pl.when(pl.col("dash") > 0)
            .then(pl.col("text"))
            .otherwise(pl.lit(""))
            .str.contains(DASH_QUOTE_TAIL)
            .alias("dash_quote"),
        )
        .with_columns(
            pl.when(pl.col("qa_len") > 0)
            .then(pl.col("qa_len"))
            .when((pl.col("dash") > 0) & ~pl.col("dash_quote"))
            .then(pl.col("dash"))
            .when(prefix_ok)
            .then(pl.col("prefix_len"))
            .otherwise(0)
            .alias("marker"),
            (pl.col("direct_quote") | pl.col("dash_quote")).alias("quote"),
        )
        .with_columns(
            (
                (pl.col("qa_len") > 0).any().over(article)
                | ((n_marked >= 2) & (marked & question).any().over(article) & (marked & ~question).any().over(article))
                | ((n_marked == 0) & (asked.sum().over(article) >= UNMARKED_MIN_QUESTIONS))
            ).alias("interview"),
        )
        .drop("qa_marker", "name_marker")
    )


def _lead_people(lead: str, lang: str) -> tuple[str | None, str | None]:
    """(interviewer, interviewee) named in an interview lead."""
    registry = PersonRegistry(lang)
    lower = lead.lower()
    cue = min((i for w in INTERVIEW_WORDS if (i := lower.find(w)) >= 0), default=len(lead))
    interviewer = None
    before, after = [], []
    for name in dict.fromkeys(registry.mentions(lead)):
        at = lead.find(name.split(" ")[0])
        preceding = lower[max(0, at - 60) : at].split()[-2:]
        if any(w in word for word in preceding for w in INTERVIEWER_WORDS):
            interviewer = name
        else:
            (before if at < cue else after).append(name)
    interviewee = before[-1] if before else (after[0] if after else None)
    return interviewer, interviewee


def _news_speakers(quotes: pl.DataFrame, runs: list[str]) -> list[str | None]:
    """Speaker of each quote paragraph of the news articles (null when not attributed), in ``quotes`` row order.

    ``runs``: the capitalised-word runs of the paragraphs, in order; a quote's own are ``runs[run_start:run_end]``,
    the narration's since the article's previous quote ``runs[narration_start:run_start]`` (persons named in
    narration are registered lazily, when a quote needs them).
    """
    speakers: list[str | None] = []
    columns = [
        quotes[c].to_list() for c in ("_article", "lang", "text", "cues", "narration_start", "run_start", "run_end")
    ]
    registry, article, last_person = None, None, None
    for article_i, lang, text, cues, narration_start, run_start, run_end in zip(*columns, strict=True):
        if article_i != article:
            registry, article, last_person = PersonRegistry(lang), article_i, None
        mentioned = registry.in_runs(runs[narration_start:run_start])
        last_person = mentioned[-1] if mentioned else last_person
        speaker = attribute_quote(text, lang, registry, last_person, cues)
        mentioned = registry.in_runs(runs[run_start:run_end])
        last_person = speaker or (mentioned[-1] if mentioned else last_person)
        speakers.append(speaker)
    return speakers


def _news_frame(news: pl.DataFrame) -> pl.DataFrame:
    """One turn per paragraph of the news articles: quote when attributed, else narration."""
    # Paragraphs after an article's last quote name no speaker of it.
    before_last_quote = pl.col("pos") <= pl.col("pos").filter(pl.col("quote")).max().over("_article")
    paragraphs = news.filter(before_last_quote).select(
        "_article",
        "pos",
        "lang",
        "quote",
        "text",
        pl.col("text").str.replace_all(QUOTED, " ").str.extract_all(NAME_RUN_PATTERN).alias("runs"),
    )
    run_end = pl.col("runs").list.len().cum_sum()
    quotes = (
        paragraphs.with_columns(run_end.alias("run_end"), (run_end - pl.col("runs").list.len()).alias("run_start"))
        .with_columns(pl.col("run_start").first().over("_article").alias("narration_start"))
        .filter(pl.col("quote"))
        .with_columns(
            pl.col("run_end").shift(1).over("_article").fill_null(pl.col("narration_start")).alias("narration_start"),
            pl.col("text").str.extract_many(ALL_CUES, overlapping=True).alias("cues"),
        )
    )
    runs = paragraphs["runs"].explode(empty_as_null=False, keep_nulls=False).to_list()
    speakers = quotes.select("_article", "pos", pl.Series("speaker", _news_speakers(quotes, runs), pl.Utf8))
    return (
        news.join(speakers, on=["_article", "pos"], how="left")
        .with_columns(pl.col("pos").cast(pl.Int32).alias("turn_index"))
        .select(
            "_article",
            "article_id",
            "turn_index",
            pl.when(pl.col("speaker").is_null()).then(pl.lit("narration")).otherwise(pl.lit("quote")).alias("role"),
            "speaker",
            pl.col("start").cast(pl.Int32).alias("char_start"),
            (pl.col("start") + pl.col("text").str.len_chars()).cast(pl.Int32).alias("char_end"),
            "text",
        )
    )


def _lead_people_frame(leads: pl.DataFrame) -> pl.DataFrame:
    """Interviewer and interviewee of each interview (``_article``) from its lead text."""
    rows = [(article, *_lead_people(text, lang)) for article, lang, text in leads.iter_rows()]
    schema = {"_article": pl.UInt32, "interviewer": pl.Utf8, "interviewee": pl.Utf8}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _interview_frame(interviews: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Lead, question and answer turns of the interview articles.

    A turn opens at each marked paragraph (in an unmarked interview: at each question and the paragraph after it);
    a paragraph that is only a marker opens the turn of the paragraph after it, or no turn at all. The paragraphs
    before the first turn are the lead, which names the interviewer and the interviewee.
    """
    article, marker, head = pl.col("_article"), pl.col("marker"), pl.col("head")
    asked = (pl.col("pos") > 0) & pl.col("question")
    opens = (
        pl.when(pl.col("unmarked")).then(asked | asked.shift(1, fill_value=False).over(article)).otherwise(marker > 0)
    )
    marker_only = pl.col("opens") & (marker >= pl.col("end") - pl.col("start"))
    # A marker-only paragraph right before another opening one, or last, opens no turn.
    opens_turn = pl.col("opens") & ~(marker_only & pl.col("opens").shift(-1).over(article).fill_null(True))
    turn = head.cum_sum().over(article).cast(pl.Int32)  # 0 in the lead
    ends_turn = head.shift(-1).over(article).fill_null(True)
    paragraphs = (
        interviews.with_columns(
            (marker == 0).all().over(article).alias("unmarked"),
            (pl.col("start") + pl.col("text").str.len_chars()).alias("end"),
        )
        .with_columns(opens.alias("opens"))
        .with_columns(
            marker_only.alias("marker_only"),
            pl.col("start").shift(-1).over(article).alias("next_start"),
            opens_turn.alias("head"),
        )
        .with_columns(turn.alias("turn"), (turn == 0).any().over(article).alias("has_lead"))
        .with_columns(
            (pl.col("turn") - 1 + pl.col("has_lead").cast(pl.Int32)).alias("turn_index"),
            pl.when(ends_turn).then("end").backward_fill().over(article).alias("turn_end"),
        )
    )
    leads = (
        paragraphs.filter((pl.col("turn") == 0) & head.any().over(article))
        .group_by("_article", maintain_order=True)
        .agg(pl.col("lang").first(), pl.col("text").str.join("\n"))
    )
    # A turn is a question by its Q/A label, by its name prefix being the article's first, by its question mark
    # (unmarked interviews), else by alternation: the opposite of the turn before (the first one is a question).
    qa = pl.col("qa_label").is_not_null()
    named = ~qa & pl.col("prefix").is_not_null() & (marker == pl.col("prefix_len"))
    first_prefix = pl.col("prefix").filter(head & named).first().over(article)
    decided = pl.when(head).then(
        pl.when(qa)
        .then(pl.col("qa_label").is_in(QUESTION_LABELS))
        .when(named)
        .then(pl.col("prefix") == first_prefix)
        .when(pl.col("unmarked"))
        .then(pl.col("question"))
    )
    k = pl.col("turn") - 1  # a turn's position after the lead; decided_k: that of the last decided turn up to it
    decided_k = pl.when(pl.col("decided").is_not_null()).then(k).forward_fill().over(article).fill_null(-1)
    previous = pl.col("decided").forward_fill().over(article).fill_null(False)
    question = pl.coalesce("decided", previous ^ ((k - decided_k) % 2 == 1))
    role = pl.when(~head).then(pl.lit("lead")).when(question).then(pl.lit("question")).otherwise(pl.lit("answer"))
    default = pl.when(question).then("interviewer").otherwise("interviewee")
    skip = pl.when(~head).then(0).when("marker_only").then(pl.col("next_start") - pl.col("start")).otherwise(marker)
    frame = (
        paragraphs.filter(head | (pl.col("pos") == 0))
        .join(_lead_people_frame(leads), on="_article", how="left", maintain_order="left")
        .with_columns(decided.alias("decided"))
        .select(
            "_article",
            "article_id",
            "turn_index",
            role.alias("role"),
            pl.when(head).then(pl.coalesce(pl.when(named).then("prefix"), default)).alias("speaker"),
            (pl.col("start") + skip).cast(pl.Int32).alias("char_start"),
            pl.col("turn_end").cast(pl.Int32).alias("char_end"),
        )
    )
    body = articles["body"].gather(frame["_article"])
    return frame.with_columns(
        body.str.slice(frame["char_start"], frame["char_end"] - frame["char_start"]).alias("text")
    )


def segment_turns(articles: pl.DataFrame) -> pl.DataFrame:
    """Split each article's ``body`` into turns (``TURNS_SCHEMA``); needs article_id, lang, body."""
    paragraphs = paragraph_frame(articles)
    interviews = paragraphs.filter(pl.col("interview"))
    news = paragraphs.filter(~pl.col("interview"))
    turns = pl.concat([_interview_frame(interviews, articles), _news_frame(news)], how="vertical_relaxed")
    turn_id = pl.format("{}-{}", "article_id", pl.col("turn_index").cast(pl.Utf8).str.zfill(4))
    # An answer's question is the article's last question turn before it.
    last_question = pl.when(pl.col("role") == "question").then("turn_id").forward_fill().over("_article")
    return (
        turns.sort("_article", "turn_index")
        .with_columns(turn_id.alias("turn_id"))
        .with_columns(
            pl.when(pl.col("role") == "answer").then(last_question).alias("question_turn_id"),
            pl.lit(None, pl.Utf8).alias("speaker_entity_id"),
            pl.col("text").str.count_matches(WORD_START).cast(pl.Int32).alias("n_words"),
            pl.col("text").str.count_matches(SENTENCE_END).clip(lower_bound=1).cast(pl.Int32).alias("n_sentences"),
        )
        .select(TURNS_SCHEMA.names())
        .cast(TURNS_SCHEMA)
    )


def turns_validation_frame(turns: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """``turns`` plus the boolean ``check_*`` columns of the cross-row checks in ``expectations/turns.json``."""
    ordered = turns.sort("article_id", "turn_index")
    bodies = articles.select("article_id", "body", pl.lit(True).alias("_known"))
    questions = ordered.filter(pl.col("role") == "question").select(
        pl.col("turn_id").alias("question_turn_id"),
        pl.col("article_id").alias("_question_article"),
        pl.col("turn_index").alias("_question_index"),
    )
    span = pl.col("char_end") - pl.col("char_start")
    is_answer = pl.col("role") == "answer"
    return (
        ordered.join(bodies, on="article_id", how="left", maintain_order="left")
        .join(questions, on="question_turn_id", how="left", maintain_order="left")
        .with_columns(
            pl.col("_known").fill_null(False).alias("check_article_exists"),
            (pl.col("turn_id") == pl.format("{}-{}", "article_id", pl.col("turn_index").cast(pl.Utf8).str.zfill(4)))
            .fill_null(False)
            .alias("check_turn_id_format"),
            (pl.col("turn_index") == pl.int_range(pl.len()).over("article_id"))
            .fill_null(False)
            .alias("check_turn_index_contiguous"),
            ((pl.col("char_start") >= 0) & (span > 0) & (pl.col("char_end") <= pl.col("body").str.len_chars()))
            .fill_null(False)
            .alias("check_offsets_in_body"),
            (pl.col("body").str.slice(pl.col("char_start"), span) == pl.col("text"))
            .fill_null(False)
            .alias("check_text_matches_body"),
            (pl.col("char_start") >= pl.col("char_end").shift(1).over("article_id").fill_null(0))
            .fill_null(False)
            .alias("check_no_overlap"),
            (
                ~is_answer
                | (
                    (pl.col("_question_article") == pl.col("article_id"))
                    & (pl.col("_question_index") < pl.col("turn_index"))
                )
            )
            .fill_null(False)
            .alias("check_answer_has_question"),
            (is_answer | pl.col("question_turn_id").is_null()).alias("check_question_id_only_on_answers"),
            ((pl.col("role") != "quote") | pl.col("speaker").is_not_null()).alias("check_quote_has_speaker"),
            ((pl.col("role") != "lead") | (pl.col("turn_index") == 0)).alias("check_lead_first"),
            # GX checks the text through its length: handing it the texts themselves costs ~15 MB per part.
            pl.col("text").str.len_chars().alias("text_chars"),
        )
        .drop("body", "_known", "_question_article", "_question_index")
    )
