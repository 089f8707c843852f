-- stg_article_topics: the topics assigned to each article.
-- Grain: one row per article and topic. Renames and casts only; columns keep the meaning documented on
-- `article_topics`.

with

source as (

    select * from article_topics

),

final as (

    select
        article_id,
        topic_id,
        score,
        share_of_turns
    from source

)

select * from final
