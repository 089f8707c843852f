-- entity_cooccurrence: which entities are mentioned together in the same article, and how often.
-- Grain: one row per period and unordered pair of entities (entity_id_a < entity_id_b) mentioned together
-- at least once. Filter with parameters, e.g. `where period = ? and n_articles >= ?`.
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
--   n_articles: Articles of the period that mention both entities.
--   n_articles_a: Articles of the period that mention the first entity.
--   n_articles_b: Articles of the period that mention the second entity.
--   jaccard: n_articles / articles mentioning either entity (1 = always mentioned together).

with

article_entities as (

    select * from fct_article_entities

),

periods as (

    select * from fct_article_periods

),

entity_periods as (

    select
        periods.period_grain,
        periods.period,
        article_entities.article_id,
        article_entities.entity_id,
        article_entities.name_en,
        article_entities.entity_type
    from article_entities
    inner join periods using (article_id)

),

entity_counts as (

    select
        period_grain,
        period,
        entity_id,
        count(*) as n_articles
    from entity_periods
    group by period_grain, period, entity_id

),

pairs as (

    select
        a.period_grain,
        a.period,
        a.entity_id as entity_id_a,
        any_value(a.name_en) as name_en_a,
        any_value(a.entity_type) as entity_type_a,
        b.entity_id as entity_id_b,
        any_value(b.name_en) as name_en_b,
        any_value(b.entity_type) as entity_type_b,
        count(*) as n_articles
    from entity_periods as a
    inner join entity_periods as b
        on a.period_grain = b.period_grain
        and a.period = b.period
        and a.article_id = b.article_id
        and a.entity_id < b.entity_id
    group by a.period_grain, a.period, a.entity_id, b.entity_id

),

final as (

    select
        pairs.*,
        count_a.n_articles as n_articles_a,
        count_b.n_articles as n_articles_b,
        pairs.n_articles / (count_a.n_articles + count_b.n_articles - pairs.n_articles) as jaccard
    from pairs
    inner join entity_counts as count_a
        on count_a.period_grain = pairs.period_grain
        and count_a.period = pairs.period
        and count_a.entity_id = pairs.entity_id_a
    inner join entity_counts as count_b
        on count_b.period_grain = pairs.period_grain
        and count_b.period = pairs.period
        and count_b.entity_id = pairs.entity_id_b

)

select * from final
