-- Version 3 (2026-12-08): several hubs on one shared inbox (hub.cluster.enabled). file_claim: one row per hot folder
-- file a hub is working on; the hub that inserts it (or takes it over once its lease ran out) is the only one to process
-- the file. The key is the SHA-256 of route, file name, size and modification time, the same on every node whatever
-- path it mounts the share at. lease_until is extended by the holder's heartbeat, in the database's own clock.
CREATE TABLE file_claim (
    claim_key       CHAR(64)      PRIMARY KEY,
    route           VARCHAR(200)  NOT NULL,
    file_name       VARCHAR(1024) NOT NULL,
    node            VARCHAR(200)  NOT NULL,
    claimed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX file_claim_node ON file_claim (node);

-- the hub (hub.node.id) that began each job
ALTER TABLE hub_job ADD COLUMN node VARCHAR(200);

-- hub_node: the hubs sharing this ledger and when each last said it was alive (its claims' heartbeat, every third of
-- a lease); the console and /health show which are alive.
CREATE TABLE hub_node (
    node            VARCHAR(200)  PRIMARY KEY,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- hub_leader: which hub leads each piece of leader-only work (namespace: a mailbox route, housekeeping, the
-- calendar), until when; the leader renews its lease every third of it, another hub takes it over once it ran out.
CREATE TABLE hub_leader (
    namespace       VARCHAR(200)  PRIMARY KEY,
    node            VARCHAR(200)  NOT NULL,
    lease_until     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- ai_slot: the WaveSpeed account's concurrency (hub.wavespeed.concurrency) shared by the hubs: one row per slot; a hub
-- holds a slot from a task's submit to its end, renewing its lease; a dead hub's slots free themselves after it.
CREATE TABLE ai_slot (
    slot            INTEGER       PRIMARY KEY,
    holder          VARCHAR(300),
    lease_until     TIMESTAMP WITH TIME ZONE
);
