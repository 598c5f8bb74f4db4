-- The mutual-best rounds of int_task_matches must have run to the end: no candidate pair
-- may remain whose two rows both stayed unmatched (more rounds would have taken it).
with

candidates as (

    select * from {{ ref('int_task_match_candidates') }}

),

matches as (

    select * from {{ ref('int_task_matches') }}

)

select candidates.*
from candidates
anti join matches as by_from
    on candidates.notice_pair_id = by_from.notice_pair_id
    and candidates.from_task_row_id = by_from.from_task_row_id
anti join matches as by_to
    on candidates.notice_pair_id = by_to.notice_pair_id
    and candidates.to_task_row_id = by_to.to_task_row_id
