// A server-sent events client for tests: opens a real HTTP stream and collects
// the events, so a test can wait for the one it expects.
export interface SseEvent {
  event: string;
  id?: string;
  data: any;
}

export interface SseStream {
  events: SseEvent[];
  /** Resolves with the first event (already received or still to come) matching `pred`; rejects after `ms`. */
  next(pred: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
  status: number;
  headers: Headers;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  const push = (e: SseEvent) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  };
  if (res.body) {
    void (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const e: Partial<SseEvent> & { lines: string[] } = { lines: [] };
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) e.event = line.slice(7);
              else if (line.startsWith('id: ')) e.id = line.slice(4);
              else if (line.startsWith('data: ')) e.lines.push(line.slice(6));
            }
            if (e.event) push({ event: e.event, id: e.id, data: JSON.parse(e.lines.join('\n')) });
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    events,
    status: res.status,
    headers: res.headers,
    next(pred, ms = 10_000) {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.map((x) => x.event))}`));
          }
        }, ms).unref();
      });
    },
    close: () => ctrl.abort(),
  };
}
