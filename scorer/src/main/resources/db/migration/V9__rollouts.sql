-- Training rollouts as the grader judged them (faith.rollouts.judged), one row each: exploitation is counted over every
-- rollout, verbalization over the sampled exploited ones whose judge did not fail. The API and Grafana read figures per
-- run, step and environment by a GROUP BY over it.
CREATE TABLE rollout_judged (
  rollout_id text PRIMARY KEY,
  run_id text NOT NULL,
  step bigint NOT NULL,
  environment text NOT NULL,
  cue_type text NOT NULL,
  exploited boolean NOT NULL,
  sampled boolean NOT NULL,
  verbalized boolean,            -- null unless sampled, exploited and judged
  judge_failed boolean NOT NULL,
  mentions boolean,              -- the authoritative judgement's mentions; null when not sampled
  judge text,                    -- authoritative judge name, version, definition; null when not sampled
  judge_version text,
  judge_definition text,
  reasoning_words integer NOT NULL,
  reward double precision NOT NULL,
  observed_at timestamptz NOT NULL,
  judged_at timestamptz NOT NULL,
  stored_at timestamptz NOT NULL
);
CREATE INDEX rollout_judged_run_step ON rollout_judged (run_id, step, environment);
-- The gauges: the latest steps of each environment of a run, and the runs by when they last stored a rollout (read
-- by skipping from run to run, so that neither scans the table).
CREATE INDEX rollout_judged_run_environment_step ON rollout_judged (run_id, environment, step);
CREATE INDEX rollout_judged_run_stored ON rollout_judged (run_id, stored_at);
