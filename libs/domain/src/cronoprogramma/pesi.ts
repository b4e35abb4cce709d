import { RuleViolation } from '../common/violation';
import { Fase, Indicatore, Obiettivo, PianoDocumento } from './piano.types';
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
  const oggi = opzioni.oggi;

  if (!Number.isInteger(piano.anno)) {
    v.push({ rule: 'anno-non-valido', field: 'anno', message: 'the year must be an integer', found: piano.anno });
  }
  if (data(v, piano.chiusura, 'chiusura') && Number.isInteger(piano.anno) && Number(piano.chiusura.slice(0, 4)) < piano.anno) {
    v.push({
      rule: 'chiusura-non-valida',
      field: 'chiusura',
      message: `the plan cannot close before its year ${piano.anno}`,
      found: piano.chiusura,
      limit: `${piano.anno}-01-01`,
    });
  }

  const aree = Array.isArray(piano.aree) ? piano.aree : [];
  const codiciAree = new Unici(v, 'codice-duplicato', 'area codice');
  const numeriObiettivi = new Unici(v, 'numero-duplicato', 'objective numero');
  const codiciIndicatori = new Unici(v, 'codice-duplicato', 'indicator codice');
  const pesiObiettivi: number[] = [];

  aree.forEach((area, a) => {
    codiciAree.vedi(area.codice, `aree[${a}].codice`);
    (Array.isArray(area.obiettivi) ? area.obiettivi : []).forEach((o, i) => {
      const path = `aree[${a}].obiettivi[${i}]`;
      numeriObiettivi.vedi(o.numero, `${path}.numero`);
      pesiObiettivi.push(o.peso);
      verificaObiettivo(v, o, path, codiciIndicatori, oggi);
    });
  });

  if (pesiObiettivi.length === 0) {
    v.push({ rule: 'obiettivi-mancanti', field: 'aree', message: 'the plan has no objectives', found: 0, limit: 1 });
  } else {
    somma(v, pesiObiettivi, 'aree[*].obiettivi[*].peso', "the weights of the plan's objectives");
  }
  return v;
}

function verificaObiettivo(v: RuleViolation[], o: Obiettivo, path: string, codici: Unici, oggi?: string): void {
  peso(v, o.peso, `${path}.peso`);
  const indicatori = Array.isArray(o.indicatori) ? o.indicatori : [];
  if (indicatori.length === 0) {
    v.push({ rule: 'indicatori-mancanti', field: `${path}.indicatori`, message: `objective ${o.numero} has no indicators`, found: 0, limit: 1 });
    return;
  }
  indicatori.forEach((ind, k) => {
    const p = `${path}.indicatori[${k}]`;
    codici.vedi(ind.codice, `${p}.codice`);
    peso(v, ind.peso, `${p}.peso`);
    verificaIndicatore(v, ind, p, oggi);
  });
  somma(v, indicatori.map((i) => i.peso), `${path}.indicatori[*].peso`, `the weights of objective ${o.numero}'s indicators`);
}

function verificaIndicatore(v: RuleViolation[], ind: Indicatore, path: string, oggi?: string): void {
  switch (ind.tipo) {
    case 'procedurale': {
      const fasi = Array.isArray(ind.fasi) ? ind.fasi : [];
      if (fasi.length === 0) {
        v.push({ rule: 'fasi-mancanti', field: `${path}.fasi`, message: `procedural indicator ${ind.codice} has no phases`, found: 0, limit: 1 });
        return;
      }
      const numeri = new Unici(v, 'numero-duplicato', `phase numero in ${ind.codice}`);
      fasi.forEach((f, j) => {
        const p = `${path}.fasi[${j}]`;
        if (!Number.isInteger(f.numero) || f.numero < 1) {
          v.push({ rule: 'numero-non-valido', field: `${p}.numero`, message: 'a phase number is a positive integer', found: f.numero, limit: 1 });
        } else {
          numeri.vedi(f.numero, `${p}.numero`);
        }
        peso(v, f.peso, `${p}.peso`);
        verificaFase(v, f, p, oggi);
      });
      somma(v, fasi.map((f) => f.peso), `${path}.fasi[*].peso`, `the weights of indicator ${ind.codice}'s phases`);
      return;
    }
    case 'numerico':
      if (!finito(ind.target) || ind.target <= 0) {
        v.push({ rule: 'target-non-valido', field: `${path}.target`, message: 'the target must be a number greater than 0', found: ind.target, limit: '> 0' });
      }
      if (ind.raggiunto !== undefined && (!finito(ind.raggiunto) || ind.raggiunto < 0)) {
        v.push({ rule: 'raggiunto-non-valido', field: `${path}.raggiunto`, message: 'the achieved value must be a number ≥ 0', found: ind.raggiunto, limit: '>= 0' });
      }
      autovalutazione(v, ind.autovalutazionePct, `${path}.autovalutazionePct`);
      causaEsterna(v, ind.causaEsterna, `${path}.causaEsterna`);
      return;
    case 'non-valutabile':
      if (typeof ind.motivazione !== 'string' || ind.motivazione.trim() === '') {
        v.push({ rule: 'motivazione-mancante', field: `${path}.motivazione`, message: 'a not-evaluable indicator needs a reason', found: ind.motivazione });
      }
      return;
    default:
      v.push({
        rule: 'tipo-non-valido',
        field: `${path}.tipo`,
        message: 'an indicator is procedurale, numerico or non-valutabile',
        found: (ind as { tipo?: unknown }).tipo,
        limit: ['procedurale', 'numerico', 'non-valutabile'],
      });
  }
}

function verificaFase(v: RuleViolation[], f: Fase, path: string, oggi?: string): void {
  const inizio = data(v, f.inizioPrevisto, `${path}.inizioPrevisto`);
  const fine = data(v, f.finePrevista, `${path}.finePrevista`);
  if (inizio && fine && f.finePrevista < f.inizioPrevisto) {
    v.push({ rule: 'date-invertite', field: `${path}.finePrevista`, message: 'the planned end is before the planned start', found: f.finePrevista, limit: `>= ${f.inizioPrevisto}` });
  }
  const effettiva = f.fineEffettiva !== undefined && data(v, f.fineEffettiva, `${path}.fineEffettiva`);
  if (effettiva && inizio && f.fineEffettiva! < f.inizioPrevisto) {
    v.push({ rule: 'date-invertite', field: `${path}.fineEffettiva`, message: 'the actual end is before the planned start', found: f.fineEffettiva, limit: `>= ${f.inizioPrevisto}` });
  }
  // A phase is recorded as ended only once it has: a future end would mark it done and silence its alerts.
  if (effettiva && oggi !== undefined && f.fineEffettiva! > oggi) {
    v.push({
      rule: 'fine-effettiva-futura', field: `${path}.fineEffettiva`, found: f.fineEffettiva, limit: oggi,
      message: `la fine effettiva della fase ${f.numero} (${f.fineEffettiva}) è dopo oggi (${oggi}): si registra quando la fase è conclusa`,
    });
  }
  if (f.ritardoStimatoGiorni !== undefined && (!Number.isInteger(f.ritardoStimatoGiorni) || f.ritardoStimatoGiorni < 0)) {
    v.push({ rule: 'ritardo-non-valido', field: `${path}.ritardoStimatoGiorni`, message: 'the estimated delay is a whole number of days ≥ 0', found: f.ritardoStimatoGiorni, limit: '>= 0' });
  }
  autovalutazione(v, f.autovalutazionePct, `${path}.autovalutazionePct`);
  causaEsterna(v, f.causaEsterna, `${path}.causaEsterna`);
}

// ---- Single checks ----

const finito = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/** A real calendar date 'YYYY-MM-DD'; records a violation and answers false otherwise. */
function data(v: RuleViolation[], d: unknown, field: string): d is string {
  if (giornoUtc(d) !== undefined) return true;
  v.push({ rule: 'data-non-valida', field, message: 'not a calendar date YYYY-MM-DD', found: d, limit: 'YYYY-MM-DD' });
  return false;
}

function peso(v: RuleViolation[], p: unknown, field: string): void {
  if (!finito(p) || p <= 0 || p > 100) {
    v.push({ rule: 'peso-non-valido', field, message: 'a weight is a percentage greater than 0 and at most 100', found: p, limit: '(0, 100]' });
  } else if (new Esatto(String(p)).decimalPlaces() > 2) {
    v.push({ rule: 'peso-non-valido', field, message: 'a weight has at most two decimals', found: p, limit: 2 });
  }
}

/** Exactly 100, in decimal arithmetic (33.33 + 33.33 + 33.34 is 100; in floating point some such sums are not). */
function somma(v: RuleViolation[], pesi: unknown[], field: string, cosa: string): void {
  // An unreadable weight is already reported; a sum without it would only repeat the problem.
  if (!pesi.every(finito)) return;
  const totale = pesi.reduce((s: InstanceType<typeof Esatto>, p) => s.plus(String(p)), new Esatto(0));
  if (!totale.eq(100)) {
    v.push({ rule: 'somma-pesi', field, message: `${cosa} must sum to 100`, found: totale.toFixed(), limit: 100 });
  }
}

function autovalutazione(v: RuleViolation[], pct: unknown, field: string): void {
  if (pct !== undefined && (!finito(pct) || pct < 0 || pct > 100)) {
    v.push({ rule: 'autovalutazione-non-valida', field, message: 'the self-assessment is a percentage from 0 to 100', found: pct, limit: '[0, 100]' });
  }
}

function causaEsterna(v: RuleViolation[], causa: { giustificazione?: unknown } | undefined, field: string): void {
  if (causa !== undefined && (typeof causa.giustificazione !== 'string' || causa.giustificazione.trim() === '')) {
    v.push({ rule: 'giustificazione-mancante', field: `${field}.giustificazione`, message: 'an external cause needs a justification', found: causa.giustificazione });
  }
}

/** Remembers where each value was first seen and reports every later occurrence. */
class Unici {
  private readonly visti = new Map<unknown, string>();
  constructor(
    private readonly v: RuleViolation[],
    private readonly rule: string,
    private readonly cosa: string,
  ) {}

  vedi(valore: unknown, field: string): void {
    const primo = this.visti.get(valore);
    if (primo === undefined) {
      this.visti.set(valore, field);
      return;
    }
    this.v.push({ rule: this.rule, field, message: `${this.cosa} ${String(valore)} is already used at ${primo}`, found: valore, limit: 'unique' });
  }
}
