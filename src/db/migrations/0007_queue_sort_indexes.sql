DROP INDEX "cases_deadline_idx";--> statement-breakpoint
DROP INDEX "cases_score_idx";--> statement-breakpoint
CREATE INDEX "cases_deadline_idx" ON "cases" USING btree (coalesce("next_due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "cases_score_idx" ON "cases" USING btree ((-coalesce("dissatisfaction_score", -1)),"id");