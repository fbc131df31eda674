import autocannon from 'autocannon';
import type { BenchSession } from './sessions';

// One autocannon measurement: every connection carries its own signed-in session; every response
// must be 200 with the expected content (a redirect to the sign-in page is a non-2xx failure).

export interface RouteSpec {
  name: string;
  method?: 'GET' | 'POST';
  path: string;
  connections: number;
  sessions?: BenchSession[];
  /** Per-connection request (POST body, per-user path); default: GET `path`. */
  request?: (session: BenchSession, connection: number) => autocannon.Request;
  expect: (body: string) => boolean;
}

export interface Measurement {
  name: string;
  path: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  requests: number;
  failures: number;
  note?: string;
}

function options(base: string, spec: RouteSpec, duration: number): autocannon.Options {
  let next = 0;
  return {
    url: base + spec.path,
    connections: spec.connections,
    duration,
    timeout: 30,
    verifyBody: spec.expect,
    setupClient: spec.sessions?.length
      ? (client) => {
          const i = next++;
          const session = spec.sessions![i % spec.sessions!.length];
          const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
          if (spec.request) {
            const r = spec.request(session, i);
            client.setRequests([{ ...r, headers: { ...headers, ...(r.headers ?? {}) } }]);
          } else client.setHeaders(headers);
        }
      : undefined,
  };
}

export async function measure(base: string, spec: RouteSpec, seconds: { warmup: number; duration: number }): Promise<Measurement> {
  if (seconds.warmup > 0) await autocannon(options(base, spec, seconds.warmup));
  const r = await autocannon(options(base, spec, seconds.duration));
  return {
    name: spec.name,
    path: spec.path,
    connections: spec.connections,
    requestsPerSecond: Math.round(r.requests.average),
    p50: r.latency.p50,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    requests: r['2xx'] + r.non2xx,
    failures: r.errors + r.timeouts + r.non2xx + r.mismatches,
  };
}
