-- The warehouse contract: every table the loader writes, with a comment on every table and column.
-- Applied with `create ... if not exists` on every load; `schema_info` holds the schema version.

create table if not exists schema_info (
    schema_version integer not null,
    pipeline_version varchar not null
);

create table if not exists articles (
    article_id varchar primary key,
    published_date date,
    title varchar not null,
    body varchar using compression zstd not null,
    lang varchar not null,
    outlet varchar,
    dateline varchar,
    encoding varchar not null,
    warnings varchar[] not null,
    n_chars bigint not null,
    n_words bigint not null,
    about_japan_kazakhstan boolean,
    relevance_score double,
    source_missing boolean not null default false,
    ingested_at timestamptz not null
);
comment on table articles is 'One row per distinct article (copies of the same text in several files are one article).';
comment on column articles.article_id is '16 hex characters of the SHA-256 of the normalised text with whitespace collapsed.';
comment on column articles.published_date is 'Date from the header line; null when there is no header or it is not a calendar date.';
comment on column articles.title is 'Title from the header line, or the first line when there is no header.';
comment on column articles.body is 'Normalised text after the header (paragraphs separated by newlines); all offsets refer to it.';
comment on column articles.lang is 'Language of the article: kk, ru or en.';
comment on column articles.outlet is 'News agency named in the dateline, canonical spelling (e.g. Kazinform); null if none.';
comment on column articles.dateline is 'City of the dateline in canonical English spelling (e.g. Astana); null if none.';
comment on column articles.encoding is 'Encoding the raw file was decoded from (utf-8, utf-8-sig, utf-16, cp1251).';
comment on column articles.warnings is 'Non-fatal ingest findings, e.g. invalid_date:2025-02-30, no_date_line.';
comment on column articles.n_chars is 'Characters in body.';
comment on column articles.n_words is 'Words in body.';
comment on column articles.about_japan_kazakhstan is 'True when the article is substantively about Japan–Kazakhstan relations or cooperation.';
comment on column articles.relevance_score is 'Score behind about_japan_kazakhstan, 0..1.';
comment on column articles.source_missing is 'True when no file in the raw folder holds this article any more (kept, never deleted silently).';
comment on column articles.ingested_at is 'When the load that parsed this article started (UTC).';

create table if not exists source_files (
    path varchar primary key,
    size bigint not null,
    mtime_ns bigint not null,
    sha256 varchar,
    article_id varchar,
    encoding varchar,
    reason varchar,
    detail varchar,
    present boolean not null,
    pipeline_version varchar not null,
    first_seen timestamptz not null,
    last_seen timestamptz not null
);
comment on table source_files is 'The manifest: every file seen in the raw folder, its fingerprint and what became of it.';
comment on column source_files.path is 'Path relative to the raw folder, with / separators.';
comment on column source_files.size is 'Size in bytes at the last load that saw the file.';
comment on column source_files.mtime_ns is 'Modification time in nanoseconds since the epoch at the last load that saw it.';
comment on column source_files.sha256 is 'SHA-256 of the raw bytes; null for files rejected from stat alone (too_large).';
comment on column source_files.article_id is 'The article the file holds; null when rejected.';
comment on column source_files.encoding is 'Encoding the file was decoded from.';
comment on column source_files.reason is 'Rejection reason: empty, no_body, binary, undecodable, too_large; null when loaded.';
comment on column source_files.detail is 'Human-readable detail of the rejection.';
comment on column source_files.present is 'False once the file has disappeared from the raw folder.';
comment on column source_files.pipeline_version is 'Pipeline version that parsed the file; a new version re-parses everything.';
comment on column source_files.first_seen is 'First load that saw the file.';
comment on column source_files.last_seen is 'Last load that saw the file in the raw folder.';

create table if not exists load_runs (
    run_id varchar primary key,
    started_at timestamptz not null,
    finished_at timestamptz not null,
    n_files_seen bigint not null,
    n_new bigint not null,
    n_changed bigint not null,
    n_unchanged bigint not null,
    n_missing bigint not null,
    n_deferred bigint not null,
    n_rejected bigint not null,
    n_articles bigint not null,
    raw_dir varchar not null,
    status varchar not null
);
comment on table load_runs is 'One row per committed load. Failed loads commit nothing and appear only in Dagster''s run history.';
comment on column load_runs.run_id is 'Dagster run id (or a uuid for loads outside Dagster).';
comment on column load_runs.n_files_seen is 'Files found in the raw folder.';
comment on column load_runs.n_new is 'Files never seen before.';
comment on column load_runs.n_changed is 'Files whose content changed since the last load.';
comment on column load_runs.n_unchanged is 'Files neither re-read nor re-parsed.';
comment on column load_runs.n_missing is 'Files that disappeared since the last load.';
comment on column load_runs.n_deferred is 'Files modified seconds before the scan, left for the next load.';
comment on column load_runs.n_rejected is 'New or changed files rejected by this load.';
comment on column load_runs.n_articles is 'Articles in the warehouse after the load.';
comment on column load_runs.status is 'success (failed loads are never committed).';

create table if not exists validation_results (
    run_id varchar not null,
    suite varchar not null,
    expectation varchar not null,
    column_name varchar,
    kwargs varchar not null,
    success boolean not null,
    n_rows bigint not null,
    unexpected_count bigint not null,
    unexpected_sample varchar not null,
    validated_at timestamptz not null
);
comment on table validation_results is 'Every Great Expectations result of every committed load (failures block the load and show in Dagster).';
comment on column validation_results.suite is 'Expectation suite (a file in expectations/), named after the table it validates.';
comment on column validation_results.expectation is 'GX expectation type, e.g. expect_column_values_to_not_be_null.';
comment on column validation_results.kwargs is 'The expectation''s arguments as JSON.';
comment on column validation_results.unexpected_sample is 'Up to 10 unexpected values as JSON.';

create or replace view article_sources as
select article_id, path, size, make_timestamp(mtime_ns // 1000) as mtime, sha256, encoding, present
from source_files
where article_id is not null;
comment on view article_sources is 'Every file that holds an article, duplicates included (present = still in the raw folder).';

create or replace view rejected_files as
select path, sha256, reason, detail, first_seen, last_seen
from source_files
where reason is not null and present;
comment on view rejected_files is 'Files that could not be loaded, with the reason; retried when the file changes.';
