-- speakers: who answers questions or is quoted most, in how many articles and languages, and on which topics.
-- Grain: one row per period and speaker (answer and quote turns with a known speaker). Filter with
-- parameters, e.g. `where period_grain = 'month' and period = ? order by rank limit 10`.
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

    select * from fct_turns
    where role in ('answer', 'quote') and speaker_key is not null

),

periods as (

    select * from fct_article_periods

),

speaker_turns as (

    select
        periods.period_grain,
        periods.period,
        turns.*
    from turns
    inner join periods using (article_id)

),

counts as (

    select
        period_grain,
        period,
        speaker_key,
        any_value(speaker_name) as speaker_name,
        any_value(speaker_entity_id) as speaker_entity_id,
        count(distinct article_id) as n_articles,
        count(*) as n_turns,
        count(*) filter (where role = 'answer') as n_answers,
        count(*) filter (where role = 'quote') as n_quotes,
        cast(sum(n_words) as bigint) as n_words,
        list(distinct lang order by lang) as langs
    from speaker_turns
    group by period_grain, period, speaker_key

),

topic_counts as (

    select
        period_grain,
        period,
        speaker_key,
        topic_id,
        count(*) as n_turns
    from (
        select period_grain, period, speaker_key, unnest(topics) as topic_id
        from speaker_turns
    )
    group by period_grain, period, speaker_key, topic_id

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
