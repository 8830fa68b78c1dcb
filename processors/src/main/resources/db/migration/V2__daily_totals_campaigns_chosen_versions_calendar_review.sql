-- Version 2 (2026-12-08): daily totals for the console, campaigns and senders of jobs, the version of a picture chosen
-- as the one delivered, and review of calendar posts. Portable SQL: HSQLDB 2.7 and PostgreSQL 10+.

-- usage_totals, job_totals, format_totals: the ledger summed per day as rows are written, so that the console's
-- costs and trends over months read hundreds of rows instead of millions. Kept by the one writer of usage_log (the
-- same transaction), never by housekeeping: rolling detail up or pruning it leaves the totals as they were. Days are in
-- the zone ledger_totals names (config/budgets.yaml's zone); the hub rebuilds all three when that zone changes.
-- campaign: what a person ran the files as ('batch <id>', 'calendar <date>', 'mail: <subject of the thread>', '' for a
-- hot folder); sender: a mail's From address ('' otherwise); model, chain '' when none. One row per key (two writers
-- racing to insert a key: the unique index makes the second add to the first's row).
CREATE TABLE usage_totals (
    day             DATE          NOT NULL,
    source          VARCHAR(32)   NOT NULL,
    route           VARCHAR(200)  NOT NULL,
    chain           VARCHAR(200)  NOT NULL,
    step            VARCHAR(100)  NOT NULL,
    step_index      INTEGER       NOT NULL,
    model           VARCHAR(200)  NOT NULL,
    campaign        VARCHAR(300)  NOT NULL,
    sender          VARCHAR(320)  NOT NULL,
    runs            BIGINT        NOT NULL,
    paid_runs       BIGINT        NOT NULL,
    failures        BIGINT        NOT NULL,
    cost_usd        DECIMAL(16,6) NOT NULL,
    duration_ms     BIGINT        NOT NULL,
    max_duration_ms BIGINT        NOT NULL
);
CREATE UNIQUE INDEX usage_totals_key ON usage_totals (day, source, route, chain, step, step_index, model, campaign, sender);
CREATE TABLE job_totals (
    day             DATE          NOT NULL,
    source          VARCHAR(32)   NOT NULL,
    route           VARCHAR(200)  NOT NULL,
    chain           VARCHAR(200)  NOT NULL,
    campaign        VARCHAR(300)  NOT NULL,
    sender          VARCHAR(320)  NOT NULL,
    jobs            BIGINT        NOT NULL,
    failed_jobs     BIGINT        NOT NULL
);
CREATE UNIQUE INDEX job_totals_key ON job_totals (day, source, route, chain, campaign, sender);
CREATE TABLE format_totals (
    day             DATE          NOT NULL,
    route           VARCHAR(200)  NOT NULL,
    chain           VARCHAR(200)  NOT NULL,
    format          VARCHAR(20)   NOT NULL,
    files           BIGINT        NOT NULL
);
CREATE UNIQUE INDEX format_totals_key ON format_totals (day, route, chain, format);
-- ledger_totals: one row (id 1) naming the zone of the totals' days and when they were last built from the detail.
CREATE TABLE ledger_totals (
    id              INTEGER       PRIMARY KEY,
    zone            VARCHAR(64)   NOT NULL,
    built_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- campaign and sender of the job's file (see usage_totals); null for a hot folder's file
ALTER TABLE hub_job ADD COLUMN campaign VARCHAR(300);
ALTER TABLE hub_job ADD COLUMN sender VARCHAR(320);

-- the version of a picture chosen as the one delivered (at most one job per source content): who chose it, when, and
-- the copies made in outbox/chosen/ (relative paths, one per line)
ALTER TABLE hub_job ADD COLUMN chosen_by VARCHAR(100);
ALTER TABLE hub_job ADD COLUMN chosen_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE hub_job ADD COLUMN chosen_files VARCHAR(8000);

-- calendar posts whose chain asks for review: state REVIEW (files held in outbox/calendar/.review/), APPROVING /
-- DECLINING (a decision being carried out), then DONE or DECLINED; who decided, when, and why a post was declined
ALTER TABLE calendar_export ADD COLUMN review_by VARCHAR(100);
ALTER TABLE calendar_export ADD COLUMN review_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE calendar_export ADD COLUMN review_comment VARCHAR(4000);
