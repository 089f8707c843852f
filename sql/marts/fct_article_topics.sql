-- fct_article_topics: the topics each article discusses, with the article's reporting attributes.
-- Grain: one row per article and topic (articles of the current corpus only).
--
-- columns:
--   article_id: The article.
--   topic_id: The topic (dim_topics.topic_id).
--   label_en: English label of the topic (its id when not in the taxonomy).
--   published_date: Publication date of the article.
--   month: First day of the publication month of the article; null when undated.
--   lang: Language of the article.
--   outlet: Outlet of the article ('unknown' when none).
--   about_japan_kazakhstan: Whether the article is about Japan–Kazakhstan relations.
--   score: Article-level score of the topic.
--   share_of_turns: Share of the article's turns that carry the topic.

with

article_topics as (

    select * from stg_article_topics

),

articles as (

    select * from dim_articles

),

topics as (

    select * from dim_topics

),

final as (

    select
        article_topics.article_id,
        article_topics.topic_id,
        coalesce(topics.label_en, article_topics.topic_id) as label_en,
        articles.published_date,
        articles.month,
        articles.lang,
        articles.outlet,
        articles.about_japan_kazakhstan,
        article_topics.score,
        article_topics.share_of_turns
    from article_topics
    inner join articles using (article_id)
    left join topics using (topic_id)

)

select * from final
