import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { pianoEsempio, valutazioneEsempio } from './__fixtures__/piano-gantt-export';
import { GANTT_COLORI, ganttSvg, statoFase, tronca, xmlEscape } from './gantt';
import type { IndicatoreProcedurale, PianoDocumento } from './cronoprogramma.types';

type Nodo = Record<string, unknown>;
interface Elemento {
  tag: string;
  nodo: Nodo;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', parseAttributeValue: false, parseTagValue: false });

function parse(svg: string): Nodo {
  return parser.parse(svg) as Nodo;
}

/** Every element in document order, whatever its depth. */
function elementi(nodo: unknown, tag = '', out: Elemento[] = []): Elemento[] {
  if (Array.isArray(nodo)) {
    for (const n of nodo) elementi(n, tag, out);
    return out;
  }
  if (nodo === null || typeof nodo !== 'object') {
    if (tag) out.push({ tag, nodo: { '#text': nodo } });
    return out;
  }
  if (tag) out.push({ tag, nodo: nodo as Nodo });
  for (const [k, v] of Object.entries(nodo as Nodo)) {
    if (k.startsWith('@_') || k === '#text') continue;
    elementi(v, k, out);
  }
  return out;
}

const attr = (e: Elemento, nome: string) => e.nodo[`@_${nome}`] as string | undefined;
const testo = (e: Elemento) => String(e.nodo['#text'] ?? '');
const conClasse = (els: Elemento[], classe: string) => els.filter((e) => (attr(e, 'class') ?? '').split(' ').includes(classe));
const figli = (e: Elemento) => elementi(e.nodo);
const fase = (els: Elemento[], id: string) => {
  const g = els.find((e) => e.tag === 'g' && attr(e, 'id') === id);
  if (!g) throw new Error(`no phase group ${id}`);
  return g;
};
const prevista = (g: Elemento) => conClasse(figli(g), 'prevista')[0];

const GIORNO = 86_400_000;
const giorni = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / GIORNO;

describe('ganttSvg', () => {
  const svg = ganttSvg(pianoEsempio(), { oggi: '2020-12-15' });
  const els = elementi(parse(svg));

  it('is well-formed SVG 1.1 with xmlns, viewBox, width and height', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = els[0];
    expect(root.tag).toBe('svg');
    expect(attr(root, 'xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(attr(root, 'version')).toBe('1.1');
    const [w, h] = [Number(attr(root, 'width')), Number(attr(root, 'height'))];
    expect(w).toBeGreaterThan(800);
    expect(h).toBeGreaterThan(200);
    expect(attr(root, 'viewBox')).toBe(`0 0 ${w} ${h}`);
    expect(els.some((e) => e.tag === 'title')).toBe(true);
  });

  it('draws one row per phase, each labelled "indicator · number description" with a tooltip', () => {
    const righe = conClasse(els, 'fase');
    expect(righe.map((g) => attr(g, 'id'))).toEqual(['fase-1.1.a-1', 'fase-1.1.a-2', 'fase-1.1.a-3', 'fase-1.2.a-1', 'fase-1.2.a-2']);
    for (const g of righe) {
      const etichetta = conClasse(figli(g), 'etichetta')[0];
      expect(testo(etichetta)).toMatch(/^1\.[12]\.a · \d /);
      expect(figli(g).find((e) => e.tag === 'title')).toBeDefined();
      expect(prevista(g)).toBeDefined();
    }
    expect(testo(conClasse(figli(righe[1]), 'etichetta')[0])).toBe('1.1.a · 2 Avvio della piattaforma di preselezione');
    // grouped: objective and indicator header rows, numeric and not-evaluable indicators included
    expect(conClasse(els, 'obiettivo').map((g) => attr(g, 'id'))).toEqual(['obiettivo-1.1', 'obiettivo-1.2']);
    expect(conClasse(els, 'indicatore').map((g) => attr(g, 'id'))).toEqual(['indicatore-1.1.a', 'indicatore-1.1.b', 'indicatore-1.2.a', 'indicatore-1.2.b']);
  });

  it('has an axis with the Italian month abbreviations of the plan year', () => {
    const mesi = conClasse(els, 'mese')
      .filter((e) => e.tag === 'text')
      .map(testo);
    expect(mesi).toEqual(['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic']);
  });

  it('puts the oggi line at its day on the axis', () => {
    const asse = els.find((e) => attr(e, 'id') === 'asse')!;
    const [x1, x2] = [Number(attr(asse, 'x1')), Number(attr(asse, 'x2'))];
    const linea = els.find((e) => attr(e, 'id') === 'linea-oggi')!;
    const x = Number(attr(linea, 'x1'));
    expect(attr(linea, 'x2')).toBe(attr(linea, 'x1'));
    // 2020 has 366 days; the line sits in the middle of 15 December
    const atteso = x1 + ((giorni('2020-01-01', '2020-12-15') + 0.5) / 366) * (x2 - x1);
    expect(Math.abs(x - atteso)).toBeLessThan(0.2);
  });

  it('moves the oggi line with the date, and omits it outside the chart', () => {
    const xDi = (oggi: string) => {
      const e = elementi(parse(ganttSvg(pianoEsempio(), { oggi }))).find((el) => attr(el, 'id') === 'linea-oggi');
      return e ? Number(attr(e, 'x1')) : undefined;
    };
    expect(xDi('2020-01-01')! < xDi('2020-07-01')!).toBe(true);
    expect(xDi('2022-01-01')).toBeUndefined();
    expect(ganttSvg(pianoEsempio(), { oggi: '2022-01-01' })).toContain('fuori dal periodo');
  });

  it('colours overdue phases red, on-time green, neutralised grey, running blue', () => {
    const rosso = GANTT_COLORI['in-ritardo'];
    // completed after its planned end
    expect(attr(prevista(fase(els, 'fase-1.1.a-2')), 'fill')).toBe(rosso);
    // not completed, planned end (30/11) before oggi (15/12)
    expect(attr(prevista(fase(els, 'fase-1.2.a-2')), 'fill')).toBe(rosso);
    // on time: not red
    const inTempo = prevista(fase(els, 'fase-1.1.a-1'));
    expect(attr(inTempo, 'fill')).toBe(GANTT_COLORI['completata-in-tempo']);
    expect(attr(inTempo, 'fill')).not.toBe(rosso);
    expect(attr(prevista(fase(els, 'fase-1.2.a-1')), 'fill')).toBe(GANTT_COLORI['completata-in-tempo']);
    // external cause
    expect(attr(prevista(fase(els, 'fase-1.1.a-3')), 'fill')).toBe(GANTT_COLORI.neutralizzata);
    // before its planned end the same uncompleted phase is merely running
    const prima = elementi(parse(ganttSvg(pianoEsempio(), { oggi: '2020-11-30' })));
    expect(attr(prevista(fase(prima, 'fase-1.2.a-2')), 'fill')).toBe(GANTT_COLORI['in-corso']);
  });

  it('draws the actual bar only when there is an actual end, thinner than the planned one', () => {
    const tardiva = figli(fase(els, 'fase-1.1.a-2'));
    const eff = conClasse(tardiva, 'effettiva')[0];
    const prev = conClasse(tardiva, 'prevista')[0];
    expect(Number(attr(eff, 'height'))).toBeLessThan(Number(attr(prev, 'height')));
    // planned 01/04-30/06 (91 days), actual 01/04-31/07 (122 days), same start
    expect(attr(eff, 'x')).toBe(attr(prev, 'x'));
    expect(Number(attr(eff, 'width')) / Number(attr(prev, 'width'))).toBeCloseTo(122 / 91, 2);
    expect(conClasse(figli(fase(els, 'fase-1.1.a-3')), 'effettiva')).toHaveLength(0);
    // the uncompleted overdue phase shows how far it has run over
    expect(conClasse(figli(fase(els, 'fase-1.2.a-2')), 'ritardo')).toHaveLength(1);
  });

  it('escapes & < > " \' in every text and attribute', () => {
    const piano = pianoEsempio();
    const ind = piano.aree[0].obiettivi[0].indicatori[0] as IndicatoreProcedurale;
    ind.fasi[0].descrizione = `Moduli <&>"' firmati`;
    piano.titolo = `Piano "A&B" <2020>`;
    piano.ufficio = `Ufficio 'Nord' & <Sud>`;
    const out = ganttSvg(piano, { oggi: '2020-06-01', valutazione: valutazioneEsempio() });
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).toContain('Moduli &lt;&amp;&gt;&quot;&apos; firmati');
    expect(out).not.toContain(`<&>`);
    const g = fase(elementi(parse(out)), 'fase-1.1.a-1');
    expect(testo(conClasse(figli(g), 'etichetta')[0])).toContain(`Moduli <&>"' firmati`);
    expect(testo(figli(g).find((e) => e.tag === 'title')!)).toContain(`Moduli <&>"' firmati`);
    expect(testo(elementi(parse(out)).find((e) => e.tag === 'title')!)).toContain(`Piano "A&B" <2020>`);
  });

  it('shows the scores and rules from the valuation when given', () => {
    const out = ganttSvg(pianoEsempio(), { oggi: '2020-12-31', valutazione: valutazioneEsempio() });
    expect(XMLValidator.validate(out)).toBe(true);
    const tutti = elementi(parse(out));
    expect(tutti.some((e) => e.tag === 'text' && testo(e).includes('punteggio complessivo 73,90%'))).toBe(true);
    const g = figli(fase(tutti, 'fase-1.1.a-2'));
    expect(g.some((e) => e.tag === 'text' && testo(e) === '74,59%')).toBe(true);
    expect(testo(g.find((e) => e.tag === 'title')!)).toContain('ritardo-proporzionale');
    expect(figli(fase(tutti, 'fase-1.1.a-3')).some((e) => e.tag === 'text' && testo(e) === 'neutr.')).toBe(true);
  });

  it('truncates long labels and widens the axis to dates beyond the plan year', () => {
    const piano: PianoDocumento = pianoEsempio();
    const ind = piano.aree[0].obiettivi[0].indicatori[0] as IndicatoreProcedurale;
    ind.fasi[1].descrizione = 'Avvio della piattaforma di preselezione '.repeat(5);
    ind.fasi[1].fineEffettiva = '2021-02-10';
    const tutti = elementi(parse(ganttSvg(piano, { oggi: '2020-12-15' })));
    const etichetta = testo(conClasse(figli(fase(tutti, 'fase-1.1.a-2')), 'etichetta')[0]);
    expect(etichetta.endsWith('…')).toBe(true);
    expect(Array.from(etichetta).length).toBeLessThanOrEqual(62);
    const mesi = conClasse(tutti, 'mese')
      .filter((e) => e.tag === 'text')
      .map(testo);
    expect(mesi).toHaveLength(14);
    expect(mesi[0]).toBe('gen 2020');
    expect(mesi.slice(-2)).toEqual(['gen 2021', 'feb']);
  });

  it('refuses a date that is not a calendar day', () => {
    expect(() => ganttSvg(pianoEsempio(), { oggi: '2020-02-30' })).toThrow(RangeError);
    const piano = pianoEsempio();
    (piano.aree[0].obiettivi[0].indicatori[0] as IndicatoreProcedurale).fasi[0].finePrevista = '31/03/2020';
    expect(() => ganttSvg(piano, { oggi: '2020-06-01' })).toThrow(/1\.1\.a fase 1/);
  });

  it('renders an empty plan', () => {
    const out = ganttSvg({ ufficio: 'U', anno: 2021, titolo: 'Vuoto', chiusura: '2021-12-31', aree: [] }, { oggi: '2021-03-01' });
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).toContain('Nessun obiettivo');
  });
});

describe('statoFase', () => {
  const base = {
    numero: 1,
    descrizione: 'd',
    outputAtteso: 'o',
    inizioPrevisto: '2020-01-01',
    finePrevista: '2020-01-31',
    strutturaResponsabile: 's',
    peso: 100,
  };
  it('classifies by actual end, planned end and today', () => {
    expect(statoFase({ ...base, fineEffettiva: '2020-01-31' }, '2020-12-31')).toBe('completata-in-tempo');
    expect(statoFase({ ...base, fineEffettiva: '2020-02-01' }, '2020-01-15')).toBe('in-ritardo');
    expect(statoFase(base, '2020-01-31')).toBe('in-corso');
    expect(statoFase(base, '2020-02-01')).toBe('in-ritardo');
    expect(statoFase({ ...base, causaEsterna: { giustificazione: 'x' } }, '2020-12-31')).toBe('neutralizzata');
  });
});

describe('xmlEscape and tronca', () => {
  it('escapes the five specials and drops characters XML cannot hold', () => {
    expect(xmlEscape(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
    expect(xmlEscape('a\u0001b\tc')).toBe('ab\tc');
    expect(xmlEscape('x\uD800y')).toBe('x\uFFFDy');
    expect(xmlEscape('€ 😀')).toBe('€ 😀');
  });
  it('keeps short text and cuts long text on a word with an ellipsis', () => {
    expect(tronca('breve', 10)).toBe('breve');
    expect(tronca('una descrizione piuttosto lunga', 20)).toBe('una descrizione…');
  });
});
