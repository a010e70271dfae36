CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 1 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "sweeps" (
	"name" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_run_by" text,
	"runs" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limits_expires_idx" ON "rate_limits" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "jobs_finished_idx" ON "jobs" USING btree ("finished_at") WHERE "jobs"."state" in ('done','failed');--> statement-breakpoint
CREATE INDEX "jobs_locked_by_idx" ON "jobs" USING btree ("locked_by") WHERE "jobs"."state" = 'running';--> statement-breakpoint
CREATE INDEX "messages_unsettled_idx" ON "messages" USING btree ("delivery_status") WHERE "messages"."delivery_status" in ('sending','uncertain');--> statement-breakpoint
-- Housekeeping (issue 15): rows updated in place leave room on their page, so the new
-- version stays on it (a HOT update, no index entries, less bloat for autovacuum).
ALTER TABLE "jobs" SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 0);--> statement-breakpoint
ALTER TABLE "rate_limits" SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 500);--> statement-breakpoint
ALTER TABLE "sweeps" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "cases" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "clocks" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "messages" SET (fillfactor = 90);--> statement-breakpoint
ALTER TABLE "commitments" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "follow_ups" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "bonuses" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "customer_touches" SET (fillfactor = 90);--> statement-breakpoint
ALTER TABLE "sign_in_throttles" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "idempotency_keys" SET (autovacuum_vacuum_scale_factor = 0.05);
