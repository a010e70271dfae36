// A light HTTP POST for the bench's open-loop loads (bench/ack-rate.ts): node:http on a
// keep-alive agent. The bench shares the machine's two cores with the server and PostgreSQL,
// and fetch (undici) cost about 0.5 ms of CPU per request here — half a core at 1,000
// complaints a second — against about 0.05 ms for node:http (autocannon, used by the
// intake runs, about 0.03 ms). In production the customers' browsers are on other machines.
import http from 'node:http';

const agents = new Map<string, http.Agent>();

function agentFor(host: string): http.Agent {
  let agent = agents.get(host);
  if (!agent) agents.set(host, (agent = new http.Agent({ keepAlive: true, maxFreeSockets: 1024 })));
  return agent;
}

/** POSTs `body` as JSON and resolves with the status once the answer has been read in full. */
export function postJson(url: string, body: string): Promise<number> {
  const u = new URL(url);
  const agent = agentFor(u.host);
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Any request (the lifecycle's steps, bench/lifecycle.ts): the status and the answer's text. */
export function request(method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const agent = agentFor(u.host);
  const all = body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: all }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Closes the kept-alive sockets (at the end of a run). */
export function closeAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}
