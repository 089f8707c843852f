-- Topics: taxonomy, turn and article topics, and the terms behind emerging_terms (issue 5).

create table if not exists topics (
    topic_id varchar primary key,
    label_en varchar not null,
    label_kk varchar not null,
    label_ru varchar not null,
    description_en varchar not null,
    description_kk varchar not null,
    description_ru varchar not null
);
comment on table topics is 'The topic taxonomy (stable ids) with labels and descriptions in three languages.';

create table if not exists turn_topics (
    turn_id varchar not null,
    article_id varchar not null,
    topic_id varchar not null,
    score double not null,
    evidence varchar[] not null
);
comment on table turn_topics is 'Topics found in each turn, with the matched terms and entities as evidence.';
comment on column turn_topics.score is 'Weighted evidence of the topic in the turn.';
comment on column turn_topics.evidence is 'The lexicon terms and entity ids that matched.';

create table if not exists article_topics (
    article_id varchar not null,
    topic_id varchar not null,
    score double not null,
    share_of_turns double not null
);
comment on table article_topics is 'Topics assigned to each article (what it substantially discusses; usually 1-4).';
comment on column article_topics.score is 'Article-level score of the topic.';
comment on column article_topics.share_of_turns is 'Share of the article''s turns that carry the topic.';

create table if not exists article_terms (
    article_id varchar not null,
    term varchar not null,
    n bigint not null
);
comment on table article_terms is 'Term counts per article, the input of the emerging_terms report (the language is the article''s, articles.lang).';
