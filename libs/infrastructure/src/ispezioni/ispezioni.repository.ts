import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { dataItaliana } from '../../../domain/src/calendar/ora-italiana';
import type { LimitiPeriodo } from '../../../domain/src/ispezioni/periodi';
import type { ImpostazioniIspettorato } from '../../../domain/src/ispezioni/politica';
import {
  AssegnazionePrecedente, ConflittoInteresse, Esclusione, Ispettore, TrascrizioneAssegnazione, isManuale,
} from '../../../domain/src/ispezioni/ispezioni.types';
import { hashTrascrizione, impegno } from '../../../domain/src/ispezioni/sorteggio';

/** An inspectorate's own settings over the defaults (validated with `politicaIspettorato`). */
export type PoliticaIspettorato = ImpostazioniIspettorato;

/** Statuses in which a request counts towards its inspector's open caseload. */
export const STATI_APERTI = ['assegnata', 'accettata', 'in-corso', 'diffida', 'accertamenti-conclusi'];
const CHAIN_LOCK = 727_002;
const GENESIS = '0'.repeat(64);
const iso = (d: Date | string | null): string | undefined => (d == null ? undefined : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export interface RichiestaRow {
  id: string;
  workflowId: string;
  ispettorato: string;
  fonte: string;
  aziendaId: string;
  sede: string;
  territorio: string;
  tipoPratica: string;
  priorita: string;
  descrizione: string;
  stato: string;
  ispettoreId: string | null;
  tentativo: number;
  statoProcedura: Record<string, unknown>;
  attesa: AttesaSorteggio | null;
  registrataDa: string;
  registrataIl: Date;
  aggiornataIl: Date;
}

export interface PeriodoRow {
  ispettorato: string;
  periodo: string;
  inizio: Date;
  fine: Date;
  impegno: string;
  segreto: string | null;
  pubblicatoIl: Date;
  rivelatoIl: Date | null;
  /** Who created it: 'sistema' (the schedule) or the dirigente who did by hand. */
  creatoDa: string;
  /** The head of the inspectorate's chain published at the reveal: transcripts then in the chain, the last one's hash. */
  testaCatena: { n: number; hash: string } | null;
}

/** Why a request waits for its draw: nobody eligible (with each inspector's reasons), or no usable period yet. */
export interface AttesaSorteggio {
  motivo: 'nessun-idoneo' | 'periodo-mancante';
  dal: string;
  tentativo: number;
  dettaglio: string;
  /** When it will be tried again by itself (a period begins, an absence or conflict ends), if known. */
  riprovaIl?: string;
  esclusi?: Esclusione[];
}

export interface AssenzaRow {
  id: string;
  ispettoreId: string;
  dal: string;
  al: string;
  motivo: string;
  inseritaDa: string;
  inseritaIl: string;
  /** 'in-vigore' counts in draws; 'da-confermare' while someone else's entry awaits a second dirigente; 'respinta'. */
  stato: 'in-vigore' | 'da-confermare' | 'respinta';
  confermataDa: string | null;
  confermataIl: string | null;
}

export interface ConflittoRow {
  id: string;
  ispettoreId: string;
  aziendaId: string;
  motivo: string;
  dal: string;
  al: string | null;
  dichiaratoDa: string;
  dichiaratoRuolo: string | null;
  fonte: string | null;
  /** 'in-vigore'; 'da-confermare' while a dirigente's declaration for someone else awaits a second dirigente; 'respinta'. */
  stato: 'in-vigore' | 'da-confermare' | 'respinta';
  confermatoDa: string | null;
  confermatoIl: string | null;
  dichiaratoIl: string;
  revocatoIl: string | null;
  revocatoDa: string | null;
  motivoRevoca: string | null;
}

export interface SorteggioRow {
  id: string;
  seq: number;
  /** The chain it belongs to (its inspectorate) and its position there, from 1. */
  catena: string;
  n: number;
  tipo: 'sorteggio' | 'manuale';
  richiestaId: string;
  tentativo: number;
  ispettorato: string;
  periodo: string | null;
  ispettoreId: string;
  trascrizione: TrascrizioneAssegnazione;
  prevHash: string;
  hash: string;
  registratoIl: Date;
}

const richiesta = (r: Record<string, unknown>): RichiestaRow => ({
  id: r.id as string, workflowId: r.workflow_id as string, ispettorato: r.ispettorato as string, fonte: r.fonte as string,
  aziendaId: r.azienda_id as string, sede: r.sede as string, territorio: r.territorio as string, tipoPratica: r.tipo_pratica as string,
  priorita: r.priorita as string, descrizione: r.descrizione as string, stato: r.stato as string, ispettoreId: r.ispettore_id as string | null,
  tentativo: Number(r.tentativo), statoProcedura: r.stato_procedura as Record<string, unknown>, attesa: (r.attesa as AttesaSorteggio | null) ?? null, registrataDa: r.registrata_da as string,
  registrataIl: r.registrata_il as Date, aggiornataIl: r.aggiornata_il as Date,
});

const sorteggio = (r: Record<string, unknown>): SorteggioRow => ({
  id: r.id as string, seq: Number(r.seq), catena: r.catena as string, n: Number(r.n), tipo: r.tipo as SorteggioRow['tipo'], richiestaId: r.richiesta_id as string,
  tentativo: Number(r.tentativo), ispettorato: r.ispettorato as string, periodo: r.periodo as string | null, ispettoreId: r.ispettore_id as string,
  trascrizione: r.trascrizione as TrascrizioneAssegnazione, prevHash: r.prev_hash as string, hash: r.hash as string, registratoIl: r.registrato_il as Date,
});

/** The rows an UPDATE ... RETURNING gave: TypeORM answers [rows, count] for an UPDATE on PostgreSQL. */
const aggiornate = (res: unknown): Record<string, unknown>[] => (Array.isArray(res) && Array.isArray(res[0]) ? res[0] : (res as Record<string, unknown>[]));

const periodo = (r: Record<string, unknown>, withSecret: boolean): PeriodoRow => ({
  ispettorato: r.ispettorato as string, periodo: r.periodo as string, inizio: r.inizio as Date, fine: r.fine as Date, impegno: r.impegno as string,
  segreto: withSecret || r.rivelato_il ? (r.segreto as string) : null, pubblicatoIl: r.pubblicato_il as Date, rivelatoIl: (r.rivelato_il as Date | null) ?? null,
  creatoDa: r.creato_da as string, testaCatena: r.testa_n === null || r.testa_n === undefined ? null : { n: Number(r.testa_n), hash: r.testa_hash as string },
});

const assenza = (r: Record<string, unknown>): AssenzaRow => ({
  id: r.id as string, ispettoreId: r.ispettore_id as string, dal: iso(r.dal as Date)!, al: iso(r.al as Date)!, motivo: r.motivo as string,
  inseritaDa: r.inserita_da as string, inseritaIl: (r.inserita_il as Date).toISOString(), stato: r.stato as AssenzaRow['stato'],
  confermataDa: (r.confermata_da as string | null) ?? null, confermataIl: (r.confermata_il as Date | null)?.toISOString() ?? null,
});

const conflitto = (r: Record<string, unknown>): ConflittoRow => ({
  id: r.id as string, ispettoreId: r.ispettore_id as string, aziendaId: r.azienda_id as string, motivo: r.motivo as string, dal: iso(r.dal as Date)!,
  al: iso(r.al as Date | null) ?? null, dichiaratoDa: r.dichiarato_da as string, dichiaratoRuolo: (r.dichiarato_ruolo as string | null) ?? null,
  fonte: (r.fonte as string | null) ?? null, stato: r.stato as ConflittoRow['stato'], confermatoDa: (r.confermato_da as string | null) ?? null,
  confermatoIl: (r.confermato_il as Date | null)?.toISOString() ?? null,
  dichiaratoIl: (r.dichiarato_il as Date).toISOString(), revocatoIl: (r.revocato_il as Date | null)?.toISOString() ?? null,
  revocatoDa: (r.revocato_da as string | null) ?? null, motivoRevoca: (r.motivo_revoca as string | null) ?? null,
});

/** The inspections' tables behind one door: registry, requests, periods and the chain of draws. */
@Injectable()
export class IspezioniRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  // ---- registry ----

  async creaIspettorato(codice: string, nome: string, territori: string[], politica: PoliticaIspettorato = {}): Promise<void> {
    await this.db.query('INSERT INTO ispettorati (codice, nome, territori, politica) VALUES ($1, $2, $3, $4)', [codice, nome, territori, JSON.stringify(politica)]);
  }

  async ispettorato(codice: string, m: EntityManager = this.db.manager): Promise<{ codice: string; nome: string; territori: string[]; politica: PoliticaIspettorato } | null> {
    const [r] = await m.query('SELECT codice, nome, territori, politica FROM ispettorati WHERE codice = $1', [codice]);
    return r ?? null;
  }

  /** An inspector's id is their login (the token's sub): the assigned inspector is recognised by it. */
  async creaIspettore(i: { id: string; ispettorato: string; nome: string; territori: string[]; qualifiche: string[] }): Promise<string> {
    await this.db.query(
      'INSERT INTO ispettori (id, ispettorato, nome, territori, qualifiche, creato_il) VALUES ($1, $2, $3, $4, $5, now())',
      [i.id, i.ispettorato, i.nome, i.territori, i.qualifiche],
    );
    return i.id;
  }

  /** An absence: in force at once when the inspector enters it for themselves, else once a second dirigente confirms it. */
  async aggiungiAssenza(m: EntityManager, ispettoreId: string, a: { dal: string; al: string; motivo: string }, da: string, inVigore: boolean): Promise<AssenzaRow> {
    const [r] = await m.query(
      `INSERT INTO ispettori_assenze (id, ispettore_id, dal, al, motivo, inserita_da, inserita_il, stato) VALUES ($1, $2, $3, $4, $5, $6, now(), $7) RETURNING *`,
      [randomUUID(), ispettoreId, a.dal, a.al, a.motivo, da, inVigore ? 'in-vigore' : 'da-confermare'],
    );
    return assenza(r);
  }

  async assenza(id: string, m: EntityManager = this.db.manager, lock = false): Promise<AssenzaRow | null> {
    const [r] = await m.query(`SELECT * FROM ispettori_assenze WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ? assenza(r) : null;
  }

  /** The inspectorate's absences, newest first, optionally only those in one state (e.g. 'da-confermare'). */
  async assenzeDi(ispettorato: string, stato?: string): Promise<AssenzaRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT a.* FROM ispettori_assenze a JOIN ispettori i ON i.id = a.ispettore_id WHERE i.ispettorato = $1 AND ($2::text IS NULL OR a.stato = $2)
        ORDER BY a.inserita_il DESC, a.id LIMIT 1000`,
      [ispettorato, stato ?? null],
    );
    return rows.map(assenza);
  }

  /** A second dirigente's decision on an absence someone entered for another inspector; null if it was already decided. */
  async decidiAssenza(m: EntityManager, id: string, da: string, esito: 'in-vigore' | 'respinta'): Promise<AssenzaRow | null> {
    const [r] = aggiornate(await m.query(
      `UPDATE ispettori_assenze SET stato = $3, confermata_da = $2, confermata_il = now() WHERE id = $1 AND stato = 'da-confermare' RETURNING *`,
      [id, da, esito],
    ));
    return r ? assenza(r) : null;
  }

  /** Active inspectors of an inspectorate with their absences in force and current open caseload. */
  async ispettori(ispettorato: string, m: EntityManager = this.db.manager): Promise<Ispettore[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT i.id, i.nome, i.ispettorato, i.territori, i.qualifiche,
              (SELECT count(*) FROM richieste_intervento r WHERE r.ispettore_id = i.id AND r.stato = ANY($2)) AS carico,
              COALESCE((SELECT json_agg(json_build_object('id', a.id, 'dal', a.dal, 'al', a.al, 'motivo', a.motivo, 'inseritaDa', a.inserita_da,
                                                          'confermataDa', a.confermata_da) ORDER BY a.dal)
                        FROM ispettori_assenze a WHERE a.ispettore_id = i.id AND a.stato = 'in-vigore'), '[]') AS assenze
       FROM ispettori i WHERE i.ispettorato = $1 AND i.attivo ORDER BY i.id`,
      [ispettorato, STATI_APERTI],
    );
    return rows.map((r) => ({
      id: r.id as string, nome: r.nome as string, ispettorato: r.ispettorato as string, territori: r.territori as string[],
      qualifiche: r.qualifiche as string[], assenze: r.assenze as Ispettore['assenze'], caricoAperto: Number(r.carico),
    }));
  }

  async ispettore(id: string, m: EntityManager = this.db.manager): Promise<{ id: string; ispettorato: string; nome: string; attivo: boolean } | null> {
    const [r] = await m.query('SELECT id, ispettorato, nome, attivo FROM ispettori WHERE id = $1', [id]);
    return r ?? null;
  }

  async creaAzienda(a: { codiceFiscale: string; ragioneSociale: string; territorio: string }): Promise<string> {
    const id = randomUUID();
    await this.db.query('INSERT INTO aziende (id, codice_fiscale, ragione_sociale, territorio) VALUES ($1, $2, $3, $4)', [id, a.codiceFiscale, a.ragioneSociale, a.territorio]);
    return id;
  }

  async azienda(id: string): Promise<{ id: string; codiceFiscale: string; ragioneSociale: string; territorio: string } | null> {
    const [r] = await this.db.query('SELECT id, codice_fiscale AS "codiceFiscale", ragione_sociale AS "ragioneSociale", territorio FROM aziende WHERE id = $1', [id]);
    return r ?? null;
  }

  /** A declaration of conflict of interest: by the inspector concerned, or by a dirigente stating its source. */
  async creaConflitto(
    c: Omit<ConflittoInteresse, 'id' | 'dichiaratoIl' | 'confermatoDa'> & { dichiaratoDa: string; ruolo: string; fonte: string | null; inVigore: boolean },
    m: EntityManager = this.db.manager,
  ): Promise<ConflittoRow> {
    const [r] = await m.query(
      `INSERT INTO conflitti_interesse (id, ispettore_id, azienda_id, motivo, dal, al, dichiarato_da, dichiarato_ruolo, fonte, stato, dichiarato_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) RETURNING *`,
      [randomUUID(), c.ispettoreId, c.aziendaId, c.motivo, c.dal, c.al ?? null, c.dichiaratoDa, c.ruolo, c.fonte, c.inVigore ? 'in-vigore' : 'da-confermare'],
    );
    return conflitto(r);
  }

  async conflitto(id: string, m: EntityManager = this.db.manager, lock = false): Promise<ConflittoRow | null> {
    const [r] = await m.query(`SELECT * FROM conflitti_interesse WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ? conflitto(r) : null;
  }

  /** Declarations of an inspectorate's inspectors, newest first, optionally of one inspector or one company. */
  async elencoConflitti(ispettorato: string, filtro: { ispettoreId?: string; aziendaId?: string }): Promise<ConflittoRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT c.* FROM conflitti_interesse c JOIN ispettori i ON i.id = c.ispettore_id
        WHERE i.ispettorato = $1 AND ($2::text IS NULL OR c.ispettore_id = $2) AND ($3::uuid IS NULL OR c.azienda_id = $3)
        ORDER BY c.dichiarato_il DESC, c.id LIMIT 1000`,
      [ispettorato, filtro.ispettoreId ?? null, filtro.aziendaId ?? null],
    );
    return rows.map(conflitto);
  }

  async revocaConflitto(m: EntityManager, id: string, da: string, motivo: string): Promise<ConflittoRow | null> {
    const [r] = aggiornate(await m.query(
      'UPDATE conflitti_interesse SET revocato_il = now(), revocato_da = $2, motivo_revoca = $3 WHERE id = $1 AND revocato_il IS NULL RETURNING *',
      [id, da, motivo],
    ));
    return r ? conflitto(r) : null;
  }

  /** A second dirigente's decision on a declaration a dirigente made for an inspector; null if it was already decided. */
  async decidiConflitto(m: EntityManager, id: string, da: string, esito: 'in-vigore' | 'respinta'): Promise<ConflittoRow | null> {
    const [r] = aggiornate(await m.query(
      `UPDATE conflitti_interesse SET stato = $3, confermato_da = $2, confermato_il = now() WHERE id = $1 AND stato = 'da-confermare' AND revocato_il IS NULL RETURNING *`,
      [id, da, esito],
    ));
    return r ? conflitto(r) : null;
  }

  /** The declarations in force (confirmed where needed, not revoked) for a company, with their ids and declarers for the transcript. */
  async conflitti(aziendaId: string, m: EntityManager = this.db.manager): Promise<ConflittoInteresse[]> {
    const rows: Record<string, unknown>[] = await m.query(`SELECT * FROM conflitti_interesse WHERE azienda_id = $1 AND stato = 'in-vigore' AND revocato_il IS NULL`, [aziendaId]);
    return rows.map((r) => {
      const c = conflitto(r);
      return {
        id: c.id, ispettoreId: c.ispettoreId, aziendaId: c.aziendaId, motivo: c.motivo, dal: c.dal, al: c.al ?? undefined, dichiaratoDa: c.dichiaratoDa,
        dichiaratoIl: c.dichiaratoIl, confermatoDa: c.confermatoDa,
      };
    });
  }

  /**
   * Past assignments to the company that the rotation rule looks at: every recorded assignment (drawn or manual) the
   * inspector went on with (not one they abstained from), dated in Italy; with `contaChiuse` false, only those whose
   * inspection is still open. Manual reassignments approved before manual transcripts existed are read from their table.
   */
  async precedenti(aziendaId: string, escludiRichiesta: string, contaChiuse: boolean, m: EntityManager = this.db.manager): Promise<AssegnazionePrecedente[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT s.ispettore_id, r.azienda_id, s.registrato_il AS il FROM sorteggi s JOIN richieste_intervento r ON r.id = s.richiesta_id
        WHERE r.azienda_id = $1 AND r.id <> $2 AND r.ispettore_id = s.ispettore_id AND ($3 OR r.stato <> 'chiusa')
       UNION ALL
       SELECT x.ispettore_id, r.azienda_id, x.decisa_il AS il FROM riassegnazioni_manuali x JOIN richieste_intervento r ON r.id = x.richiesta_id
        WHERE r.azienda_id = $1 AND r.id <> $2 AND x.stato = 'approvata' AND x.sorteggio_id IS NULL AND ($3 OR r.stato <> 'chiusa')`,
      [aziendaId, escludiRichiesta, contaChiuse],
    );
    return rows.map((r) => ({ ispettoreId: r.ispettore_id as string, aziendaId: r.azienda_id as string, data: dataItaliana(r.il as Date) }));
  }

  // ---- requests ----

  async richiesta(id: string, m: EntityManager = this.db.manager, lock = false): Promise<RichiestaRow | null> {
    const [r] = await m.query(`SELECT * FROM richieste_intervento WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ? richiesta(r) : null;
  }

  async creaRichiesta(m: EntityManager, r: Omit<RichiestaRow, 'aggiornataIl' | 'ispettoreId' | 'tentativo' | 'attesa'>): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO richieste_intervento (id, workflow_id, ispettorato, fonte, azienda_id, sede, territorio, tipo_pratica, priorita, descrizione, stato,
         stato_procedura, registrata_da, registrata_il, aggiornata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [r.id, r.workflowId, r.ispettorato, r.fonte, r.aziendaId, r.sede, r.territorio, r.tipoPratica, r.priorita, r.descrizione, r.stato,
        JSON.stringify(r.statoProcedura), r.registrataDa, r.registrataIl],
    );
    return rows.length > 0;
  }

  async aggiornaRichiesta(m: EntityManager, id: string, stato: string, ispettoreId: string | null, tentativo: number, statoProcedura: object): Promise<void> {
    await m.query(
      'UPDATE richieste_intervento SET stato = $2, ispettore_id = $3, tentativo = $4, stato_procedura = $5, aggiornata_il = now() WHERE id = $1',
      [id, stato, ispettoreId, tentativo, JSON.stringify(statoProcedura)],
    );
  }

  /**
   * Newest first, by (registration time, id); `dopo` continues after the last request of the previous page. Filters:
   * the office or the inspector, the state, the company by codice fiscale or partita IVA. At millisecond precision,
   * the cursor's, so no request of the cursor's millisecond is skipped.
   */
  async richieste(filter: { ispettorato?: string; ispettoreId?: string; stato?: string; aziendaCodiceFiscale?: string; dopo?: { il: Date; id: string } }, limit = 200): Promise<RichiestaRow[]> {
    const rows = await this.db.query(
      `SELECT * FROM richieste_intervento WHERE ($1::text IS NULL OR ispettorato = $1) AND ($2::text IS NULL OR ispettore_id = $2)
         AND ($3::text IS NULL OR stato = $3)
         AND ($4::text IS NULL OR azienda_id IN (SELECT id FROM aziende WHERE codice_fiscale = upper($4)))
         AND ($5::timestamptz IS NULL OR (date_trunc('milliseconds', registrata_il), id) < ($5::timestamptz, $6::uuid))
       ORDER BY date_trunc('milliseconds', registrata_il) DESC, id DESC LIMIT $7`,
      [filter.ispettorato ?? null, filter.ispettoreId ?? null, filter.stato ?? null, filter.aziendaCodiceFiscale ?? null, filter.dopo?.il ?? null, filter.dopo?.id ?? null, limit],
    );
    return rows.map(richiesta);
  }

  /** Why a request waits for its draw (shown in the dirigente's queue), or null once it is drawn. */
  async impostaAttesa(m: EntityManager, id: string, attesa: AttesaSorteggio | null): Promise<void> {
    await m.query('UPDATE richieste_intervento SET attesa = $2 WHERE id = $1', [id, attesa === null ? null : JSON.stringify(attesa)]);
  }

  /** Requests of the inspectorate not assigned to anyone, oldest first, with the reason each waits. */
  async coda(ispettorato: string): Promise<RichiestaRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM richieste_intervento WHERE ispettorato = $1 AND stato = 'registrata' ORDER BY registrata_il, id LIMIT 1000`,
      [ispettorato],
    );
    return rows.map(richiesta);
  }

  /** The workflows of the inspectorate's requests waiting for a draw: woken when something that could unblock them changes. */
  async inAttesa(ispettorato: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { workflow_id: string }[] = await m.query(
      `SELECT workflow_id FROM richieste_intervento WHERE ispettorato = $1 AND stato = 'registrata' AND attesa IS NOT NULL ORDER BY registrata_il`,
      [ispettorato],
    );
    return rows.map((r) => r.workflow_id);
  }

  async codiciIspettorati(): Promise<string[]> {
    return ((await this.db.query('SELECT codice FROM ispettorati ORDER BY codice')) as { codice: string }[]).map((r) => r.codice);
  }

  // ---- commit-reveal periods ----

  /**
   * Takes the inspectorate's row lock: periods are created one writer at a time per inspectorate. NO KEY UPDATE, so
   * requests registered meanwhile (whose foreign key share-locks the row) are not held up.
   */
  async bloccaIspettorato(m: EntityManager, codice: string): Promise<boolean> {
    return (await m.query('SELECT 1 FROM ispettorati WHERE codice = $1 FOR NO KEY UPDATE', [codice])).length > 0;
  }

  /** A new period: 32 random bytes as its secret, whose SHA-256 (the commitment) is published now, before it begins. */
  async creaPeriodo(m: EntityManager, ispettorato: string, p: LimitiPeriodo, creatoDa: string, pubblicatoIl: Date): Promise<PeriodoRow> {
    const segreto = randomBytes(32).toString('hex');
    try {
      const [r] = await m.query(
        `INSERT INTO periodi_sorteggio (ispettorato, periodo, inizio, fine, impegno, segreto, pubblicato_il, creato_da) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [ispettorato, p.periodo, new Date(p.inizio), new Date(p.fine), impegno(segreto), segreto, pubblicatoIl, creatoDa],
      );
      return periodo(r, false);
    } catch (e) {
      // The driver's error carries the statement's parameters, the secret among them: never let it reach a log.
      const x = e as { code?: string; constraint?: string };
      throw new Error(`periodo ${ispettorato}:${p.periodo} non creato (PostgreSQL ${x.code ?? '?'}${x.constraint ? `, ${x.constraint}` : ''})`);
    }
  }

  /** The period; its secret only once revealed (withSecret: for the draw itself, never for an API answer). */
  async periodo(ispettorato: string, label: string, withSecret = false, m: EntityManager = this.db.manager): Promise<PeriodoRow | null> {
    const [r] = await m.query('SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 AND periodo = $2', [ispettorato, label]);
    return r ? periodo(r, withSecret) : null;
  }

  async periodi(ispettorato: string, m: EntityManager = this.db.manager): Promise<PeriodoRow[]> {
    const rows: Record<string, unknown>[] = await m.query('SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 ORDER BY inizio', [ispettorato]);
    return rows.map((r) => periodo(r, false));
  }

  /**
   * The period a draw made at `at` uses, with its secret: it contains `at`, its commitment was published before it
   * began, and its secret is unrevealed. The row is share-locked until the draw commits, so a reveal waits for the
   * draws still using the period and no draw can use it once revealed.
   */
  async periodoInVigore(m: EntityManager, ispettorato: string, at: Date): Promise<PeriodoRow | null> {
    const [r] = await m.query(
      `SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 AND inizio <= $2 AND $2 < fine AND pubblicato_il < inizio AND rivelato_il IS NULL FOR SHARE`,
      [ispettorato, at],
    );
    return r ? periodo(r, true) : null;
  }

  /** The next period to begin after `at`, if its commitment is already published. */
  async prossimoPeriodo(m: EntityManager, ispettorato: string, at: Date): Promise<PeriodoRow | null> {
    const [r] = await m.query('SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 AND inizio > $2 ORDER BY inizio LIMIT 1', [ispettorato, at]);
    return r ? periodo(r, false) : null;
  }

  /**
   * Reveals a period whose end has passed, and publishes with it the head of the inspectorate's chain at that moment.
   * Waits for draws still using the period (their share lock); returns null when the period is unknown, not ended
   * or already revealed.
   */
  async rivela(m: EntityManager, ispettorato: string, label: string, now: Date): Promise<PeriodoRow | null> {
    const [r] = aggiornate(await m.query(
      'UPDATE periodi_sorteggio SET rivelato_il = $3 WHERE ispettorato = $1 AND periodo = $2 AND fine <= $3 AND rivelato_il IS NULL RETURNING periodo',
      [ispettorato, label, now],
    ));
    if (!r) return null;
    await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHAIN_LOCK, ispettorato]);
    const [testa] = await m.query('SELECT n, hash FROM sorteggi WHERE catena = $1 ORDER BY n DESC LIMIT 1', [ispettorato]);
    const [out] = aggiornate(await m.query(
      'UPDATE periodi_sorteggio SET testa_n = $3, testa_hash = $4 WHERE ispettorato = $1 AND periodo = $2 RETURNING *',
      [ispettorato, label, testa ? Number(testa.n) : 0, testa?.hash ?? GENESIS],
    ));
    return periodo(out, true);
  }

  /** Periods whose end has passed and whose secret is still unrevealed. */
  async periodiDaRivelare(ispettorato: string, now: Date): Promise<string[]> {
    const rows: { periodo: string }[] = await this.db.query(
      'SELECT periodo FROM periodi_sorteggio WHERE ispettorato = $1 AND fine <= $2 AND rivelato_il IS NULL ORDER BY inizio',
      [ispettorato, now],
    );
    return rows.map((r) => r.periodo);
  }

  // ---- the chain of assignments ----

  async sorteggioDi(richiestaId: string, tentativo: number, m: EntityManager = this.db.manager): Promise<SorteggioRow | null> {
    const [r] = await m.query('SELECT * FROM sorteggi WHERE richiesta_id = $1 AND tentativo = $2', [richiestaId, tentativo]);
    return r ? sorteggio(r) : null;
  }

  async sorteggioById(id: string): Promise<SorteggioRow | null> {
    const [r] = await this.db.query('SELECT * FROM sorteggi WHERE id = $1', [id]);
    return r ? sorteggio(r) : null;
  }

  async assegnazioniDellaRichiesta(richiestaId: string): Promise<SorteggioRow[]> {
    return (await this.db.query('SELECT * FROM sorteggi WHERE richiesta_id = $1 ORDER BY tentativo', [richiestaId])).map(sorteggio);
  }

  /** The draws (not manual assignments) of a period, or of a time window, in chain order. */
  async sorteggiDi(ispettorato: string, filtro: { periodo?: string; dal?: Date; al?: Date }): Promise<SorteggioRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM sorteggi WHERE ispettorato = $1 AND tipo = 'sorteggio'
          AND ($2::text IS NULL OR periodo = $2) AND ($3::timestamptz IS NULL OR registrato_il >= $3) AND ($4::timestamptz IS NULL OR registrato_il < $4)
        ORDER BY catena, n`,
      [ispettorato, filtro.periodo ?? null, filtro.dal ?? null, filtro.al ?? null],
    );
    return rows.map(sorteggio);
  }

  /** One chain in order: an inspectorate's (its code), or '(globale)', the chain of transcripts recorded before chains per inspectorate. */
  async catena(nome: string): Promise<SorteggioRow[]> {
    return (await this.db.query('SELECT * FROM sorteggi WHERE catena = $1 ORDER BY n', [nome])).map(sorteggio);
  }

  /**
   * Appends a transcript (a draw's or a manual assignment's) to its inspectorate's chain inside `m`'s transaction, one
   * writer at a time per chain; unique per (request, attempt) and per chain position.
   */
  async registraTrascrizione(m: EntityManager, t: TrascrizioneAssegnazione): Promise<SorteggioRow> {
    await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHAIN_LOCK, t.ispettorato]);
    const [last] = await m.query('SELECT n, hash FROM sorteggi WHERE catena = $1 ORDER BY n DESC LIMIT 1', [t.ispettorato]);
    const prevHash: string = last?.hash ?? GENESIS;
    const hash = hashTrascrizione(prevHash, t);
    const manuale = isManuale(t);
    const [r] = await m.query(
      `INSERT INTO sorteggi (id, richiesta_id, tentativo, ispettorato, periodo, ispettore_id, trascrizione, prev_hash, hash, registrato_il, tipo, catena, n)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $4, $12) RETURNING *`,
      [randomUUID(), t.richiestaId, t.tentativo, t.ispettorato, t.periodo, manuale ? t.ispettoreId : t.estrazione.scelto, JSON.stringify(t), prevHash, hash,
        t.registratoIl, manuale ? 'manuale' : 'sorteggio', last ? Number(last.n) + 1 : 1],
    );
    return sorteggio(r);
  }

  /**
   * What the audit trail recorded about an inspectorate's chain, to check the chain against: each transcript's
   * position and hash when appended (entries of transcripts recorded before chains per inspectorate have no position
   * and are left out), each period's commitment when published and head when revealed. And every request's attempt
   * and assignee, to find its transcripts.
   */
  async registrazioniCatena(ispettorato: string): Promise<{
    trascrizioni: Array<{ n: number; hash: string }>;
    periodi: Array<{ periodo: string; impegno?: string; testaCatena?: { n: number; hash: string } | null }>;
    richieste: Array<{ id: string; tentativo: number; ispettoreId: string | null }>;
  }> {
    const eventi: Array<{ entita: string; entita_id: string; azione: string; dopo: Record<string, unknown> | null }> = await this.db.query(
      `SELECT entita, entita_id, azione, dopo FROM audit_log
        WHERE procedura = 'ispezioni' AND (
          (entita = 'richiesta-intervento' AND azione IN ('sorteggio', 'assegnazione-manuale-registrata')
            AND entita_id IN (SELECT id::text FROM richieste_intervento WHERE ispettorato = $1))
          OR (entita = 'periodo-sorteggio' AND azione IN ('impegno-pubblicato', 'segreto-rivelato') AND starts_with(entita_id, $2)))
        ORDER BY id`,
      [ispettorato, `${ispettorato}:`],
    );
    const trascrizioni: Array<{ n: number; hash: string }> = [];
    const periodi = new Map<string, { periodo: string; impegno?: string; testaCatena?: { n: number; hash: string } | null }>();
    for (const e of eventi) {
      if (e.entita === 'richiesta-intervento') {
        if (typeof e.dopo?.catena === 'number' && typeof e.dopo.hash === 'string') trascrizioni.push({ n: e.dopo.catena, hash: e.dopo.hash });
        continue;
      }
      const label = e.entita_id.slice(ispettorato.length + 1);
      const p = periodi.get(label) ?? { periodo: label };
      if (e.azione === 'impegno-pubblicato' && typeof e.dopo?.impegno === 'string') p.impegno = e.dopo.impegno;
      if (e.azione === 'segreto-rivelato' && e.dopo && 'testaCatena' in e.dopo) p.testaCatena = e.dopo.testaCatena as { n: number; hash: string } | null;
      periodi.set(label, p);
    }
    const richieste: Array<{ id: string; tentativo: number; ispettore_id: string | null }> = await this.db.query(
      'SELECT id, tentativo, ispettore_id FROM richieste_intervento WHERE ispettorato = $1 AND tentativo > 0',
      [ispettorato],
    );
    return { trascrizioni, periodi: [...periodi.values()], richieste: richieste.map((r) => ({ id: r.id, tentativo: Number(r.tentativo), ispettoreId: r.ispettore_id })) };
  }

  // ---- monitoring ----

  /** Per inspector: abstentions, manual assignments received and conflicts declared in [dal, al). */
  async conteggiPerIspettore(ispettorato: string, dal: Date, al: Date): Promise<Array<{ ispettoreId: string; astensioni: number; assegnazioniManuali: number; conflittiDichiarati: number }>> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT i.id,
              (SELECT count(*) FROM richieste_intervento r, jsonb_array_elements(r.stato_procedura->'astensioni') a
                WHERE r.ispettorato = $1 AND a->>'ispettoreId' = i.id AND (a->>'il')::timestamptz >= $2 AND (a->>'il')::timestamptz < $3) AS astensioni,
              (SELECT count(*) FROM sorteggi s WHERE s.catena = $1 AND s.tipo = 'manuale' AND s.ispettore_id = i.id AND s.registrato_il >= $2 AND s.registrato_il < $3) AS manuali,
              (SELECT count(*) FROM conflitti_interesse c WHERE c.ispettore_id = i.id AND c.dichiarato_il >= $2 AND c.dichiarato_il < $3) AS conflitti
         FROM ispettori i WHERE i.ispettorato = $1 ORDER BY i.id`,
      [ispettorato, dal, al],
    );
    return rows.map((r) => ({ ispettoreId: r.id as string, astensioni: Number(r.astensioni), assegnazioniManuali: Number(r.manuali), conflittiDichiarati: Number(r.conflitti) }));
  }
}
