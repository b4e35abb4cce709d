import { RuleViolation } from '../common/violation';
import type { Regola } from '../common/regole';
import { Fase, Indicatore, Obiettivo, PianoDocumento } from './cronoprogramma.types';
import { Esatto, giornoUtc } from './valutazione';

/**
 * Every problem of a plan document at once, each naming its rule, the JSON path of the field, what was found and
 * what the rule allows: weights (each in (0, 100] with at most two decimals, summing to exactly 100 per level,
 * decimal-exact), unique numbers and codes, real dates in order, and the values the scoring rules divide by or
 * compare with. With `oggi` (the Italian calendar day, passed in), an actual end after today is refused
 * ('fine-effettiva-futura'): it would mark a phase done that is not, and silence its alerts. A plan that passes can be
 * valued by valutaPiano. Pure.
 */
export function verificaPiano(piano: PianoDocumento, opzioni: { oggi?: string } = {}): RuleViolation[] {
  const v: RuleViolation[] = [];
  const ctx: Contesto = {
    oggi: opzioni.oggi,
    inizioAnno: Number.isInteger(piano.anno) ? `${String(piano.anno).padStart(4, '0')}-01-01` : undefined,
    chiusura: giornoUtc(piano.chiusura) !== undefined ? piano.chiusura : undefined,
  };

  if (!Number.isInteger(piano.anno)) {
    v.push({ rule: 'anno-non-valido', field: 'anno', message: "l'anno deve essere un numero intero", found: piano.anno });
  }
  if (data(v, piano.chiusura, 'chiusura') && Number.isInteger(piano.anno) && Number(piano.chiusura.slice(0, 4)) < piano.anno) {
    v.push({
      rule: 'chiusura-non-valida',
      field: 'chiusura',
      message: `il piano non può chiudersi prima del suo anno ${piano.anno}`,
      found: piano.chiusura,
      limit: `${piano.anno}-01-01`,
    });
  }

  const aree = Array.isArray(piano.aree) ? piano.aree : [];
  const codiciAree = new Unici(v, 'codice-duplicato', 'codice di area');
  const numeriObiettivi = new Unici(v, 'numero-duplicato', 'numero di obiettivo');
  const codiciIndicatori = new Unici(v, 'codice-duplicato', 'codice di indicatore');
  const pesiObiettivi: number[] = [];

  aree.forEach((area, a) => {
    codiciAree.vedi(area.codice, `aree[${a}].codice`);
    (Array.isArray(area.obiettivi) ? area.obiettivi : []).forEach((o, i) => {
      const path = `aree[${a}].obiettivi[${i}]`;
      numeriObiettivi.vedi(o.numero, `${path}.numero`);
      pesiObiettivi.push(o.peso);
      verificaObiettivo(v, o, path, codiciIndicatori, ctx);
    });
  });

  if (pesiObiettivi.length === 0) {
    v.push({ rule: 'obiettivi-mancanti', field: 'aree', message: 'il piano non ha obiettivi', found: 0, limit: 1 });
  } else {
    somma(v, pesiObiettivi, 'aree[*].obiettivi[*].peso', 'pesi degli obiettivi del piano');
  }
  return v;
}

/** What every phase is checked against: today (when given), the plan's first day and its close. */
interface Contesto {
  oggi?: string;
  inizioAnno?: string;
  chiusura?: string;
}

function verificaObiettivo(v: RuleViolation[], o: Obiettivo, path: string, codici: Unici, ctx: Contesto): void {
  peso(v, o.peso, `${path}.peso`);
  const indicatori = Array.isArray(o.indicatori) ? o.indicatori : [];
  if (indicatori.length === 0) {
    v.push({ rule: 'indicatori-mancanti', field: `${path}.indicatori`, message: `l'obiettivo ${o.numero} non ha indicatori`, found: 0, limit: 1 });
    return;
  }
  indicatori.forEach((ind, k) => {
    const p = `${path}.indicatori[${k}]`;
    codici.vedi(ind.codice, `${p}.codice`);
    peso(v, ind.peso, `${p}.peso`);
    verificaIndicatore(v, ind, p, ctx);
  });
  somma(
    v,
    indicatori.map((i) => i.peso),
    `${path}.indicatori[*].peso`,
    `pesi degli indicatori dell'obiettivo ${o.numero}`,
  );
}

function verificaIndicatore(v: RuleViolation[], ind: Indicatore, path: string, ctx: Contesto): void {
  switch (ind.tipo) {
    case 'procedurale': {
      const fasi = Array.isArray(ind.fasi) ? ind.fasi : [];
      if (fasi.length === 0) {
        v.push({ rule: 'fasi-mancanti', field: `${path}.fasi`, message: `l'indicatore procedurale ${ind.codice} non ha fasi`, found: 0, limit: 1 });
        return;
      }
      const numeri = new Unici(v, 'numero-duplicato', `numero di fase dell'indicatore ${ind.codice}`);
      fasi.forEach((f, j) => {
        const p = `${path}.fasi[${j}]`;
        if (!Number.isInteger(f.numero) || f.numero < 1) {
          v.push({ rule: 'numero-non-valido', field: `${p}.numero`, message: 'il numero di una fase è un intero positivo', found: f.numero, limit: 1 });
        } else {
          numeri.vedi(f.numero, `${p}.numero`);
        }
        peso(v, f.peso, `${p}.peso`);
        verificaFase(v, f, p, ctx);
      });
      somma(
        v,
        fasi.map((f) => f.peso),
        `${path}.fasi[*].peso`,
        `pesi delle fasi dell'indicatore ${ind.codice}`,
      );
      return;
    }
    case 'numerico':
      if (!finito(ind.target) || ind.target <= 0) {
        v.push({
          rule: 'target-non-valido',
          field: `${path}.target`,
          message: 'il target deve essere un numero maggiore di 0',
          found: ind.target,
          limit: '> 0',
        });
      }
      if (ind.raggiunto !== undefined && (!finito(ind.raggiunto) || ind.raggiunto < 0)) {
        v.push({
          rule: 'raggiunto-non-valido',
          field: `${path}.raggiunto`,
          message: 'il valore raggiunto deve essere un numero ≥ 0',
          found: ind.raggiunto,
          limit: '>= 0',
        });
      }
      autovalutazione(v, ind.autovalutazionePct, `${path}.autovalutazionePct`);
      causaEsterna(v, ind.causaEsterna, `${path}.causaEsterna`);
      return;
    case 'non-valutabile':
      if (typeof ind.motivazione !== 'string' || ind.motivazione.trim() === '') {
        v.push({
          rule: 'motivazione-mancante',
          field: `${path}.motivazione`,
          message: 'un indicatore non valutabile richiede una motivazione',
          found: ind.motivazione,
        });
      }
      return;
    default:
      v.push({
        rule: 'tipo-non-valido',
        field: `${path}.tipo`,
        message: 'un indicatore è procedurale, numerico o non-valutabile',
        found: (ind as { tipo?: unknown }).tipo,
        limit: ['procedurale', 'numerico', 'non-valutabile'],
      });
  }
}

function verificaFase(v: RuleViolation[], f: Fase, path: string, ctx: Contesto): void {
  const { oggi, inizioAnno, chiusura } = ctx;
  const inizio = data(v, f.inizioPrevisto, `${path}.inizioPrevisto`);
  const fine = data(v, f.finePrevista, `${path}.finePrevista`);
  if (inizio && fine && f.finePrevista < f.inizioPrevisto) {
    v.push({
      rule: 'date-invertite',
      field: `${path}.finePrevista`,
      message: "la fine prevista precede l'inizio previsto",
      found: f.finePrevista,
      limit: `>= ${f.inizioPrevisto}`,
    });
  }
  // A phase of the plan ends within it: not before its year begins (a phase may start earlier, carried over), and
  // not after the close, when the plan is frozen for its final monitoring and no alert would come.
  if (fine && inizioAnno !== undefined && f.finePrevista < inizioAnno) {
    v.push({
      rule: 'fase-fuori-anno',
      field: `${path}.finePrevista`,
      message: `la fase ${f.numero} finisce il ${f.finePrevista}, prima dell'anno del piano`,
      found: f.finePrevista,
      limit: `>= ${inizioAnno}`,
    });
  }
  if (fine && chiusura !== undefined && f.finePrevista > chiusura) {
    v.push({
      rule: 'fase-oltre-chiusura',
      field: `${path}.finePrevista`,
      message: `la fase ${f.numero} finisce il ${f.finePrevista}, dopo la chiusura del piano (${chiusura})`,
      found: f.finePrevista,
      limit: `<= ${chiusura}`,
    });
  }
  const effettiva = f.fineEffettiva !== undefined && data(v, f.fineEffettiva, `${path}.fineEffettiva`);
  if (effettiva && inizio && f.fineEffettiva! < f.inizioPrevisto) {
    v.push({
      rule: 'date-invertite',
      field: `${path}.fineEffettiva`,
      message: "la fine effettiva precede l'inizio previsto",
      found: f.fineEffettiva,
      limit: `>= ${f.inizioPrevisto}`,
    });
  }
  // A phase is recorded as ended only once it has: a future end would mark it done and silence its alerts.
  if (effettiva && oggi !== undefined && f.fineEffettiva! > oggi) {
    v.push({
      rule: 'fine-effettiva-futura',
      field: `${path}.fineEffettiva`,
      found: f.fineEffettiva,
      limit: oggi,
      message: `la fine effettiva della fase ${f.numero} (${f.fineEffettiva}) è dopo oggi (${oggi}): si registra quando la fase è conclusa`,
    });
  }
  if (f.ritardoStimatoGiorni !== undefined && (!Number.isInteger(f.ritardoStimatoGiorni) || f.ritardoStimatoGiorni < 0)) {
    v.push({
      rule: 'ritardo-non-valido',
      field: `${path}.ritardoStimatoGiorni`,
      message: 'il ritardo stimato è un numero intero di giorni ≥ 0',
      found: f.ritardoStimatoGiorni,
      limit: '>= 0',
    });
  }
  autovalutazione(v, f.autovalutazionePct, `${path}.autovalutazionePct`);
  causaEsterna(v, f.causaEsterna, `${path}.causaEsterna`);
}

// ---- Single checks ----

const finito = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/** A real calendar date 'YYYY-MM-DD'; records a violation and answers false otherwise. */
function data(v: RuleViolation[], d: unknown, field: string): d is string {
  if (giornoUtc(d) !== undefined) return true;
  v.push({ rule: 'data-non-valida', field, message: 'non è una data di calendario AAAA-MM-GG', found: d, limit: 'YYYY-MM-DD' });
  return false;
}

function peso(v: RuleViolation[], p: unknown, field: string): void {
  if (!finito(p) || p <= 0 || p > 100) {
    v.push({ rule: 'peso-non-valido', field, message: 'un peso è una percentuale maggiore di 0 e al massimo 100', found: p, limit: '(0, 100]' });
  } else if (new Esatto(String(p)).decimalPlaces() > 2) {
    v.push({ rule: 'peso-non-valido', field, message: 'un peso ha al massimo due decimali', found: p, limit: 2 });
  }
}

/** Exactly 100, in decimal arithmetic (33.33 + 33.33 + 33.34 is 100; in floating point some such sums are not). */
function somma(v: RuleViolation[], pesi: unknown[], field: string, cosa: string): void {
  // An unreadable weight is already reported; a sum without it would only repeat the problem.
  if (!pesi.every(finito)) return;
  const totale = pesi.reduce((s: InstanceType<typeof Esatto>, p) => s.plus(String(p)), new Esatto(0));
  if (!totale.eq(100)) {
    v.push({ rule: 'somma-pesi', field, message: `la somma dei ${cosa} deve essere 100`, found: totale.toFixed(), limit: 100 });
  }
}

function autovalutazione(v: RuleViolation[], pct: unknown, field: string): void {
  if (pct !== undefined && (!finito(pct) || pct < 0 || pct > 100)) {
    v.push({ rule: 'autovalutazione-non-valida', field, message: "l'autovalutazione è una percentuale da 0 a 100", found: pct, limit: '[0, 100]' });
  }
}

function causaEsterna(v: RuleViolation[], causa: { giustificazione?: unknown } | undefined, field: string): void {
  if (causa !== undefined && (typeof causa.giustificazione !== 'string' || causa.giustificazione.trim() === '')) {
    v.push({
      rule: 'giustificazione-mancante',
      field: `${field}.giustificazione`,
      message: 'una causa esterna richiede una giustificazione',
      found: causa.giustificazione,
    });
  }
}

/** Remembers where each value was first seen and reports every later occurrence. */
class Unici {
  private readonly visti = new Map<unknown, string>();
  constructor(
    private readonly v: RuleViolation[],
    private readonly rule: Regola,
    private readonly cosa: string,
  ) {}

  vedi(valore: unknown, field: string): void {
    const primo = this.visti.get(valore);
    if (primo === undefined) {
      this.visti.set(valore, field);
      return;
    }
    this.v.push({ rule: this.rule, field, message: `${this.cosa}: ${String(valore)} già usato in ${primo}`, found: valore, limit: 'unique' });
  }
}
