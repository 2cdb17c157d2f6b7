-- The system module: on a Redis Cluster each master keeps its own copy of the epoch (a key whose
-- hash tag falls in its slots), so that one master that came back empty is found too. A copy is
-- missed only once it was written: the keys written so far are listed here.
CREATE TABLE redis_epoch_keys (
    key        text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);
