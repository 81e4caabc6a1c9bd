-- realtimekit: one sales floor per company, as JSON (SalesFloor.toPrimitives), changed by
-- compare-and-set on "version" (UPDATE ... WHERE version = ?). A row is never deleted (an emptied
-- floor is stored empty), so a version never goes back and cannot be mistaken for an older one.
CREATE TABLE ${rtk_tables}sales_floors (
  company_id CHAR(36) NOT NULL,
  version BIGINT NOT NULL,
  floor TEXT NOT NULL,
  PRIMARY KEY (company_id)
);
