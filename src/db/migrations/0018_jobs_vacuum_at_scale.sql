-- Issue 15, timers at 10 M pending: the claim walks `jobs_due_idx` from its oldest entry, and
-- every fired job leaves a dead entry there until a vacuum cleans the index. With a scale
-- factor, autovacuum waited for 1 % of the table (100,000 rows at 10 M timers) and then skipped
-- the index cleanup because the dead rows sat on under 2 % of the pages; the claim with nothing
-- due took 25–50 ms instead of 0.3 ms. Vacuum after a fixed number of changed rows, however
-- large the table, and always clean the indexes.
ALTER TABLE "jobs" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000, vacuum_index_cleanup = on);
--> statement-breakpoint
-- Updated in place by every lifecycle (an option chosen, a restatement confirmed): room on the page for HOT updates.
ALTER TABLE "resolution_options" SET (fillfactor = 90);--> statement-breakpoint
ALTER TABLE "restatements" SET (fillfactor = 90);
