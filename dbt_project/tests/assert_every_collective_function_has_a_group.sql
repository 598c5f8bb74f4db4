-- Every collective function of seeds/unit_aliases.csv says in seeds/unit_groups.csv what it
-- stands for (every member of a kind, or those concerned): dim_unit reads it from there.
select distinct aliases.function
from {{ ref('unit_aliases') }} as aliases
left join {{ ref('unit_groups') }} as groups on aliases.function = groups.function
where aliases.unit_kind = 'collective' and groups.function is null
