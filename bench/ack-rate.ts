// Acknowledgement lateness at a high steady rate (bench/run.ts, part `ack`): complaints
// arrive open-loop at `rate` per second for `seconds` (each tick sends its share without
// waiting for earlier answers, as customers do), and each acknowledgement's lateness is the
// time from its case's creation to the SMTP server accepting it (messages.sent_at, set
// when the send returned). p50/p99 over the complaints that were accepted. The requests go
// through node:http (bench/post.ts), lighter than fetch on the shared cores; BENCH_ACK_CLIENT=fetch
// uses fetch, as before, for a comparison.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.ts';
import { postJson } from './post.ts';

export interface AckRateResult {
  rate: number;
  accepted: number;
  sent: number;
  p50: number;
  p99: number;
  /** Complaints/s the load really reached (the bench's own pace on a busy machine). */
  achieved: number;
  /** CPU ms the bench process spent per complaint while sending them (its HTTP client; bench/post.ts). */
  clientCpuMs: number;
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** fetch, as the bench used before bench/post.ts: for comparing the clients' cost. */
const viaFetch = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });
const post = process.env.BENCH_ACK_CLIENT === 'fetch' ? viaFetch : postJson;

export async function benchAckRate(opts: { base: string; db: Db; rate: number; seconds: number; tag: string }): Promise<AckRateResult> {
  const { base, db, rate, seconds, tag } = opts;
  const total = Math.round(rate * seconds);
  const tickMs = 10;
  let sentReq = 0;
  let accepted = 0;
  const inFlight: Promise<void>[] = [];
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  while (sentReq < total) {
    const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * rate) + 1);
    for (; sentReq < due; sentReq++) {
      const k = sentReq;
      inFlight.push(
        post(`${base}/api/v1/public/complaints`, JSON.stringify({ email: `${tag}-${k}@bench.example`, body: 'Where is my refund??? The parcel never came.', language: 'en' })).then(
          (status) => {
            if (status >= 200 && status < 300) accepted++;
          },
          () => {},
        ),
      );
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  const loadS = (Date.now() - t0) / 1000;
  await Promise.all(inFlight);
  const cpu = process.cpuUsage(cpu0);
  const clientCpuMs = (cpu.user + cpu.system) / 1000 / total;
  // Until every accepted complaint's acknowledgement is out (or 60 s).
  const count = async () => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from messages where kind = 'acknowledgement' and recipient like ${`${tag}-%`} and sent_at is not null`))[0]!.n;
  for (let w = 0; w < 600 && (await count()) < accepted; w++) await new Promise((r) => setTimeout(r, 100));
  const rows = await queryRows<{ ms: number }>(
    db,
    sql`select extract(epoch from (m.sent_at - c.created_at)) * 1000 as ms from messages m join cases c on c.id = m.case_id
        where m.kind = 'acknowledgement' and m.recipient like ${`${tag}-%`} and m.sent_at is not null`,
  );
  const ms = rows.map((r) => Number(r.ms));
  return { rate, accepted, sent: ms.length, p50: pct(ms, 50), p99: pct(ms, 99), achieved: Math.round(total / loadS), clientCpuMs };
}
