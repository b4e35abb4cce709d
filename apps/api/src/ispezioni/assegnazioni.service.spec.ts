import type { Actor } from '@app/domain';
import type { TrascrizioneAssegnazione } from '@app/domain/ispezioni/ispezioni.types';
import type { IspettoriRepository, RichiesteRepository, SorteggiRepository, SorteggioRow } from '@app/infrastructure';
import { scriviCursoreChiave } from '../common/paginazione';
import { AssegnazioniService } from './assegnazioni.service';

const RICHIESTA = '6f1c2a4e-8b0d-4c51-9a3e-2f7d1b5c9e10';

/** Attempt `tentativo` of the request, drawn for `scelto` among `candidati` (a manual one names only whom it assigns). */
function riga(tentativo: number, scelto: string, candidati: string[], manuale = false): SorteggioRow {
  const trascrizione = (manuale
    ? { tipo: 'manuale', ispettoreId: scelto }
    : { candidati: candidati.map((ispettoreId) => ({ ispettoreId })), esclusi: [] }) as unknown as TrascrizioneAssegnazione;
  return {
    id: `a-${tentativo}`,
    seq: tentativo,
    catena: 'ITL-PA',
    n: tentativo,
    tipo: manuale ? 'manuale' : 'sorteggio',
    richiestaId: RICHIESTA,
    tentativo,
    ispettorato: 'ITL-PA',
    periodo: null,
    ispettoreId: scelto,
    trascrizione,
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    registratoIl: new Date('2027-01-01T00:00:00Z'),
  };
}

// Five attempts: isp-1 appears in the 1st (candidate), 2nd (chosen) and 5th (candidate); not in the 3rd and 4th.
const righe = [
  riga(1, 'isp-2', ['isp-1', 'isp-2']),
  riga(2, 'isp-1', ['isp-1', 'isp-3']),
  riga(3, 'isp-3', ['isp-3']),
  riga(4, 'isp-4', [], true),
  riga(5, 'isp-3', ['isp-1', 'isp-3']),
];
const servizio = () =>
  new AssegnazioniService(
    {
      assegnazioniDellaRichiesta: async (_: string, dopo = 0) => righe.filter((r) => r.tentativo > dopo),
      periodo: async () => null,
    } as unknown as SorteggiRepository,
    {} as IspettoriRepository,
    {} as RichiesteRepository,
  );
const attore = (sub: string, roles: string[], office = 'ITL-PA'): Actor => ({ sub, roles, office }) as Actor;

/** Every page from the first, following `successivo`: the attempts of each page. */
async function pagine(actor: Actor, limite: number): Promise<number[][]> {
  const out: number[][] = [];
  let dopo: string | undefined;
  do {
    const p = await servizio().perRichiesta(RICHIESTA, actor, { limite, dopo });
    out.push(p.assegnazioni.map((a) => a.tentativo));
    dopo = p.successivo;
  } while (dopo && out.length < 10);
  return out;
}

describe('the assignments of a request, a page at a time', () => {
  it('pages the staff through every attempt in order', async () => {
    expect(await pagine(attore('dir', ['dirigente']), 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(await pagine(attore('dir', ['dirigente']), 5)).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('pages an inspector through the attempts they appear in only: no page, length or cursor tells of the others', async () => {
    expect(await pagine(attore('isp-1', ['ispettore']), 1)).toEqual([[1], [2], [5]]);
    expect(await pagine(attore('isp-1', ['ispettore']), 2)).toEqual([[1, 2], [5]]);
    // An inspector in none of them, or another office's staff: one empty page, no next.
    expect(await servizio().perRichiesta(RICHIESTA, attore('isp-9', ['ispettore']), { limite: 1 })).toEqual({ assegnazioni: [] });
    expect(await servizio().perRichiesta(RICHIESTA, attore('dir', ['dirigente'], 'ITL-CT'), { limite: 1 })).toEqual({ assegnazioni: [] });
  });

  it('continues after the cursor: the attempts after its number', async () => {
    const p = await servizio().perRichiesta(RICHIESTA, attore('dir', ['dirigente']), { dopo: scriviCursoreChiave([3]) });
    expect(p.assegnazioni.map((a) => a.tentativo)).toEqual([4, 5]);
  });
});
