-- emerging_terms: per language, which terms are rising? The terms whose share of all term occurrences in the
-- last 30 days rose most against the previous 180 days, so analysts see new subjects before anyone adds them to
-- the topic lexicon. Windows end at the newest published_date in the warehouse (not today), so the report is
-- reproducible; undated articles are left out.
-- Statistic: the log odds ratio of the term in the recent vs the previous window, each count smoothed by +0.5,
-- and its z-score (log odds / its standard error); rows are ranked by the z-score, which discounts rare terms.
-- Grain: one row per language and term with at least 5 occurrences in at least 2 recent articles and a higher
-- share in the recent window than before. Filter with `where lang = ? and rank <= 20`. Stored at load time
-- (pipelines/reports/summaries.py).
--
-- columns:
--   lang: Language of the articles: kk, ru or en.
--   term: The term (normalised word or bigram, see docs/topics.md).
--   n_recent: Occurrences in the 30 days up to and including the newest published_date.
--   n_previous: Occurrences in the 180 days before those.
--   n_articles_recent: Recent articles containing the term.
--   share_recent: n_recent / all term occurrences of the language in the recent window.
--   share_previous: n_previous / all term occurrences of the language in the previous window.
--   log_odds: Smoothed log odds ratio, recent vs previous (positive: rising).
--   z_score: log_odds divided by its standard error.
--   rank: 1 = the most significantly rising term of the language.

with

newest as (

    select max(published_date) as newest_date from articles

),

windowed_articles as (

    select
        articles.article_id,
        articles.lang,
        case
            when articles.published_date > newest.newest_date - 30 then 'recent'
            else 'previous'
        end as time_window
    from articles
    cross join newest
    where articles.published_date > newest.newest_date - 210

),

windowed_terms as (

    select
        windowed_articles.lang,
        article_terms.term,
        article_terms.n,
        windowed_articles.time_window
    from article_terms
    inner join windowed_articles on article_terms.article_id = windowed_articles.article_id

),

term_counts as (

    select
        lang,
        term,
        coalesce(sum(n) filter (where time_window = 'recent'), 0) as n_recent,
        coalesce(sum(n) filter (where time_window = 'previous'), 0) as n_previous,
        -- article_terms holds one row per article and term, so rows count articles
        count(*) filter (where time_window = 'recent') as n_articles_recent
    from windowed_terms
    group by lang, term

),

window_totals as (

    select
        lang,
        sum(n_recent) as total_recent,
        sum(n_previous) as total_previous
    from term_counts
    group by lang

),

scored as (

    select
        term_counts.lang,
        term_counts.term,
        term_counts.n_recent,
        term_counts.n_previous,
        term_counts.n_articles_recent,
        term_counts.n_recent / nullif(window_totals.total_recent, 0) as share_recent,
        term_counts.n_previous / nullif(window_totals.total_previous, 0) as share_previous,
        ln((term_counts.n_recent + 0.5) / (window_totals.total_recent - term_counts.n_recent + 0.5))
        - ln((term_counts.n_previous + 0.5) / (window_totals.total_previous - term_counts.n_previous + 0.5))
            as log_odds,
        sqrt(
            1 / (term_counts.n_recent + 0.5)
            + 1 / (window_totals.total_recent - term_counts.n_recent + 0.5)
            + 1 / (term_counts.n_previous + 0.5)
            + 1 / (window_totals.total_previous - term_counts.n_previous + 0.5)
        ) as standard_error
    from term_counts
    inner join window_totals on term_counts.lang = window_totals.lang
    where term_counts.n_recent >= 5 and term_counts.n_articles_recent >= 2

),

final as (

    select
        lang,
        term,
        cast(n_recent as bigint) as n_recent,
        cast(n_previous as bigint) as n_previous,
        n_articles_recent,
        share_recent,
        share_previous,
        log_odds,
        log_odds / standard_error as z_score,
        row_number() over (partition by lang order by log_odds / standard_error desc, term) as rank
    from scored
    where log_odds > 0

)

select * from final
