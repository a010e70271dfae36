ALTER TABLE "clocks" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "clocks" ADD COLUMN "meets_on" text DEFAULT 'resolve' NOT NULL;--> statement-breakpoint
ALTER TABLE "clocks" ADD COLUMN "warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clocks" ADD COLUMN "warned_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "clocks_running_due_idx" ON "clocks" USING btree ("due_at") WHERE "clocks"."status" = 'running';--> statement-breakpoint
CREATE INDEX "clocks_warn_idx" ON "clocks" USING btree ("warn_at") WHERE "clocks"."status" = 'running' and "clocks"."warned_at" is null;