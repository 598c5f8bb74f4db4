-- Lists every unit name without a function, so a new spelling is noticed and added to
-- seeds/unit_aliases.csv; a warning, as is the per-notice share test.
{{ config(severity='warn') }}
select unit_name_normalised, count(*) as mentions
from {{ ref('int_units_qualified') }}
where not is_classified
group by unit_name_normalised
