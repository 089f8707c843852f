"""Topic assets: the taxonomy, topic scores of turns and articles, relevance, and terms for emerging_terms."""

import dagster as dg

from pipelines.parts import Parts, map_parts, staging_dir
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.topics.lexicon import topics_frame
from pipelines.topics.scoring import ARTICLE_RELEVANCE_SCHEMA, ARTICLE_TOPICS_SCHEMA, TURN_TOPICS_SCHEMA
from pipelines.topics.stage import topics_of_part
from pipelines.topics.terms import ARTICLE_TERMS_SCHEMA


@dg.asset(group_name="topics", kinds={"polars", "yaml"})
def topics() -> dg.Output:
    """The topic taxonomy with labels and descriptions in English, Kazakh and Russian."""
    frame = topics_frame()
    return dg.Output(frame, metadata={"row_count": frame.height})


@dg.multi_asset(
    outs={
        "turn_topics": dg.AssetOut(description="Topics of each turn with their evidence.", kinds={"parquet"}),
        "article_topics": dg.AssetOut(description="Topics assigned to each article (usually 1-4).", kinds={"parquet"}),
        "article_relevance": dg.AssetOut(
            description="Whether each article is substantively about Japan–Kazakhstan, with its score.",
            kinds={"parquet"},
        ),
        "article_terms": dg.AssetOut(
            description="Term counts per article for the emerging_terms report.", kinds={"parquet"}
        ),
    },
    group_name="topics",
)
def topic_scores(
    context: dg.AssetExecutionContext, jkc: JkcConfig, turns: Parts, articles: Parts, entity_mentions: Parts
):
    """Score every new turn against the topic lexicon and entity evidence; assign article topics."""
    out = map_parts(
        topics_of_part,
        staging_dir(jkc.warehouse_path, context.run.run_id),
        {
            "turn_topics": TURN_TOPICS_SCHEMA,
            "article_topics": ARTICLE_TOPICS_SCHEMA,
            "article_relevance": ARTICLE_RELEVANCE_SCHEMA,
            "article_terms": ARTICLE_TERMS_SCHEMA,
        },
        turns,
        articles,
        entity_mentions,
    )
    shares = out["article_topics"].head(10_000).group_by("topic_id").len().sort("len", descending=True)
    for name, parts in out.items():
        metadata = {"row_count": parts.n_rows}
        if name == "article_topics":
            metadata["articles_by_topic"] = dg.MetadataValue.md(markdown_preview(shares, rows=20))
        yield dg.Output(parts, output_name=name, metadata=metadata)
