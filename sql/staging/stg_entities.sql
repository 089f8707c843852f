-- stg_entities: the gazetteer of known entities.
-- Grain: one row per entity. Renames and casts only; columns keep the meaning documented on `entities`.

with

source as (

    select * from entities

),

final as (

    select
        entity_id,
        entity_type,
        name_en,
        name_kk,
        name_ru,
        wikidata_id,
        aliases
    from source

)

select * from final
