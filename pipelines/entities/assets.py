"""Entity assets: the reviewed gazetteer, mentions in every new turn and title, and candidate names."""

import dagster as dg
import polars as pl

from pipelines.entities import CANDIDATE_MENTIONS_SCHEMA, ENTITY_MENTIONS_SCHEMA, load_gazetteer
from pipelines.entities.stage import mentions_and_candidates
from pipelines.parts import Parts, map_parts, staging_dir
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig


@dg.asset(group_name="entities", kinds={"polars", "yaml"})
def entities() -> dg.Output:
    """Canonical people, organisations, places, events and projects from the reviewed gazetteer."""
    frame = load_gazetteer()
    by_type = dict(frame.group_by("entity_type").len().sort("entity_type").iter_rows())
    return dg.Output(frame, metadata={"row_count": frame.height, "by_type": dg.MetadataValue.json(by_type)})


@dg.multi_asset(
    outs={
        "entity_mentions": dg.AssetOut(
            description="Every mention of a gazetteer entity, in any language and case form, with offsets.",
            kinds={"polars", "parquet"},
        ),
        "candidate_mentions": dg.AssetOut(
            description="Capitalised names that look like entities but are not in the gazetteer.",
            kinds={"polars", "parquet"},
        ),
    },
    group_name="entities",
)
def entity_mentions(
    context: dg.AssetExecutionContext, jkc: JkcConfig, turns: Parts, articles: Parts, entities: pl.DataFrame
):
    """Find entities in every new turn and title in one multi-pattern pass per part."""
    out = map_parts(
        mentions_and_candidates,
        staging_dir(jkc.warehouse_path, context.run.run_id),
        {"entity_mentions": ENTITY_MENTIONS_SCHEMA, "candidate_mentions": CANDIDATE_MENTIONS_SCHEMA},
        turns,
        articles,
        constants=(entities,),
    )
    mentions = out["entity_mentions"]
    top = mentions.head(2000).group_by("entity_id").len().sort("len", descending=True).head(10)
    yield dg.Output(
        mentions,
        output_name="entity_mentions",
        metadata={"row_count": mentions.n_rows, "top_entities": dg.MetadataValue.md(markdown_preview(top))},
    )
    yield dg.Output(
        out["candidate_mentions"],
        output_name="candidate_mentions",
        metadata={"row_count": out["candidate_mentions"].n_rows},
    )
