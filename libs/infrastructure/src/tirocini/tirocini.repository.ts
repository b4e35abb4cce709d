import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RigaIndicatoreTirocinio } from '../../../domain/src/tirocini/indicatori';
import type { ProgettoFormativo } from '../../../domain/src/tirocini/tirocini.types';
import type { TirocinioState } from '../../../domain/src/tirocini/tirocinio.state';
import { STATI_IN_DECISIONE } from '../../../domain/src/tirocini/tirocinio.attivita';
import { type DopoIstante, type QuerySql, istanteEsatto } from '../persistence/keyset';
import { ORGANIZZAZIONE } from './soggetti.repository';

/** States in which a practice holds a place (at its site, with its tutors, for its trainee): from submission to its end. */
export const STATI_CHE_OCCUPANO = ['inviata', 'integrazioni-richieste', 'integrata', 'attesa-comunicazione', 'avvio-bloccato', 'attiva', 'sospesa'];

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
  /** The key in the office's previous system, for a traineeship brought in by the migration import. */
  codiceOrigine: string | null;
}

/** A traineeship of the migration import, as stored: its project's columns and the state rebuilt for it. */
export type TirocinioMigrato = ColonneProgetto &
  Pick<TirocinioRow, 'id' | 'workflowId' | 'creatoDa' | 'versioneRegole' | 'scadenza'> & {
    codiceOrigine: string;
    statoProcedura: TirocinioState;
    /** The office-wide job's first wake-up for it (promemoria_presenze_il) and its clock's day. */
    promemoriaPresenzeIl: string | null;
    unitaMs: number;
    /** From when it asks its sides for attendance (presenze_dovute_il; presenzeDovuteDal). */
    presenzeDovuteIl: string | null;
  };

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
}

/** A page of the list: where the previous one ended (keyset), or how many rows to skip (offset, kept for old clients). */
export interface PaginaTirocini {
  dopo?: DopoIstante;
  offset?: number;
  limit: number;
}

/** A practice as listed, with its place in the list: its creation time to the microsecond (the cursor's key). */
export type TirocinioElencato = TirocinioRow & { istante: string };

export const SELECT_TIROCINIO = `SELECT id, workflow_id AS "workflowId", ufficio, regione, stato, promotore_id AS "promotoreId", ospitante_id AS "ospitanteId",
  sede_id AS "sedeId", tirocinante_id AS "tirocinanteId", tutor_ospitante_id AS "tutorOspitanteId", tutor_promotore_id AS "tutorPromotoreId",
  to_char(data_inizio, 'YYYY-MM-DD') AS "dataInizio", to_char(data_fine, 'YYYY-MM-DD') AS "dataFine", progetto, firme,
  versione_regole AS "versioneRegole", stato_procedura AS "statoProcedura", to_char(scadenza, 'YYYY-MM-DD') AS scadenza, creato_da AS "creatoDa",
  creato_il AS "creatoIl", ultima_modifica_da AS "ultimaModificaDa", inviata_da AS "inviataDa", inviata_il AS "inviataIl", decisa_il AS "decisaIl",
  esito_decisione AS "esitoDecisione", avviata_il AS "avviataIl", conclusa_il AS "conclusaIl", aggiornata_il AS "aggiornataIl", versione, codice_origine AS "codiceOrigine",
  (SELECT array_remove(ARRAY[s.codice_fiscale, s.partita_iva], NULL) FROM tir_soggetti s WHERE s.id = promotore_id) AS "codiciPromotore",
  (SELECT array_remove(ARRAY[s.codice_fiscale, s.partita_iva], NULL) FROM tir_soggetti s WHERE s.id = ospitante_id) AS "codiciOspitante",
  (SELECT s.denominazione FROM tir_soggetti s WHERE s.id = promotore_id) AS "nomePromotore",
  (SELECT s.denominazione FROM tir_soggetti s WHERE s.id = ospitante_id) AS "nomeOspitante",
  (SELECT t.cognome || ' ' || t.nome FROM tir_tirocinanti t WHERE t.id = tirocinante_id) AS "nomeTirocinante"
  FROM tirocini`;

/**
 * A list's filters as the query takes them: an external user's organisation as the ids of the soggetti it is
 * (`SoggettiRepository`'s ORGANIZZAZIONE, read first), so the planner knows how many practices they have and reads
 * them by side, rather than guessing and scanning the office in order.
 */
export type FiltroTirociniLetto = Omit<FiltroTirocini, 'parte'> & { parte?: { soggetti: string[]; come: Array<'promotore' | 'ospitante'> } };

/** The largest count of a list's total: beyond it, counting would cost as much as reading the office's whole list. */
export const TOTALE_MASSIMO = 1000;

/** SQL: the conditions of a list's filters, numbered from $1. */
function filtriTirocini(f: FiltroTirociniLetto): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  // One office as an equality, so the office's index yields its rows already in the list's order (an array, even of
  // one, would be sorted after reading them all).
  if (f.uffici?.length === 1) add('ufficio = ?', f.uffici[0]);
  else if (f.uffici) add('ufficio = ANY(?::text[])', f.uffici);
  if (f.stato) add('stato = ?', f.stato);
  if (f.ospitanteId) add('ospitante_id = ?', f.ospitanteId);
  if (f.promotoreId) add('promotore_id = ?', f.promotoreId);
  if (f.parte) {
    const { soggetti, come } = f.parte;
    if (!soggetti.length || !come.length) where.push('false');
    else {
      // One soggetto (the usual case) as an equality: a user on one side reads that side's index in the list's order.
      params.push(soggetti.length === 1 ? soggetti[0] : soggetti);
      const valore = soggetti.length === 1 ? `$${params.length}::uuid` : `ANY($${params.length}::uuid[])`;
      where.push(`(${come.map((c) => `${c}_id = ${valore}`).join(' OR ')})`);
    }
  }
  if (f.scadenzaEntro) add('scadenza <= ?', f.scadenzaEntro);
  if (f.tirocinanteCodiceFiscale) add('tirocinante_id IN (SELECT id FROM tir_tirocinanti WHERE codice_fiscale = upper(?))', f.tirocinanteCodiceFiscale);
  return { where, params };
}

/**
 * The list of practices, newest first by (creato_il, id), a page at a time: after the cursor's key when given
 * (keyset: each page reads only its own rows, by ix_tirocini_ufficio_creato and its siblings, migration
 * ElenchiKeyset), else skipping `offset` rows. Exported so the e2e suite `elenchi` explains exactly this SQL.
 */
export const QUERY_TIROCINI = {
  pagina(f: FiltroTirociniLetto, p: PaginaTirocini): QuerySql {
    const { where, params } = filtriTirocini(f);
    if (p.dopo) {
      params.push(p.dopo.il, p.dopo.id);
      where.push(`(creato_il, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return {
      text: `${SELECT_TIROCINIO.replace('SELECT ', `SELECT ${istanteEsatto('creato_il')} AS istante, `)} ${w}
        ORDER BY creato_il DESC, id DESC LIMIT ${Number(p.limit)}${p.offset ? ` OFFSET ${Number(p.offset)}` : ''}`,
      values: params,
    };
  },

  /**
   * How many match, counted up to TOTALE_MASSIMO + 1: the first rows in the list's order, so by the same index as the
   * first page and as cheap, whatever the office holds.
   */
  totale(f: FiltroTirociniLetto): QuerySql {
    const { where, params } = filtriTirocini(f);
    return {
      text: `SELECT count(*)::int AS n FROM (SELECT 1 FROM tirocini ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY creato_il DESC, id DESC LIMIT ${TOTALE_MASSIMO + 1}) t`,
      values: params,
    };
  },
};

/** The tirocini practices, in plain SQL: the live limits are counted with row locks held. */
/** What a draft's project sets of its row: its parties, office, dates and the project itself. */
export type ColonneProgetto = Pick<
  TirocinioRow,
  | 'ufficio'
  | 'regione'
  | 'promotoreId'
  | 'ospitanteId'
  | 'sedeId'
  | 'tirocinanteId'
  | 'tutorOspitanteId'
  | 'tutorPromotoreId'
  | 'dataInizio'
  | 'dataFine'
  | 'progetto'
>;

@Injectable()
export class TirociniRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: what the methods given its manager write commits together or not at all. */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async creaTirocinio(m: EntityManager, r: ColonneProgetto & Pick<TirocinioRow, 'id' | 'workflowId' | 'creatoDa'>): Promise<void> {
    await m.query(
      `INSERT INTO tirocini (id, workflow_id, ufficio, regione, stato, promotore_id, ospitante_id, sede_id, tirocinante_id, tutor_ospitante_id, tutor_promotore_id,
         data_inizio, data_fine, progetto, creato_da, creato_il, ultima_modifica_da, aggiornata_il)
       VALUES ($1, $2, $3, $4, 'bozza', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now(), $14, now())`,
      [
        r.id,
        r.workflowId,
        r.ufficio,
        r.regione,
        r.promotoreId,
        r.ospitanteId,
        r.sedeId,
        r.tirocinanteId,
        r.tutorOspitanteId,
        r.tutorPromotoreId,
        r.dataInizio,
        r.dataFine,
        JSON.stringify(r.progetto),
        r.creatoDa,
      ],
    );
  }

  /** The migrated traineeships of an office already stored under these keys: key → id. */
  async perCodiceOrigine(ufficio: string, codici: string[], m: EntityManager = this.db.manager): Promise<Map<string, string>> {
    if (!codici.length) return new Map();
    const rows: Array<{ id: string; codice: string }> = await m.query(
      'SELECT id, codice_origine AS codice FROM tirocini WHERE ufficio = $1 AND codice_origine = ANY($2::text[])',
      [ufficio, codici],
    );
    return new Map(rows.map((r) => [r.codice, r.id]));
  }

  /**
   * Stores a batch of the migration import in one statement; a key already stored for the office is left as it is
   * (a retried import). Returns the rows inserted now.
   */
  async importaTirocini(m: EntityManager, righe: TirocinioMigrato[]): Promise<Array<{ id: string; codiceOrigine: string }>> {
    if (!righe.length) return [];
    const dati = righe.map((r) => {
      const s = r.statoProcedura;
      return {
        id: r.id,
        workflow_id: r.workflowId,
        ufficio: r.ufficio,
        regione: r.regione,
        stato: s.stato,
        promotore_id: r.promotoreId,
        ospitante_id: r.ospitanteId,
        sede_id: r.sedeId,
        tirocinante_id: r.tirocinanteId,
        tutor_ospitante_id: r.tutorOspitanteId,
        tutor_promotore_id: r.tutorPromotoreId,
        data_inizio: r.dataInizio,
        data_fine: s.dataFineEffettiva,
        progetto: r.progetto,
        versione_regole: r.versioneRegole,
        stato_procedura: s,
        scadenza: r.scadenza,
        creato_da: r.creatoDa,
        inviata_da: s.inviataDa ?? null,
        inviata_il: s.inviataIl ?? null,
        decisa_il: s.decisione?.il ?? null,
        esito_decisione: s.decisione?.esito ?? null,
        avviata_il: s.avviataIl ?? null,
        codice_origine: r.codiceOrigine,
        promemoria_presenze_il: r.promemoriaPresenzeIl,
        unita_giorno_ms: r.unitaMs,
        presenze_dovute_il: r.presenzeDovuteIl,
      };
    });
    return m.query(
      `INSERT INTO tirocini (id, workflow_id, ufficio, regione, stato, promotore_id, ospitante_id, sede_id, tirocinante_id, tutor_ospitante_id,
         tutor_promotore_id, data_inizio, data_fine, progetto, versione_regole, stato_procedura, scadenza, creato_da, creato_il, ultima_modifica_da,
         inviata_da, inviata_il, decisa_il, esito_decisione, avviata_il, aggiornata_il, versione, codice_origine, promemoria_presenze_il, unita_giorno_ms, presenze_dovute_il)
       SELECT x.id, x.workflow_id, x.ufficio, x.regione, x.stato, x.promotore_id, x.ospitante_id, x.sede_id, x.tirocinante_id, x.tutor_ospitante_id,
         x.tutor_promotore_id, x.data_inizio, x.data_fine, x.progetto, x.versione_regole, x.stato_procedura, x.scadenza, x.creato_da, now(), x.creato_da,
         x.inviata_da, x.inviata_il, x.decisa_il, x.esito_decisione, x.avviata_il, now(), 1, x.codice_origine, x.promemoria_presenze_il, x.unita_giorno_ms, x.presenze_dovute_il
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, workflow_id text, ufficio text, regione text, stato text, promotore_id uuid, ospitante_id uuid,
         sede_id uuid, tirocinante_id uuid, tutor_ospitante_id uuid, tutor_promotore_id uuid, data_inizio date, data_fine date, progetto jsonb,
         versione_regole text, stato_procedura jsonb, scadenza date, creato_da text, inviata_da text, inviata_il timestamptz, decisa_il timestamptz,
         esito_decisione text, avviata_il timestamptz, codice_origine text, promemoria_presenze_il timestamptz, unita_giorno_ms bigint, presenze_dovute_il timestamptz)
       ON CONFLICT (ufficio, codice_origine) WHERE codice_origine IS NOT NULL DO NOTHING
       RETURNING id, codice_origine AS "codiceOrigine"`,
      [JSON.stringify(dati)],
    );
  }

  async tirocinio(id: string, m: EntityManager = this.db.manager, lock = false): Promise<TirocinioRow | null> {
    const [r] = await m.query(`${SELECT_TIROCINIO} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ?? null;
  }

  /** Replaces the draft's data (parties, dates, project), recording who changed it last. */
  async aggiornaProgetto(m: EntityManager, id: string, r: ColonneProgetto, by: string): Promise<void> {
    await m.query(
      `UPDATE tirocini SET ufficio = $2, regione = $3, promotore_id = $4, ospitante_id = $5, sede_id = $6, tirocinante_id = $7, tutor_ospitante_id = $8,
         tutor_promotore_id = $9, data_inizio = $10, data_fine = $11, progetto = $12, ultima_modifica_da = $13, aggiornata_il = now(), versione = versione + 1
       WHERE id = $1`,
      [
        id,
        r.ufficio,
        r.regione,
        r.promotoreId,
        r.ospitanteId,
        r.sedeId,
        r.tirocinanteId,
        r.tutorOspitanteId,
        r.tutorPromotoreId,
        r.dataInizio,
        r.dataFine,
        JSON.stringify(r.progetto),
        by,
      ],
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
   * Deletes a draft and its documents' rows (lock its row first); returns the documents deleted, whose stored bytes
   * are the caller's to discard once the transaction commits.
   */
  async eliminaBozza(m: EntityManager, id: string): Promise<Array<{ id: string; storageKey: string }>> {
    // For DELETE … RETURNING, TypeORM's query() answers [rows, affected count].
    const [docs]: [{ id: string; storage_key: string }[], number] = await m.query(
      `DELETE FROM documenti WHERE procedura = 'tirocini' AND entita_id = $1 RETURNING id, storage_key`,
      [id],
    );
    await m.query('DELETE FROM tirocini WHERE id = $1', [id]);
    return docs.map((d) => ({ id: d.id, storageKey: d.storage_key }));
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
    await m.query('SELECT id FROM tir_tirocinanti WHERE codice_fiscale = (SELECT codice_fiscale FROM tir_tirocinanti WHERE id = $1) ORDER BY id FOR UPDATE', [
      r.tirocinanteId,
    ]);
  }

  /**
   * The other practices holding a place that overlap [dal, al]: at the site, per tutor, and the trainee's (the
   * person's, by codice fiscale, in any office: the practices of another office are named only as such).
   */
  async occupazione(
    m: EntityManager,
    r: Pick<TirocinioRow, 'id' | 'ufficio' | 'sedeId' | 'tutorOspitanteId' | 'tutorPromotoreId' | 'tirocinanteId' | 'dataInizio' | 'dataFine'>,
  ) {
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
  async salvaStato(
    m: EntityManager,
    id: string,
    s: {
      stato: string;
      statoProcedura: TirocinioState;
      dataFine?: string;
      scadenza?: string | null;
      versioneRegole?: string;
      inviataDa?: string;
      inviataIl?: Date;
      decisaIl?: Date;
      esitoDecisione?: string;
      avviataIl?: Date;
      conclusaIl?: Date;
      /** The office-wide job's next wake-up for the practice, computed from this state (see programmaPromemoria). */
      promemoria?: { il: string | null; unitaMs: number; presenzeDovuteIl: string | null };
    },
  ): Promise<void> {
    // One UPDATE per transaction: a second one of a row this transaction already changed checks its foreign keys
    // again (PostgreSQL skips that only for a row last written by another transaction), and would wait for the site,
    // tutor and trainee rows a proroga's transaction holds while it waits for this very save.
    await m.query(
      `UPDATE tirocini SET stato = $2, stato_procedura = $3, data_fine = coalesce($4, data_fine), scadenza = $5,
         versione_regole = coalesce($6, versione_regole), inviata_da = coalesce($7, inviata_da), inviata_il = coalesce($8, inviata_il),
         decisa_il = coalesce($9, decisa_il), esito_decisione = coalesce($10, esito_decisione), avviata_il = coalesce($11, avviata_il),
         conclusa_il = coalesce($12, conclusa_il), aggiornata_il = now(), versione = versione + 1,
         promemoria_presenze_il = CASE WHEN $13::boolean THEN $14::timestamptz ELSE promemoria_presenze_il END,
         unita_giorno_ms = CASE WHEN $13::boolean THEN $15::bigint ELSE unita_giorno_ms END,
         presenze_dovute_il = CASE WHEN $13::boolean THEN $16::timestamptz ELSE presenze_dovute_il END
       WHERE id = $1`,
      [
        id,
        s.stato,
        JSON.stringify(s.statoProcedura),
        s.dataFine ?? null,
        s.scadenza ?? null,
        s.versioneRegole ?? null,
        s.inviataDa ?? null,
        s.inviataIl ?? null,
        s.decisaIl ?? null,
        s.esitoDecisione ?? null,
        s.avviataIl ?? null,
        s.conclusaIl ?? null,
        s.promemoria !== undefined,
        s.promemoria?.il ?? null,
        s.promemoria?.unitaMs ?? null,
        s.promemoria?.presenzeDovuteIl ?? null,
      ],
    );
  }

  /**
   * When the practice's next monthly register reminder falls due (null: none while its state stays as it is) and its
   * clock's day: what the office-wide job reads (promemoriaPresenzeDovuti), written by the job itself after sending.
   * A save writes it with the state it was computed from (salvaStato's `promemoria`), in the same UPDATE.
   */
  async programmaPromemoria(m: EntityManager, id: string, il: string | null, unitaMs: number): Promise<void> {
    await m.query('UPDATE tirocini SET promemoria_presenze_il = $2, unita_giorno_ms = $3 WHERE id = $1', [id, il, unitaMs]);
  }

  /**
   * Up to `limite` practices whose register reminder is due at `adesso`, soonest first, locked for the caller's
   * transaction; rows another transaction holds (a step being saved, another run of the job) are skipped, not waited
   * for: the next run finds them.
   */
  async promemoriaDovuti(
    m: EntityManager,
    adesso: Date,
    limite: number,
  ): Promise<Array<{ id: string; statoProcedura: TirocinioState; unitaMs: number; codiciOspitante: string[] }>> {
    const righe: Array<{ id: string; statoProcedura: TirocinioState; unitaMs: string; codiciOspitante: string[] }> = await m.query(
      `SELECT id, stato_procedura AS "statoProcedura", unita_giorno_ms AS "unitaMs",
         (SELECT array_remove(ARRAY[s.codice_fiscale, s.partita_iva], NULL) FROM tir_soggetti s WHERE s.id = ospitante_id) AS "codiciOspitante"
       FROM tirocini WHERE promemoria_presenze_il <= $1 ORDER BY promemoria_presenze_il LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [adesso, limite],
    );
    return righe.map((r) => ({ ...r, unitaMs: Number(r.unitaMs) }));
  }

  /**
   * The practices matching `f`, newest first (see QUERY_TIROCINI), and how many match in all, counted up to
   * TOTALE_MASSIMO (`totaleCompleto` false beyond it).
   */
  async lista(f: FiltroTirocini, p: PaginaTirocini): Promise<{ totale: number; totaleCompleto: boolean; righe: TirocinioElencato[] }> {
    const { parte, ...resto } = f;
    const letto: FiltroTirociniLetto = parte ? { ...resto, parte: { soggetti: await this.soggettiDi(parte.codice), come: parte.come } } : resto;
    const conta = QUERY_TIROCINI.totale(letto);
    const pagina = QUERY_TIROCINI.pagina(letto, p);
    const [[{ n }], righe] = await Promise.all([this.db.query(conta.text, conta.values), this.db.query(pagina.text, pagina.values)]);
    return { totale: Math.min(n, TOTALE_MASSIMO), totaleCompleto: n <= TOTALE_MASSIMO, righe };
  }

  /** The soggetti an organisation (its codice fiscale or partita IVA) is, in either role. */
  async soggettiDi(codice: string): Promise<string[]> {
    return (await this.db.query(ORGANIZZAZIONE(1), [codice])).map((r: { id: string }) => r.id);
  }

  /** Practices waiting for the office's decision (the states "Le mie attività" shows a responsabile), oldest deadline first. */
  async inbox(ufficio: string): Promise<TirocinioRow[]> {
    return this.db.query(`${SELECT_TIROCINIO} WHERE ufficio = $1 AND stato = ANY($2::text[]) ORDER BY scadenza NULLS LAST, inviata_il, id`, [
      ufficio,
      STATI_IN_DECISIONE,
    ]);
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
      stato: String(r.stato),
      ufficio: String(r.ufficio),
      inviataIl: inst(r.inviata_il),
      decisaIl: inst(r.decisa_il),
      esitoDecisione: (r.esito_decisione as string | null) ?? undefined,
      dataInizio: String(r.data_inizio),
      avviataIl: inst(r.avviata_il),
      conclusaIl: inst(r.conclusa_il),
      sessoTirocinante: r.sesso as 'M' | 'F',
      dataNascitaTirocinante: String(r.data_nascita),
    }));
  }
}
