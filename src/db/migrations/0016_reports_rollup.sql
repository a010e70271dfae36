CREATE TABLE "report_base_daily" (
	"day" date PRIMARY KEY NOT NULL,
	"orders" integer NOT NULL,
	"new_customers" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_clocks_daily" (
	"day" date NOT NULL,
	"business_unit" text,
	"channel" text NOT NULL,
	"category_id" uuid,
	"owner_id" uuid,
	"kind" text NOT NULL,
	"met" integer NOT NULL,
	"breached" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_compensations_daily" (
	"day" date NOT NULL,
	"business_unit" text,
	"channel" text NOT NULL,
	"category_id" uuid,
	"owner_id" uuid,
	"kind" text NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"count" integer NOT NULL,
	"value_minor" bigint NOT NULL,
	"cost_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_daily" (
	"day" date NOT NULL,
	"business_unit" text,
	"channel" text NOT NULL,
	"category_id" uuid,
	"owner_id" uuid,
	"cases" integer NOT NULL,
	"scored" integer NOT NULL,
	"dissatisfied" integer NOT NULL,
	"stage_before" integer NOT NULL,
	"stage_at" integer NOT NULL,
	"stage_after" integer NOT NULL,
	"finished" integer NOT NULL,
	"within_3_business_days" integer NOT NULL,
	"within_8_weeks" integer NOT NULL,
	"after_8_weeks" integer NOT NULL,
	"recovered" integer NOT NULL,
	"departed" integer NOT NULL,
	"revenue_after_minor" bigint NOT NULL,
	"effort_cost_minor" bigint NOT NULL,
	"first_response_minutes" integer[] NOT NULL,
	"resolution_minutes" integer[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_marks" (
	"name" text PRIMARY KEY NOT NULL,
	"mark" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_period_stats" (
	"interval" text NOT NULL,
	"period" date NOT NULL,
	"first_response_p50" integer,
	"resolution_p50" integer,
	CONSTRAINT "report_period_stats_interval_period_pk" PRIMARY KEY("interval","period")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "churn_risk" real;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "churn_factors" jsonb;--> statement-breakpoint
CREATE INDEX "report_clocks_daily_day_idx" ON "report_clocks_daily" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_compensations_daily_day_idx" ON "report_compensations_daily" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_daily_day_idx" ON "report_daily" USING btree ("day");--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orders_placed_idx" ON "orders" USING btree ("placed_at");--> statement-breakpoint
CREATE INDEX "cases_churn_idx" ON "cases" USING btree ((-coalesce("churn_risk", -1)),"id");--> statement-breakpoint
-- The rollup's change log (src/reports/refresh-report-rollup.ts): every statement that changes
-- what a report counts adds the UTC days it touched, once per statement (statement-level
-- triggers over transition tables), and the worker recomputes exactly those days.
CREATE FUNCTION "report_mark_case_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day) SELECT DISTINCT (n.created_at AT TIME ZONE 'UTC')::date FROM new_rows n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "report_mark_case_updates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only changes a report sees: the worker's own churn estimate, next_due_at and the like do not count.
  INSERT INTO report_changes (day)
  SELECT DISTINCT (n.created_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (n.status, n.owner_id, n.business_unit, n.channel, n.category_id, n.journey_stage, n.dissatisfaction_score, n.resolved_at, n.closed_at, n.order_id, n.customer_id, n.created_at)
         IS DISTINCT FROM (o.status, o.owner_id, o.business_unit, o.channel, o.category_id, o.journey_stage, o.dissatisfaction_score, o.resolved_at, o.closed_at, o.order_id, o.customer_id, o.created_at);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "report_mark_child_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day)
  SELECT DISTINCT (c.created_at AT TIME ZONE 'UTC')::date FROM cases c WHERE c.id IN (SELECT n.case_id FROM new_rows n);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "report_mark_orders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The day's order count, and the recovery of the customer's complaints of the three years before.
  INSERT INTO report_changes (day)
  SELECT DISTINCT d FROM (
    SELECT (n.placed_at AT TIME ZONE 'UTC')::date AS d FROM new_rows n
    UNION ALL
    SELECT (c.created_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN cases c
      ON c.customer_id = n.customer_id AND c.created_at < n.placed_at AND c.created_at > n.placed_at - interval '36 months'
  ) s;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "report_mark_new_customers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day) SELECT DISTINCT (n.created_at AT TIME ZONE 'UTC')::date FROM new_rows n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "report_mark_customer_updates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A departure (or a return) changes who stayed and who left after each of their complaints.
  INSERT INTO report_changes (day)
  SELECT DISTINCT (c.created_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN cases c ON c.customer_id = n.id
   WHERE (n.status, n.departed_at) IS DISTINCT FROM (o.status, o.departed_at);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "report_cases_insert" AFTER INSERT ON "cases" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_case_rows();--> statement-breakpoint
CREATE TRIGGER "report_cases_update" AFTER UPDATE ON "cases" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_case_updates();--> statement-breakpoint
CREATE TRIGGER "report_clocks_insert" AFTER INSERT ON "clocks" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_child_rows();--> statement-breakpoint
CREATE TRIGGER "report_clocks_update" AFTER UPDATE ON "clocks" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_child_rows();--> statement-breakpoint
CREATE TRIGGER "report_messages_insert" AFTER INSERT ON "messages" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_child_rows();--> statement-breakpoint
CREATE TRIGGER "report_compensations_insert" AFTER INSERT ON "compensations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_child_rows();--> statement-breakpoint
CREATE TRIGGER "report_compensations_update" AFTER UPDATE ON "compensations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_child_rows();--> statement-breakpoint
CREATE TRIGGER "report_recovery_costs_insert" AFTER INSERT ON "recovery_costs" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_child_rows();--> statement-breakpoint
CREATE TRIGGER "report_orders_insert" AFTER INSERT ON "orders" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_orders();--> statement-breakpoint
CREATE TRIGGER "report_orders_update" AFTER UPDATE ON "orders" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_orders();--> statement-breakpoint
CREATE TRIGGER "report_customers_insert" AFTER INSERT ON "customers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_new_customers();--> statement-breakpoint
CREATE TRIGGER "report_customers_update" AFTER UPDATE ON "customers" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_customer_updates();--> statement-breakpoint
-- What exists already is stale from the start: the worker builds the rollup for it.
INSERT INTO report_changes (day)
SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM cases
UNION SELECT DISTINCT (placed_at AT TIME ZONE 'UTC')::date FROM orders
UNION SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM customers;
