-- top_entities: the entities the coverage mentions most, by entity type and period.
-- Grain: one row per period and entity. Filter with parameters, e.g.
-- `where period_grain = 'month' and period = ? and entity_type = ? order by rank_in_type limit 10`.
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

    select * from fct_article_entities

),

periods as (

    select * from fct_article_periods

),

counts as (

    select
        periods.period_grain,
        periods.period,
        any_value(periods.period_start) as period_start,
        article_entities.entity_type,
        article_entities.entity_id,
        any_value(article_entities.name_en) as name_en,
        count(*) as n_articles,
        cast(sum(article_entities.n_mentions) as bigint) as n_mentions,
        count(distinct article_entities.lang) as n_langs,
        count(*) filter (where article_entities.in_title) as n_in_title
    from article_entities
    inner join periods using (article_id)
    group by periods.period_grain, periods.period, article_entities.entity_type, article_entities.entity_id

),

final as (

    select
        *,
        row_number() over (
            partition by period_grain, period, entity_type
            order by n_articles desc, n_mentions desc, entity_id
        ) as rank_in_type
    from counts

)

select * from final
