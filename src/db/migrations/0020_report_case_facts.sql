CREATE TABLE "report_case_clocks" (
	"case_id" uuid NOT NULL,
	"day" date NOT NULL,
	"business_unit" text,
	"channel" text NOT NULL,
	"category_id" uuid,
	"owner_id" uuid,
	"kind" text NOT NULL,
	"met" integer NOT NULL,
	"breached" integer NOT NULL,
	CONSTRAINT "report_case_clocks_case_id_kind_pk" PRIMARY KEY("case_id","kind")
);
--> statement-breakpoint
CREATE TABLE "report_case_compensations" (
	"case_id" uuid NOT NULL,
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
	"cost_minor" bigint NOT NULL,
	CONSTRAINT "report_case_compensations_case_id_kind_role_status_pk" PRIMARY KEY("case_id","kind","role","status")
);
--> statement-breakpoint
CREATE TABLE "report_case_facts" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"business_unit" text,
	"channel" text NOT NULL,
	"category_id" uuid,
	"owner_id" uuid,
	"score" real,
	"journey_stage" text,
	"first_response_minutes" integer,
	"resolution_minutes" integer,
	"band" text,
	"recovered" boolean NOT NULL,
	"departed" boolean NOT NULL,
	"revenue_after_minor" bigint NOT NULL,
	"effort_cost_minor" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_changes" ADD COLUMN "case_id" uuid;--> statement-breakpoint
ALTER TABLE "report_changes" ADD COLUMN "whole" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "report_case_clocks_day_idx" ON "report_case_clocks" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_case_compensations_day_idx" ON "report_case_compensations" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_case_facts_day_idx" ON "report_case_facts" USING btree ("day");--> statement-breakpoint
-- Hand-written (issue 15): the rollup's change log names the changed cases, not only their
-- days, so the worker recomputes those cases' facts (report_case_facts) and adds the day's
-- sums up again from them, instead of recomputing every case of the day every two seconds.
-- Still one INSERT per statement (statement-level triggers over transition tables).
CREATE OR REPLACE FUNCTION "report_mark_case_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day, case_id, whole) SELECT (n.created_at AT TIME ZONE 'UTC')::date, n.id, false FROM new_rows n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "report_mark_case_updates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only changes a report sees: the worker's own churn estimate, next_due_at and the like do not count.
  INSERT INTO report_changes (day, case_id, whole)
  SELECT (n.created_at AT TIME ZONE 'UTC')::date, n.id, false FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (n.status, n.owner_id, n.business_unit, n.channel, n.category_id, n.journey_stage, n.dissatisfaction_score, n.resolved_at, n.closed_at, n.order_id, n.customer_id, n.created_at)
         IS DISTINCT FROM (o.status, o.owner_id, o.business_unit, o.channel, o.category_id, o.journey_stage, o.dissatisfaction_score, o.resolved_at, o.closed_at, o.order_id, o.customer_id, o.created_at);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "report_mark_child_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day, case_id, whole)
  SELECT (c.created_at AT TIME ZONE 'UTC')::date, c.id, false FROM cases c WHERE c.id IN (SELECT n.case_id FROM new_rows n);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "report_mark_orders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The day's order count, and the recovery of the customer's complaints of the three years before.
  INSERT INTO report_changes (day, case_id, whole)
  SELECT DISTINCT (n.placed_at AT TIME ZONE 'UTC')::date, NULL::uuid, false FROM new_rows n
  UNION
  SELECT (c.created_at AT TIME ZONE 'UTC')::date, c.id, false FROM new_rows n JOIN cases c
    ON c.customer_id = n.customer_id AND c.created_at < n.placed_at AND c.created_at > n.placed_at - interval '36 months';
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "report_mark_new_customers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day, case_id, whole) SELECT DISTINCT (n.created_at AT TIME ZONE 'UTC')::date, NULL::uuid, false FROM new_rows n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "report_mark_customer_updates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A departure (or a return) changes who stayed and who left after each of their complaints.
  INSERT INTO report_changes (day, case_id, whole)
  SELECT DISTINCT (c.created_at AT TIME ZONE 'UTC')::date, c.id, false FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN cases c ON c.customer_id = n.id
   WHERE (n.status, n.departed_at) IS DISTINCT FROM (o.status, o.departed_at);
  RETURN NULL;
END $$;--> statement-breakpoint
-- Only what the facts count: a clock met or breached (not started, warned, paused), a
-- personal reply (not the automatic mail the worker sends five times per case).
CREATE FUNCTION "report_mark_clock_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day, case_id, whole)
  SELECT (c.created_at AT TIME ZONE 'UTC')::date, c.id, false FROM cases c
   WHERE c.id IN (SELECT n.case_id FROM new_rows n WHERE n.status IN ('met', 'breached'));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "report_mark_clock_updates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day, case_id, whole)
  SELECT (c.created_at AT TIME ZONE 'UTC')::date, c.id, false FROM cases c
   WHERE c.id IN (SELECT x.id FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.case_id), (o.case_id)) x(id)
                   WHERE (n.status, n.kind, n.case_id) IS DISTINCT FROM (o.status, o.kind, o.case_id)
                     AND (n.status IN ('met', 'breached') OR o.status IN ('met', 'breached')));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "report_mark_reply_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day, case_id, whole)
  SELECT (c.created_at AT TIME ZONE 'UTC')::date, c.id, false FROM cases c
   WHERE c.id IN (SELECT n.case_id FROM new_rows n WHERE n.direction = 'outbound' AND n.author_user_id IS NOT NULL);
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER "report_clocks_insert" ON "clocks";--> statement-breakpoint
DROP TRIGGER "report_clocks_update" ON "clocks";--> statement-breakpoint
DROP TRIGGER "report_messages_insert" ON "messages";--> statement-breakpoint
CREATE TRIGGER "report_clocks_insert" AFTER INSERT ON "clocks" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_clock_rows();--> statement-breakpoint
CREATE TRIGGER "report_clocks_update" AFTER UPDATE ON "clocks" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_clock_updates();--> statement-breakpoint
CREATE TRIGGER "report_messages_insert" AFTER INSERT ON "messages" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_reply_rows();--> statement-breakpoint
-- The facts of the cases that exist already: every day of them is rebuilt whole once.
INSERT INTO report_changes (day, whole) SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date, true FROM cases;
