-- Grain: one citation = a notice × one 《title》 its body cites (with the 文号 printed after
-- it, if any), in the order printed. A citation links to the cited notice when that
-- notice is in the warehouse: by 文号 first, else by its title or its 要点's own title
-- (《2018年山东省政务公开工作要点》（鲁政办发〔2018〕12号）→ the province's notice), so an
-- analyst can follow a county's obligations up to the city, province and State Council
-- notices they come from. An interpretation's citation links it to the notice it explains.
-- A notice naming itself (现将《2018年沂南县政务公开工作要点》印发给你们) is no citation;
-- an interpretation titled like its notice (沂水 2018) still cites it.
with

notices as (

    select
        notice_id,
        notice_key,
        notice_kind,
        body,
        regexp_replace(coalesce(title, ''), '\s', '', 'g') as title_norm,
        regexp_replace(coalesce(table_title, ''), '\s', '', 'g') as table_title_norm,
        -- 〔2018〕, [2018] and ［2018］ are one 文号
        translate(regexp_replace(coalesce(doc_number, ''), '\s', '', 'g'), '[]［］', '〔〕〔〕')
            as doc_number_norm
    from {{ ref('stg_notices') }}

),

levels as (

    select notice_id, issuing_level from {{ ref('int_notice_levels') }}

),

mentions as (

    select
        notice_id as citing_notice_id,
        regexp_extract_all(
            coalesce(body, ''),
            '《[^》]+》(?:\s*[（(][^）)《》]*[〔\[［]\s*\d{4}\s*[〕\]］][^）)《》]*[）)])?'
        ) as citations
    from notices

),

exploded as (

    -- the position in the body: unnest and generate_subscripts walk the list together
    select
        citing_notice_id,
        unnest(citations) as citation_text,
        generate_subscripts(citations, 1) as citation_position
    from mentions

),

parsed as (

    select
        citing_notice_id,
        citation_position,
        citation_text,
        regexp_replace(regexp_extract(citation_text, '《([^》]+)》', 1), '\s', '', 'g')
            as cited_title,
        nullif(
            translate(
                regexp_replace(
                    regexp_extract(citation_text, '[（(]([^（()）]*)[）)]\s*$', 1), '\s', '', 'g'
                ),
                '[]［］',
                '〔〕〔〕'
            ),
            ''
        ) as cited_doc_number
    from exploded

),

not_self as (

    select parsed.*
    from parsed
    inner join notices on parsed.citing_notice_id = notices.notice_id
    -- an interpretation is often titled like the notice it explains: what it names is
    -- that notice, never itself
    where notices.notice_kind = 'interpretation'
        or parsed.cited_title not in (notices.title_norm, notices.table_title_norm)

),

by_doc_number as (

    select not_self.citing_notice_id, not_self.citation_position, notices.notice_id, 1 as rank
    from not_self
    inner join notices on not_self.cited_doc_number = notices.doc_number_norm
    where notices.notice_id <> not_self.citing_notice_id

),

by_title as (

    select not_self.citing_notice_id, not_self.citation_position, notices.notice_id, 2 as rank
    from not_self
    inner join notices on not_self.cited_title = notices.title_norm
    where notices.notice_id <> not_self.citing_notice_id

    union all

    select not_self.citing_notice_id, not_self.citation_position, notices.notice_id, 2 as rank
    from not_self
    inner join notices on not_self.cited_title = notices.table_title_norm
    where notices.notice_id <> not_self.citing_notice_id

),

links as (

    select
        citing_notice_id,
        citation_position,
        notice_id as cited_notice_id,
        case rank when 1 then 'doc_number' else 'title' end as linked_by
    from (select * from by_doc_number union all select * from by_title)
    qualify row_number() over (
        partition by citing_notice_id, citation_position order by rank, notice_id
    ) = 1

),

final as (

    select
        md5(not_self.citing_notice_id || '|' || cast(not_self.citation_position as varchar))
            as citation_id,
        not_self.citing_notice_id,
        citing.notice_key as citing_notice_key,
        citing_levels.issuing_level as citing_issuing_level,
        cast(not_self.citation_position as integer) as citation_position,
        not_self.cited_title,
        not_self.cited_doc_number,
        links.cited_notice_id,
        cited.notice_key as cited_notice_key,
        cited_levels.issuing_level as cited_issuing_level,
        links.linked_by,
        links.cited_notice_id is not null as is_linked
    from not_self
    inner join notices as citing on not_self.citing_notice_id = citing.notice_id
    left join levels as citing_levels on not_self.citing_notice_id = citing_levels.notice_id
    left join links
        on not_self.citing_notice_id = links.citing_notice_id
        and not_self.citation_position = links.citation_position
    left join notices as cited on links.cited_notice_id = cited.notice_id
    left join levels as cited_levels on links.cited_notice_id = cited_levels.notice_id

)

select * from final
