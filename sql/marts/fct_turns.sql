-- fct_turns: every turn with its speaker resolved across languages, its question and its topics.
-- Answers: who said what, where and when, in reply to which question.
-- Grain: one row per turn (articles of the current corpus only).
--
-- columns:
--   turn_id: The turn (turns.turn_id).
--   article_id: The article.
--   turn_index: 0-based position of the turn in its article.
--   role: lead, question, answer, narration or quote.
--   speaker: Speaker as written in the article (nominative); null when unknown.
--   speaker_entity_id: The speaker as a known entity, where the gazetteer knows them.
--   speaker_key: Who speaks, the same across languages: the entity id when known, else the written name.
--   speaker_name: English name of the speaker when a known entity, else the name as written.
--   text: Text of the turn.
--   n_words: Words in the turn.
--   question_turn_id: For answers: the question they answer.
--   question_text: For answers: the text of that question.
--   topics: Topic ids found in the turn, highest score first (empty when none).
--   published_date: Publication date of the article.
--   month: First day of the publication month of the article; null when undated.
--   lang: Language of the article.
--   outlet: Outlet of the article ('unknown' when none).
--   title: Title of the article.

with

turns as (

    select * from stg_turns

),

turn_topics as (

    select * from stg_turn_topics

),

articles as (

    select * from dim_articles

),

entities as (

    select * from dim_entities

),

topics_per_turn as (

    select
        turn_id,
        list(topic_id order by score desc, topic_id) as topics
    from turn_topics
    group by turn_id

),

final as (

    select
        turns.turn_id,
        turns.article_id,
        turns.turn_index,
        turns.role,
        turns.speaker,
        turns.speaker_entity_id,
        coalesce(turns.speaker_entity_id, turns.speaker) as speaker_key,
        coalesce(entities.name_en, turns.speaker) as speaker_name,
        turns.text,
        turns.n_words,
        turns.question_turn_id,
        questions.text as question_text,
        coalesce(topics_per_turn.topics, []::varchar[]) as topics,
        articles.published_date,
        articles.month,
        articles.lang,
        articles.outlet,
        articles.title
    from turns
    inner join articles using (article_id)
    left join entities on entities.entity_id = turns.speaker_entity_id
    left join turns as questions on questions.turn_id = turns.question_turn_id
    left join topics_per_turn on topics_per_turn.turn_id = turns.turn_id

)

select * from final
