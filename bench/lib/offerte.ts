import { randomInt } from 'node:crypto';
import { cifraControlloPartitaIva } from '../../libs/domain/src/common/identificativi';
import { HttpClient, expectStatus } from './http';

/** Registers an employer (the registry is regional: any office's operatore may) with a fresh valid partita IVA; returns it. */
export async function registraDatore(op: HttpClient, denominazione = 'Bench S.p.A.'): Promise<string> {
  const prime = Array.from({ length: 10 }, () => randomInt(10)).join('');
  const datoreId = `${prime}${cifraControlloPartitaIva(prime)}`;
  expectStatus(
    await op.json('POST', '/api/v1/collocamento/datori', { codiceFiscale: datoreId, denominazione, dipendentiComputabili: 500 }),
    201,
    'POST /api/v1/collocamento/datori',
  );
  return datoreId;
}

/** The body of `POST /api/v1/offerte`: an art. 1 request for three administrative posts in Turin (Piemonte pack). */
export function corpoOfferta(datoreId: string): Record<string, unknown> {
  return {
    datoreId,
    territorio: 'TO',
    profilo: 'Impiegato amministrativo',
    mansioni: ['videoterminale', 'archivio'],
    luogo: 'Torino',
    contratto: 'tempo-indeterminato',
    oreSettimanali: 30,
    posti: 3,
    competenzeRichieste: [{ codice: 'excel', peso: 2 }, { codice: 'contabilita' }],
    categoria: 'art1',
    dimensioneRosa: 3,
    regione: 'piemonte',
  };
}

/** Enters an offer as `op` (`POST /api/v1/offerte`, which starts its workflow); returns its id. */
export async function creaOfferta(op: HttpClient, datoreId: string): Promise<string> {
  const created = await op.json('POST', '/api/v1/offerte', corpoOfferta(datoreId));
  expectStatus(created, 201, 'POST /api/v1/offerte');
  return (created.json as { id: string }).id;
}

/**
 * Opens the offer's candidature window: `op2`, a second operatore of the office (who entered a request may not judge
 * it), judges it congrua with the window closing at `chiusuraAdesioni`; the offer's workflow then waits for the close.
 * Returns the offer's state as the API answered (`pubblicata`).
 */
export async function dichiaraCongrua(op2: HttpClient, offertaId: string, chiusuraAdesioni: Date): Promise<string> {
  const res = await op2.json('POST', `/api/v1/offerte/${offertaId}/congruita`, { esito: 'congrua', chiusuraAdesioni: chiusuraAdesioni.toISOString() });
  expectStatus(res, 200, `POST /api/v1/offerte/${offertaId}/congruita`);
  return (res.json as { stato: string }).stato;
}
