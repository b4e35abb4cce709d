import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy the test owns, in front of one dependency (PostgreSQL, MinIO, Temporal): `taglia()` cuts it as an
 * outage would (every open connection reset, new ones refused), `ripristina()` brings it back on the same port.
 */
export class ProxyTcp {
  private server?: Server;
  private readonly aperte = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly destinazione: number,
  ) {}

  async avvia(port = 0): Promise<this> {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: this.host, port: this.destinazione });
      for (const s of [client, upstream]) {
        this.aperte.add(s);
        s.on('close', () => this.aperte.delete(s));
        s.on('error', () => undefined); // the other side's reset: both are destroyed below
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** The dependency goes away: open connections are reset and the port refuses new ones. */
  async taglia(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.aperte) s.resetAndDestroy();
    this.aperte.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** It comes back where it was. */
  async ripristina(): Promise<void> {
    await this.avvia(this.port);
  }

  async chiudi(): Promise<void> {
    await this.taglia();
  }
}
