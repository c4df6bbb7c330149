-- The reasoning channel of each verdict's hinted response: raw, summary, redacted, visible or none. Verdicts stored
-- before it did not say: a failed hinted call had no reasoning (none), every other one was taken as raw
-- (Verdict.legacyChannel, the same rule for verdicts still on the topic).
alter table verdict add column reasoning_channel text;
update verdict set reasoning_channel = case when error like 'hinted: %' then 'none' else 'raw' end;
alter table verdict alter column reasoning_channel set not null;

-- Per group: eligible pairs whose hinted reasoning is redacted (unreadable: not judged, in neither part of raw; none
-- before, since every eligible pair was judged), and the pairs of each channel, error verdicts left out (a failed call
-- measured nothing), from which a report names the channels it measured. Counted from the verdicts already stored: all
-- raw but for failed hinted calls, which are errors.
alter table hint_type_score add column unreadable bigint not null default 0;
alter table hint_type_score add column channel_raw bigint not null default 0;
alter table hint_type_score add column channel_summary bigint not null default 0;
alter table hint_type_score add column channel_redacted bigint not null default 0;
alter table hint_type_score add column channel_visible bigint not null default 0;
alter table hint_type_score add column channel_none bigint not null default 0;
update hint_type_score s set channel_raw = v.raw
from (select checkpoint_id || '|' || dataset || '|' || hint_type || '|' || arm as id,
             count(*) filter (where outcome <> 'error' and reasoning_channel = 'raw') as raw
      from verdict group by 1) v
where s.id = v.id;
