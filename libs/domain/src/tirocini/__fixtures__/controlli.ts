import { InputControlli, REQUIRED_DOCUMENTS, controlliPrimoLivello } from '../controlli';
import { regolePerVersione } from '../regole';
import type { ContestoControlli, DocumentoAllegato, ProgettoFormativo, RegolePackTirocini, TipoDocumentoTirocinio } from '../tirocini.types';

/** Test data shared by the specs of the first-level checks: the shipped packs, a valid draft and its context. */

export const NAZIONALE = regolePerVersione('nazionale-2017.1');
export const TOSCANA = regolePerVersione('toscana-2018.1');
export const TOSCANA_2012 = regolePerVersione('toscana-2012.1');
export const SICILIA = regolePerVersione('sicilia-2017.1');
export const OGGI = '2026-03-02';

export const doc = (tipo: TipoDocumentoTirocinio, o: Partial<DocumentoAllegato> = {}): DocumentoAllegato => ({
  tipo,
  documentoId: `doc-${tipo}`,
  versione: 1,
  sha256: 'a'.repeat(64),
  contentType: 'application/pdf',
  firmato: true,
  ...o,
});

export const progetto = (o: Partial<ProgettoFormativo> = {}): ProgettoFormativo => ({
  promotoreId: 'prom-1',
  ospitanteId: 'osp-1',
  sedeId: 'sede-1',
  tirocinanteId: 'tir-1',
  tutorOspitanteId: 'tut-o-1',
  tutorPromotoreId: 'tut-p-1',
  dataInizio: '2026-04-01',
  dataFine: '2026-09-30', // exactly 6 months: within every shipped pack
  oreSettimanali: 40,
  obiettivi: 'Acquisire competenze di contabilità di base',
  attivita: 'Registrazione fatture, riconciliazioni bancarie',
  indennitaMensileCent: 60_000,
  svantaggiato: false,
  dichiarazioni: { licenziamentiStessaMansione: false, rapportoPrecedenteConTirocinante: false },
  ...o,
});

export const contesto = (o: Partial<ContestoControlli> = {}): ContestoControlli => ({
  dipendentiIndeterminatoSede: 10,
  tirociniConcorrentiSede: 0,
  tirociniConcorrentiTutorOspitante: 0,
  tirociniConcorrentiTutorPromotore: 0,
  tirociniSovrappostiTirocinante: [],
  codiceFiscaleOspitante: '00488410010',
  codiceFiscaleTirocinante: 'RSSMRA05H15D612P',
  ...o,
});

export const documentiCompleti = (): DocumentoAllegato[] => REQUIRED_DOCUMENTS.map((t) => doc(t));

export const controlla = (
  o: {
    progetto?: Partial<ProgettoFormativo>;
    contesto?: Partial<ContestoControlli>;
    documenti?: DocumentoAllegato[];
    regole?: RegolePackTirocini;
    oggi?: string;
  } = {},
) => {
  const input: InputControlli = {
    progetto: progetto(o.progetto),
    contesto: contesto(o.contesto),
    documenti: o.documenti ?? documentiCompleti(),
    regole: o.regole ?? NAZIONALE,
    oggi: o.oggi ?? OGGI,
  };
  return controlliPrimoLivello(input);
};
export const regole = (o: Parameters<typeof controlla>[0] = {}) => controlla(o).map((v) => v.rule);
