import { mesiPrima, valutaIdoneita, violazioniRiassegnazione } from './idoneita';
import type { AssegnazionePrecedente, ConflittoInteresse, Ispettore, RichiestaDaAssegnare } from './ispezioni.types';

const richiesta = (over: Partial<RichiestaDaAssegnare> = {}): RichiestaDaAssegnare => ({
  id: 'r1',
  ispettorato: 'ITL-PA',
  territorio: 'PA',
  tipoPratica: 'sicurezza',
  aziendaId: 'az1',
  dataAssegnazione: '2026-03-02',
  ...over,
});

const ispettore = (id: string, over: Partial<Ispettore> = {}): Ispettore => ({
  id,
  nome: id,
  ispettorato: 'ITL-PA',
  territori: ['PA', 'TP'],
  qualifiche: ['sicurezza', 'lavoro-nero'],
  assenze: [],
  caricoAperto: 0,
  ...over,
});

const opz = { finestraRotazioneMesi: 36 };

/** The rules that exclude one inspector, in the order reported. */
function regole(esito: ReturnType<typeof valutaIdoneita>, id: string): string[] {
  return esito.esclusi.find((e) => e.ispettoreId === id)?.motivi.map((m) => m.regola) ?? [];
}

describe('valutaIdoneita', () => {
  it('lists every eligible inspector of the inspectorate, sorted by id, and ignores other inspectorates', () => {
    const e = valutaIdoneita(
      richiesta(),
      [ispettore('c'), ispettore('a'), ispettore('x', { ispettorato: 'ITL-TP', territori: ['PA'] }), ispettore('b')],
      [],
      [],
      opz,
    );
    expect(e).toEqual({ idonei: ['a', 'b', 'c'], esclusi: [], deroghe: [] });
  });

  it("excludes an inspector not competent for the request's territory", () => {
    const e = valutaIdoneita(richiesta(), [ispettore('a', { territori: ['TP', 'AG'] }), ispettore('b')], [], [], opz);
    expect(e.idonei).toEqual(['b']);
    expect(e.esclusi).toEqual([
      { ispettoreId: 'a', motivi: [{ regola: 'territorio', dettaglio: 'territorio PA non di competenza (competente per: TP, AG)' }] },
    ]);
  });

  it('excludes an inspector not qualified for the case type', () => {
    const e = valutaIdoneita(richiesta({ tipoPratica: 'previdenza' }), [ispettore('a'), ispettore('b', { qualifiche: ['previdenza'] })], [], [], opz);
    expect(e.idonei).toEqual(['b']);
    expect(e.esclusi[0].motivi).toEqual([{ regola: 'qualifica', dettaglio: 'non qualificato per previdenza (qualifiche: sicurezza, lavoro-nero)' }]);
  });

  it('excludes an absent inspector from the first to the last day of the absence, inclusive, naming only the dates', () => {
    const a = ispettore('a', { assenze: [{ dal: '2026-08-01', al: '2026-08-20', motivo: 'malattia - ricovero' }] });
    const esito = (d: string) => valutaIdoneita(richiesta({ dataAssegnazione: d }), [a], [], [], opz);
    expect(esito('2026-07-31').idonei).toEqual(['a']);
    // The reason is health data: a transcript, read by auditors, carries the dates only.
    expect(esito('2026-08-01').esclusi).toEqual([{ ispettoreId: 'a', motivi: [{ regola: 'assenza', dettaglio: 'assente dal 2026-08-01 al 2026-08-20' }] }]);
    expect(JSON.stringify(esito('2026-08-01'))).not.toContain('malattia');
    // Naming the record, who entered it and who confirmed it.
    const registrata = ispettore('a', {
      assenze: [{ id: 'as-1', dal: '2026-08-01', al: '2026-08-20', motivo: 'ferie', inseritaDa: 'dir.rossi', confermataDa: 'dir.bianchi' }],
    });
    expect(valutaIdoneita(richiesta({ dataAssegnazione: '2026-08-02' }), [registrata], [], [], opz).esclusi[0].motivi).toEqual([
      {
        regola: 'assenza',
        dettaglio: 'assente dal 2026-08-01 al 2026-08-20 (registrata da dir.rossi, confermata da dir.bianchi)',
        riferimento: 'assenza:as-1',
      },
    ]);
    expect(regole(esito('2026-08-20'), 'a')).toEqual(['assenza']);
    expect(esito('2026-08-21').idonei).toEqual(['a']);
  });

  it('excludes an inspector with a declared conflict with the company active on the date: open-ended or not yet ended', () => {
    const c = (over: Partial<ConflittoInteresse>): ConflittoInteresse => ({
      id: 'c-1',
      ispettoreId: 'a',
      aziendaId: 'az1',
      motivo: 'parente del titolare',
      dal: '2024-01-10',
      dichiaratoDa: 'dir.rossi',
      dichiaratoIl: '2024-01-09T10:00:00.000Z',
      ...over,
    });
    const esito = (conflitti: ConflittoInteresse[]) => valutaIdoneita(richiesta(), [ispettore('a')], conflitti, [], opz);

    // The exclusion names the declaration it rests on (who, when, its id), not its personal reason.
    expect(esito([c({})]).esclusi[0].motivi).toEqual([
      {
        regola: 'conflitto',
        dettaglio: "conflitto di interessi con l'azienda dichiarato da dir.rossi il 2024-01-09 (dichiarazione c-1, dal 2024-01-10, senza termine)",
        riferimento: 'conflitto-interesse:c-1',
      },
    ]);
    expect(JSON.stringify(esito([c({})]))).not.toContain('parente');
    expect(regole(esito([c({ dal: '2026-03-02' })]), 'a')).toEqual(['conflitto']); // starts that day
    expect(esito([c({ dal: '2026-03-03' })]).idonei).toEqual(['a']); // not yet started
    expect(esito([c({ al: '2026-03-02' })]).esclusi[0].motivi[0].dettaglio).toContain('dal 2024-01-10 al 2026-03-02)'); // ends that day
    expect(esito([c({ al: '2026-03-01' })]).idonei).toEqual(['a']); // ended the day before
    expect(esito([c({ aziendaId: 'az2' }), c({ ispettoreId: 'b' })]).idonei).toEqual(['a']); // another company, another inspector
  });

  it('excludes an inspector assigned to the same company within the rotation window: exactly N months ago is outside it', () => {
    const p = (data: string, over: Partial<AssegnazionePrecedente> = {}): AssegnazionePrecedente => ({ ispettoreId: 'a', aziendaId: 'az1', data, ...over });
    const esito = (precedenti: AssegnazionePrecedente[]) => valutaIdoneita(richiesta(), [ispettore('a')], [], precedenti, opz);

    expect(esito([p('2023-03-02')]).idonei).toEqual(['a']); // exactly 36 months before 2026-03-02
    expect(esito([p('2023-03-03')]).esclusi).toEqual([
      { ispettoreId: 'a', motivi: [{ regola: 'rotazione', dettaglio: "già assegnato all'azienda il 2023-03-03 (rotazione 36 mesi)" }] },
    ]);
    expect(esito([p('2025-03-02', { aziendaId: 'az2' }), p('2025-03-02', { ispettoreId: 'b' })]).idonei).toEqual(['a']);
    // Two earlier assignments in the window: both are reasons, oldest first.
    expect(esito([p('2025-03-02'), p('2024-06-01')]).esclusi[0].motivi.map((m) => m.dettaglio)).toEqual([
      "già assegnato all'azienda il 2024-06-01 (rotazione 36 mesi)",
      "già assegnato all'azienda il 2025-03-02 (rotazione 36 mesi)",
    ]);
  });

  it('waives rotation for a draw when it alone would leave nobody, and says so; never when another rule excludes', () => {
    // Palermo-sized: two inspectors, both assigned to the company in the window.
    const prec: AssegnazionePrecedente[] = [
      { ispettoreId: 'a', aziendaId: 'az1', data: '2026-01-10' },
      { ispettoreId: 'b', aziendaId: 'az1', data: '2026-02-10' },
    ];
    const due = [ispettore('a'), ispettore('b', { caricoAperto: 3 })];
    expect(valutaIdoneita(richiesta(), due, [], prec, opz).idonei).toEqual([]);
    const e = valutaIdoneita(richiesta(), due, [], prec, { ...opz, derogaRotazioneSeNessuno: true });
    expect(e.idonei).toEqual(['a', 'b']);
    expect(e.esclusi).toEqual([]);
    expect(e.deroghe).toEqual([
      {
        regola: 'rotazione',
        ispettoreId: 'a',
        dettaglio: "già assegnato all'azienda il 2026-01-10 (rotazione 36 mesi): nessun altro ispettore idoneo, rotazione derogata",
      },
      {
        regola: 'rotazione',
        ispettoreId: 'b',
        dettaglio: "già assegnato all'azienda il 2026-02-10 (rotazione 36 mesi): nessun altro ispettore idoneo, rotazione derogata",
      },
    ]);
    // One of them on leave: only the other is drawn; the one on leave stays excluded (for leave and rotation).
    const assente = [ispettore('a', { assenze: [{ dal: '2026-03-01', al: '2026-03-05', motivo: 'ferie' }] }), ispettore('b')];
    const f = valutaIdoneita(richiesta(), assente, [], prec, { ...opz, derogaRotazioneSeNessuno: true });
    expect(f.idonei).toEqual(['b']);
    expect(regole(f, 'a')).toEqual(['assenza', 'rotazione']);
    // With a third inspector free of rotation, nothing is waived.
    const g = valutaIdoneita(richiesta(), [...due, ispettore('c')], [], prec, { ...opz, derogaRotazioneSeNessuno: true });
    expect(g).toMatchObject({ idonei: ['c'], deroghe: [] });
  });

  it("counts the rotation window in calendar months, a missing day falling back to the month's last; a 0-month window lets a same-day assignment through", () => {
    expect(mesiPrima('2026-03-02', 36)).toBe('2023-03-02');
    expect(mesiPrima('2028-02-29', 12)).toBe('2027-02-28');
    expect(mesiPrima('2028-02-29', 48)).toBe('2024-02-29');
    expect(mesiPrima('2026-05-31', 1)).toBe('2026-04-30');
    expect(mesiPrima('2026-01-15', 1)).toBe('2025-12-15');
    expect(mesiPrima('2026-01-15', 25)).toBe('2023-12-15');
    const leap = (data: string, finestraRotazioneMesi: number) =>
      valutaIdoneita(richiesta({ dataAssegnazione: '2028-02-29' }), [ispettore('a')], [], [{ ispettoreId: 'a', aziendaId: 'az1', data }], {
        finestraRotazioneMesi,
      });
    expect(leap('2027-02-28', 12).idonei).toEqual(['a']);
    expect(leap('2027-03-01', 12).esclusi[0].motivi[0].dettaglio).toBe("già assegnato all'azienda il 2027-03-01 (rotazione 12 mesi)");
    expect(leap('2028-01-29', 1).idonei).toEqual(['a']); // exactly one month before
    expect(leap('2028-01-30', 1).idonei).toEqual([]);
    expect(leap('2028-02-29', 0).idonei).toEqual(['a']);
  });

  it('excludes whoever abstained from this request', () => {
    const e = valutaIdoneita(richiesta(), [ispettore('a'), ispettore('b')], [], [], { ...opz, astenuti: ['b', 'zz-altro-ufficio'] });
    expect(e.idonei).toEqual(['a']);
    expect(e.esclusi).toEqual([{ ispettoreId: 'b', motivi: [{ regola: 'astensione', dettaglio: 'si è astenuto da questa richiesta' }] }]);
  });

  it('reports every reason at once, in rule order, whatever order the data came in', () => {
    const a = ispettore('a', {
      territori: ['AG'],
      qualifiche: [],
      assenze: [
        { dal: '2026-03-01', al: '2026-03-06', motivo: 'malattia' },
        { dal: '2026-02-20', al: '2026-03-02', motivo: 'ferie' },
      ],
    });
    const conflitti: ConflittoInteresse[] = [
      { id: 'c-9', ispettoreId: 'a', aziendaId: 'az1', motivo: 'ex dipendente', dal: '2020-01-01', al: '2027-12-31', dichiaratoDa: 'a' },
    ];
    const precedenti: AssegnazionePrecedente[] = [{ ispettoreId: 'a', aziendaId: 'az1', data: '2025-01-15' }];
    const e = valutaIdoneita(richiesta(), [ispettore('b'), a], conflitti, precedenti, { finestraRotazioneMesi: 36, astenuti: ['a'] });
    expect(e.idonei).toEqual(['b']);
    expect(e.esclusi).toEqual([
      {
        ispettoreId: 'a',
        motivi: [
          { regola: 'territorio', dettaglio: 'territorio PA non di competenza (competente per: AG)' },
          { regola: 'qualifica', dettaglio: 'non qualificato per sicurezza (qualifiche: nessuna)' },
          { regola: 'assenza', dettaglio: 'assente dal 2026-02-20 al 2026-03-02' },
          { regola: 'assenza', dettaglio: 'assente dal 2026-03-01 al 2026-03-06' },
          {
            regola: 'conflitto',
            dettaglio: "conflitto di interessi con l'azienda dichiarato da a (dichiarazione c-9, dal 2020-01-01 al 2027-12-31)",
            riferimento: 'conflitto-interesse:c-9',
          },
          { regola: 'rotazione', dettaglio: "già assegnato all'azienda il 2025-01-15 (rotazione 36 mesi)" },
          { regola: 'astensione', dettaglio: 'si è astenuto da questa richiesta' },
        ],
      },
    ]);
    const a2 = { ...a, assenze: [...a.assenze].reverse() };
    const reversed = valutaIdoneita(richiesta(), [a2, ispettore('b')], conflitti, precedenti, { finestraRotazioneMesi: 36, astenuti: ['a'] });
    expect(reversed).toEqual(e);
  });

  it('refuses malformed dates, a negative or fractional window and an inspector listed twice', () => {
    expect(() => valutaIdoneita(richiesta({ dataAssegnazione: '2026-02-30' }), [], [], [], opz)).toThrow(/data non valida/);
    expect(() => valutaIdoneita(richiesta(), [ispettore('a', { assenze: [{ dal: '2026-8-1', al: '2026-08-20', motivo: 'ferie' }] })], [], [], opz)).toThrow(
      /data non valida/,
    );
    expect(() => valutaIdoneita(richiesta(), [], [], [], { finestraRotazioneMesi: -1 })).toThrow(RangeError);
    expect(() => valutaIdoneita(richiesta(), [], [], [], { finestraRotazioneMesi: 1.5 })).toThrow(RangeError);
    expect(() => valutaIdoneita(richiesta(), [ispettore('a'), ispettore('a')], [], [], opz)).toThrow(/due volte/);
  });
});

describe('violazioniRiassegnazione', () => {
  const conflitto: ConflittoInteresse = { id: 'c-2', ispettoreId: 'c', aziendaId: 'az1', motivo: 'socio', dal: '2020-01-01', dichiaratoDa: 'dir.rossi' };
  const ufficio = [
    ispettore('a'),
    ispettore('b', { territori: ['TP'], qualifiche: ['previdenza'] }),
    ispettore('c'),
    ispettore('d', { assenze: [{ dal: '2026-03-01', al: '2026-03-10', motivo: 'ferie' }] }),
    ispettore('e'),
  ];
  const prec: AssegnazionePrecedente[] = [{ ispettoreId: 'e', aziendaId: 'az1', data: '2026-01-10' }];
  const esito = valutaIdoneita(richiesta(), ufficio, [conflitto], prec, { ...opz, astenuti: ['a'] });
  const check = (id: string, bersaglio: { id: string; ispettorato: string; attivo?: boolean } | null, deroga?: string) =>
    violazioniRiassegnazione({ ispettorato: 'ITL-PA' }, id, bersaglio, esito, deroga);
  const rules = (r: ReturnType<typeof check>) => r.violazioni.map((v) => v.rule);

  it('refuses an unknown inspector and one of another inspectorate, and lists every rule an inspector of the office fails', () => {
    expect(check('zz', null)).toMatchObject({ violazioni: [{ rule: 'ispettore-sconosciuto', field: 'ispettoreId', found: 'zz' }], derogaRotazione: null });
    expect(rules(check('x', { id: 'x', ispettorato: 'ITL-TP' }))).toEqual(['ispettorato-diverso']);
    // Not in service any more: refused, never passed as if it had met every rule.
    expect(rules(check('a', { id: 'a', ispettorato: 'ITL-PA', attivo: false }))).toEqual(['ispettore-non-attivo']);
    expect(rules(check('b', { id: 'b', ispettorato: 'ITL-PA' }))).toEqual(['territorio', 'qualifica']);
    expect(check('c', { id: 'c', ispettorato: 'ITL-PA' }).violazioni).toEqual([
      expect.objectContaining({ rule: 'conflitto', field: 'ispettoreId', limit: 'conflitto-interesse:c-2' }),
    ]);
    expect(rules(check('d', { id: 'd', ispettorato: 'ITL-PA' }))).toEqual(['assenza']);
    expect(rules(check('a', { id: 'a', ispettorato: 'ITL-PA' }))).toEqual(['astensione']);
  });

  it('accepts an eligible inspector; rotation only with a stated reason, which is kept', () => {
    expect(check('e', { id: 'e', ispettorato: 'ITL-PA' }).violazioni).toEqual([expect.objectContaining({ rule: 'rotazione' })]);
    expect(rules(check('e', { id: 'e', ispettorato: 'ITL-PA' }, 'breve'))).toEqual(['rotazione']);
    expect(check('e', { id: 'e', ispettorato: 'ITL-PA' }, '  unico ispettore con la qualifica richiesta  ')).toEqual({
      violazioni: [],
      derogaRotazione: { motivo: 'unico ispettore con la qualifica richiesta', dettaglio: "già assegnato all'azienda il 2026-01-10 (rotazione 36 mesi)" },
    });
    const ok = valutaIdoneita(richiesta(), [ispettore('f')], [], [], opz);
    expect(violazioniRiassegnazione({ ispettorato: 'ITL-PA' }, 'f', { id: 'f', ispettorato: 'ITL-PA' }, ok)).toEqual({ violazioni: [], derogaRotazione: null });
  });
});
