-- speakers: who answers questions or is quoted most, in how many articles and languages, and on which topics.
-- Grain: one row per period and speaker (answer and quote turns with a known speaker). Filter with
-- parameters, e.g. `where period_grain = 'month' and period = ? order by rank limit 10`. Stored at load time
-- (pipelines/reports/summaries.py).
--
-- columns:
--   period_grain: month, year or all.
--   period: 'YYYY-MM' for a month, 'YYYY' for a year, 'all' for the whole corpus.
--   speaker_key: Who speaks, the same across languages: the entity id when known, else the written name.
--   speaker_name: English name when a known entity, else the name as written.
--   speaker_entity_id: The speaker as a known entity; null when the gazetteer does not know them.
--   n_articles: Articles of the period in which the speaker answers or is quoted.
--   n_turns: Answer and quote turns of the speaker.
--   n_answers: Answer turns (replies to an interviewer's question).
--   n_quotes: Quote turns (reported speech).
--   n_words: Words the speaker is credited with.
--   langs: Languages of those articles, sorted.
--   topics: Topics of the speaker's turns, most frequent first (empty when no turn carries a topic).
--   top_topic: The speaker's most frequent topic; null when none.
--   rank: 1 = the speaker with the most articles in the period (then turns, words, name).

with

turns as (

    select * from stg_turns

),

articles as (

    select * from dim_articles

),

entities as (

    select * from dim_entities

),

turn_topics as (

    select * from stg_turn_topics

),

month_periods as (

    select * from dim_month_periods

),

speaker_turns as (

    select
        turns.turn_id,
        turns.article_id,
        turns.role,
        turns.n_words,
        turns.speaker_entity_id,
        coalesce(turns.speaker_entity_id, turns.speaker) as speaker_key,
        coalesce(entities.name_en, turns.speaker) as speaker_name,
        articles.month,
        articles.lang
    from turns
    inner join articles using (article_id)
    left join entities on entities.entity_id = turns.speaker_entity_id
    where turns.role in ('answer', 'quote') and coalesce(turns.speaker_entity_id, turns.speaker) is not null

),

-- Counted by month and language first: an article has one month and one language, so the counts add up.
month_counts as (

    select
        month,
        lang,
        speaker_key,
        any_value(speaker_name) as speaker_name,
        any_value(speaker_entity_id) as speaker_entity_id,
        count(distinct article_id) as n_articles,
        count(*) as n_turns,
        count(*) filter (where role = 'answer') as n_answers,
        count(*) filter (where role = 'quote') as n_quotes,
        sum(n_words) as n_words
    from speaker_turns
    group by month, lang, speaker_key

),

counts as (

    select
        month_periods.period_grain,
        month_periods.period,
        month_counts.speaker_key,
        any_value(month_counts.speaker_name) as speaker_name,
        any_value(month_counts.speaker_entity_id) as speaker_entity_id,
        cast(sum(month_counts.n_articles) as bigint) as n_articles,
        cast(sum(month_counts.n_turns) as bigint) as n_turns,
        cast(sum(month_counts.n_answers) as bigint) as n_answers,
        cast(sum(month_counts.n_quotes) as bigint) as n_quotes,
        cast(sum(month_counts.n_words) as bigint) as n_words,
        list(distinct month_counts.lang order by month_counts.lang) as langs
    from month_counts
    inner join month_periods on month_periods.month is not distinct from month_counts.month
    group by month_periods.period_grain, month_periods.period, month_counts.speaker_key

),

topic_month_counts as (

    select
        speaker_turns.month,
        speaker_turns.speaker_key,
        turn_topics.topic_id,
        count(*) as n_turns
    from speaker_turns
    inner join turn_topics using (turn_id)
    group by speaker_turns.month, speaker_turns.speaker_key, turn_topics.topic_id

),

topic_counts as (

    select
        month_periods.period_grain,
        month_periods.period,
        topic_month_counts.speaker_key,
        topic_month_counts.topic_id,
        sum(topic_month_counts.n_turns) as n_turns
    from topic_month_counts
    inner join month_periods on month_periods.month is not distinct from topic_month_counts.month
    group by
        month_periods.period_grain, month_periods.period, topic_month_counts.speaker_key, topic_month_counts.topic_id

),

speaker_topics as (

    select
        period_grain,
        period,
        speaker_key,
        list(topic_id order by n_turns desc, topic_id) as topics
    from topic_counts
    group by period_grain, period, speaker_key

),

final as (

    select
        counts.*,
        coalesce(speaker_topics.topics, []::varchar[]) as topics,
        speaker_topics.topics[1] as top_topic,
        row_number() over (
            partition by counts.period_grain, counts.period
            order by counts.n_articles desc, counts.n_turns desc, counts.n_words desc, counts.speaker_name
        ) as rank
    from counts
    left join speaker_topics using (period_grain, period, speaker_key)

)

select * from final
