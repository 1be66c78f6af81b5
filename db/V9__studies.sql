-- Issue 12: studies. A study re-tests named losses over tasks, seeds and budget multipliers. Each trial
-- (loss, task, budget, seed) follows one evaluation, exactly as a candidate does: it goes through the same
-- dispatch path (attempts, leases, retries) and reuses a FINISHED evaluation of the same loss and task.
-- definition holds the resolved losses and tasks (JSON with defaults applied); trials are never rewritten
-- except to follow a new evaluation when theirs was abandoned.
create table study (
    id          uuid primary key,
    name        text,
    state       text        not null check (state in ('RUNNING', 'FINISHED', 'CANCELLED')),
    definition  jsonb       not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    ended_at    timestamptz
);
create index study_created on study (created_at desc);

create table study_trial (
    id               bigserial primary key,
    study_id         uuid    not null references study (id),
    loss_index       integer not null check (loss_index >= 0),
    task_index       integer not null check (task_index >= 0),
    budget           integer not null check (budget >= 1),
    seed_index       integer not null check (seed_index >= 0),
    hash             text    not null,
    task_fingerprint text    not null,
    evaluation_id    bigint references evaluation (id),
    unique (study_id, loss_index, task_index, budget, seed_index)
);
create index study_trial_evaluation on study_trial (evaluation_id);
