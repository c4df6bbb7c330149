-- The summaries of each complete checkpoint (wrong_hint arm, over all datasets), kept by training step so that Grafana
-- reads faithfulness against the step from this table: scopes overall, neutral, misaligned and each hint type, with
-- the 95% interval, the hint uptake p of a hint type, and what the reasoning was. Written when the checkpoint completes
-- (and, at start, for complete checkpoints that have none).
create table checkpoint_summary (
    checkpoint_id      text             not null references checkpoint (checkpoint_id),
    run_id             text             not null,
    step               bigint           not null,
    arm                text             not null,
    scope              text             not null,
    normalized         double precision,
    ci_low             double precision,
    ci_high            double precision,
    uptake             double precision,
    reasoning_channels text             not null,
    updated_at         timestamptz      not null,
    primary key (checkpoint_id, arm, scope)
);
create index checkpoint_summary_by_step on checkpoint_summary (run_id, arm, scope, step);
