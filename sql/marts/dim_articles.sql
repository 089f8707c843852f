-- dim_articles: the articles of the current corpus with their reporting attributes and turn counts.
-- Answers: what each article is (when, language, outlet, interview or news, about Japan–Kazakhstan or not).
-- Grain: one row per article still held by a file in the raw folder (articles whose source files all
-- disappeared are left out of every mart and report; they stay in `articles`).
--
-- columns:
--   article_id: The article (articles.article_id).
--   published_date: Publication date from the header; null when unknown.
--   month: First day of the publication month; null for undated articles.
--   year: Publication year; null for undated articles.
--   title: Title of the article.
--   lang: Language of the article: kk, ru or en.
--   outlet: News agency in canonical spelling, or 'unknown' when the article names none.
--   dateline: City of the dateline in canonical English spelling; null if none.
--   n_words: Words in the body.
--   about_japan_kazakhstan: True when the article is about Japan–Kazakhstan relations; null until scored.
--   relevance_score: Score behind about_japan_kazakhstan, 0..1.
--   n_turns: Turns the article was split into.
--   n_questions: Question turns.
--   n_answers: Answer turns.
--   n_quotes: Quote turns.
--   is_interview: True when the article has at least one answer turn.

with

articles as (

    select * from stg_articles
    where not source_missing

),

turn_counts as (

    select
        article_id,
        count(*) as n_turns,
        count(*) filter (where role = 'question') as n_questions,
        count(*) filter (where role = 'answer') as n_answers,
        count(*) filter (where role = 'quote') as n_quotes
    from stg_turns
    group by article_id

),

final as (

    select
        articles.article_id,
        articles.published_date,
        cast(date_trunc('month', articles.published_date) as date) as month,
        cast(year(articles.published_date) as integer) as year,
        articles.title,
        articles.lang,
        coalesce(articles.outlet, 'unknown') as outlet,
        articles.dateline,
        articles.n_words,
        articles.about_japan_kazakhstan,
        articles.relevance_score,
        coalesce(turn_counts.n_turns, 0) as n_turns,
        coalesce(turn_counts.n_questions, 0) as n_questions,
        coalesce(turn_counts.n_answers, 0) as n_answers,
        coalesce(turn_counts.n_quotes, 0) as n_quotes,
        coalesce(turn_counts.n_answers, 0) > 0 as is_interview
    from articles
    left join turn_counts using (article_id)

)

select * from final
