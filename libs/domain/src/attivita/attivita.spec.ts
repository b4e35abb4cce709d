import {
  type ChiaveAttivita,
  PROCEDURE_ATTIVITA,
  type ProceduraAttivita,
  type RipresaSenzaScadenza,
  type VoceAttivita,
  chiaveAttivita,
  confrontaAttivita,
  confrontaChiavi,
  linkAttivita,
  paginaAttivita,
  ripresaSenzaScadenza,
  scaduta,
} from './attivita';

const voce = (procedura: ProceduraAttivita, id: string, scadenza: string | null, dal: string, codice = 'passo'): VoceAttivita => ({
  procedura,
  id,
  codice,
  riferimento: id,
  stato: 'x',
  azione: 'Fare',
  scadenza,
  dal,
  link: linkAttivita(procedura, id),
});
const now = new Date('2027-03-10T12:00:00Z');

describe('le mie attività: order, overdue, pages', () => {
  it('links each procedure to its console path', () => {
    expect(['pratiche', 'tirocini', 'collocamento', 'ispezioni', 'cronoprogramma'].map((p) => linkAttivita(p as ProceduraAttivita, 'X'))).toEqual([
      '/pratiche/X',
      '/tirocini/X',
      '/collocamento/offerte/X',
      '/ispezioni/richieste/X',
      '/cronoprogramma/piani/X',
    ]);
  });

  it('is overdue from the instant its term lapses, never without a term', () => {
    expect(scaduta('2027-03-10T12:00:00.000Z', now)).toBe(true);
    expect(scaduta('2027-03-10T12:00:00.001Z', now)).toBe(false);
    expect(scaduta(null, now)).toBe(false);
  });

  it('orders by deadline (none last), then by how long it waits, then by procedure, id and step', () => {
    const voci = [
      voce('pratiche', 'senza-vecchia', null, '2027-01-01T00:00:00Z'),
      voce('tirocini', 'tardi', '2027-04-01T00:00:00Z', '2027-01-01T00:00:00Z'),
      voce('ispezioni', 'presto-recente', '2027-03-01T00:00:00Z', '2027-02-01T00:00:00Z'),
      voce('collocamento', 'presto-vecchia', '2027-03-01T00:00:00Z', '2027-01-15T00:00:00Z'),
      voce('pratiche', 'senza-recente', null, '2027-02-01T00:00:00Z'),
      voce('cronoprogramma', 'stessa', '2027-03-05T00:00:00Z', '2027-01-01T00:00:00Z', 'b'),
      voce('cronoprogramma', 'stessa', '2027-03-05T00:00:00Z', '2027-01-01T00:00:00Z', 'a'),
      voce('tirocini', 'pari', '2027-03-05T00:00:00Z', '2027-01-01T00:00:00Z'),
    ];
    expect([...voci].sort(confrontaAttivita).map((v) => `${v.id}${v.codice === 'passo' ? '' : `/${v.codice}`}`)).toEqual([
      'presto-vecchia',
      'presto-recente',
      'pari',
      'stessa/a',
      'stessa/b',
      'tardi',
      'senza-vecchia',
      'senza-recente',
    ]);
  });

  it('counts every procedure and the overdue over the whole list, whatever the filter and the page', () => {
    const voci = [
      voce('tirocini', 't1', '2027-03-01T00:00:00Z', '2027-01-01T00:00:00Z'),
      voce('tirocini', 't2', '2027-04-01T00:00:00Z', '2027-01-01T00:00:00Z'),
      voce('ispezioni', 'i1', '2027-03-02T00:00:00Z', '2027-01-01T00:00:00Z'),
      voce('cronoprogramma', 'c1', null, '2027-01-01T00:00:00Z'),
    ];
    const p = paginaAttivita(voci, { limite: 1, now, procedura: 'tirocini' });
    expect(p.elementi.map((v) => [v.id, v.scaduta])).toEqual([['t1', true]]);
    expect(p.conteggi).toEqual({ pratiche: 0, tirocini: 2, collocamento: 0, ispezioni: 1, cronoprogramma: 1 });
    expect(p.scadute).toBe(2);
    expect(p.successivo).toEqual(chiaveAttivita(voci[0]));
  });

  it('pages by key: every item once, in order, however the list is cut', () => {
    const voci = Array.from({ length: 7 }, (_, i) =>
      voce(i % 2 ? 'tirocini' : 'ispezioni', `v${i}`, i % 3 ? `2027-03-0${i + 1}T00:00:00Z` : null, `2027-01-0${7 - i}T00:00:00Z`),
    );
    const attese = paginaAttivita(voci, { limite: 100, now }).elementi.map((v) => v.id);
    for (const limite of [1, 2, 3, 7]) {
      const lette: string[] = [];
      let dopo;
      do {
        const p = paginaAttivita(voci, { limite, now, dopo });
        lette.push(...p.elementi.map((v) => v.id));
        dopo = p.successivo;
      } while (dopo);
      expect(lette).toEqual(attese);
    }
    expect(paginaAttivita(voci, { limite: 7, now }).successivo).toBeUndefined();
  });

  it('lists the same step of the same record once', () => {
    const v = voce('ispezioni', 'r1', null, '2027-01-01T00:00:00Z');
    const p = paginaAttivita([v, { ...v }, { ...v, codice: 'altro' }], { limite: 10, now });
    expect(p.elementi.map((x) => x.codice)).toEqual(['altro', 'passo']);
    expect(p.conteggi.ispezioni).toBe(2);
  });

  describe('a long run of items without deadline read a page at a time (the attendance asked of a host)', () => {
    /** What the database's keyset does with a resume point: (dal, id) after it, as ripresaSenzaScadenza says. */
    const dopoRipresa = (v: VoceAttivita, r: RipresaSenzaScadenza | undefined) => {
      if (!r) return true;
      const dal = Date.parse(v.dal);
      if (dal !== r.dal) return dal > r.dal;
      if (typeof r.pari === 'boolean') return r.pari;
      return r.pari.incluso ? v.id >= r.pari.id : v.id > r.pari.id;
    };

    it('resumes exactly after the cursor, whatever procedure, step and instant the cursor is on', () => {
      const dal = ['2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z', '2027-03-01T00:00:00Z'];
      const ids = ['a', 'b', 'c'];
      const passi = ['presenze', 'integrazione', 'ripresa'];
      const voci = dal.flatMap((d) => ids.map((id) => voce('tirocini', id, null, d, 'presenze')));
      const cursori: ChiaveAttivita[] = [];
      for (const procedura of PROCEDURE_ATTIVITA)
        for (const d of dal)
          for (const id of ids)
            for (const codice of passi) {
              cursori.push(chiaveAttivita(voce(procedura, id, null, d, codice)));
              cursori.push(chiaveAttivita(voce(procedura, id, '2027-01-15T00:00:00Z', d, codice)));
            }
      for (const c of cursori) {
        const r = ripresaSenzaScadenza(c, 'tirocini', 'presenze');
        for (const v of voci) expect([c, v.dal, v.id, dopoRipresa(v, r)]).toEqual([c, v.dal, v.id, confrontaChiavi(chiaveAttivita(v), c) > 0]);
      }
      expect(ripresaSenzaScadenza(undefined, 'tirocini', 'presenze')).toBeUndefined();
    });

    it('gives the same pages and counts as the whole list when only a page of the run is read and the rest counted', () => {
      const lunghe = Array.from({ length: 23 }, (_, i) =>
        voce('tirocini', `t${String(i).padStart(2, '0')}`, null, `2027-0${1 + (i % 3)}-01T00:00:00Z`, 'presenze'),
      );
      const altre = [
        voce('tirocini', 't05', '2027-03-01T00:00:00Z', '2027-01-01T00:00:00Z', 'comunicazioneObbligatoria'),
        voce('pratiche', 'p1', null, '2027-02-01T00:00:00Z'),
        voce('ispezioni', 'i1', null, '2027-02-01T00:00:00Z'),
        voce('ispezioni', 'i2', '2027-03-20T00:00:00Z', '2027-01-01T00:00:00Z'),
        voce('cronoprogramma', 'c1', null, '2027-04-01T00:00:00Z'),
      ];
      const inOrdine = [...lunghe].sort(confrontaAttivita);
      for (const procedura of [undefined, 'tirocini', 'ispezioni'] as const) {
        for (const limite of [1, 4, 50]) {
          const intere: unknown[] = [];
          const aPagine: unknown[] = [];
          let dopo: ChiaveAttivita | undefined;
          let dopoParziale: ChiaveAttivita | undefined;
          do {
            const p = paginaAttivita([...altre, ...lunghe], { limite, now, procedura, dopo });
            // As the service reads them: one more than a page after the cursor, and how many in all.
            const r = ripresaSenzaScadenza(dopoParziale, 'tirocini', 'presenze');
            const lette = inOrdine.filter((v) => dopoRipresa(v, r)).slice(0, limite + 1);
            const q = paginaAttivita([...altre, ...lette], {
              limite,
              now,
              procedura,
              dopo: dopoParziale,
              nonLette: { tirocini: lunghe.length - lette.length },
            });
            intere.push(p);
            aPagine.push(q);
            dopo = p.successivo;
            dopoParziale = q.successivo;
          } while (dopo && intere.length < 100);
          expect([procedura, limite, aPagine]).toEqual([procedura, limite, intere]);
        }
      }
    });
  });
});
