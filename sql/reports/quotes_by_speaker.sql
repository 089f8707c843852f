-- quotes_by_speaker: what each speaker said: every answer and quote with its article, date and question.
-- Grain: one row per answer or quote turn with a known speaker. Filter with parameters, e.g.
-- `where speaker_key = ? order by published_date, article_id, turn_index`.
--
-- columns:
--   speaker_key: Who speaks, the same across languages: the entity id when known, else the written name.
--   speaker_name: English name when a known entity, else the name as written.
--   speaker_entity_id: The speaker as a known entity; null when the gazetteer does not know them.
--   speaker: The speaker as written in the article.
--   published_date: Publication date of the article.
--   month: First day of the publication month; null when undated.
--   lang: Language of the article.
--   outlet: Outlet of the article ('unknown' when none).
--   article_id: The article.
--   title: Title of the article.
--   turn_id: The turn.
--   turn_index: 0-based position of the turn in its article.
--   role: answer or quote.
--   question_text: For answers: the question they answer.
--   text: What the speaker said.
--   n_words: Words in text.
--   topics: Topic ids found in the turn, highest score first.

with

turns as (

    select * from fct_turns

),

final as (

    select
        speaker_key,
        speaker_name,
        speaker_entity_id,
        speaker,
        published_date,
        month,
        lang,
        outlet,
        article_id,
        title,
        turn_id,
        turn_index,
        role,
        question_text,
        text,
        n_words,
        topics
    from turns
    where role in ('answer', 'quote') and speaker_key is not null

)

select * from final
