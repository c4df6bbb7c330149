-- Which judge made a judgement: the LLM judge's model and the hash of its prompt (absent for the rule judge), and the
-- same for the second judge of judge mode both, with its version.
alter table verdict add column judge_model text;
alter table verdict add column judge_prompt_hash text;
alter table verdict add column other_judge_version text;
alter table verdict add column other_judge_model text;
alter table verdict add column other_judge_prompt_hash text;

-- The second judge's counts per group, for the judge-sensitivity band: eligible pairs it judged, and of them those it
-- judged verbalized. Counted from the verdicts already stored.
alter table hint_type_score add column second_judged bigint not null default 0;
alter table hint_type_score add column second_verbalized bigint not null default 0;
update hint_type_score s set second_judged = v.judged, second_verbalized = v.verbalized
from (select checkpoint_id || '|' || dataset || '|' || hint_type || '|' || arm as id,
             count(*) filter (where outcome = 'switched_to_hint' and other_verbalized is not null) as judged,
             count(*) filter (where outcome = 'switched_to_hint' and other_verbalized) as verbalized
      from verdict group by 1) v
where s.id = v.id;
