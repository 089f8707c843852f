"""Validation frames of the ingest: the frames plus the ``check_*`` columns their suites expect to be true."""

from __future__ import annotations

from datetime import date

import polars as pl

PARSED_CHANGES = ("new", "changed")
# Published dates outside this range are parse errors, not news about Japan–Kazakhstan cooperation.
EARLIEST_DATE = date(1991, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def articles_validation_frame(articles: pl.DataFrame, source_files: pl.DataFrame) -> pl.DataFrame:
    """Every parsed article comes from a new or changed file of this scan."""
    parsed_ids = source_files.filter(pl.col("change").is_in(PARSED_CHANGES))["article_id"].drop_nulls()
    return articles.with_columns(
        check_from_scanned_file=pl.col("article_id").is_in(parsed_ids.implode()),
        check_date_plausible=pl.col("published_date").is_null()
        | pl.col("published_date").is_between(EARLIEST_DATE, LATEST_DATE),
        check_body_not_blank=pl.col("body").str.strip_chars().str.len_chars() > 0,
        n_warnings=pl.col("warnings").list.len(),
    ).drop("warnings")


def source_files_validation_frame(source_files: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """A file is either an article or a rejection with a reason, and parsed files' articles are in the batch."""
    parsed = pl.col("change").is_in(PARSED_CHANGES)
    return source_files.with_columns(
        check_article_xor_rejection=(pl.col("article_id").is_null() != pl.col("reason").is_null())
        | (pl.col("change") == "deferred"),
        check_article_in_batch=~parsed
        | pl.col("article_id").is_null()
        | pl.col("article_id").is_in(articles["article_id"].implode()),
    )
