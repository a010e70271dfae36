// One POST to a receiver: no redirects followed, a hard timeout, internal
// addresses refused at connect time, and at most a snippet of the answer kept.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isInternalAddress } from './webhook-url.ts';

export interface PostResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseSnippet: string | null;
}

const SNIPPET = 500;

export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, 'durationMs'>): PostResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(host) !== 0 && isInternalAddress(host)) {
    return done({ statusCode: null, error: `refused: ${host} is an internal address`, responseSnippet: null });
  }
  return new Promise<PostResult>((resolve) => {
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(opts.allowPrivate) as never,
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          if (kept < SNIPPET) {
            chunks.push(c);
            kept += c.length;
          }
        });
        res.on('end', () => {
          const snippet = Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET);
          resolve(done({ statusCode: res.statusCode ?? null, error: null, responseSnippet: snippet || null }));
        });
        res.on('error', (err) => resolve(done({ statusCode: res.statusCode ?? null, error: err.message, responseSnippet: null })));
      },
    );
    req.on('error', (err) => {
      const message = err.name === 'AbortError' || err.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : err.message;
      resolve(done({ statusCode: null, error: message, responseSnippet: null }));
    });
    req.end(body);
  });
}
