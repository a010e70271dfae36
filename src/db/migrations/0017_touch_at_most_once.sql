ALTER TABLE "customer_touches" DROP CONSTRAINT "customer_touches_status_ck";--> statement-breakpoint
ALTER TABLE "customer_touches" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "customer_touches" ADD CONSTRAINT "customer_touches_status_ck" CHECK ("customer_touches"."delivery_status" in ('queued','sending','sent','not_sent','failed','uncertain'));