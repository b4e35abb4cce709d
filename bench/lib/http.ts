import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Agent, IncomingHttpHeaders, IncomingMessage, request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/**
 * A thin node:http client. Plain node:http rather than fetch: the bench shares the machine with what it measures,
 * so the client should cost as little CPU as possible, and uploads must stream from disk with a known length.
 */
export class HttpClient {
  // Keep-alive with as many sockets as requests in flight, as a real front end (or proxy) would hold.
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    maxSockets = 64,
    agent?: Agent,
  ) {
    this.agent = agent ?? new Agent({ keepAlive: true, maxSockets });
  }

  /**
   * A client acting with another token (another user, role or office) over this one's sockets: many identities,
   * one pool of connections. Closing either closes the sockets of both.
   */
  withToken(token: string): HttpClient {
    return new HttpClient(this.baseUrl, token, undefined, this.agent);
  }

  async json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const invia = () =>
      this.send(
        method,
        path,
        {
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...headers,
        },
        payload ? Readable.from([payload]) : undefined,
      );
    try {
      return await invia();
    } catch (e) {
      // A kept-alive socket the server closed for idleness (5 s) just as this request went out on it: the server never
      // read the request, so it is sent again once, on a new socket (Node's documented pattern, `req.reusedSocket`).
      // It happened after the bench's waits for an idle stack (tirocinio-attivazioni, 2026-12-07).
      if ((e as { code?: string; riusato?: boolean }).code === 'ECONNRESET' && (e as { riusato?: boolean }).riusato) return invia();
      throw e;
    }
  }

  /**
   * POSTs multipart/form-data with the given text fields first, then one file part streamed from disk. The body is
   * never held in memory: a preamble, the file's bytes as read, a trailer; Content-Length is computed up front.
   */
  async uploadFile(path: string, fields: Record<string, string>, file: { path: string; size: number; name: string; contentType: string }): Promise<HttpResult> {
    const boundary = `----wfe-bench-${randomBytes(12).toString('hex')}`;
    const head = Buffer.from(
      Object.entries(fields)
        .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    async function* body() {
      yield head;
      // 1 MiB reads: fewer, larger writes to the socket, as a browser or curl would do.
      yield* createReadStream(file.path, { highWaterMark: 1024 * 1024 });
      yield tail;
    }
    return this.send(
      'POST',
      path,
      {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + file.size + tail.length),
      },
      Readable.from(body(), { objectMode: false }),
    );
  }

  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, headers: Record<string, string>, body?: Readable): Promise<HttpResult> {
    return new Promise<HttpResult>((resolve, reject) => {
      const req = request(new URL(path, this.baseUrl), {
        method,
        agent: this.agent,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...headers },
      });
      req.once('error', (e) => reject(Object.assign(e, { riusato: req.reusedSocket })));
      req.once('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', reject);
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
        });
      });
      if (body) {
        // An early answer (e.g. 4xx before the body is read) ends the request; its error is reported above.
        pipeline(body, req).catch(reject);
      } else {
        req.end();
      }
    });
  }
}

/** The next page's path from a list's `Link: <...>; rel="next"` header (keyset pagination), or undefined on the last. */
export function nextPage(res: HttpResult): string | undefined {
  const link = [res.headers.link ?? []].flat().join(', ');
  return /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
}

/** Throws with the server's answer unless the status is the expected one. */
export function expectStatus(res: HttpResult, expected: number, what: string): void {
  if (res.status !== expected) throw new Error(`${what}: HTTP ${res.status} (expected ${expected}): ${res.body.slice(0, 500)}`);
}
