import type { Schemi } from '@app/client';

export type Piano = Schemi['PianoView'];
export type Documento = Schemi['PianoDocumentoDto'];
export type Fase = Schemi['FaseDto'];

/** A plan's state as a manager says it. */
export function statoPiano(stato: Piano['stato']): string {
  return { bozza: 'Bozza, da approvare', attivo: 'Attivo: scadenze seguite', congelato: 'Chiuso per il monitoraggio finale' }[stato] ?? stato;
}

export function statoRevisione(stato: Schemi['RevisioneView']['stato']): string {
  return { proposta: 'Proposta, in attesa di decisione', approvata: 'Approvata', respinta: 'Respinta' }[stato] ?? stato;
}

/** Each scoring rule of docs/cronoprogramma.md, in words, with the published rule it applies. */
export const REGOLE: Record<string, string> = {
  'in-tempo': 'Completata entro la fine prevista',
  'ritardo-proporzionale': 'In ritardo: giorni previsti / giorni effettivi (regola 1)',
  'ritardo-recuperato': 'In ritardo, ma il cronoprogramma è finito entro l’ultima fine prevista (regola 1)',
  'ritardo-stimato': 'Non completata: ritardo stimato dalla nota di monitoraggio (regola 2)',
  'nessuna-informazione': 'Non completata e senza informazioni: 0 (regola 2)',
  'rapporto-target': 'Raggiunto × 100 / target, al massimo 100 (regola 3)',
  'autovalutazione-inferiore': 'Vale l’autovalutazione, più bassa del punteggio tecnico (regola 4)',
  'neutralizzato-causa-esterna': 'Neutralizzata per causa esterna: esclusa dalla media (regola 5)',
  'non-valutabile': 'Non valutabile: esclusa dalla media (regola 5)',
  'media-ponderata': 'Media ponderata di ciò che resta',
};

export const regola = (r: string) => REGOLE[r] ?? r;

/** A machine number ("85.38") as Italians write a percentage: 85,38%. */
export function percentuale(p: string | null | undefined): string {
  if (p === null || p === undefined) return 'esclusa dalla media';
  const n = Number(p);
  return Number.isNaN(n) ? p : `${n.toLocaleString('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
}

/** `giorniPrevisti` → "giorni previsti". */
export const nomeCalcolo = (k: string) => k.replace(/([A-Z])/g, ' $1').toLowerCase();

/** Today in Rome as YYYY-MM-DD, to compare with planned ends. */
export const oggi = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());

/** Where a phase stands, for the table of deadlines: an overdue phase is the one to see first. */
export function statoFase(f: Fase, al = oggi()): { testo: string; classe: string } {
  if (f.causaEsterna) return { testo: 'Neutralizzata (causa esterna)', classe: 'bg-secondary' };
  if (f.fineEffettiva)
    return f.fineEffettiva <= f.finePrevista ? { testo: 'Conclusa in tempo', classe: 'bg-success' } : { testo: 'Conclusa in ritardo', classe: 'bg-warning' };
  if (f.finePrevista < al) return { testo: 'Scaduta', classe: 'bg-danger' };
  return { testo: f.inizioPrevisto <= al ? 'In corso' : 'Da iniziare', classe: 'bg-primary' };
}

const PLURALI: Record<string, string> = { aree: 'le aree', obiettivi: 'gli obiettivi', indicatori: 'gli indicatori', fasi: 'le fasi' };
const CAMPI: Record<string, string> = {
  peso: 'peso',
  titolo: 'titolo',
  anno: 'anno',
  ufficio: 'ufficio',
  chiusura: 'data di chiusura',
  inizioPrevisto: 'inizio previsto',
  finePrevista: 'fine prevista',
  fineEffettiva: 'fine effettiva',
  descrizione: 'descrizione',
  numero: 'numero',
  codice: 'codice',
  target: 'target',
  motivazione: 'motivazione',
};

/**
 * A JSON path the API names (`aree[0].obiettivi[0].indicatori[0].fasi[*].peso`) in the words of the document it
 * points into: "area A › obiettivo 1 › indicatore 1.a › le fasi › peso".
 */
export function dove(percorso: string, documento: unknown): string {
  let nodo: unknown = documento;
  const parti: string[] = [];
  for (const seg of percorso.split('.')) {
    const m = /^([A-Za-z]+)(?:\[(\d+|\*)\])?$/.exec(seg);
    if (!m) {
      parti.push(seg);
      nodo = undefined;
      continue;
    }
    const [, nome, indice] = m;
    const figlio = nodo && typeof nodo === 'object' ? (nodo as Record<string, unknown>)[nome] : undefined;
    if (indice === undefined) {
      parti.push(CAMPI[nome] ?? nome);
      nodo = figlio;
    } else if (indice === '*') {
      parti.push(PLURALI[nome] ?? nome);
      nodo = undefined;
    } else {
      const voce = Array.isArray(figlio) ? (figlio[Number(indice)] as Record<string, unknown> | undefined) : undefined;
      const etichetta = { aree: 'area', obiettivi: 'obiettivo', indicatori: 'indicatore', fasi: 'fase' }[nome] ?? nome;
      const codice = voce?.codice ?? voce?.numero ?? Number(indice) + 1;
      parti.push(`${etichetta} ${String(codice)}`);
      nodo = voce;
    }
  }
  return parti.join(' › ') || 'il documento';
}
