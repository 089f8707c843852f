-- agg_article_entities: how often each article mentions each known entity, and whether its title does.
-- Answers: which entities an article names, the building block of the entity reports. Stored at load time
-- and maintained for the changed articles only (pipelines/reports/summaries.py).
-- Grain: one row per article and entity (every loaded article, including those whose files disappeared).
--
-- columns:
--   article_id: The article (articles.article_id).
--   entity_id: The entity mentioned (entities.entity_id).
--   n_mentions: Mentions of the entity in the article (title and body).
--   in_title: True when the title mentions the entity.

with

mentions as (

    select * from stg_entity_mentions

),

final as (

    select
        article_id,
        entity_id,
        count(*) as n_mentions,
        bool_or(turn_id is null) as in_title
    from mentions
    group by article_id, entity_id

)

select * from final
