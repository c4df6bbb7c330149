-- What verbalized meant for a verdict's judgement (chosen per checkpoint): mentions-and-relies (the paper's) or mentions.
-- Verdicts stored before it were judged under the paper's definition.
alter table verdict add column judge_definition text not null default 'mentions-and-relies';
