"""The entities stage's work on one part, Dagster-free: the worker processes import this module (importing Dagster
would cost each of them ~0.9 s of CPU)."""

import polars as pl

from pipelines.entities.candidates import candidate_names, candidate_runs, unknown_candidates
from pipelines.entities.extract import extract_mentions


def mentions_and_candidates(
    turns: pl.DataFrame, articles: pl.DataFrame, entities: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    """Gazetteer mentions of one part, and the capitalised names the gazetteer does not know.

    As :func:`candidate_mentions` after :func:`extract_mentions`, but in one matcher pass: the candidate names go
    with the part's titles and bodies, so the automaton of every gazetteer form is built once per part.
    """
    runs = candidate_runs(turns, articles)
    names = candidate_names(runs)
    found = extract_mentions(turns, pl.concat([articles.select(names.columns), names]), entities)
    of_name = pl.col("article_id").is_in(names["article_id"].implode())
    mentions = found.filter(~of_name)
    known = found.filter(of_name)["article_id"]
    return {"entity_mentions": mentions, "candidate_mentions": unknown_candidates(runs, names, known, mentions)}
