-- quotes_by_speaker: what each speaker said: every answer and quote with its article, date and question.
-- Grain: one row per answer or quote turn with a known speaker. Filter with parameters, e.g.
-- `where speaker_key = ? order by published_date, article_id, turn_index`.
-- Stored at load time, ordered by speaker_key, and maintained for the changed articles only
-- (pipelines/reports/summaries.py): a speaker's rows are read from a few row groups.
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

-- Not materialised: read twice, and each read keeps the caller's filter.
turns as not materialized (

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

quoted as not materialized (

    select
        turn_id,
        article_id,
        turn_index,
        role,
        speaker,
        speaker_entity_id,
        coalesce(speaker_entity_id, speaker) as speaker_key,
        text,
        n_words,
        question_turn_id
    from turns
    where role in ('answer', 'quote') and coalesce(speaker_entity_id, speaker) is not null

),

-- Topics of the quoted turns only: a join lets the caller's speaker filter reach turn_topics (a correlated
-- subquery grouped all 1.6 M turns' topics at 100k).
quoted_topics as (

    select
        quoted.turn_id,
        list(turn_topics.topic_id order by turn_topics.score desc, turn_topics.topic_id) as topics
    from quoted
    inner join turn_topics on turn_topics.turn_id = quoted.turn_id
    group by quoted.turn_id

),

questions as (

    select
        turn_id as question_turn_id,
        text as question_text
    from turns

),

final as (

    select
        quoted.speaker_key,
        coalesce(entities.name_en, quoted.speaker) as speaker_name,
        quoted.speaker_entity_id,
        quoted.speaker,
        articles.published_date,
        articles.month,
        articles.lang,
        articles.outlet,
        quoted.article_id,
        articles.title,
        quoted.turn_id,
        quoted.turn_index,
        quoted.role,
        questions.question_text,
        quoted.text,
        quoted.n_words,
        coalesce(quoted_topics.topics, []::varchar[]) as topics
    from quoted
    inner join articles using (article_id)
    left join entities on entities.entity_id = quoted.speaker_entity_id
    left join questions using (question_turn_id)
    left join quoted_topics on quoted_topics.turn_id = quoted.turn_id

)

select * from final
