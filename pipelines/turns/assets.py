"""Turns asset: every new article segmented into speaker-attributed turns."""

import dagster as dg
import polars as pl

from pipelines.parts import Parts, map_parts, staging_dir
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.turns.segment import TURNS_SCHEMA
from pipelines.turns.stage import linked_turns


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
