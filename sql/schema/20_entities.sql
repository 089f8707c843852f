-- Entities: gazetteer, mentions linked across languages and inflected forms, and candidates (issue 4).

create table if not exists entities (
    entity_id varchar primary key,
    entity_type varchar not null,
    name_en varchar not null,
    name_kk varchar,
    name_ru varchar,
    wikidata_id varchar,
    aliases varchar[] not null
);
comment on table entities is 'The reviewed gazetteer (pipelines/entities/gazetteer.yaml): one row per canonical entity.';
comment on column entities.entity_id is 'Stable ASCII slug of the English name, e.g. japan, kassym-jomart-tokayev.';
comment on column entities.entity_type is 'PERSON, ORGANISATION, GPE, LOCATION, EVENT or PROJECT (KazNERD class names).';
comment on column entities.name_en is 'Canonical English name.';
comment on column entities.name_kk is 'Canonical Kazakh name.';
comment on column entities.name_ru is 'Canonical Russian name.';
comment on column entities.wikidata_id is 'Wikidata Q-id where certain; null otherwise.';
comment on column entities.aliases is 'Other names and abbreviations in all three languages.';

create table if not exists entity_mentions (
    mention_id varchar not null,
    article_id varchar not null,
    turn_id varchar,
    entity_id varchar not null,
    surface varchar not null,
    char_start integer not null,
    char_end integer not null,
    method varchar not null
);
comment on table entity_mentions is 'Every mention of a known entity, in any case form and language.';
comment on column entity_mentions.mention_id is '{article_id}-{t|b}{char_start:06d} (t: in the title, b: in the body); unique (validated before the load, not indexed).';
comment on column entity_mentions.turn_id is 'The turn the mention is in; null for a mention in the title.';
comment on column entity_mentions.surface is 'The mention exactly as written.';
comment on column entity_mentions.char_start is 'Offset in articles.body (or in articles.title when turn_id is null).';
comment on column entity_mentions.char_end is 'End offset (exclusive).';
comment on column entity_mentions.method is 'How the mention was found (e.g. the kind of surface form that matched).';

create table if not exists candidate_mentions (
    article_id varchar not null,
    turn_id varchar not null,
    lang varchar not null,
    surface varchar not null,
    normalised varchar not null
);
comment on table candidate_mentions is 'Each occurrence of a capitalised name the gazetteer does not know (input of entity_candidates).';
comment on column candidate_mentions.article_id is 'The article (articles.article_id).';
comment on column candidate_mentions.turn_id is 'The turn the name occurs in.';
comment on column candidate_mentions.lang is 'Language of the article.';
comment on column candidate_mentions.surface is 'The name as written.';
comment on column candidate_mentions.normalised is 'The name reduced to the nominative (pipelines.names.nominative).';

create or replace view entity_candidates as
with occurrences as (
    select * from candidate_mentions
),
counted as (
    select
        normalised,
        lang,
        mode(surface order by surface) as surface,
        count(distinct article_id) as n_articles,
        count(*) as n_mentions,
        min(turn_id) as example_turn_id
    from occurrences
    group by normalised, lang
),
final as (
    select c.surface, c.normalised, c.lang, c.n_articles, c.n_mentions, c.example_turn_id,
           left(t.text, 300) as example_text
    from counted c left join turns t on t.turn_id = c.example_turn_id
)
select * from final;
comment on view entity_candidates is 'Names that look like entities but are not in the gazetteer, with counts and an example: what a curator should add next (jkc entities candidates).';
comment on column entity_candidates.surface is 'The most frequent spelling of the name.';
comment on column entity_candidates.normalised is 'The name in the nominative: what the counts group by.';
comment on column entity_candidates.lang is 'Language of the articles it occurs in.';
comment on column entity_candidates.n_articles is 'Articles that mention it.';
comment on column entity_candidates.n_mentions is 'Occurrences in all articles.';
comment on column entity_candidates.example_turn_id is 'A turn that mentions it.';
comment on column entity_candidates.example_text is 'The first 300 characters of that turn.';
