-- coverage_by_month: how many articles each outlet published per month and language, and how many of them
-- are about Japan–Kazakhstan relations.
-- Grain: one row per month, lang and outlet with at least one article. Filter with parameters, e.g.
-- `where month = ? and lang = ?`; sum the counts to roll up over languages or outlets.
--
-- columns:
--   month: First day of the publication month; null for undated articles.
--   lang: Language of the articles: kk, ru or en.
--   outlet: News agency ('unknown' when the article names none).
--   n_articles: Articles published.
--   n_about_japan_kazakhstan: Of which about Japan–Kazakhstan relations.
--   n_not_about: Of which scored as not about Japan–Kazakhstan relations.
--   n_unscored: Of which not scored yet (about_japan_kazakhstan is null).
--   share_about_japan_kazakhstan: n_about_japan_kazakhstan / scored articles; null when none is scored.
--   n_words: Words in the bodies of these articles.
--   n_interviews: Of which interviews (articles with answer turns).

with

articles as (

    select * from dim_articles

),

final as (

    select
        month,
        lang,
        outlet,
        count(*) as n_articles,
        count(*) filter (where about_japan_kazakhstan) as n_about_japan_kazakhstan,
        count(*) filter (where not about_japan_kazakhstan) as n_not_about,
        count(*) filter (where about_japan_kazakhstan is null) as n_unscored,
        count(*) filter (where about_japan_kazakhstan)
            / nullif(count(about_japan_kazakhstan), 0) as share_about_japan_kazakhstan,
        cast(sum(n_words) as bigint) as n_words,
        count(*) filter (where is_interview) as n_interviews
    from articles
    group by month, lang, outlet

)

select * from final
