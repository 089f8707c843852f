-- topic_share_by_month: which topics the coverage discussed each month, as a share of the month's articles.
-- Grain: one row per month, lang and topic with at least one article. Filter with parameters, e.g.
-- `where month = ?`; to roll up over languages, sum n_articles and n_articles_in_month and divide.
--
-- columns:
--   month: First day of the publication month; null for undated articles.
--   lang: Language of the articles: kk, ru or en.
--   topic_id: The topic (dim_topics.topic_id).
--   label_en: English label of the topic.
--   n_articles: Articles of the month and language that discuss the topic.
--   n_articles_in_month: All articles of the month and language.
--   share_of_articles: n_articles / n_articles_in_month.
--   mean_score: Mean article-level score of the topic over the articles that discuss it.

with

articles as (

    select * from dim_articles

),

article_topics as (

    select * from fct_article_topics

),

month_totals as (

    select
        month,
        lang,
        count(*) as n_articles_in_month
    from articles
    group by month, lang

),

topic_counts as (

    select
        month,
        lang,
        topic_id,
        any_value(label_en) as label_en,
        count(distinct article_id) as n_articles,
        avg(score) as mean_score
    from article_topics
    group by month, lang, topic_id

),

final as (

    select
        topic_counts.month,
        topic_counts.lang,
        topic_counts.topic_id,
        topic_counts.label_en,
        topic_counts.n_articles,
        month_totals.n_articles_in_month,
        topic_counts.n_articles / month_totals.n_articles_in_month as share_of_articles,
        topic_counts.mean_score
    from topic_counts
    inner join month_totals
        on month_totals.month is not distinct from topic_counts.month
        and month_totals.lang = topic_counts.lang

)

select * from final
