CREATE TABLE "employee_feedback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"case_id" uuid,
	"customer_id" uuid,
	"justified" boolean DEFAULT false NOT NULL,
	"reason" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employee_feedback_kind_ck" CHECK ("employee_feedback"."kind" in ('praise','complaint')),
	CONSTRAINT "employee_feedback_source_ck" CHECK ("employee_feedback"."source" in ('portal','rating','review','survey','staff','supervisor'))
);
--> statement-breakpoint
CREATE TABLE "root_cause_cases" (
	"root_cause_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"linked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "root_cause_cases_root_cause_id_case_id_pk" PRIMARY KEY("root_cause_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "root_cause_thanks" (
	"root_cause_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"message_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "root_cause_thanks_root_cause_id_customer_id_pk" PRIMARY KEY("root_cause_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "script_roles" (
	"key" text PRIMARY KEY NOT NULL,
	"labels" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scripts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"role_key" text,
	"category_id" uuid,
	"situation" text,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" DROP CONSTRAINT "cases_root_cause_id_root_causes_id_fk";
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "suggested_category" text;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "kind_source" text DEFAULT 'declared' NOT NULL;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "action" text;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "category_id" uuid;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "done_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "root_causes" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "employee_feedback" ADD CONSTRAINT "employee_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_feedback" ADD CONSTRAINT "employee_feedback_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_feedback" ADD CONSTRAINT "employee_feedback_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_feedback" ADD CONSTRAINT "employee_feedback_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_cases" ADD CONSTRAINT "root_cause_cases_root_cause_id_root_causes_id_fk" FOREIGN KEY ("root_cause_id") REFERENCES "public"."root_causes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_cases" ADD CONSTRAINT "root_cause_cases_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_cases" ADD CONSTRAINT "root_cause_cases_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_thanks" ADD CONSTRAINT "root_cause_thanks_root_cause_id_root_causes_id_fk" FOREIGN KEY ("root_cause_id") REFERENCES "public"."root_causes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_thanks" ADD CONSTRAINT "root_cause_thanks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_thanks" ADD CONSTRAINT "root_cause_thanks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_thanks" ADD CONSTRAINT "root_cause_thanks_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scripts" ADD CONSTRAINT "scripts_role_key_script_roles_key_fk" FOREIGN KEY ("role_key") REFERENCES "public"."script_roles"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scripts" ADD CONSTRAINT "scripts_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "employee_feedback_user_idx" ON "employee_feedback" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "employee_feedback_customer_praise_uq" ON "employee_feedback" USING btree ("case_id","user_id") WHERE "employee_feedback"."kind" = 'praise' and "employee_feedback"."source" in ('portal','rating');--> statement-breakpoint
CREATE UNIQUE INDEX "employee_feedback_justified_uq" ON "employee_feedback" USING btree ("case_id","user_id") WHERE "employee_feedback"."kind" = 'complaint' and "employee_feedback"."justified";--> statement-breakpoint
CREATE INDEX "root_cause_cases_case_idx" ON "root_cause_cases" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "scripts_language_idx" ON "scripts" USING btree ("language","active");--> statement-breakpoint
ALTER TABLE "root_causes" ADD CONSTRAINT "root_causes_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_causes" ADD CONSTRAINT "root_causes_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_causes" ADD CONSTRAINT "root_causes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "root_causes_created_idx" ON "root_causes" USING btree ("created_at","id");--> statement-breakpoint
-- Links made through the old single column survive as rows of the link table.
INSERT INTO "root_cause_cases" ("root_cause_id", "case_id") SELECT "root_cause_id", "id" FROM "cases" WHERE "root_cause_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" DROP COLUMN "root_cause_id";--> statement-breakpoint
ALTER TABLE "root_causes" ADD CONSTRAINT "root_causes_kind_ck" CHECK ("root_causes"."kind" in ('accidental','systemic'));--> statement-breakpoint
ALTER TABLE "root_causes" ADD CONSTRAINT "root_causes_status_ck" CHECK ("root_causes"."status" in ('open','in_progress','done','verified'));--> statement-breakpoint
-- The roles every desk starts with (P-4.7); admins add their own.
INSERT INTO "script_roles" ("key", "labels", "sort_order") VALUES
 ('receptionist', '{"en":"Receptionist","de":"Empfang","es":"Recepción","fi":"Vastaanotto","lv":"Reģistratūra","ro":"Recepție","ru":"Ресепшен"}', 10),
 ('sales', '{"en":"Sales","de":"Verkauf","es":"Ventas","fi":"Myynti","lv":"Pārdošana","ro":"Vânzări","ru":"Продажи"}', 20),
 ('service_desk', '{"en":"Service desk","de":"Servicedesk","es":"Servicio de atención","fi":"Asiakaspalvelu","lv":"Klientu apkalpošana","ro":"Serviciul clienți","ru":"Сервисная служба"}', 30),
 ('shop_floor', '{"en":"Shop floor","de":"Verkaufsfläche","es":"Sala de ventas","fi":"Myymälä","lv":"Tirdzniecības zāle","ro":"Magazin","ru":"Торговый зал"}', 40),
 ('night_call_centre', '{"en":"Night call centre","de":"Nacht-Callcenter","es":"Centro de llamadas nocturno","fi":"Yöpuhelinpalvelu","lv":"Nakts zvanu centrs","ro":"Call center de noapte","ru":"Ночной колл-центр"}', 50);
