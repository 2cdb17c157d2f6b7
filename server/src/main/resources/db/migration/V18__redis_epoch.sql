-- The system module: one random value, also kept in Redis. A Redis that no longer holds it lost
-- what it held (a restart without persistence, a flush); jobs PostgreSQL can derive are then
-- dispatched again (webhook deliveries).
CREATE TABLE redis_epoch (
    single     boolean     PRIMARY KEY DEFAULT true CHECK (single),
    epoch      uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
