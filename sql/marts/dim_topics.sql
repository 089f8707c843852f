-- dim_topics: the topic taxonomy with labels in the three languages.
-- Grain: one row per topic.
--
-- columns:
--   topic_id: Stable id of the topic, e.g. diplomacy, transport_logistics.
--   label_en: English label.
--   label_kk: Kazakh label.
--   label_ru: Russian label.
--   description_en: What the topic covers, in English.

with

topics as (

    select * from stg_topics

),

final as (

    select
        topic_id,
        label_en,
        label_kk,
        label_ru,
        description_en
    from topics

)

select * from final
