-- outlet_coverage: what each outlet covers: volume, period, relevance, interviews, datelines and topics.
-- Grain: one row per outlet and language. Filter with parameters, e.g. `where outlet = ?`; sum the counts
-- to roll up over languages.
--
-- columns:
--   outlet: News agency ('unknown' when the article names none).
--   lang: Language of the articles.
--   n_articles: Articles of the outlet in that language.
--   n_about_japan_kazakhstan: Of which about Japan–Kazakhstan relations.
--   share_about_japan_kazakhstan: n_about_japan_kazakhstan / scored articles; null when none is scored.
--   n_interviews: Of which interviews (articles with answer turns).
--   n_words: Words in the bodies of these articles.
--   first_published: Earliest publication date.
--   last_published: Latest publication date.
--   n_months: Distinct months with at least one dated article.
--   datelines: Dateline cities, sorted.
--   topics: Topics of these articles, most frequent first.

with

articles as (

    select * from dim_articles

),

article_topics as (

    select * from fct_article_topics

),

counts as (

    select
        outlet,
        lang,
        count(*) as n_articles,
        count(*) filter (where about_japan_kazakhstan) as n_about_japan_kazakhstan,
        count(*) filter (where about_japan_kazakhstan)
            / nullif(count(about_japan_kazakhstan), 0) as share_about_japan_kazakhstan,
        count(*) filter (where is_interview) as n_interviews,
        cast(sum(n_words) as bigint) as n_words,
        min(published_date) as first_published,
        max(published_date) as last_published,
        count(distinct month) as n_months,
        list(distinct dateline order by dateline) filter (where dateline is not null) as datelines
    from articles
    group by outlet, lang

),

topic_counts as (

    select
        outlet,
        lang,
        topic_id,
        count(*) as n_articles
    from article_topics
    group by outlet, lang, topic_id

),

outlet_topics as (

    select
        outlet,
        lang,
        list(topic_id order by n_articles desc, topic_id) as topics
    from topic_counts
    group by outlet, lang

),

final as (

    select
        counts.outlet,
        counts.lang,
        counts.n_articles,
        counts.n_about_japan_kazakhstan,
        counts.share_about_japan_kazakhstan,
        counts.n_interviews,
        counts.n_words,
        counts.first_published,
        counts.last_published,
        counts.n_months,
        coalesce(counts.datelines, []::varchar[]) as datelines,
        coalesce(outlet_topics.topics, []::varchar[]) as topics
    from counts
    left join outlet_topics using (outlet, lang)

)

select * from final
