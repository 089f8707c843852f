-- top_entities: the entities the coverage mentions most, by entity type and period.
-- Grain: one row per period and entity. Filter with parameters, e.g.
-- `where period_grain = 'month' and period = ? and entity_type = ? order by rank_in_type limit 10`. Stored at load
-- time (pipelines/reports/summaries.py).
--
-- columns:
--   period_grain: month, year or all.
--   period: 'YYYY-MM' for a month, 'YYYY' for a year, 'all' for the whole corpus.
--   period_start: First day of the period; null for 'all'.
--   entity_type: PERSON, ORGANISATION, GPE, LOCATION, EVENT or PROJECT.
--   entity_id: The entity (dim_entities.entity_id).
--   name_en: English name of the entity.
--   n_articles: Articles of the period that mention the entity.
--   n_mentions: Mentions of the entity in those articles.
--   n_langs: Languages of those articles.
--   n_in_title: Of those articles, how many mention the entity in the title.
--   rank_in_type: 1 = most mentioned entity of its type in the period (by articles, then mentions, then id).

with

article_entities as (

    select * from agg_article_entities

),

articles as (

    select * from dim_articles

),

entities as (

    select * from dim_entities

),

month_periods as (

    select * from dim_month_periods

),

-- Counted by month and language first: an article has one month and one language, so the counts add up.
-- Names and types are joined to the few counted rows, not to every article's mentions.
month_counts as (

    select
        articles.month,
        articles.lang,
        article_entities.entity_id,
        count(*) as n_articles,
        sum(article_entities.n_mentions) as n_mentions,
        count(*) filter (where article_entities.in_title) as n_in_title
    from article_entities
    inner join articles using (article_id)
    group by articles.month, articles.lang, article_entities.entity_id

),

counts as (

    select
        month_periods.period_grain,
        month_periods.period,
        any_value(month_periods.period_start) as period_start,
        month_counts.entity_id,
        cast(sum(month_counts.n_articles) as bigint) as n_articles,
        cast(sum(month_counts.n_mentions) as bigint) as n_mentions,
        count(distinct month_counts.lang) as n_langs,
        cast(sum(month_counts.n_in_title) as bigint) as n_in_title
    from month_counts
    inner join month_periods on month_periods.month is not distinct from month_counts.month
    group by month_periods.period_grain, month_periods.period, month_counts.entity_id

),

named as (

    select
        counts.period_grain,
        counts.period,
        counts.period_start,
        coalesce(entities.entity_type, 'UNKNOWN') as entity_type,
        counts.entity_id,
        coalesce(entities.name_en, counts.entity_id) as name_en,
        counts.n_articles,
        counts.n_mentions,
        counts.n_langs,
        counts.n_in_title
    from counts
    left join entities using (entity_id)

),

final as (

    select
        *,
        row_number() over (
            partition by period_grain, period, entity_type
            order by n_articles desc, n_mentions desc, entity_id
        ) as rank_in_type
    from named

)

select * from final
