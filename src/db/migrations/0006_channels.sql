CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"message_id" uuid,
	"filename" text,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea",
	"skipped_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"event" text NOT NULL,
	"from_number" text NOT NULL,
	"to_number" text,
	"at" timestamp with time zone NOT NULL,
	"rings" integer,
	"wait_seconds" integer,
	"duration_seconds" integer,
	"recording_url" text,
	"customer_id" uuid,
	"case_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_events_event_ck" CHECK ("call_events"."event" in ('ringing','answered','missed','dropped','voicemail'))
);
--> statement-breakpoint
CREATE TABLE "inbound_emails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"route" text,
	"reason" text,
	"case_id" uuid,
	"message_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "inbound_emails_status_ck" CHECK ("inbound_emails"."status" in ('received','routed','ignored','failed'))
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"author" text,
	"rating" real,
	"rating_scale" smallint DEFAULT 5 NOT NULL,
	"text" text NOT NULL,
	"link" text,
	"posted_at" timestamp with time zone,
	"customer_id" uuid,
	"case_id" uuid,
	"dissatisfied" boolean NOT NULL,
	"score" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"score" smallint NOT NULL,
	"comment" text,
	"detractor" boolean NOT NULL,
	"customer_id" uuid,
	"case_id" uuid,
	"responded_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_kind_ck" CHECK ("survey_responses"."kind" in ('csat','nps')),
	CONSTRAINT "survey_responses_score_ck" CHECK (("survey_responses"."kind" = 'csat' and "survey_responses"."score" between 1 and 5) or ("survey_responses"."kind" = 'nps' and "survey_responses"."score" between 0 and 10))
);
--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_status_ck";--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "scopes" text[];--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reply_token" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_case_idx" ON "attachments" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "attachments_message_idx" ON "attachments" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "call_events_call_event_uq" ON "call_events" USING btree ("call_id","event");--> statement-breakpoint
CREATE INDEX "call_events_from_idx" ON "call_events" USING btree ("from_number","at");--> statement-breakpoint
CREATE INDEX "call_events_customer_idx" ON "call_events" USING btree ("customer_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_dedupe_uq" ON "inbound_emails" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "inbound_emails_pending_idx" ON "inbound_emails" USING btree ("received_at") WHERE "inbound_emails"."status" = 'received';--> statement-breakpoint
CREATE INDEX "inbound_emails_case_idx" ON "inbound_emails" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_source_external_uq" ON "reviews" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "reviews_created_idx" ON "reviews" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "reviews_customer_idx" ON "reviews" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_source_external_uq" ON "survey_responses" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "survey_responses_case_idx" ON "survey_responses" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "survey_responses_responded_idx" ON "survey_responses" USING btree ("kind","responded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_reply_token_uq" ON "cases" USING btree ("reply_token");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_status_ck" CHECK ("customers"."status" in ('active','departed','ended','merged'));