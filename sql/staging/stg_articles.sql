-- stg_articles: the loaded articles, without their text, typed for analysis.
-- Answers: which articles the warehouse holds, when, in which language and from which outlet.
-- Grain: one row per article. Renames and casts only; columns keep the meaning documented on `articles`.

with

source as (

    select * from articles

),

final as (

    select
        article_id,
        published_date,
        title,
        lang,
        outlet,
        dateline,
        n_chars,
        n_words,
        about_japan_kazakhstan,
        relevance_score,
        source_missing,
        ingested_at
    from source

)

select * from final
