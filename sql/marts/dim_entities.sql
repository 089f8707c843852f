-- dim_entities: the known entities with their names in the three languages.
-- Grain: one row per entity of the gazetteer.
--
-- columns:
--   entity_id: Stable ASCII slug of the English name, e.g. japan, kassym-jomart-tokayev.
--   entity_type: PERSON, ORGANISATION, GPE, LOCATION, EVENT or PROJECT.
--   name_en: Canonical English name.
--   name_kk: Canonical Kazakh name.
--   name_ru: Canonical Russian name.
--   wikidata_id: Wikidata Q-id where certain; null otherwise.

with

entities as (

    select * from stg_entities

),

final as (

    select
        entity_id,
        entity_type,
        name_en,
        name_kk,
        name_ru,
        wikidata_id
    from entities

)

select * from final
