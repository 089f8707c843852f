-- fct_article_periods: the reporting periods each article counts in (factless bridge).
-- Answers: which articles fall in month 2025-12, in year 2025, or in the whole corpus ('all').
-- Grain: one row per article and period: its month and its year when dated, and 'all' always.
--
-- columns:
--   article_id: The article.
--   period_grain: month, year or all.
--   period: 'YYYY-MM' for a month, 'YYYY' for a year, 'all' for the whole corpus.
--   period_start: First day of the period; null for 'all'.

with

articles as (

    select * from dim_articles

),

months as (

    select
        article_id,
        'month' as period_grain,
        strftime(month, '%Y-%m') as period,
        month as period_start
    from articles
    where month is not null

),

years as (

    select
        article_id,
        'year' as period_grain,
        cast(year as varchar) as period,
        make_date(year, 1, 1) as period_start
    from articles
    where year is not null

),

whole_corpus as (

    select
        article_id,
        'all' as period_grain,
        'all' as period,
        cast(null as date) as period_start
    from articles

),

final as (

    select * from months
    union all
    select * from years
    union all
    select * from whole_corpus

)

select * from final
