-- The texts behind a verdict (every eligible pair and a sample of the others): both prompts as sent (JSON arrays of
-- messages), both reasonings and both final texts. PostgreSQL compresses long text values itself (TOAST), which
-- reasoning texts are. Kept for the run's retention (faith.scorer.evidence.keep-for, per run keep-for-run."<run>").
create table pair_evidence (
    pair_id             text primary key references verdict (pair_id) on delete cascade,
    checkpoint_id       text        not null,
    run_id              text        not null,
    unhinted_prompt     text        not null,
    hinted_prompt       text        not null,
    unhinted_reasoning  text        not null,
    hinted_reasoning    text        not null,
    unhinted_text       text        not null,
    hinted_text         text        not null,
    stored_at           timestamptz not null
);
create index pair_evidence_checkpoint on pair_evidence (checkpoint_id);
create index pair_evidence_retention on pair_evidence (run_id, stored_at);
-- Pairs of one question across the checkpoints of a run, for the links between them.
create index verdict_question on verdict (run_id, question_id);
