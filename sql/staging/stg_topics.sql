-- stg_topics: the topic taxonomy with its labels.
-- Grain: one row per topic. Renames and casts only; columns keep the meaning documented on `topics`.

with

source as (

    select * from topics

),

final as (

    select
        topic_id,
        label_en,
        label_kk,
        label_ru,
        description_en,
        description_kk,
        description_ru
    from source

)

select * from final
