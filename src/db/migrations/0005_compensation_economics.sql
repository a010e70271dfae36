CREATE TABLE "bonuses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"compensation_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"redeemed_order_id" uuid,
	"redeemed_minor" bigint,
	"redeemed_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	CONSTRAINT "bonuses_status_ck" CHECK ("bonuses"."status" in ('active','redeemed','expired'))
);
--> statement-breakpoint
CREATE TABLE "catalog_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"cost_minor" bigint NOT NULL,
	"value_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"preset" text,
	"remedy" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_items_kind_ck" CHECK ("catalog_items"."kind" in ('gift','bonus','refund','replacement','discount','voucher')),
	CONSTRAINT "catalog_items_money_ck" CHECK ("catalog_items"."cost_minor" >= 0 and "catalog_items"."value_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "customer_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"figures" jsonb NOT NULL,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_reviews_decision_ck" CHECK ("customer_reviews"."decision" in ('keep','watch','end_relationship'))
);
--> statement-breakpoint
CREATE TABLE "recovery_costs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"description" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_costs_kind_ck" CHECK ("recovery_costs"."kind" in ('overtime','rework','delivery','other')),
	CONSTRAINT "recovery_costs_amount_ck" CHECK ("recovery_costs"."amount_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "gift_cost_minor" bigint;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "double" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_compensation_id_compensations_id_fk" FOREIGN KEY ("compensation_id") REFERENCES "public"."compensations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_redeemed_order_id_orders_id_fk" FOREIGN KEY ("redeemed_order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_reviews" ADD CONSTRAINT "customer_reviews_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_reviews" ADD CONSTRAINT "customer_reviews_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_costs" ADD CONSTRAINT "recovery_costs_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_costs" ADD CONSTRAINT "recovery_costs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bonuses_compensation_uq" ON "bonuses" USING btree ("compensation_id");--> statement-breakpoint
CREATE INDEX "bonuses_customer_idx" ON "bonuses" USING btree ("customer_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "bonuses_case_idx" ON "bonuses" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "bonuses_issued_idx" ON "bonuses" USING btree ("issued_at");--> statement-breakpoint
CREATE INDEX "bonuses_active_expiry_idx" ON "bonuses" USING btree ("expires_at") WHERE "bonuses"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "bonuses_order_uq" ON "bonuses" USING btree ("redeemed_order_id");--> statement-breakpoint
CREATE INDEX "catalog_items_list_idx" ON "catalog_items" USING btree ("position","id");--> statement-breakpoint
CREATE INDEX "customer_reviews_customer_idx" ON "customer_reviews" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "recovery_costs_case_idx" ON "recovery_costs" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "compensations_requester_idx" ON "compensations" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "compensations_granted_created_idx" ON "compensations" USING btree ("created_at","customer_id") WHERE "compensations"."status" = 'granted';--> statement-breakpoint
CREATE INDEX "offers_chosen_idx" ON "offers" USING btree ("chosen_at") WHERE "offers"."status" = 'chosen';