CREATE TABLE "customer_touches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"touch_key" text NOT NULL,
	"language" text NOT NULL,
	"subject" text,
	"body" text,
	"recipient" text,
	"delivery_status" text NOT NULL,
	"delivery_note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "customer_touches_kind_ck" CHECK ("customer_touches"."kind" in ('greeting','check_in','news')),
	CONSTRAINT "customer_touches_status_ck" CHECK ("customer_touches"."delivery_status" in ('queued','sent','not_sent','failed'))
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "departure_kind" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "do_not_contact" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_touches" ADD CONSTRAINT "customer_touches_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_touches" ADD CONSTRAINT "customer_touches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_touches_key_uq" ON "customer_touches" USING btree ("customer_id","touch_key");--> statement-breakpoint
CREATE INDEX "customer_touches_customer_idx" ON "customer_touches" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_deadline_idx" ON "cases" USING btree ("status",coalesce("next_due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "cases_score_idx" ON "cases" USING btree ("status",(-coalesce("dissatisfaction_score", -1)),"id");--> statement-breakpoint
CREATE INDEX "customers_departed_idx" ON "customers" USING btree ("departed_at") WHERE "customers"."status" = 'departed';--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_departure_kind_ck" CHECK ("customers"."departure_kind" in ('accidental','systemic','unknown'));--> statement-breakpoint
-- Backfill: the earliest due time of each open case's running or breached (not yet met) clocks.
UPDATE "cases" k SET "next_due_at" = (SELECT min(c."due_at") FROM "clocks" c WHERE c."case_id" = k."id" AND (c."status" = 'running' OR (c."status" = 'breached' AND c."stopped_at" IS NULL))) WHERE k."status" NOT IN ('resolved', 'closed');
