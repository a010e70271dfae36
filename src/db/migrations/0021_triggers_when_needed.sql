-- Hand-written: the webhook fan-out trigger on case_events (0012) is switched off while no
-- subscription is active, and on again as soon as one is. Every statement that appends to the
-- timeline (about ten per complaint) otherwise kept a transition table of its events and ran
-- the trigger only to find no active subscription; a desk without webhooks paid that on every
-- action. The fan-out function keeps its own check, so an enabled trigger is always correct;
-- only switching it off needs care (below).
--
-- Every change to webhooks first locks case_events against writers (SHARE ROW EXCLUSIVE, which
-- also excludes another switch), before touching any webhooks row: so the decision after the
-- change sees every other subscription change committed (read committed: each statement here
-- takes a fresh snapshot), and no timeline writer can be waiting on a webhooks row this
-- transaction holds (a deadlock). Under a stricter isolation level the snapshot may be older
-- than the lock, so there the trigger is only ever switched on. TRUNCATE is left out: it holds
-- webhooks exclusively, and a timeline writer reading webhooks would deadlock with the lock;
-- the trigger then simply stays on, which is correct.
-- SECURITY DEFINER: switching a trigger takes the table's owner (whoever ran the migrations),
-- which the role the application connects as need not be.
CREATE FUNCTION webhook_fan_out_lock() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  LOCK TABLE case_events IN SHARE ROW EXCLUSIVE MODE;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION webhook_fan_out_switch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  wanted boolean := EXISTS (SELECT 1 FROM webhooks WHERE active);
  enabled boolean;
BEGIN
  SELECT t.tgenabled <> 'D' INTO enabled FROM pg_trigger t
   WHERE t.tgrelid = 'case_events'::regclass AND t.tgname = 'case_events_webhook_fan_out';
  IF wanted AND NOT enabled THEN
    ALTER TABLE case_events ENABLE TRIGGER case_events_webhook_fan_out;
  ELSIF enabled AND NOT wanted AND current_setting('transaction_isolation') = 'read committed' THEN
    ALTER TABLE case_events DISABLE TRIGGER case_events_webhook_fan_out;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER webhooks_fan_out_lock BEFORE INSERT OR UPDATE OR DELETE ON webhooks FOR EACH STATEMENT EXECUTE FUNCTION webhook_fan_out_lock();--> statement-breakpoint
CREATE TRIGGER webhooks_fan_out_switch AFTER INSERT OR UPDATE OR DELETE ON webhooks FOR EACH STATEMENT EXECUTE FUNCTION webhook_fan_out_switch();--> statement-breakpoint
-- Where it starts: off unless a subscription is active.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhooks WHERE active) THEN
    ALTER TABLE case_events DISABLE TRIGGER case_events_webhook_fan_out;
  END IF;
END $$;
--> statement-breakpoint
-- The rollup's mark for new messages (0020) as a row trigger whose WHEN is checked before any
-- function runs: intake inserts the customer's own message and the automatic acknowledgement,
-- neither of which a report counts, yet every intake statement kept a transition table of them
-- and ran a function to find that out. What is logged is the same: a personal reply names its
-- case. (New clocks stay a statement trigger: intake inserts each case's acknowledgement clock
-- already met, so a row trigger would run once per case of a batch instead of once.)
CREATE FUNCTION "report_mark_message_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (day, case_id, whole)
  SELECT (c.created_at AT TIME ZONE 'UTC')::date, c.id, false FROM cases c WHERE c.id = NEW.case_id;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER "report_messages_insert" ON "messages";--> statement-breakpoint
CREATE TRIGGER "report_messages_insert" AFTER INSERT ON "messages" FOR EACH ROW
  WHEN (NEW.direction = 'outbound' AND NEW.author_user_id IS NOT NULL) EXECUTE FUNCTION report_mark_message_row();--> statement-breakpoint
DROP FUNCTION "report_mark_reply_rows"();
--> statement-breakpoint
-- What a staff member granted on their own authority this month (authority-usage.ts), asked at
-- every grant: read from this index alone, where it read one heap row per grant of the month.
CREATE INDEX "compensations_self_granted_idx" ON "compensations" USING btree ("requested_by","decided_by","created_at","value_minor") WHERE "compensations"."status" = 'granted';
