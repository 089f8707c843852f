-- stg_turns: every turn of every article (lead, question, answer, narration, quote).
-- Grain: one row per turn. Renames and casts only; columns keep the meaning documented on `turns`.

with

source as (

    select * from turns

),

final as (

    select
        turn_id,
        article_id,
        turn_index,
        role,
        speaker,
        speaker_entity_id,
        text,
        char_start,
        char_end,
        n_words,
        n_sentences,
        question_turn_id
    from source

)

select * from final
