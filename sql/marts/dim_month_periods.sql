-- dim_month_periods: the reporting periods a publication month counts in (its month, its year and 'all').
-- Answers: which periods to add a month's counts to, so reports aggregate by month once and roll the months
-- up (every article has one month, so counts of articles, turns or mentions add up over months).
-- Grain: one row per month of the current corpus (null for undated articles) and period: a dated month counts
-- in itself, its year and 'all'; the undated articles count in 'all' only.
--
-- columns:
--   month: First day of the publication month; null for undated articles.
--   period_grain: month, year or all.
--   period: 'YYYY-MM' for a month, 'YYYY' for a year, 'all' for the whole corpus.
--   period_start: First day of the period; null for 'all'.

with

months as (

    select distinct month from dim_articles

),

final as (

    select
        month,
        'month' as period_grain,
        strftime(month, '%Y-%m') as period,
        month as period_start
    from months
    where month is not null
    union all
    select
        month,
        'year' as period_grain,
        strftime(month, '%Y') as period,
        make_date(year(month), 1, 1) as period_start
    from months
    where month is not null
    union all
    select
        month,
        'all' as period_grain,
        'all' as period,
        cast(null as date) as period_start
    from months

)

select * from final
