"""Turns asset: every new article segmented into speaker-attributed turns."""

import dagster as dg
import polars as pl

from pipelines.entities import link_speakers
from pipelines.parts import Parts, map_parts, staging_dir
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.turns.segment import TURNS_SCHEMA, segment_turns


def linked_turns(articles: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """Segment a part of the articles and link each speaker to the gazetteer where it is known."""
    return link_speakers(segment_turns(articles), entities)


@dg.asset(group_name="turns", kinds={"polars", "parquet"})
def turns(context: dg.AssetExecutionContext, jkc: JkcConfig, articles: Parts, entities: pl.DataFrame) -> dg.Output:
    """Lead, question, answer, narration and quote turns of each new article, with speakers."""
    out = map_parts(
        linked_turns,
        staging_dir(jkc.warehouse_path, context.run.run_id),
        {"turns": TURNS_SCHEMA},
        articles,
        constants=(entities,),
    )["turns"]
    sample = out.head(10).select("turn_id", "role", "speaker", "speaker_entity_id", "text")
    return dg.Output(out, metadata={"row_count": out.n_rows, "preview": dg.MetadataValue.md(markdown_preview(sample))})
