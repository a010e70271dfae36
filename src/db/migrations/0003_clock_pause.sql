ALTER TABLE "clocks" ADD COLUMN "pausable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "clocks" ADD COLUMN "business_time" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "clocks" ADD COLUMN "paused_at" timestamp with time zone;