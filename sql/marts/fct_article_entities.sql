-- fct_article_entities: which known entities each article mentions, and how often.
-- Grain: one row per article and entity (articles of the current corpus only).
--
-- columns:
--   article_id: The article.
--   entity_id: The entity mentioned (dim_entities.entity_id).
--   entity_type: PERSON, ORGANISATION, GPE, LOCATION, EVENT or PROJECT; 'UNKNOWN' if not in the gazetteer.
--   name_en: English name of the entity (its id when not in the gazetteer).
--   published_date: Publication date of the article.
--   month: First day of the publication month of the article; null when undated.
--   lang: Language of the article.
--   outlet: Outlet of the article ('unknown' when none).
--   about_japan_kazakhstan: Whether the article is about Japan–Kazakhstan relations.
--   n_mentions: Mentions of the entity in the article (title and body).
--   in_title: True when the title mentions the entity.

with

per_article as (

    select * from agg_article_entities

),

articles as (

    select * from dim_articles

),

entities as (

    select * from dim_entities

),

final as (

    select
        per_article.article_id,
        per_article.entity_id,
        coalesce(entities.entity_type, 'UNKNOWN') as entity_type,
        coalesce(entities.name_en, per_article.entity_id) as name_en,
        articles.published_date,
        articles.month,
        articles.lang,
        articles.outlet,
        articles.about_japan_kazakhstan,
        per_article.n_mentions,
        per_article.in_title
    from per_article
    inner join articles using (article_id)
    left join entities using (entity_id)

)

select * from final
