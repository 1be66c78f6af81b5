-- LossForge orchestrator schema, version 1: search jobs, their candidates, trials (leases), trainers and
-- generation statistics. The database is the truth: everything needed to resume a search is here.

create table search (
    id               uuid primary key,
    name             text,
    state            text        not null check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    task             jsonb       not null,          -- TaskSpec with defaults applied
    dataset          text        not null,          -- task.dataset and task.model, for the cross-search
    model            text        not null,          -- leaderboard
    task_fingerprint text        not null,          -- SHA-256 of the task's canonical JSON
    spec             jsonb       not null,          -- SearchSpec with defaults applied
    reduction        text        not null,          -- reduction of bred candidates (mean | sum)
    generation       integer     not null default 0, -- the generation being evaluated
    message          text,
    created_at       timestamptz not null,
    started_at       timestamptz,
    finished_at      timestamptz
);
create index search_state on search (state);

create table candidate (
    id               bigserial primary key,
    search_id        uuid        not null references search (id) on delete cascade,
    generation       integer     not null,          -- -1 for the baselines of the search
    position         integer     not null,          -- order within the generation; parents refer to it
    baseline         text,                          -- catalog name for a baseline row
    expression       text        not null,          -- canonical infix as bred
    hash             text        not null,          -- LossHash of (expression, reduction)
    reduction        text        not null,
    task_fingerprint text        not null,
    source           text        not null,          -- SEED RANDOM CROSSOVER MUTATION ELITE BASELINE
    parents          integer[]   not null default '{}',
    nodes            integer     not null,
    status           text        not null check (status in ('PENDING', 'QUEUED', 'WAITING', 'DONE')),
    verdict          text,                          -- ACCEPTED or REJECTED
    reason           text,                          -- rejection reason code
    verdict_detail   text,
    outcome          text,                          -- SUCCEEDED DIVERGED FAILED CANCELLED REJECTED
    fitness          double precision,              -- validation accuracy, or the penalty
    validation_loss  double precision,
    test_accuracy    double precision,
    mean_confidence  double precision,
    result           jsonb,                         -- the trainer's full result (epochs, timings)
    cached_from      bigint references candidate (id),
    trainer          text,
    attempts         integer     not null default 0,
    created_at       timestamptz not null,
    evaluated_at     timestamptz,
    unique (search_id, generation, position)
);
create index candidate_pending on candidate (status) where status <> 'DONE';
create index candidate_cache on candidate (hash, task_fingerprint) where status = 'DONE' and cached_from is null;
create index candidate_search on candidate (search_id, generation);

create table trainer (
    id             uuid primary key,
    url            text        not null unique,
    slots          integer     not null check (slots > 0),
    origin         text        not null,            -- STATIC (configuration) or REGISTERED
    last_seen      timestamptz not null,
    busy_until     timestamptz,                     -- after a 429: do not send before this
    failures       integer     not null default 0   -- consecutive dispatch failures
);

create table trial (
    id             text primary key,                -- random UUID, sent to the trainer as its trial id
    candidate_id   bigint      not null references candidate (id) on delete cascade,
    attempt        integer     not null,
    state          text        not null check (state in ('QUEUED', 'LEASED', 'DONE', 'EXPIRED', 'CANCELLED')),
    trainer_id     uuid references trainer (id),
    lease_deadline timestamptz,
    created_at     timestamptz not null,
    dispatched_at  timestamptz,
    finished_at    timestamptz,
    unique (candidate_id, attempt)
);
create index trial_open on trial (state) where state in ('QUEUED', 'LEASED');

create table generation_stats (
    search_id      uuid        not null references search (id) on delete cascade,
    generation     integer     not null,
    candidates     integer     not null,
    evaluated      integer     not null,             -- trained (not screened out, not cached)
    best_fitness   double precision,
    median_fitness double precision,
    diversity      double precision not null,       -- distinct hashes / candidates
    finished_at    timestamptz not null,
    primary key (search_id, generation)
);
