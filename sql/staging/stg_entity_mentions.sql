-- stg_entity_mentions: every mention of a known entity in a title or body.
-- Grain: one row per mention. Renames and casts only; columns keep the meaning documented on `entity_mentions`.

with

source as (

    select * from entity_mentions

),

final as (

    select
        mention_id,
        article_id,
        turn_id,
        entity_id,
        surface,
        char_start,
        char_end,
        method
    from source

)

select * from final
