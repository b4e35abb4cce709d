import { Injectable } from '@nestjs/common';
import type { ValoreBeacon } from '../../../domain/src/ispezioni/ispezioni.types';
import { AppConfig } from '../config/app-config';

/** The beacon round is not published yet: retry later (the draw activity's retry policy waits for it). */
export class BeaconNonDisponibile extends Error {}

/**
 * A public randomness beacon with drand's HTTP API (`GET {url}/public/{round}` → `{ round, randomness }`). A draw uses
 * the first round published strictly after its request was registered, so nobody could know the value at intake.
 * Not configured (no SORTEGGIO_BEACON_URL): draws carry no beacon, as docs/assignment.md allows.
 */
@Injectable()
export class BeaconClient {
  constructor(private readonly config: AppConfig) {}

  get configurato(): boolean {
    return Boolean(this.config.SORTEGGIO_BEACON_URL);
  }

  /** The first round whose time is strictly after `at`. */
  roundDopo(at: Date): number {
    const genesis = this.config.SORTEGGIO_BEACON_GENESIS;
    const period = this.config.SORTEGGIO_BEACON_PERIODO;
    const elapsed = Math.max(0, at.getTime() / 1000 - genesis);
    // Round 1 is at genesis; round n at genesis + (n - 1) × period.
    return Math.floor(elapsed / period) + 2;
  }

  async valore(round: number): Promise<ValoreBeacon> {
    const url = `${this.config.SORTEGGIO_BEACON_URL!.replace(/\/$/, '')}/public/${round}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (res.status === 404 || res.status === 425) throw new BeaconNonDisponibile(`beacon round ${round} not published yet`);
    if (!res.ok) throw new Error(`beacon ${url} answered ${res.status}`);
    const body = (await res.json()) as { round?: number; randomness?: string };
    if (body.round !== round || !/^[0-9a-f]{64}$/.test(body.randomness ?? '')) throw new Error(`beacon ${url} answered an unexpected body`);
    return { fonte: this.config.SORTEGGIO_BEACON_URL!, round, valore: body.randomness! };
  }
}
