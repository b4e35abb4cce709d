import { setTimeout as sleep } from 'node:timers/promises';
import type { ImpostazioniIspettorato } from '../../libs/domain/src/ispezioni/politica';
import { HttpClient, expectStatus } from './http';
import { runPool } from './pool';
import type { BenchContext } from './types';

/** A fresh inspectorate set up through the API, ready to draw: what a scenario needs to register requests in it. */
export interface IspettoratoDiProva {
  /** Its code: the office of its staff's tokens, and the middle of its requests' workflow ids. */
  codice: string;
  territorio: string;
  /** The case type every inspector is qualified for. */
  tipo: string;
  ispettori: number;
  /** The one company every request is about. */
  aziendaId: string;
  /** The draw period in force when the set-up ended. */
  periodo: string;
}

export interface OpzioniIspettorato {
  codice: string;
  ispettori: number;
  territorio?: string;
  tipo?: string;
  /**
   * The inspectorate's settings. With one company and hundreds of requests the default rotation (12 months) would
   * leave nobody eligible after as many draws as inspectors: callers set `finestraRotazioneMesi: 0`.
   */
  politica: ImpostazioniIspettorato;
}

/**
 * Sets up an inspectorate as its amministratore and a dirigente would: the inspectorate, `ispettori` inspectors all
 * qualified for `tipo` in `territorio`, one company; then waits (up to 60 s) until the service's schedule has
 * published a draw period and it is in force, so every request registered afterwards is drawn at once.
 */
export async function preparaIspettorato(ctx: BenchContext, opts: OpzioniIspettorato): Promise<IspettoratoDiProva> {
  const { codice, ispettori } = opts;
  const territorio = opts.territorio ?? 'PA';
  const tipo = opts.tipo ?? 'lavoro-nero';
  const idp = ctx.stack.idp;
  const admin = new HttpClient(ctx.stack.baseUrl, await idp.token('bench.admin', ['amministratore'], codice), 1);
  const dirigente = new HttpClient(ctx.stack.baseUrl, await idp.token('bench.dirigente', ['dirigente'], codice), 4);
  try {
    expectStatus(
      await admin.json('POST', '/api/v1/ispettorati', { codice, nome: 'Ispettorato di prova del benchmark', territori: [territorio], politica: opts.politica }),
      201,
      'POST /api/v1/ispettorati',
    );
    await runPool(ispettori, 4, async (i) => {
      const id = `isp${String(i + 1).padStart(2, '0')}.${ctx.runTag.toLowerCase()}`;
      expectStatus(
        await dirigente.json('POST', `/api/v1/ispettorati/${codice}/ispettori`, {
          id,
          nome: `Ispettore ${i + 1}`,
          territori: [territorio],
          qualifiche: [tipo],
        }),
        201,
        `POST /api/v1/ispettorati/${codice}/ispettori`,
      );
    });
    const az = await dirigente.json('POST', '/api/v1/aziende', {
      codiceFiscale: String(Date.now()).slice(-11).padStart(11, '1'),
      ragioneSociale: 'Cantieri del Benchmark S.r.l.',
      territorio,
    });
    expectStatus(az, 201, 'POST /api/v1/aziende');
    const aziendaId = (az.json as { id: string }).id;
    // The service's schedule publishes the inspectorate's first period (it begins a second after its commitment).
    let periodo = '';
    for (const until = Date.now() + 60_000; !periodo; await sleep(250)) {
      if (Date.now() > until) throw new Error(`no draw period of ${codice} in force after 60 s`);
      const ps = await dirigente.json('GET', `/api/v1/ispettorati/${codice}/periodi-sorteggio`);
      expectStatus(ps, 200, `GET /api/v1/ispettorati/${codice}/periodi-sorteggio`);
      const now = Date.now();
      const inVigore = (ps.json as Array<{ periodo: string; inizio: string; fine: string }>).find(
        (p) => Date.parse(p.inizio) <= now && now < Date.parse(p.fine),
      );
      periodo = inVigore?.periodo ?? '';
    }
    return { codice, territorio, tipo, ispettori, aziendaId, periodo };
  } finally {
    admin.close();
    dirigente.close();
  }
}

/** The body of `POST /api/v1/richieste-intervento`: a complaint about the inspectorate's company, of its case type. */
export function corpoRichiesta(isp: IspettoratoDiProva): Record<string, string> {
  return {
    fonte: 'esposto',
    aziendaId: isp.aziendaId,
    sede: 'Via Maqueda 100, Palermo',
    territorio: isp.territorio,
    tipoPratica: isp.tipo,
    priorita: 'media',
    descrizione: 'Esposto: lavoratori non regolarizzati nel cantiere (benchmark)',
  };
}
