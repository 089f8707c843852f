"""The reviewed gazetteer (``gazetteer.yaml``) as the ``entities`` frame, its ambiguity guards and its patterns."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import yaml

from pipelines.entities.forms import alias_language, surface_forms

GAZETTEER_PATH = Path(__file__).with_name("gazetteer.yaml")
ENTITY_TYPES = ("PERSON", "ORGANISATION", "GPE", "LOCATION", "EVENT", "PROJECT")
ENTITY_LANGUAGES = ("en", "kk", "ru")

ENTITIES_SCHEMA = pl.Schema(
    {
        "entity_id": pl.Utf8,
        "entity_type": pl.Utf8,
        "name_en": pl.Utf8,
        "name_kk": pl.Utf8,
        "name_ru": pl.Utf8,
        "wikidata_id": pl.Utf8,
        "aliases": pl.List(pl.Utf8),
    }
)
# One row per ambiguity guard: a match of `entity_id` is rejected when the neighbouring word (`side` = next or
# prev) starts with `prefix` (case-insensitive), or, for side = dateline, when it sits in the body's dateline;
# side = region: the match is re-linked to entity `prefix` when a plural "regions" word follows it.
GUARDS_SCHEMA = pl.Schema({"entity_id": pl.Utf8, "side": pl.Utf8, "prefix": pl.Utf8})
GUARD_SIDES = {"next_word_not": "next", "prev_word_not": "prev"}
# One row per generated surface form.
# One row per generated surface form; is_name: the form is a name or alias as written (not a generated case form).
PATTERNS_SCHEMA = pl.Schema({"pattern": pl.Utf8, "entity_id": pl.Utf8, "priority": pl.Int32, "is_name": pl.Boolean})


@cache
def _raw_gazetteer(path: Path = GAZETTEER_PATH) -> tuple[dict, ...]:
    # libyaml's safe loader when available: the pure-Python one takes ~0.25 s of a worker's first part (guards).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return tuple(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))


def load_gazetteer(path: Path = GAZETTEER_PATH) -> pl.DataFrame:
    """The ``entities`` frame: one row per gazetteer entry, aliases of all languages flattened in order."""
    rows = []
    for entry in _raw_gazetteer(path):
        names = {entry[f"name_{lang}"] for lang in ENTITY_LANGUAGES}
        aliases: list[str] = []
        for lang in ENTITY_LANGUAGES:
            for alias in (entry.get("aliases") or {}).get(lang) or []:
                if alias not in names and alias not in aliases:
                    aliases.append(alias)
        rows.append(
            {
                "entity_id": entry["entity_id"],
                "entity_type": entry["entity_type"],
                "name_en": entry["name_en"],
                "name_kk": entry["name_kk"],
                "name_ru": entry["name_ru"],
                "wikidata_id": entry.get("wikidata_id"),
                "aliases": aliases,
            }
        )
    return pl.DataFrame(rows, schema=ENTITIES_SCHEMA)


def load_guards(path: Path = GAZETTEER_PATH) -> pl.DataFrame:
    """The gazetteer's ambiguity guards (``guards:`` of an entry) as rows of ``GUARDS_SCHEMA``."""
    rows = []
    for entry in _raw_gazetteer(path):
        guards = entry.get("guards") or {}
        for key, side in GUARD_SIDES.items():
            rows.extend(
                {"entity_id": entry["entity_id"], "side": side, "prefix": p.lower()} for p in guards.get(key, [])
            )
        if guards.get("region"):
            rows.append({"entity_id": entry["entity_id"], "side": "region", "prefix": guards["region"]})
        if guards.get("not_in_dateline"):
            rows.append({"entity_id": entry["entity_id"], "side": "dateline", "prefix": ""})
    return pl.DataFrame(rows, schema=GUARDS_SCHEMA)


def _names(row: dict) -> list[tuple[str, tuple[str, ...] | None, int]]:
    """(name, languages, priority) of one entity: official names first (priority 0), then aliases (1)."""
    names = [(row[f"name_{lang}"], (lang,), 0) for lang in ENTITY_LANGUAGES]
    names += [(alias, alias_language(alias), 1) for alias in row["aliases"]]
    return [name for name in names if name[0]]


@cache
def _patterns(rows: tuple[tuple, ...]) -> pl.DataFrame:
    seen: dict[str, tuple[str, int]] = {}
    names: set[str] = set()
    for entity_id, entity_type, *rest in rows:
        row = dict(zip(("name_en", "name_kk", "name_ru", "aliases"), rest, strict=True))
        for name, languages, priority in _names(row):
            names.update((name, name.upper()))
            for form in surface_forms(name, entity_type, languages):
                # The same form for two entities: an official name beats an alias, then gazetteer order wins.
                if form not in seen or priority < seen[form][1]:
                    seen[form] = (entity_id, priority)
    frame = pl.DataFrame(
        [(form, eid, prio, form in names) for form, (eid, prio) in seen.items()],
        schema=PATTERNS_SCHEMA,
        orient="row",
    )
    # Longest first: with leftmost-first Aho-Corasick this makes the match at each position the longest one.
    return frame.sort(pl.col("pattern").str.len_chars(), "pattern", descending=[True, False])


def entity_patterns(entities: pl.DataFrame) -> pl.DataFrame:
    """Every surface form of every entity (``PATTERNS_SCHEMA``), longest first; cached per entities content."""
    cols = ["entity_id", "entity_type", "name_en", "name_kk", "name_ru", "aliases"]
    rows = tuple((*r[:-1], tuple(r[-1] or ())) for r in entities.select(cols).iter_rows())
    return _patterns(rows)
