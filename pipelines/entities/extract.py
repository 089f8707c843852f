"""Entity mentions: one leftmost-longest Aho-Corasick pass over titles and bodies, then boundaries and guards.

The patterns are every generated surface form of every gazetteer name, longest first; one polars
``str.extract_many(leftmost=True)`` pass yields at each position the longest form and never two overlapping
matches (``Japan International Cooperation Agency`` is only the organisation, ``Абай облысы`` only the
region). A match counts when it is a whole token (no letter or digit on either side: ``Japan`` in ``Japanese``
and ``Қазақстанды`` in ``Қазақстандық`` fail; a match ending inside a word falls back to a shorter whole-token
form) and no guard of its entity rejects it (the next or previous word, the dateline outlet).
"""

from __future__ import annotations

import polars as pl

from pipelines.entities.gazetteer import GUARDS_SCHEMA, entity_patterns, load_guards

ENTITY_MENTIONS_SCHEMA = pl.Schema(
    {
        "mention_id": pl.Utf8,
        "article_id": pl.Utf8,
        "turn_id": pl.Utf8,
        "entity_id": pl.Utf8,
        "surface": pl.Utf8,
        "char_start": pl.Int32,
        "char_end": pl.Int32,
        "method": pl.Utf8,
    }
)
# `gazetteer`: the surface is a gazetteer name or alias as written; `inflected`: a generated case form of one.
MENTION_METHODS = ("gazetteer", "inflected")
MATCHES_SCHEMA = pl.Schema({"tid": pl.UInt32, "surface": pl.Utf8, "char_start": pl.Int32, "char_end": pl.Int32})
# Characters looked at around a match by the guards.
GUARD_WINDOW = 40
NEXT_WORD = r"^[»\"”')]*\s+([\p{L}\p{N}-]+)"
PREV_WORD = r"([\p{L}\p{N}.-]+)[«\"“(]*\s+$"
# A city followed by other names and a plural "regions" word is the region (Karaganda and East Kazakhstan
# regions; Түркістан және Қызылорда облыстарында; Қызылорда облыстары).
_CONJ = r"(?:\s*,\s*|\s+(?:and|және|мен|и)\s+)"
REGION_PLURAL = rf"^(?:{_CONJ}(?:[\p{{Lu}}][\p{{L}}-]*(?:{_CONJ}|\s+))*?|\s+)(?:regions|облыстар|областя|областе)"
# The dateline at the start of a body: city, outlet and a dash (АСТАНА. KAZINFORM — ).
DATELINE = r"^[^\n]{0,80}?\s[—–-]\s"


# Every match is wrapped in this marker by one replace_many pass (texts are cleared of it first).
_MARK = "\x01"
_WORD_CHAR = r"^[\p{L}\p{N}]$"


def _shorter_form(surface: str, forms: frozenset[str]) -> str | None:
    """The longest form that is a whole-token prefix of ``surface`` (``Ural`` of ``Ural river`` in ``Ural rivers``:
    the prefix ends before a space or hyphen), or None."""
    for cut in range(len(surface) - 1, 0, -1):
        if surface[cut] in " -" and surface[:cut] in forms:
            return surface[:cut]
    return None


def find_forms(texts: pl.DataFrame, patterns: pl.DataFrame) -> pl.DataFrame:
    """Leftmost-longest whole-token matches of ``patterns`` (column ``pattern``) in ``texts`` (tid, text):
    tid, surface, char_start, char_end (``MATCHES_SCHEMA``), in text order.

    The forms are taken longest first, so leftmost-first Aho-Corasick yields the longest form at each position
    and no overlaps. A match that starts inside a word (a letter or digit before it) is dropped; one that ends
    inside a word falls back to its longest whole-token prefix form (``Japan`` in ``Japanese``: none, dropped).

    One ``str.replace_many`` pass wraps every match in markers; split at them, a text is the list
    [gap, surface, gap, surface, ..., gap], so the character offsets are cumulative string lengths and the
    neighbouring characters the ends of the gaps (or of the adjacent surfaces): no per-match Python.
    """
    forms = (
        patterns.select("pattern")
        .unique()
        .filter((pl.col("pattern") != "") & ~pl.col("pattern").str.contains(_MARK, literal=True))
        .sort(pl.col("pattern").str.len_chars(), "pattern", descending=[True, False])["pattern"]
    )
    if texts.is_empty() or forms.is_empty():
        return MATCHES_SCHEMA.to_frame()
    text = pl.col("text")
    clean = (  # a space: the same length, and no word character either
        pl.when(text.str.contains(_MARK, literal=True))
        .then(text.str.replace_all(_MARK, " ", literal=True))
        .otherwise(text)
    )
    marked = clean.str.replace_many(forms.implode(), (_MARK + forms + _MARK).implode(), leftmost=True)
    pieces = pl.col("pieces")
    split = (
        texts.select("tid", pieces=marked.str.split(_MARK))
        .with_columns(ends=pieces.list.eval(pl.element().str.len_chars().cum_sum()))  # in characters
        .select(
            "tid",
            surface=pieces.list.gather_every(2, 1),
            gaps=pieces.list.gather_every(2, 0),
            ends=pl.col("ends").list.gather_every(2, 0),  # ends of the gaps: starts of the surfaces after them
        )
    ).filter(pl.col("surface").list.len() > 0)
    n = pl.col("surface").list.len()
    found = split.select(
        "tid",
        "surface",
        char_start=pl.col("ends").list.head(n),
        before=pl.col("gaps").list.head(n),
        after=pl.col("gaps").list.slice(1),
    ).explode("surface", "char_start", "before", "after")
    # The character before a match: the end of the gap before it, or of the previous match when they touch.
    tid, surface, before, after = pl.col("tid"), pl.col("surface"), pl.col("before"), pl.col("after")
    prev_char = (
        pl.when(before != "").then(before.str.slice(-1)).when(tid.shift(1) == tid).then(surface.shift(1).str.slice(-1))
    )
    next_char = (
        pl.when(after != "")
        .then(after.str.slice(0, 1))
        .when(tid.shift(-1) == tid)
        .then(surface.shift(-1).str.slice(0, 1))
    )
    found = found.with_columns(
        starts_in_word=prev_char.str.contains(_WORD_CHAR).fill_null(False),
        ends_in_word=next_char.str.contains(_WORD_CHAR).fill_null(False),
    ).filter(~pl.col("starts_in_word"))
    # Ends inside a word (Japan in Japanese): the longest whole-token prefix form, else dropped.
    inside = found.filter("ends_in_word").select("surface").unique()
    form_set = frozenset(forms)
    shorter = inside.with_columns(
        shorter=pl.Series([_shorter_form(s, form_set) for s in inside["surface"]], dtype=pl.Utf8)
    )
    return (
        found.join(shorter, on="surface", how="left", maintain_order="left")
        .with_columns(surface=pl.when("ends_in_word").then("shorter").otherwise("surface"))
        .drop_nulls("surface")
        .select("tid", "surface", "char_start", char_end=pl.col("char_start") + surface.str.len_chars())
        .cast(MATCHES_SCHEMA)
    )


# The name topics imported before find_forms was public.
_matches = find_forms


def _guarded(matches: pl.DataFrame, guards: pl.DataFrame) -> pl.DataFrame:
    """Matches rejected by a guard of their entity (row ids ``mid``); each side's test runs on its guards only."""
    text, start = pl.col("text"), pl.col("char_start")
    window_start = (start - GUARD_WINDOW).clip(lower_bound=0)
    next_word = text.str.slice(pl.col("char_end"), GUARD_WINDOW).str.extract(NEXT_WORD, 1)
    prev_word = text.str.slice(window_start, start - window_start).str.extract(PREV_WORD, 1)
    tests = {
        "next": next_word.str.to_lowercase().str.starts_with(pl.col("prefix")),
        "prev": prev_word.str.to_lowercase().str.starts_with(pl.col("prefix")),
        "dateline": ~pl.col("in_title") & (start < text.str.extract(DATELINE, 0).str.len_chars().fill_null(0)),
    }
    rejected = (
        matches.join(guards.filter(pl.col("side") == side), on="entity_id").filter(test.fill_null(False)).select("mid")
        for side, test in tests.items()
    )
    return pl.concat(rejected).unique()


def _relinked(matches: pl.DataFrame, guards: pl.DataFrame) -> pl.DataFrame:
    """Matches of a city that a following plural "regions" word makes its region (``region`` guard)."""
    after = pl.col("text").str.slice(pl.col("char_end"), 2 * GUARD_WINDOW)
    regions = guards.filter(pl.col("side") == "region").select("entity_id", region_id="prefix")
    return matches.join(regions, on="entity_id").filter(after.str.contains(REGION_PLURAL)).select("mid", "region_id")


def extract_mentions(
    turns: pl.DataFrame,
    articles: pl.DataFrame,
    entities: pl.DataFrame,
    guards: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Mentions of ``entities`` in article titles (turn_id null, offsets in the title) and bodies (offsets in
    the body, turn_id of the turn containing the mention; text outside every turn is not scanned for turns).

    ``articles`` needs article_id, title, body; ``turns`` turn_id, article_id, char_start, char_end;
    ``guards`` defaults to the gazetteer's.
    """
    guards = load_guards() if guards is None else guards.cast(GUARDS_SCHEMA)
    patterns = entity_patterns(entities)
    # article rank: the output order by article_id, computed on the few texts instead of the many mentions.
    texts = (
        pl.concat(
            [
                articles.select("article_id", pl.lit(True).alias("in_title"), pl.col("title").alias("text")),
                articles.select("article_id", pl.lit(False).alias("in_title"), pl.col("body").alias("text")),
            ]
        )
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
        .with_row_index("tid")
        .with_columns(article_rank=pl.col("article_id").rank("dense"))
    )
    if texts.is_empty() or patterns.is_empty():
        return ENTITY_MENTIONS_SCHEMA.to_frame()
    matches = (
        find_forms(texts, patterns)
        .join(patterns, left_on="surface", right_on="pattern", maintain_order="left")
        .join(texts.drop("text"), on="tid", maintain_order="left")
        .with_row_index("mid")
    )
    with_text = matches.filter(pl.col("entity_id").is_in(guards["entity_id"].implode())).join(
        texts.select("tid", "text"), on="tid"
    )
    rejected, relinked = _guarded(with_text, guards)["mid"], _relinked(with_text, guards)
    matches = matches.filter(~pl.col("mid").is_in(rejected.implode())).with_columns(
        entity_id=pl.col("mid").replace_strict(relinked["mid"], relinked["region_id"], default=pl.col("entity_id"))
    )

    # Turn rank: the output order by turn_id (title mentions, no turn, first: rank 0).
    spans = turns.select(
        "article_id",
        "turn_id",
        pl.col("char_start").cast(pl.Int32).alias("turn_start"),
        pl.col("char_end").cast(pl.Int32).alias("turn_end"),
        turn_rank=pl.col("turn_id").rank("dense"),
    ).sort("turn_start")
    keep = ["article_id", "turn_id", "in_title", "entity_id", "surface", "char_start", "char_end", "is_name"]
    keep += ["article_rank", "turn_rank"]
    body = (
        matches.filter(~pl.col("in_title"))
        .join_asof(
            spans,
            left_on="char_start",
            right_on="turn_start",
            by="article_id",
            check_sortedness=False,  # the matches of a text come in text order; spans are sorted globally
        )
        .filter(pl.col("char_end") <= pl.col("turn_end"))
        .select(keep)
    )
    title = (
        matches.filter(pl.col("in_title"))
        .with_columns(turn_id=pl.lit(None, pl.Utf8), turn_rank=pl.lit(0, spans["turn_rank"].dtype))
        .select(keep)
    )
    # Sorted by (article_rank, turn_rank, char_start): the mentions of a title or turn come in text order, so a
    # stable sort by one key per title or turn is enough.
    segment = pl.col("article_rank").cast(pl.UInt64) * pl.lit(2**32, pl.UInt64) + pl.col("turn_rank")
    return (
        pl.concat([title, body])
        .sort(segment, maintain_order=True)
        .with_columns(
            mention_id=pl.format(
                "{}-{}{}",
                "article_id",
                pl.when(pl.col("in_title")).then(pl.lit("t")).otherwise(pl.lit("b")),
                pl.col("char_start").cast(pl.Utf8).str.zfill(6),
            ),
            method=pl.when(pl.col("is_name")).then(pl.lit("gazetteer")).otherwise(pl.lit("inflected")),
        )
        .select(ENTITY_MENTIONS_SCHEMA.names())
        .cast(ENTITY_MENTIONS_SCHEMA)
    )
