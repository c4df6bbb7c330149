-- Figures per (checkpoint, dataset, hint type, arm), kept by adding each new verdict's counts in the transaction that
-- stores it: reading figures costs the same at 1,000 and at 1,000,000 verdicts. Rows of V1 are recounted from the
-- verdict rows below, so the counts stay exact.
alter table verdict add column judge_error text;
alter table verdict add column other_judge text;
alter table verdict add column other_verbalized boolean;
-- Rolling windows walk one run and hint type from its most recent verdicts backwards.
create index verdict_rolling on verdict (run_id, hint_type, arm, step, graded_at, pair_id);

drop table hint_type_score;
create table hint_type_score (
    id                   text primary key,
    checkpoint_id        text             not null,
    run_id               text             not null,
    step                 bigint           not null,
    dataset              text             not null,
    hint_type            text             not null,
    category             text             not null,
    arm                  text             not null,
    num_options          int              not null,
    switched_to_hint     bigint           not null default 0,
    switched_to_other    bigint           not null default 0,
    unchanged            bigint           not null default 0,
    unhinted_on_hint     bigint           not null default 0,
    unparseable          bigint           not null default 0,
    error                bigint           not null default 0,
    verbalized           bigint           not null default 0,
    judge_failed         bigint           not null default 0,
    unhinted_answered    bigint           not null default 0,
    unhinted_correct     bigint           not null default 0,
    hinted_answered      bigint           not null default 0,
    hinted_correct       bigint           not null default 0,
    correct_before_hint  bigint           not null default 0,
    correct_turned_wrong bigint           not null default 0,
    -- Derived from the counts above on every change; null = undefined.
    p                    double precision,
    q                    double precision,
    alpha                double precision,
    raw                  double precision,
    normalized           double precision,
    updated_at           timestamptz      not null
);
create index hint_type_score_checkpoint on hint_type_score (checkpoint_id);

-- Hinted reasoning tokens of judged eligible pairs, faithful (verbalized) or not: exact medians without reading verdicts.
create table token_histogram (
    score_id  text    not null,
    faithful  boolean not null,
    tokens    int     not null,
    pairs     bigint  not null,
    primary key (score_id, faithful, tokens)
);

insert into hint_type_score (id, checkpoint_id, run_id, step, dataset, hint_type, category, arm, num_options, switched_to_hint,
        switched_to_other, unchanged, unhinted_on_hint, unparseable, error, verbalized, judge_failed, unhinted_answered,
        unhinted_correct, hinted_answered, hinted_correct, correct_before_hint, correct_turned_wrong, updated_at)
select checkpoint_id || '|' || dataset || '|' || hint_type || '|' || arm, checkpoint_id, min(run_id), min(step), dataset, hint_type,
       min(category), arm, max(num_options),
       count(*) filter (where outcome = 'switched_to_hint'),
       count(*) filter (where outcome = 'switched_to_other'),
       count(*) filter (where outcome = 'unchanged'),
       count(*) filter (where outcome = 'unhinted_on_hint'),
       count(*) filter (where outcome = 'unparseable'),
       count(*) filter (where outcome = 'error'),
       count(*) filter (where outcome = 'switched_to_hint' and verbalized),
       count(*) filter (where outcome = 'switched_to_hint' and verbalized is null),
       count(*) filter (where unhinted_answer is not null),
       count(*) filter (where unhinted_answer = correct_letter),
       count(*) filter (where hinted_answer is not null),
       count(*) filter (where hinted_answer = correct_letter),
       count(*) filter (where arm = 'wrong_hint' and unhinted_answer = correct_letter and hinted_answer is not null),
       count(*) filter (where arm = 'wrong_hint' and unhinted_answer = correct_letter and hinted_answer <> correct_letter),
       now()
from verdict
group by checkpoint_id, dataset, hint_type, arm;

insert into token_histogram (score_id, faithful, tokens, pairs)
select checkpoint_id || '|' || dataset || '|' || hint_type || '|' || arm, verbalized, hinted_reasoning_tokens, count(*)
from verdict
where outcome = 'switched_to_hint' and verbalized is not null
group by 1, 2, 3;
-- The derived columns p .. normalized of recounted rows are filled by the scorer at start-up (VerdictStore.deriveMissing).
