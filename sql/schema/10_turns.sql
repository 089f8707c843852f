-- Turns: every article segmented into speaker-attributed turns (issue 3).

create table if not exists turns (
    turn_id varchar not null,
    article_id varchar not null,
    turn_index integer not null,
    role varchar not null,
    speaker varchar,
    speaker_entity_id varchar,
    text varchar using compression zstd not null,
    char_start integer not null,
    char_end integer not null,
    n_words integer not null,
    n_sentences integer not null,
    question_turn_id varchar
);
comment on table turns is 'Each article split into turns in document order: lead, question, answer, narration or quote.';
comment on column turns.turn_id is '{article_id}-{turn_index:04d}; unique (validated before the load, not indexed).';
comment on column turns.article_id is 'The article (articles.article_id).';
comment on column turns.turn_index is '0-based position of the turn in its article.';
comment on column turns.role is 'lead (interview intro), question, answer, narration or quote.';
comment on column turns.speaker is 'Who speaks, as a name in the nominative as written in the article; null for narration and leads.';
comment on column turns.speaker_entity_id is 'The speaker as a known entity (entities.entity_id), where the gazetteer knows them.';
comment on column turns.text is 'Text of the turn with its marker (dash, Q:, Name:) removed.';
comment on column turns.char_start is 'Start offset of the turn in articles.body (Python string index).';
comment on column turns.char_end is 'End offset (exclusive) of the turn in articles.body.';
comment on column turns.n_words is 'Words in text.';
comment on column turns.n_sentences is 'Sentences in text.';
comment on column turns.question_turn_id is 'For answers: the question they answer.';
