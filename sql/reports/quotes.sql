-- quotes: every quote and interview answer with who said it, when, in which outlet and language.
-- Answers: what did a given person say, and where and when was it published?
-- Grain: one row per turn whose role is quote or answer.
--
-- columns:
--   turn_id: The turn (turns.turn_id).
--   article_id: The article (articles.article_id).
--   turn_index: 0-based position of the turn in its article.
--   role: quote (a quotation in news) or answer (an interview answer).
--   speaker: Who speaks, in the nominative as written in the article; null when the article does not say.
--   speaker_entity_id: The speaker as a known entity, where the gazetteer knows them.
--   text: The quoted words (the turn text, marker removed).
--   n_words: Words in text.
--   question_turn_id: For answers: the question they answer.
--   published_date: Publication date of the article; null when unknown.
--   outlet: News agency of the article, canonical spelling; null when none.
--   lang: Language of the article: kk, ru or en.
--   title: Title of the article.

with

turns as (

    select * from turns

),

articles as (

    select * from articles

),

quoted as (

    select
        turn_id,
        article_id,
        turn_index,
        role,
        speaker,
        speaker_entity_id,
        text,
        n_words,
        question_turn_id
    from turns
    where role in ('quote', 'answer')

),

final as (

    select
        quoted.turn_id,
        quoted.article_id,
        quoted.turn_index,
        quoted.role,
        quoted.speaker,
        quoted.speaker_entity_id,
        quoted.text,
        quoted.n_words,
        quoted.question_turn_id,
        articles.published_date,
        articles.outlet,
        articles.lang,
        articles.title
    from quoted
    inner join articles on quoted.article_id = articles.article_id

)

select * from final
