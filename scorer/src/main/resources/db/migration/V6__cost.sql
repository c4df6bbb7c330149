-- What each pair's model calls cost when prices are configured, in nano-dollars (exact sums in any order); null when
-- unpriced and for verdicts stored before costs travelled with verdicts.
alter table verdict add column cost_nano_usd bigint;

-- Per group: the pairs that carry a cost and their sum; nothing was priced before.
alter table hint_type_score add column priced_pairs bigint not null default 0;
alter table hint_type_score add column cost_nano_usd bigint not null default 0;
