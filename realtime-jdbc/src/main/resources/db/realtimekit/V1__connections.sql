-- realtimekit: the users of ConnectionRepository, with one index table per lookup.
-- ${rtk_tables} starts every table name: the prefix, schema-qualified when there is a schema
-- ("rtk_" by default, "realtime.rtk_" with a schema); ${rtk_prefix} is the bare prefix, for index names.
-- Plain SQL:2003 types and statements; one statement per ";" at the end of a line.

-- one row per user; "state" is the whole aggregate (ConnectionUser.toPrimitives as JSON),
-- "revision" changes on every save (removeIfDisconnected deletes only the state it read)
CREATE TABLE ${rtk_tables}users (
  user_id VARCHAR(128) NOT NULL,
  company_id CHAR(36) NOT NULL,
  connected BOOLEAN NOT NULL,
  revision BIGINT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (user_id)
);
CREATE INDEX ${rtk_prefix}users_company ON ${rtk_tables}users (company_id, connected);
CREATE INDEX ${rtk_prefix}users_connected ON ${rtk_tables}users (connected);

-- one row per role of a user (lookups by role, within a company or across companies)
CREATE TABLE ${rtk_tables}user_roles (
  user_id VARCHAR(128) NOT NULL,
  role VARCHAR(32) NOT NULL,
  company_id CHAR(36) NOT NULL,
  PRIMARY KEY (user_id, role),
  FOREIGN KEY (user_id) REFERENCES ${rtk_tables}users (user_id) ON DELETE CASCADE
);
CREATE INDEX ${rtk_prefix}user_roles_company_role ON ${rtk_tables}user_roles (company_id, role);
CREATE INDEX ${rtk_prefix}user_roles_role ON ${rtk_tables}user_roles (role);

-- one row per live connection (lookups by connection id; by node for a sweep)
CREATE TABLE ${rtk_tables}connections (
  user_id VARCHAR(128) NOT NULL,
  connection_id VARCHAR(64) NOT NULL,
  node_id VARCHAR(64) NOT NULL,
  opened_at_millis BIGINT NOT NULL,
  PRIMARY KEY (user_id, connection_id),
  FOREIGN KEY (user_id) REFERENCES ${rtk_tables}users (user_id) ON DELETE CASCADE
);
CREATE INDEX ${rtk_prefix}connections_connection ON ${rtk_tables}connections (connection_id);
CREATE INDEX ${rtk_prefix}connections_node ON ${rtk_tables}connections (node_id);
