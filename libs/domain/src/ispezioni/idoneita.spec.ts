import { anniPrima, valutaIdoneita } from './idoneita';
import type { AssegnazionePrecedente, ConflittoInteresse, Ispettore, RichiestaDaAssegnare } from './ispezioni.types';

const richiesta = (over: Partial<RichiestaDaAssegnare> = {}): RichiestaDaAssegnare => ({
  id: 'r1', ispettorato: 'ITL-PA', territorio: 'PA', tipoPratica: 'sicurezza', aziendaId: 'az1', dataAssegnazione: '2026-03-02', ...over,
});

const ispettore = (id: string, over: Partial<Ispettore> = {}): Ispettore => ({
  id, nome: id, ispettorato: 'ITL-PA', territori: ['PA', 'TP'], qualifiche: ['sicurezza', 'lavoro-nero'], assenze: [], caricoAperto: 0, ...over,
});

const opz = { finestraRotazioneAnni: 3 };

/** The rules that exclude one inspector, in the order reported. */
function regole(esito: ReturnType<typeof valutaIdoneita>, id: string): string[] {
  return esito.esclusi.find((e) => e.ispettoreId === id)?.motivi.map((m) => m.regola) ?? [];
}

describe('valutaIdoneita', () => {
  it('lists every eligible inspector of the inspectorate, sorted by id, and ignores other inspectorates', () => {
    const e = valutaIdoneita(richiesta(), [ispettore('c'), ispettore('a'), ispettore('x', { ispettorato: 'ITL-TP', territori: ['PA'] }), ispettore('b')], [], [], opz);
    expect(e).toEqual({ idonei: ['a', 'b', 'c'], esclusi: [], finestraRotazioneAnni: 3 });
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

  it('excludes an absent inspector from the first to the last day of the absence, inclusive', () => {
    const a = ispettore('a', { assenze: [{ dal: '2026-08-01', al: '2026-08-20', motivo: 'ferie' }] });
    const esito = (d: string) => valutaIdoneita(richiesta({ dataAssegnazione: d }), [a], [], [], opz);
    expect(esito('2026-07-31').idonei).toEqual(['a']);
    expect(esito('2026-08-01').esclusi).toEqual([{ ispettoreId: 'a', motivi: [{ regola: 'assenza', dettaglio: 'ferie dal 2026-08-01 al 2026-08-20' }] }]);
    expect(regole(esito('2026-08-20'), 'a')).toEqual(['assenza']);
    expect(esito('2026-08-21').idonei).toEqual(['a']);
  });

  it('excludes an inspector with a declared conflict with the company active on the date: open-ended or not yet ended', () => {
    const c = (over: Partial<ConflittoInteresse>): ConflittoInteresse => ({ ispettoreId: 'a', aziendaId: 'az1', motivo: 'parente del titolare', dal: '2024-01-10', ...over });
    const esito = (conflitti: ConflittoInteresse[]) => valutaIdoneita(richiesta(), [ispettore('a')], conflitti, [], opz);

    expect(esito([c({})]).esclusi[0].motivi).toEqual([
      { regola: 'conflitto', dettaglio: "conflitto di interessi dichiarato con l'azienda: parente del titolare (dal 2024-01-10, senza termine)" },
    ]);
    expect(regole(esito([c({ dal: '2026-03-02' })]), 'a')).toEqual(['conflitto']); // starts that day
    expect(esito([c({ dal: '2026-03-03' })]).idonei).toEqual(['a']); // not yet started
    expect(esito([c({ al: '2026-03-02' })]).esclusi[0].motivi[0].dettaglio).toContain('(dal 2024-01-10 al 2026-03-02)'); // ends that day
    expect(esito([c({ al: '2026-03-01' })]).idonei).toEqual(['a']); // ended the day before
    expect(esito([c({ aziendaId: 'az2' }), c({ ispettoreId: 'b' })]).idonei).toEqual(['a']); // another company, another inspector
  });

  it('excludes an inspector assigned to the same company within the rotation window: exactly N years ago is outside it', () => {
    const p = (data: string, over: Partial<AssegnazionePrecedente> = {}): AssegnazionePrecedente => ({ ispettoreId: 'a', aziendaId: 'az1', data, ...over });
    const esito = (precedenti: AssegnazionePrecedente[]) => valutaIdoneita(richiesta(), [ispettore('a')], [], precedenti, opz);

    expect(esito([p('2023-03-02')]).idonei).toEqual(['a']); // exactly 3 years before 2026-03-02
    expect(esito([p('2023-03-03')]).esclusi).toEqual([
      { ispettoreId: 'a', motivi: [{ regola: 'rotazione', dettaglio: "già assegnato all'azienda il 2023-03-03 (rotazione 3 anni)" }] },
    ]);
    expect(esito([p('2025-03-02', { aziendaId: 'az2' }), p('2025-03-02', { ispettoreId: 'b' })]).idonei).toEqual(['a']);
    // Two earlier assignments in the window: both are reasons, oldest first.
    expect(esito([p('2025-03-02'), p('2024-06-01')]).esclusi[0].motivi.map((m) => m.dettaglio)).toEqual([
      "già assegnato all'azienda il 2024-06-01 (rotazione 3 anni)",
      "già assegnato all'azienda il 2025-03-02 (rotazione 3 anni)",
    ]);
  });

  it('counts the rotation window in calendar years, 29 February falling back to the 28th; a 0-year window lets a same-day assignment through', () => {
    expect(anniPrima('2026-03-02', 3)).toBe('2023-03-02');
    expect(anniPrima('2028-02-29', 1)).toBe('2027-02-28');
    expect(anniPrima('2028-02-29', 4)).toBe('2024-02-29');
    const leap = (data: string, finestraRotazioneAnni: number) =>
      valutaIdoneita(richiesta({ dataAssegnazione: '2028-02-29' }), [ispettore('a')], [], [{ ispettoreId: 'a', aziendaId: 'az1', data }], { finestraRotazioneAnni });
    expect(leap('2027-02-28', 1).idonei).toEqual(['a']);
    expect(leap('2027-03-01', 1).esclusi[0].motivi[0].dettaglio).toBe("già assegnato all'azienda il 2027-03-01 (rotazione 1 anno)");
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
      assenze: [{ dal: '2026-03-01', al: '2026-03-06', motivo: 'malattia' }, { dal: '2026-02-20', al: '2026-03-02', motivo: 'ferie' }],
    });
    const conflitti: ConflittoInteresse[] = [{ ispettoreId: 'a', aziendaId: 'az1', motivo: 'ex dipendente', dal: '2020-01-01', al: '2027-12-31' }];
    const precedenti: AssegnazionePrecedente[] = [{ ispettoreId: 'a', aziendaId: 'az1', data: '2025-01-15' }];
    const e = valutaIdoneita(richiesta(), [ispettore('b'), a], conflitti, precedenti, { finestraRotazioneAnni: 3, astenuti: ['a'] });
    expect(e.idonei).toEqual(['b']);
    expect(e.esclusi).toEqual([
      {
        ispettoreId: 'a',
        motivi: [
          { regola: 'territorio', dettaglio: 'territorio PA non di competenza (competente per: AG)' },
          { regola: 'qualifica', dettaglio: 'non qualificato per sicurezza (qualifiche: nessuna)' },
          { regola: 'assenza', dettaglio: 'ferie dal 2026-02-20 al 2026-03-02' },
          { regola: 'assenza', dettaglio: 'malattia dal 2026-03-01 al 2026-03-06' },
          { regola: 'conflitto', dettaglio: "conflitto di interessi dichiarato con l'azienda: ex dipendente (dal 2020-01-01 al 2027-12-31)" },
          { regola: 'rotazione', dettaglio: "già assegnato all'azienda il 2025-01-15 (rotazione 3 anni)" },
          { regola: 'astensione', dettaglio: 'si è astenuto da questa richiesta' },
        ],
      },
    ]);
    const a2 = { ...a, assenze: [...a.assenze].reverse() };
    const reversed = valutaIdoneita(richiesta(), [a2, ispettore('b')], conflitti, precedenti, { finestraRotazioneAnni: 3, astenuti: ['a'] });
    expect(reversed).toEqual(e);
  });

  it('refuses malformed dates, a negative or fractional window and an inspector listed twice', () => {
    expect(() => valutaIdoneita(richiesta({ dataAssegnazione: '2026-02-30' }), [], [], [], opz)).toThrow(/data non valida/);
    expect(() => valutaIdoneita(richiesta(), [ispettore('a', { assenze: [{ dal: '2026-8-1', al: '2026-08-20', motivo: 'ferie' }] })], [], [], opz)).toThrow(/data non valida/);
    expect(() => valutaIdoneita(richiesta(), [], [], [], { finestraRotazioneAnni: -1 })).toThrow(RangeError);
    expect(() => valutaIdoneita(richiesta(), [], [], [], { finestraRotazioneAnni: 1.5 })).toThrow(RangeError);
    expect(() => valutaIdoneita(richiesta(), [ispettore('a'), ispettore('a')], [], [], opz)).toThrow(/due volte/);
  });
});
