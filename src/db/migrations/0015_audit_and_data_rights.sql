CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"ip" text,
	"user_agent" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at","id");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id") WHERE "audit_log"."target_id" is not null;--> statement-breakpoint
CREATE INDEX "cases_closed_retention_idx" ON "cases" USING btree ("closed_at") WHERE "cases"."status" = 'closed' and "cases"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "messages_raw_source_idx" ON "messages" USING btree ("created_at") WHERE "messages"."raw_source" is not null;--> statement-breakpoint
CREATE INDEX "attachments_kept_idx" ON "attachments" USING btree ("created_at") WHERE "attachments"."content" is not null;--> statement-breakpoint
CREATE INDEX "inbound_emails_received_idx" ON "inbound_emails" USING btree ("received_at");--> statement-breakpoint
-- The audit log is append-only, with no way around it (issue 14).
CREATE OR REPLACE FUNCTION amends_forbid_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION amends_forbid_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION amends_forbid_audit_change();
--> statement-breakpoint
-- The case timeline stays append-only, with one narrow door (docs/DATA-RIGHTS.md): a
-- transaction that set amends.erasing (only src/data-rights/scrub-cases.ts does, and it
-- writes an audit row in the same transaction) may UPDATE event data to scrub personal
-- fields. It may not change the case, the type, the actor or the time, and never DELETE.
CREATE OR REPLACE FUNCTION amends_forbid_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND coalesce(current_setting('amends.erasing', true), '') = 'on'
     AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.type = OLD.type
     AND NEW.actor_type = OLD.actor_type AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
     AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'case_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
