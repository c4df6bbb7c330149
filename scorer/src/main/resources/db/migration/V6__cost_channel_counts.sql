-- What each pair's model calls cost when prices are configured, in nano-dollars (exact sums in any order); null when
-- unpriced and for verdicts stored before costs travelled with verdicts.
alter table verdict add column cost_nano_usd bigint;

-- Per group: the pairs that carry a cost and their sum; nothing was priced before.
alter table hint_type_score add column priced_pairs bigint not null default 0;
alter table hint_type_score add column cost_nano_usd bigint not null default 0;

-- Channel counts now leave out unhinted_on_hint verdicts as well as errors (ChannelCounts.counts): such a pair usually has
-- no hinted call (channel none) and counts in neither p nor q. Recounted from the stored verdicts.
update hint_type_score s set channel_raw = v.raw, channel_summary = v.summary, channel_redacted = v.redacted,
       channel_visible = v.visible, channel_none = v.none
from (select checkpoint_id || '|' || dataset || '|' || hint_type || '|' || arm as id,
             count(*) filter (where outcome not in ('error', 'unhinted_on_hint') and reasoning_channel = 'raw') as raw,
             count(*) filter (where outcome not in ('error', 'unhinted_on_hint') and reasoning_channel = 'summary') as summary,
             count(*) filter (where outcome not in ('error', 'unhinted_on_hint') and reasoning_channel = 'redacted') as redacted,
             count(*) filter (where outcome not in ('error', 'unhinted_on_hint') and reasoning_channel = 'visible') as visible,
             count(*) filter (where outcome not in ('error', 'unhinted_on_hint') and reasoning_channel = 'none') as none
      from verdict group by 1) v
where s.id = v.id;
