-- entity_cooccurrence: which entities are prominent together in the same article, and how often.
-- An entity is prominent in an article when the title names it or the article mentions it at least twice: a
-- single passing mention (long articles name dozens of entities once) says little about what the article links.
-- Grain: one row per period and unordered pair of entities (entity_id_a < entity_id_b) prominent together in at
-- least 2 articles of the period (a pair seen in one article only is an anecdote, not a pattern). Filter with
-- parameters, e.g. `where period = ? and n_articles >= ?`. Stored at load time (pipelines/reports/summaries.py).
--
-- columns:
--   period_grain: month, year or all.
--   period: 'YYYY-MM' for a month, 'YYYY' for a year, 'all' for the whole corpus.
--   entity_id_a: First entity of the pair (alphabetically smaller id).
--   name_en_a: English name of the first entity.
--   entity_type_a: Type of the first entity.
--   entity_id_b: Second entity of the pair.
--   name_en_b: English name of the second entity.
--   entity_type_b: Type of the second entity.
--   n_articles: Articles of the period in which both entities are prominent (at least 2).
--   n_articles_a: Articles of the period in which the first entity is prominent.
--   n_articles_b: Articles of the period in which the second entity is prominent.
--   jaccard: n_articles / articles in which either entity is prominent (1 = always prominent together).

with

article_entities as (

    select * from fct_article_entities

),

entities as (

    select * from dim_entities

),

prominent as (

    select
        article_id,
        month,
        entity_id
    from article_entities
    where in_title or n_mentions >= 2

),

-- Integer keys for the pair self-join (millions of rows at 100k articles): much cheaper than text ids.
entity_keys as (

    select
        entity_id,
        cast(row_number() over (order by entity_id) as integer) as entity_key
    from (select distinct entity_id from prominent)

),

article_keys as (

    select
        article_id,
        cast(row_number() over (order by article_id) as integer) as article_key
    from (select distinct article_id from prominent)

),

keyed as (

    select
        prominent.month,
        article_keys.article_key,
        entity_keys.entity_key
    from prominent
    inner join article_keys using (article_id)
    inner join entity_keys using (entity_id)

),

entity_months as (

    select
        month,
        entity_key,
        count(*) as n_articles
    from keyed
    group by month, entity_key

),

pair_months as (

    select
        a.month,
        a.entity_key as entity_key_a,
        b.entity_key as entity_key_b,
        count(*) as n_articles
    from keyed as a
    inner join keyed as b
        on a.article_key = b.article_key
        and a.entity_key < b.entity_key
    group by a.month, a.entity_key, b.entity_key

),

-- Months roll up into years and 'all' by summing (every article has one month); undated count in 'all' only.
entity_counts as (

    select
        'month' as period_grain,
        strftime(month, '%Y-%m') as period,
        entity_key,
        n_articles
    from entity_months
    where month is not null
    union all
    select
        'year' as period_grain,
        cast(year(month) as varchar) as period,
        entity_key,
        sum(n_articles) as n_articles
    from entity_months
    where month is not null
    group by year(month), entity_key
    union all
    select
        'all' as period_grain,
        'all' as period,
        entity_key,
        sum(n_articles) as n_articles
    from entity_months
    group by entity_key

),

pairs as (

    select
        'month' as period_grain,
        strftime(month, '%Y-%m') as period,
        entity_key_a,
        entity_key_b,
        n_articles
    from pair_months
    where month is not null and n_articles >= 2
    union all
    select
        'year' as period_grain,
        cast(year(month) as varchar) as period,
        entity_key_a,
        entity_key_b,
        sum(n_articles) as n_articles
    from pair_months
    where month is not null
    group by year(month), entity_key_a, entity_key_b
    having sum(n_articles) >= 2
    union all
    select
        'all' as period_grain,
        'all' as period,
        entity_key_a,
        entity_key_b,
        sum(n_articles) as n_articles
    from pair_months
    group by entity_key_a, entity_key_b
    having sum(n_articles) >= 2

),

named as (

    select
        entity_keys.entity_key,
        entity_keys.entity_id,
        coalesce(entities.name_en, entity_keys.entity_id) as name_en,
        coalesce(entities.entity_type, 'UNKNOWN') as entity_type
    from entity_keys
    left join entities using (entity_id)

),

-- Materialised: joined in one block with count_b below, the optimiser pairs count_a with count_b by period first.
pairs_with_a as materialized (

    select
        pairs.*,
        entity_counts.n_articles as n_articles_a
    from pairs
    inner join entity_counts
        on entity_counts.period_grain = pairs.period_grain
        and entity_counts.period = pairs.period
        and entity_counts.entity_key = pairs.entity_key_a

),

final as (

    select
        pairs.period_grain,
        pairs.period,
        named_a.entity_id as entity_id_a,
        named_a.name_en as name_en_a,
        named_a.entity_type as entity_type_a,
        named_b.entity_id as entity_id_b,
        named_b.name_en as name_en_b,
        named_b.entity_type as entity_type_b,
        cast(pairs.n_articles as bigint) as n_articles,
        cast(pairs.n_articles_a as bigint) as n_articles_a,
        cast(count_b.n_articles as bigint) as n_articles_b,
        pairs.n_articles / (pairs.n_articles_a + count_b.n_articles - pairs.n_articles) as jaccard
    from pairs_with_a as pairs
    inner join entity_counts as count_b
        on count_b.period_grain = pairs.period_grain
        and count_b.period = pairs.period
        and count_b.entity_key = pairs.entity_key_b
    inner join named as named_a on named_a.entity_key = pairs.entity_key_a
    inner join named as named_b on named_b.entity_key = pairs.entity_key_b

)

select * from final
