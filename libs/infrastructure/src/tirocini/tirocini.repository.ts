import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Indirizzo, IndirizzoRegistrato } from '../../../domain/src/common/indirizzo';
import type { ConteggioDipendenti } from '../../../domain/src/tirocini/dipendenti';
import type { RigaIndicatoreTirocinio } from '../../../domain/src/tirocini/indicatori';
import type { ProgettoFormativo } from '../../../domain/src/tirocini/tirocini.types';
import type { TirocinioState } from '../../../domain/src/tirocini/tirocinio.machine';

/** States in which a practice holds a place (at its site, with its tutors, for its trainee): from submission to its end. */
export const STATI_CHE_OCCUPANO = ['inviata', 'integrazioni-richieste', 'integrata', 'attesa-comunicazione', 'avvio-bloccato', 'attiva', 'sospesa'];

/** A site: its address in the shape of a sede legale (cap, codiceIstat, provincia null for sites registered before). */
export interface Sede extends IndirizzoRegistrato {
  id: string;
  soggettoId: string;
  denominazione: string;
  indirizzo: string;
  comune: string;
  regione: string;
  cpi: string;
  /** Its permanent-employee counts, in the order recorded (see dipendentiInVigore): never changed, only added to. */
  storicoDipendenti: ConteggioDipendenti[];
}

/** A site as registered: a whole address, and its head count (its first, from the day it is registered). */
export type NuovaSede = Omit<Sede, 'id' | 'soggettoId' | 'storicoDipendenti' | keyof Indirizzo> & Indirizzo & { dipendentiIndeterminato: number };

/** SQL: the head counts of site `alias`, oldest recorded first, as ConteggioDipendenti. */
const STORICO_DIPENDENTI = (alias: string) => `coalesce((SELECT json_agg(json_build_object('dipendentiIndeterminato', x.dipendenti_indeterminato,
    'dal', to_char(x.dal, 'YYYY-MM-DD'), 'motivo', x.motivo, 'registratoDa', x.registrato_da,
    'registratoIl', to_char(x.registrato_il AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY x.id)
  FROM tir_sedi_dipendenti x WHERE x.sede_id = ${alias}.id), '[]')`;

export interface Soggetto {
  id: string;
  ruolo: 'promotore' | 'ospitante';
  denominazione: string;
  codiceFiscale: string;
  partitaIva: string | null;
  tipologia: string | null;
  regione: string;
  /** Typed; a record registered as free JSON keeps what could be read of it (migration 1765008000000). */
  sedeLegale: IndirizzoRegistrato;
  sedi: Sede[];
  /** The office that registered it (null for records older than the office scoping). */
  ufficio: string | null;
  /** The organisation (codice fiscale) an external user registered it for, if one did. */
  registratoPer: string | null;
}

export interface Tirocinante {
  id: string;
  codiceFiscale: string;
  nome: string;
  cognome: string;
  dataNascita: string;
  sesso: 'M' | 'F';
  svantaggiato: boolean;
  /** The office whose registry holds this record: each office keeps its own (one per person). */
  ufficio: string;
  /** The organisation (codice fiscale) an external user registered the trainee for, if one did. */
  registratoPer: string | null;
}

export interface Tutor {
  id: string;
  soggettoId: string;
  codiceFiscale: string;
  nome: string;
  cognome: string;
}

export interface Convenzione {
  id: string;
  promotoreId: string;
  ospitanteId: string;
  validaDal: string;
  validaAl: string;
  documentoId: string | null;
  documentoSha256: string | null;
  ufficio: string | null;
  registrataPer: string | null;
}

export interface TirocinioRow {
  id: string;
  workflowId: string;
  ufficio: string;
  regione: string;
  stato: string;
  promotoreId: string;
  ospitanteId: string;
  /** Codice fiscale and partita IVA of each side: whom an external user must act for to see the practice. */
  /** Names for lists and inboxes: the soggetti's denominazione, the trainee's "cognome nome". */
  nomePromotore: string | null;
  nomeOspitante: string | null;
  nomeTirocinante: string | null;
  codiciPromotore: string[];
  codiciOspitante: string[];
  sedeId: string;
  tirocinanteId: string;
  tutorOspitanteId: string;
  tutorPromotoreId: string;
  dataInizio: string;
  dataFine: string;
  progetto: ProgettoFormativo;
  /** Document kind → signed (as declared at upload). */
  firme: Record<string, boolean>;
  versioneRegole: string | null;
  /** The procedure's state as its workflow last saved it; null while a draft. */
  statoProcedura: TirocinioState | null;
  scadenza: string | null;
  creatoDa: string;
  creatoIl: Date;
  ultimaModificaDa: string;
  inviataDa: string | null;
  inviataIl: Date | null;
  decisaIl: Date | null;
  esitoDecisione: string | null;
  avviataIl: Date | null;
  conclusaIl: Date | null;
  aggiornataIl: Date;
  versione: number;
}

export interface FiltroTirocini {
  uffici?: string[];
  stato?: string;
  ospitanteId?: string;
  promotoreId?: string;
  /** An external user's organisation and the sides it may be on: only practices where it is one of them. */
  parte?: { codice: string; come: Array<'promotore' | 'ospitante'> };
  scadenzaEntro?: string;
  /** The trainee's codice fiscale (the business key of a person's traineeships). */
  tirocinanteCodiceFiscale?: string;
  limit: number;
  offset: number;
}

const SELECT_TIROCINIO = `SELECT id, workflow_id AS "workflowId", ufficio, regione, stato, promotore_id AS "promotoreId", ospitante_id AS "ospitanteId",
  sede_id AS "sedeId", tirocinante_id AS "tirocinanteId", tutor_ospitante_id AS "tutorOspitanteId", tutor_promotore_id AS "tutorPromotoreId",
  to_char(data_inizio, 'YYYY-MM-DD') AS "dataInizio", to_char(data_fine, 'YYYY-MM-DD') AS "dataFine", progetto, firme,
  versione_regole AS "versioneRegole", stato_procedura AS "statoProcedura", to_char(scadenza, 'YYYY-MM-DD') AS scadenza, creato_da AS "creatoDa",
  creato_il AS "creatoIl", ultima_modifica_da AS "ultimaModificaDa", inviata_da AS "inviataDa", inviata_il AS "inviataIl", decisa_il AS "decisaIl",
  esito_decisione AS "esitoDecisione", avviata_il AS "avviataIl", conclusa_il AS "conclusaIl", aggiornata_il AS "aggiornataIl", versione,
  (SELECT array_remove(ARRAY[s.codice_fiscale, s.partita_iva], NULL) FROM tir_soggetti s WHERE s.id = promotore_id) AS "codiciPromotore",
  (SELECT array_remove(ARRAY[s.codice_fiscale, s.partita_iva], NULL) FROM tir_soggetti s WHERE s.id = ospitante_id) AS "codiciOspitante",
  (SELECT s.denominazione FROM tir_soggetti s WHERE s.id = promotore_id) AS "nomePromotore",
  (SELECT s.denominazione FROM tir_soggetti s WHERE s.id = ospitante_id) AS "nomeOspitante",
  (SELECT t.cognome || ' ' || t.nome FROM tir_tirocinanti t WHERE t.id = tirocinante_id) AS "nomeTirocinante"
  FROM tirocini`;

/** The soggetti an organisation (codice fiscale or partita IVA $N) acts as. */
const ORGANIZZAZIONE = (n: number) => `SELECT id FROM tir_soggetti WHERE upper($${n}) IN (codice_fiscale, partita_iva)`;

/** A user's text for ILIKE: its wildcards and the escape character taken literally; spaces between words match any run. */
const comeLike = (t: string): string => t.trim().replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\s+/g, '%');

/** The tirocini registry and practices, in plain SQL: the live limits are counted with row locks held. */
@Injectable()
export class TirociniRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  // ---- registry -------------------------------------------------------------------------------------------------

  /** A soggetto with its sites; each site's count holds from `dal` (the day of registration). */
  async creaSoggetto(m: EntityManager, s: Omit<Soggetto, 'id' | 'sedi' | 'sedeLegale'> & { sedeLegale: Indirizzo; sedi: NuovaSede[] }, by: string, dal: string): Promise<Soggetto> {
    const id = randomUUID();
    const l = s.sedeLegale;
    // Written field by field: the stored object has exactly the typed shape, whatever else the caller's object holds.
    const sedeLegale = { indirizzo: l.indirizzo, cap: l.cap, comune: l.comune, codiceIstat: l.codiceIstat, provincia: l.provincia };
    await m.query(
      `INSERT INTO tir_soggetti (id, ruolo, denominazione, codice_fiscale, partita_iva, tipologia, regione, sede_legale, creato_da, creato_il, ufficio, registrato_per)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), $10, $11)`,
      [id, s.ruolo, s.denominazione, s.codiceFiscale, s.partitaIva, s.tipologia, s.regione, JSON.stringify(sedeLegale), by, s.ufficio, s.registratoPer],
    );
    for (const sede of s.sedi) await this.creaSede(m, id, sede, by, dal);
    return (await this.soggetto(id, m))!;
  }

  /** Adds a site to a soggetto with its first head count, from `dal`; returns its id. */
  async creaSede(m: EntityManager, soggettoId: string, sede: NuovaSede, by: string, dal: string, motivo: string | null = null): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO tir_sedi (id, soggetto_id, denominazione, indirizzo, cap, comune, codice_istat, provincia, regione, cpi)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, soggettoId, sede.denominazione, sede.indirizzo, sede.cap, sede.comune, sede.codiceIstat, sede.provincia, sede.regione, sede.cpi],
    );
    await this.registraDipendenti(m, id, { dipendentiIndeterminato: sede.dipendentiIndeterminato, dal, motivo }, by);
    return id;
  }

  /** Adds a head count to a site's history (nothing is ever changed in it). Lock the site's row first (see `sede`). */
  async registraDipendenti(m: EntityManager, sedeId: string, c: Pick<ConteggioDipendenti, 'dipendentiIndeterminato' | 'dal' | 'motivo'>, by: string): Promise<void> {
    await m.query(
      'INSERT INTO tir_sedi_dipendenti (sede_id, dipendenti_indeterminato, dal, motivo, registrato_da, registrato_il) VALUES ($1, $2, $3, $4, $5, now())',
      [sedeId, c.dipendentiIndeterminato, c.dal, c.motivo, by],
    );
  }

  async soggettoPerCodice(ruolo: string, codiceFiscale: string, m: EntityManager = this.db.manager): Promise<Soggetto | null> {
    const [r] = await m.query('SELECT id FROM tir_soggetti WHERE ruolo = $1 AND codice_fiscale = $2', [ruolo, codiceFiscale]);
    return r ? this.soggetto(r.id, m) : null;
  }

  /** Soggetti with their sites, in one query. */
  private async cercaSoggetti(m: EntityManager, where: string, params: unknown[], limit = 500): Promise<Soggetto[]> {
    return m.query(
      `SELECT s.id, s.ruolo, s.denominazione, s.codice_fiscale AS "codiceFiscale", s.partita_iva AS "partitaIva", s.tipologia, s.regione,
              s.sede_legale AS "sedeLegale", s.ufficio, s.registrato_per AS "registratoPer",
              coalesce((SELECT json_agg(json_build_object('id', d.id, 'soggettoId', d.soggetto_id, 'denominazione', d.denominazione, 'indirizzo', d.indirizzo,
                         'cap', d.cap, 'comune', d.comune, 'codiceIstat', d.codice_istat, 'provincia', d.provincia, 'regione', d.regione, 'cpi', d.cpi,
                         'storicoDipendenti', ${STORICO_DIPENDENTI('d')})
                         ORDER BY d.denominazione, d.id) FROM tir_sedi d WHERE d.soggetto_id = s.id), '[]') AS sedi
       FROM tir_soggetti s ${where} ORDER BY s.denominazione, s.id LIMIT ${Number(limit)}`,
      params,
    );
  }

  async soggetto(id: string, m: EntityManager = this.db.manager): Promise<Soggetto | null> {
    return (await this.cercaSoggetti(m, 'WHERE s.id = $1', [id]))[0] ?? null;
  }

  /**
   * Soggetti, by role and codice fiscale if given; for an external user's organisation (`per`), only those it may
   * see: itself, those it registered, and its counterparts in a convenzione.
   */
  async soggetti(f: { ruolo?: string; codiceFiscale?: string; per?: string; cerca?: string }): Promise<Soggetto[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.ruolo) where.push(`s.ruolo = $${params.push(f.ruolo)}`);
    if (f.codiceFiscale) where.push(`s.codice_fiscale = upper($${params.push(f.codiceFiscale)})`);
    if (f.cerca) {
      const esatto = params.push(f.cerca.trim());
      const parte = params.push(comeLike(f.cerca));
      where.push(`(upper($${esatto}) IN (s.codice_fiscale, s.partita_iva) OR s.denominazione ILIKE '%' || $${parte} || '%')`);
    }
    if (f.per) where.push(this.visibileA('s', params.push(f.per)));
    return this.cercaSoggetti(this.db.manager, where.length ? `WHERE ${where.join(' AND ')}` : '', params);
  }

  /** SQL: soggetto `alias` is visible to the organisation in parameter $n (itself, registered by it, its counterparts). */
  private visibileA(alias: string, n: number): string {
    return `(upper($${n}) IN (${alias}.codice_fiscale, ${alias}.partita_iva) OR ${alias}.registrato_per = upper($${n})
      OR EXISTS (SELECT 1 FROM tir_convenzioni c WHERE (c.promotore_id = ${alias}.id AND c.ospitante_id IN (${ORGANIZZAZIONE(n)}))
                                                 OR (c.ospitante_id = ${alias}.id AND c.promotore_id IN (${ORGANIZZAZIONE(n)}))))`;
  }

  /** Whether the organisation `per` may see soggetto `id` (see `soggetti`). */
  async soggettoVisibile(id: string, per: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const [r] = await m.query(`SELECT 1 FROM tir_soggetti s WHERE s.id = $1 AND ${this.visibileA('s', 2)}`, [id, per]);
    return !!r;
  }

  /**
   * Whether the soggetto works in an office's territory: registered by it, with a site there, or party to a
   * convenzione it registered. Its staff may add tutors and convenzioni only for such soggetti.
   */
  async soggettoOperaIn(id: string, ufficio: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const [r] = await m.query(
      `SELECT 1 FROM tir_soggetti s WHERE s.id = $1 AND (s.ufficio = $2 OR EXISTS (SELECT 1 FROM tir_sedi d WHERE d.soggetto_id = s.id AND d.cpi = $2)
         OR EXISTS (SELECT 1 FROM tir_convenzioni c WHERE (c.promotore_id = s.id OR c.ospitante_id = s.id) AND c.ufficio = $2))`,
      [id, ufficio],
    );
    return !!r;
  }

  /**
   * A site with its head counts. `lock` takes its row (FOR UPDATE): a new count is recorded under it, and a check
   * of the host limit counts under it (bloccaRisorse), so a check reads a count recorded before it or after it,
   * never while it runs.
   */
  async sede(id: string, m: EntityManager = this.db.manager, lock = false): Promise<Sede | null> {
    const [r] = await m.query(
      `SELECT d.id, d.soggetto_id AS "soggettoId", d.denominazione, d.indirizzo, d.cap, d.comune, d.codice_istat AS "codiceIstat", d.provincia, d.regione, d.cpi,
              ${STORICO_DIPENDENTI('d')} AS "storicoDipendenti"
       FROM tir_sedi d WHERE d.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r ?? null;
  }

  /** Registers a trainee in an office's registry; null if that office already has this codice fiscale. */
  async creaTirocinante(m: EntityManager, t: Omit<Tirocinante, 'id'>, by: string): Promise<Tirocinante | null> {
    const id = randomUUID();
    const inserted = await m.query(
      `INSERT INTO tir_tirocinanti (id, codice_fiscale, nome, cognome, data_nascita, sesso, svantaggiato, creato_da, creato_il, ufficio, registrato_per)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10) ON CONFLICT (ufficio, codice_fiscale) DO NOTHING RETURNING id`,
      [id, t.codiceFiscale, t.nome, t.cognome, t.dataNascita, t.sesso, t.svantaggiato, by, t.ufficio, t.registratoPer],
    );
    return inserted.length ? this.tirocinante(id, m) : null;
  }

  /** The id of the trainee an office's registry holds under this codice fiscale, if any. */
  async tirocinantePerCodice(ufficio: string, codiceFiscale: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [r] = await m.query('SELECT id FROM tir_tirocinanti WHERE ufficio = $1 AND codice_fiscale = $2', [ufficio, codiceFiscale]);
    return r?.id ?? null;
  }

  /** Replaces a trainee's identity (a correction; lock the row first). A codice fiscale the office already holds: 23505. */
  async rettificaTirocinante(m: EntityManager, id: string, t: Pick<Tirocinante, 'codiceFiscale' | 'nome' | 'cognome' | 'dataNascita' | 'sesso'>): Promise<void> {
    await m.query('UPDATE tir_tirocinanti SET codice_fiscale = $2, nome = $3, cognome = $4, data_nascita = $5, sesso = $6 WHERE id = $1',
      [id, t.codiceFiscale, t.nome, t.cognome, t.dataNascita, t.sesso]);
  }

  /** The trainee's practices that were submitted (any state but a draft): their checks read the trainee's data. */
  async praticheInviateDi(tirocinanteId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const righe: { id: string }[] = await m.query(`SELECT id FROM tirocini WHERE tirocinante_id = $1 AND stato <> 'bozza' ORDER BY creato_il, id`, [tirocinanteId]);
    return righe.map((r) => r.id);
  }

  async tirocinante(id: string, m: EntityManager = this.db.manager, lock = false): Promise<Tirocinante | null> {
    const [r] = await m.query(
      `SELECT id, codice_fiscale AS "codiceFiscale", nome, cognome, to_char(data_nascita, 'YYYY-MM-DD') AS "dataNascita", sesso, svantaggiato, ufficio,
              registrato_per AS "registratoPer"
       FROM tir_tirocinanti WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r ?? null;
  }

  /**
   * Trainees by codice fiscale (exact) or by surname and name (a part, in either order, case-insensitive), of one
   * office (or all), and only those organisation `per` may see (see tirocinanteVisibile); at most 50, by surname.
   */
  async cercaTirocinanti(f: { cerca: string; ufficio?: string; per?: string }): Promise<Tirocinante[]> {
    const params: unknown[] = [f.cerca.trim(), comeLike(f.cerca)];
    const where = [`(t.codice_fiscale = upper($1) OR (t.cognome || ' ' || t.nome) ILIKE '%' || $2 || '%' OR (t.nome || ' ' || t.cognome) ILIKE '%' || $2 || '%')`];
    if (f.ufficio) where.push(`t.ufficio = $${params.push(f.ufficio)}`);
    if (f.per) {
      const n = params.push(f.per);
      where.push(`(t.registrato_per = upper($${n}) OR EXISTS (SELECT 1 FROM tirocini x WHERE x.tirocinante_id = t.id AND x.ufficio = t.ufficio
                   AND (x.promotore_id IN (${ORGANIZZAZIONE(n)}) OR x.ospitante_id IN (${ORGANIZZAZIONE(n)}))))`);
    }
    return this.db.query(
      `SELECT id, codice_fiscale AS "codiceFiscale", nome, cognome, to_char(data_nascita, 'YYYY-MM-DD') AS "dataNascita", sesso, svantaggiato, ufficio,
              registrato_per AS "registratoPer"
       FROM tir_tirocinanti t WHERE ${where.join(' AND ')} ORDER BY cognome, nome, id LIMIT 50`,
      params,
    );
  }

  /**
   * Whether the organisation `per` may see trainee `id`: it registered them, or it is a side of one of their
   * practices in the trainee's office.
   */
  async tirocinanteVisibile(id: string, per: string): Promise<boolean> {
    const [r] = await this.db.query(
      `SELECT 1 FROM tir_tirocinanti t WHERE t.id = $1 AND (t.registrato_per = upper($2)
         OR EXISTS (SELECT 1 FROM tirocini x WHERE x.tirocinante_id = t.id AND x.ufficio = t.ufficio
                      AND (x.promotore_id IN (${ORGANIZZAZIONE(2)}) OR x.ospitante_id IN (${ORGANIZZAZIONE(2)}))))`,
      [id, per],
    );
    return !!r;
  }

  async creaTutor(t: Omit<Tutor, 'id'>): Promise<Tutor> {
    const id = randomUUID();
    await this.db.query('INSERT INTO tir_tutor (id, soggetto_id, codice_fiscale, nome, cognome) VALUES ($1, $2, $3, $4, $5)', [id, t.soggettoId, t.codiceFiscale, t.nome, t.cognome]);
    return (await this.tutor(id))!;
  }

  async tutor(id: string, m: EntityManager = this.db.manager): Promise<Tutor | null> {
    const [r] = await m.query('SELECT id, soggetto_id AS "soggettoId", codice_fiscale AS "codiceFiscale", nome, cognome FROM tir_tutor WHERE id = $1', [id]);
    return r ?? null;
  }

  async creaConvenzione(c: Omit<Convenzione, 'id' | 'documentoId' | 'documentoSha256'>, by: string): Promise<Convenzione> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO tir_convenzioni (id, promotore_id, ospitante_id, valida_dal, valida_al, creata_da, creata_il, ufficio, registrata_per)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8)`,
      [id, c.promotoreId, c.ospitanteId, c.validaDal, c.validaAl, by, c.ufficio, c.registrataPer],
    );
    return (await this.convenzione(id))!;
  }

  async convenzione(id: string, m: EntityManager = this.db.manager): Promise<Convenzione | null> {
    const [r] = await m.query(
      `SELECT id, promotore_id AS "promotoreId", ospitante_id AS "ospitanteId", to_char(valida_dal, 'YYYY-MM-DD') AS "validaDal",
              to_char(valida_al, 'YYYY-MM-DD') AS "validaAl", documento_id AS "documentoId", documento_sha256 AS "documentoSha256", ufficio,
              registrata_per AS "registrataPer"
       FROM tir_convenzioni WHERE id = $1`,
      [id],
    );
    return r ?? null;
  }

  async allegaDocumentoConvenzione(id: string, documentoId: string, sha256: string): Promise<void> {
    await this.db.query('UPDATE tir_convenzioni SET documento_id = $2, documento_sha256 = $3 WHERE id = $1', [id, documentoId, sha256]);
  }

  // ---- practices ------------------------------------------------------------------------------------------------

  async creaTirocinio(m: EntityManager, r: Pick<TirocinioRow, 'id' | 'workflowId' | 'ufficio' | 'regione' | 'promotoreId' | 'ospitanteId' | 'sedeId' | 'tirocinanteId'
    | 'tutorOspitanteId' | 'tutorPromotoreId' | 'dataInizio' | 'dataFine' | 'progetto' | 'creatoDa'>): Promise<void> {
    await m.query(
      `INSERT INTO tirocini (id, workflow_id, ufficio, regione, stato, promotore_id, ospitante_id, sede_id, tirocinante_id, tutor_ospitante_id, tutor_promotore_id,
         data_inizio, data_fine, progetto, creato_da, creato_il, ultima_modifica_da, aggiornata_il)
       VALUES ($1, $2, $3, $4, 'bozza', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now(), $14, now())`,
      [r.id, r.workflowId, r.ufficio, r.regione, r.promotoreId, r.ospitanteId, r.sedeId, r.tirocinanteId, r.tutorOspitanteId, r.tutorPromotoreId,
        r.dataInizio, r.dataFine, JSON.stringify(r.progetto), r.creatoDa],
    );
  }

  async tirocinio(id: string, m: EntityManager = this.db.manager, lock = false): Promise<TirocinioRow | null> {
    const [r] = await m.query(`${SELECT_TIROCINIO} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ?? null;
  }

  /** Replaces the draft's data (parties, dates, project), recording who changed it last. */
  async aggiornaProgetto(m: EntityManager, id: string, r: Pick<TirocinioRow, 'ufficio' | 'regione' | 'promotoreId' | 'ospitanteId' | 'sedeId' | 'tirocinanteId'
    | 'tutorOspitanteId' | 'tutorPromotoreId' | 'dataInizio' | 'dataFine' | 'progetto'>, by: string): Promise<void> {
    await m.query(
      `UPDATE tirocini SET ufficio = $2, regione = $3, promotore_id = $4, ospitante_id = $5, sede_id = $6, tirocinante_id = $7, tutor_ospitante_id = $8,
         tutor_promotore_id = $9, data_inizio = $10, data_fine = $11, progetto = $12, ultima_modifica_da = $13, aggiornata_il = now(), versione = versione + 1
       WHERE id = $1`,
      [id, r.ufficio, r.regione, r.promotoreId, r.ospitanteId, r.sedeId, r.tirocinanteId, r.tutorOspitanteId, r.tutorPromotoreId, r.dataInizio, r.dataFine,
        JSON.stringify(r.progetto), by],
    );
  }

  async segnaModifica(m: EntityManager, id: string, by: string, firma?: { tipo: string; firmato: boolean }): Promise<void> {
    await m.query(
      `UPDATE tirocini SET ultima_modifica_da = $2, aggiornata_il = now(), versione = versione + 1,
         firme = CASE WHEN $3::text IS NULL THEN firme ELSE firme || jsonb_build_object($3::text, $4::boolean) END WHERE id = $1`,
      [id, by, firma?.tipo ?? null, firma?.firmato ?? null],
    );
  }

  /**
   * Locks the rows whose limits a submission takes a place in (site, then tutors by id, then trainee), so two
   * concurrent submissions for the last place queue here and the second counts the first. Call with the practice's
   * own row already locked; every writer that needs several of these takes them in this order.
   */
  async bloccaRisorse(m: EntityManager, r: Pick<TirocinioRow, 'sedeId' | 'tutorOspitanteId' | 'tutorPromotoreId' | 'tirocinanteId'>): Promise<void> {
    await m.query('SELECT id FROM tir_sedi WHERE id = $1 FOR UPDATE', [r.sedeId]);
    await m.query('SELECT id FROM tir_tutor WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [[r.tutorOspitanteId, r.tutorPromotoreId]]);
    // The person, in every office's registry: two offices' practices for the same person queue here too.
    await m.query('SELECT id FROM tir_tirocinanti WHERE codice_fiscale = (SELECT codice_fiscale FROM tir_tirocinanti WHERE id = $1) ORDER BY id FOR UPDATE', [r.tirocinanteId]);
  }

  /**
   * The other practices holding a place that overlap [dal, al]: at the site, per tutor, and the trainee's (the
   * person's, by codice fiscale, in any office: the practices of another office are named only as such).
   */
  async occupazione(m: EntityManager, r: Pick<TirocinioRow, 'id' | 'ufficio' | 'sedeId' | 'tutorOspitanteId' | 'tutorPromotoreId' | 'tirocinanteId' | 'dataInizio' | 'dataFine'>) {
    const [c] = await m.query(
      `WITH persona AS (SELECT id FROM tir_tirocinanti WHERE codice_fiscale = (SELECT codice_fiscale FROM tir_tirocinanti WHERE id = $5))
       SELECT count(*) FILTER (WHERE sede_id = $2)::int AS sede,
              count(*) FILTER (WHERE tutor_ospitante_id = $3)::int AS "tutorOspitante",
              count(*) FILTER (WHERE tutor_promotore_id = $4)::int AS "tutorPromotore",
              coalesce(array_agg(CASE WHEN ufficio = $9 THEN id::text ELSE 'un tirocinio di un altro ufficio' END ORDER BY id)
                         FILTER (WHERE tirocinante_id IN (SELECT id FROM persona)), '{}') AS tirocinante
       FROM tirocini
       WHERE id <> $1 AND stato = ANY($8::text[]) AND data_inizio <= $7 AND data_fine >= $6
         AND (sede_id = $2 OR tutor_ospitante_id = $3 OR tutor_promotore_id = $4 OR tirocinante_id IN (SELECT id FROM persona))`,
      [r.id, r.sedeId, r.tutorOspitanteId, r.tutorPromotoreId, r.tirocinanteId, r.dataInizio, r.dataFine, STATI_CHE_OCCUPANO, r.ufficio],
    );
    return c as { sede: number; tutorOspitante: number; tutorPromotore: number; tirocinante: string[] };
  }

  /** Writes what the procedure's state says about the practice (state, effective end, deadline, milestones). */
  async salvaStato(m: EntityManager, id: string, s: {
    stato: string; statoProcedura: TirocinioState; dataFine?: string; scadenza?: string | null; versioneRegole?: string;
    inviataDa?: string; inviataIl?: Date; decisaIl?: Date; esitoDecisione?: string; avviataIl?: Date; conclusaIl?: Date;
  }): Promise<void> {
    await m.query(
      `UPDATE tirocini SET stato = $2, stato_procedura = $3, data_fine = coalesce($4, data_fine), scadenza = $5,
         versione_regole = coalesce($6, versione_regole), inviata_da = coalesce($7, inviata_da), inviata_il = coalesce($8, inviata_il),
         decisa_il = coalesce($9, decisa_il), esito_decisione = coalesce($10, esito_decisione), avviata_il = coalesce($11, avviata_il),
         conclusa_il = coalesce($12, conclusa_il), aggiornata_il = now(), versione = versione + 1
       WHERE id = $1`,
      [id, s.stato, JSON.stringify(s.statoProcedura), s.dataFine ?? null, s.scadenza ?? null, s.versioneRegole ?? null, s.inviataDa ?? null,
        s.inviataIl ?? null, s.decisaIl ?? null, s.esitoDecisione ?? null, s.avviataIl ?? null, s.conclusaIl ?? null],
    );
  }

  async lista(f: FiltroTirocini): Promise<{ totale: number; righe: TirocinioRow[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.uffici) add('ufficio = ANY(?::text[])', f.uffici);
    if (f.stato) add('stato = ?', f.stato);
    if (f.ospitanteId) add('ospitante_id = ?', f.ospitanteId);
    if (f.promotoreId) add('promotore_id = ?', f.promotoreId);
    if (f.parte) {
      params.push(f.parte.codice);
      const n = params.length;
      where.push(f.parte.come.length ? `(${f.parte.come.map((c) => `${c}_id IN (${ORGANIZZAZIONE(n)})`).join(' OR ')})` : 'false');
    }
    if (f.scadenzaEntro) add('scadenza <= ?', f.scadenzaEntro);
    if (f.tirocinanteCodiceFiscale) add('tirocinante_id IN (SELECT id FROM tir_tirocinanti WHERE codice_fiscale = upper(?))', f.tirocinanteCodiceFiscale);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM tirocini ${w}`, params);
    const righe = await this.db.query(`${SELECT_TIROCINIO} ${w} ORDER BY creato_il DESC, id LIMIT ${Number(f.limit)} OFFSET ${Number(f.offset)}`, params);
    return { totale: n, righe };
  }

  /** Practices waiting for the office's decision, oldest deadline first. */
  async inbox(ufficio: string): Promise<TirocinioRow[]> {
    return this.db.query(`${SELECT_TIROCINIO} WHERE ufficio = $1 AND stato IN ('inviata', 'integrata') ORDER BY scadenza NULLS LAST, inviata_il, id`, [ufficio]);
  }

  async righeIndicatori(uffici?: string[]): Promise<RigaIndicatoreTirocinio[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT t.stato, t.ufficio, t.inviata_il, t.decisa_il, t.esito_decisione, to_char(t.data_inizio, 'YYYY-MM-DD') AS data_inizio, t.avviata_il, t.conclusa_il, p.sesso,
              to_char(p.data_nascita, 'YYYY-MM-DD') AS data_nascita
       FROM tirocini t JOIN tir_tirocinanti p ON p.id = t.tirocinante_id ${uffici ? 'WHERE t.ufficio = ANY($1::text[])' : ''}`,
      uffici ? [uffici] : [],
    );
    const inst = (v: unknown) => (v == null ? undefined : (v as Date).toISOString());
    return rows.map((r) => ({
      stato: String(r.stato), ufficio: String(r.ufficio), inviataIl: inst(r.inviata_il), decisaIl: inst(r.decisa_il),
      esitoDecisione: (r.esito_decisione as string | null) ?? undefined, dataInizio: String(r.data_inizio), avviataIl: inst(r.avviata_il),
      conclusaIl: inst(r.conclusa_il), sessoTirocinante: r.sesso as 'M' | 'F', dataNascitaTirocinante: String(r.data_nascita),
    }));
  }
}
