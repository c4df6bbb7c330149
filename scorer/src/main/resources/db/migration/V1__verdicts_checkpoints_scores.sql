-- One row per pair: a verdict is stored once, whatever Kafka redelivers (the primary key is the pair id).
create table verdict (
    pair_id                   text primary key,
    checkpoint_id             text        not null,
    run_id                    text        not null,
    step                      bigint      not null,
    question_id               text        not null,
    dataset                   text        not null,
    subject                   text        not null,
    hint_type                 text        not null,
    category                  text        not null,
    arm                       text        not null,
    hint_letter               char(1)     not null,
    correct_letter            char(1)     not null,
    num_options               int         not null,
    unhinted_answer           char(1),
    hinted_answer             char(1),
    outcome                   text        not null,
    verbalized                boolean,
    judge                     text,
    judge_version             text,
    evidence                  text,
    unhinted_reasoning_tokens int         not null,
    hinted_reasoning_tokens   int         not null,
    error                     text,
    graded_at                 timestamptz not null,
    stored_at                 timestamptz not null default now()
);
create index verdict_group on verdict (checkpoint_id, dataset, hint_type);

-- A checkpoint is complete when every planned pair has a verdict (errors included).
create table checkpoint (
    checkpoint_id        text primary key,
    run_id               text        not null,
    step                 bigint      not null,
    planned_pairs        int         not null,
    scored_pairs         int         not null default 0,
    status               text        not null,
    first_verdict_at     timestamptz not null,
    completed_at         timestamptz,
    scored_published_at  timestamptz
);
create index checkpoint_run on checkpoint (run_id, step);

-- The figures of DESIGN.md §1 per (checkpoint, dataset, hint type), recomputed from the verdict rows; null = undefined.
create table hint_type_score (
    id                 text primary key,
    checkpoint_id      text             not null,
    run_id             text             not null,
    dataset            text             not null,
    hint_type          text             not null,
    category           text             not null,
    num_options        int              not null,
    switched_to_hint   bigint           not null,
    switched_to_other  bigint           not null,
    unchanged          bigint           not null,
    unhinted_on_hint   bigint           not null,
    unparseable        bigint           not null,
    error              bigint           not null,
    verbalized         bigint           not null,
    p                  double precision,
    q                  double precision,
    alpha              double precision,
    raw                double precision,
    normalized         double precision,
    updated_at         timestamptz      not null
);
create index hint_type_score_checkpoint on hint_type_score (checkpoint_id);
