"""Constants and thresholds of the pipeline, in one place.

Run-time configuration (raw folder, warehouse file, size limit) lives in :mod:`pipelines.resources` and is read
from environment variables at run time; this module holds only values that are part of the code.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
SQL_DIR = PROJECT_ROOT / "sql"
SAMPLE_CORPUS_DIR = PROJECT_ROOT / "data" / "sample"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "jkc.duckdb"
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
SETTLE_SECONDS = 2
# Defaults of the JKC_* variables (relative paths are relative to the project folder).
ENV_DEFAULTS = {
    "JKC_RAW_DIR": "data/sample",
    "JKC_WAREHOUSE": "warehouse/jkc.duckdb",
    "JKC_MAX_FILE_BYTES": str(DEFAULT_MAX_FILE_BYTES),
    "JKC_SETTLE_SECONDS": str(SETTLE_SECONDS),
}

# Bump when parsing/extraction output changes: every file is then re-parsed on the next load.
PIPELINE_VERSION = "1"
# Warehouse schema version, checked by `jkc doctor`.
SCHEMA_VERSION = 1

# Ingest
RAW_SUFFIXES = (".txt",)
ARTICLE_ID_HEX_CHARS = 16
LANGUAGES = ("kk", "ru", "en")
REJECTION_REASONS = ("empty", "no_body", "binary", "undecodable", "too_large")
# Share of C0 control characters (other than tab/newline/CR/form feed) above which a text is binary.
MAX_CONTROL_CHAR_SHARE = 0.001
# Charset-detection candidates, in order of preference for ties.
CANDIDATE_ENCODINGS = ("utf_8", "utf_16", "cp1251")

# Validation
VALIDATION_SAMPLE_SIZE = 10
# Parts validated together in one GX call per suite: each call has a fixed cost of ~0.3 s (GX builds a metric graph
# per expectation), and each part adds ~60 MB to the worker while it is validated (at 100k, 10 parts per call
# peaked at 3.75 GB of workers, 4 at 2.57 GB before the turn texts were left out of GX's frame).
VALIDATION_CHUNK_PARTS = 6

# Batches: a load processes new articles in parts of this many articles, on this many processes.
BATCH_ARTICLES = 2000
WORKERS = max(1, len(os.sched_getaffinity(0)))
# Parts of another run untouched this long are a crashed run's leftovers (a live run adds parts every stage).
STAGING_STALE_SECONDS = 3600

# Loader
LOCK_TIMEOUT_SECONDS = 30.0
# DuckDB settings of the load connection: a bounded memory (it spills to a temp folder beside the warehouse) and
# no insertion-order bookkeeping. Unbounded, the load step peaked at ~3.7 GB at 100k articles. The load runs after
# the worker pool has stopped, so it may use most of the 3 GB budget: sorting the stored quotes (550k rows with
# their texts, summaries.py) fails with 1.5 GB at 100k; with 2 GB the commit process peaks at ~2.2 GB.
LOAD_DUCKDB_CONFIG = {"memory_limit": "2GB", "preserve_insertion_order": "false"}
