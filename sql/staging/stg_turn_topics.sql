-- stg_turn_topics: the topics found in each turn, with their evidence.
-- Grain: one row per turn and topic. Renames and casts only; columns keep the meaning documented on
-- `turn_topics`.

with

source as (

    select * from turn_topics

),

final as (

    select
        turn_id,
        article_id,
        topic_id,
        score,
        evidence
    from source

)

select * from final
