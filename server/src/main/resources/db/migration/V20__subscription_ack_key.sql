-- The streams module: the key ack_id values are signed with when SUBSCRIPTION_ACK_SECRET is not
-- set, generated once. It is kept here rather than in Redis, so that a Redis that loses its data
-- does not leave nodes signing with different keys.
CREATE TABLE subscription_ack_key (
    single     boolean     PRIMARY KEY DEFAULT true CHECK (single),
    key        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
