// A light HTTP POST for the bench's open-loop loads (bench/ack-rate.ts): node:http on a
// keep-alive agent. The bench shares the machine's two cores with the server and PostgreSQL,
// and fetch (undici) cost about 0.5 ms of CPU per request here — half a core at 1,000
// complaints a second — against about 0.05 ms for node:http (autocannon, used by the
// intake runs, about 0.03 ms). In production the customers' browsers are on other machines.
import http from 'node:http';

const agents = new Map<string, http.Agent>();

/** POSTs `body` as JSON and resolves with the status once the answer has been read in full. */
export function postJson(url: string, body: string): Promise<number> {
  const u = new URL(url);
  let agent = agents.get(u.host);
  if (!agent) agents.set(u.host, (agent = new http.Agent({ keepAlive: true, maxFreeSockets: 1024 })));
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

/** Closes the kept-alive sockets (at the end of a run). */
export function closeAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}
