-- stg_article_terms: term counts per article (the input of emerging_terms).
-- Grain: one row per article and term. Renames and casts only; columns keep the meaning documented on
-- `article_terms`.

with

source as (

    select * from article_terms

),

final as (

    select
        article_id,
        term,
        n
    from source

)

select * from final
