-- realtimekit: node leases (NodeLeases), one row per known node. Every time is the database's own
-- (clock_timestamp()), never a node's clock, so the nodes need no synchronised clocks.
-- A row exists while the node is known: written by a renewal, deleted when its sweep is done.
-- "lease_until" NULL or past: the lease is not held (released or lapsed).
-- "sweeper" and "claim_until": who claimed the sweep of the lapsed node, and until when.
CREATE TABLE ${rtk_tables}node_leases (
  node_id VARCHAR(64) NOT NULL,
  lease_until TIMESTAMP WITH TIME ZONE,
  sweeper VARCHAR(64),
  claim_until TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (node_id)
);
