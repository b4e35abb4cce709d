import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type {
  AssegnazionePrecedente, ConflittoInteresse, Ispettore, TrascrizioneSorteggio,
} from '../../../domain/src/ispezioni/ispezioni.types';
import { hashTrascrizione, impegno } from '../../../domain/src/ispezioni/sorteggio';

/** An inspectorate's own settings over the defaults: rotation window and deadline terms. */
export interface PoliticaIspettorato {
  finestraRotazioneAnni?: number;
  primoAccessoGiorni?: Partial<Record<'alta' | 'media' | 'bassa', number>>;
  accettazioneGiorniLavorativi?: number;
  verbaleUnicoGiorni?: number;
  preavvisoGiorni?: number;
  /** ISO 8601 durations: the length of one "day" of the terms (tests shrink it) and the escalation tolerance. */
  unita?: string;
  tolleranzaEscalation?: string;
}

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
}

export interface SorteggioRow {
  id: string;
  seq: number;
  richiestaId: string;
  tentativo: number;
  ispettorato: string;
  periodo: string;
  ispettoreId: string;
  trascrizione: TrascrizioneSorteggio;
  prevHash: string;
  hash: string;
  registratoIl: Date;
}

const richiesta = (r: Record<string, unknown>): RichiestaRow => ({
  id: r.id as string, workflowId: r.workflow_id as string, ispettorato: r.ispettorato as string, fonte: r.fonte as string,
  aziendaId: r.azienda_id as string, sede: r.sede as string, territorio: r.territorio as string, tipoPratica: r.tipo_pratica as string,
  priorita: r.priorita as string, descrizione: r.descrizione as string, stato: r.stato as string, ispettoreId: r.ispettore_id as string | null,
  tentativo: Number(r.tentativo), statoProcedura: r.stato_procedura as Record<string, unknown>, registrataDa: r.registrata_da as string,
  registrataIl: r.registrata_il as Date, aggiornataIl: r.aggiornata_il as Date,
});

const sorteggio = (r: Record<string, unknown>): SorteggioRow => ({
  id: r.id as string, seq: Number(r.seq), richiestaId: r.richiesta_id as string, tentativo: Number(r.tentativo), ispettorato: r.ispettorato as string,
  periodo: r.periodo as string, ispettoreId: r.ispettore_id as string, trascrizione: r.trascrizione as TrascrizioneSorteggio,
  prevHash: r.prev_hash as string, hash: r.hash as string, registratoIl: r.registrato_il as Date,
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

  async aggiungiAssenza(ispettoreId: string, a: { dal: string; al: string; motivo: string }): Promise<void> {
    await this.db.query('INSERT INTO ispettori_assenze (id, ispettore_id, dal, al, motivo) VALUES ($1, $2, $3, $4, $5)', [randomUUID(), ispettoreId, a.dal, a.al, a.motivo]);
  }

  /** Active inspectors of an inspectorate with their absences and current open caseload. */
  async ispettori(ispettorato: string, m: EntityManager = this.db.manager): Promise<Ispettore[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT i.id, i.nome, i.ispettorato, i.territori, i.qualifiche,
              (SELECT count(*) FROM richieste_intervento r WHERE r.ispettore_id = i.id AND r.stato = ANY($2)) AS carico,
              COALESCE((SELECT json_agg(json_build_object('dal', a.dal, 'al', a.al, 'motivo', a.motivo) ORDER BY a.dal)
                        FROM ispettori_assenze a WHERE a.ispettore_id = i.id), '[]') AS assenze
       FROM ispettori i WHERE i.ispettorato = $1 AND i.attivo ORDER BY i.id`,
      [ispettorato, STATI_APERTI],
    );
    return rows.map((r) => ({
      id: r.id as string, nome: r.nome as string, ispettorato: r.ispettorato as string, territori: r.territori as string[],
      qualifiche: r.qualifiche as string[], assenze: r.assenze as Ispettore['assenze'], caricoAperto: Number(r.carico),
    }));
  }

  async ispettore(id: string, m: EntityManager = this.db.manager): Promise<{ id: string; ispettorato: string; nome: string } | null> {
    const [r] = await m.query('SELECT id, ispettorato, nome FROM ispettori WHERE id = $1', [id]);
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

  async creaConflitto(c: ConflittoInteresse & { dichiaratoDa: string }, m: EntityManager = this.db.manager): Promise<string> {
    const id = randomUUID();
    await m.query(
      'INSERT INTO conflitti_interesse (id, ispettore_id, azienda_id, motivo, dal, al, dichiarato_da, dichiarato_il) VALUES ($1, $2, $3, $4, $5, $6, $7, now())',
      [id, c.ispettoreId, c.aziendaId, c.motivo, c.dal, c.al ?? null, c.dichiaratoDa],
    );
    return id;
  }

  async conflitti(aziendaId: string, m: EntityManager = this.db.manager): Promise<ConflittoInteresse[]> {
    const rows: Record<string, unknown>[] = await m.query('SELECT ispettore_id, azienda_id, motivo, dal, al FROM conflitti_interesse WHERE azienda_id = $1', [aziendaId]);
    return rows.map((r) => ({ ispettoreId: r.ispettore_id as string, aziendaId: r.azienda_id as string, motivo: r.motivo as string, dal: iso(r.dal as Date)!, al: iso(r.al as Date | null) }));
  }

  /** Past assignments to the company: drawn (kept: the inspector accepted or not, the assignment happened) and manual. */
  async precedenti(aziendaId: string, escludiRichiesta: string, m: EntityManager = this.db.manager): Promise<AssegnazionePrecedente[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT s.ispettore_id, r.azienda_id, s.registrato_il AS data FROM sorteggi s JOIN richieste_intervento r ON r.id = s.richiesta_id
        WHERE r.azienda_id = $1 AND r.id <> $2 AND r.ispettore_id = s.ispettore_id
       UNION ALL
       SELECT x.ispettore_id, r.azienda_id, x.decisa_il AS data FROM riassegnazioni_manuali x JOIN richieste_intervento r ON r.id = x.richiesta_id
        WHERE r.azienda_id = $1 AND r.id <> $2 AND x.stato = 'approvata'`,
      [aziendaId, escludiRichiesta],
    );
    return rows.map((r) => ({ ispettoreId: r.ispettore_id as string, aziendaId: r.azienda_id as string, data: iso(r.data as Date)! }));
  }

  // ---- requests ----

  async richiesta(id: string, m: EntityManager = this.db.manager, lock = false): Promise<RichiestaRow | null> {
    const [r] = await m.query(`SELECT * FROM richieste_intervento WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ? richiesta(r) : null;
  }

  async creaRichiesta(m: EntityManager, r: Omit<RichiestaRow, 'aggiornataIl' | 'ispettoreId' | 'tentativo'>): Promise<boolean> {
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

  async richieste(filter: { ispettorato?: string; ispettoreId?: string }, limit = 200): Promise<RichiestaRow[]> {
    const rows = await this.db.query(
      `SELECT * FROM richieste_intervento WHERE ($1::text IS NULL OR ispettorato = $1) AND ($2::text IS NULL OR ispettore_id = $2)
       ORDER BY registrata_il DESC LIMIT $3`,
      [filter.ispettorato ?? null, filter.ispettoreId ?? null, limit],
    );
    return rows.map(richiesta);
  }

  // ---- commit-reveal periods ----

  /** A new period: 32 random bytes as its secret, whose SHA-256 (the commitment) is published now. */
  async creaPeriodo(ispettorato: string, periodo: string, inizio: Date, fine: Date): Promise<PeriodoRow> {
    const segreto = randomBytes(32).toString('hex');
    const row: PeriodoRow = { ispettorato, periodo, inizio, fine, impegno: impegno(segreto), segreto: null, pubblicatoIl: new Date(), rivelatoIl: null };
    await this.db.query(
      'INSERT INTO periodi_sorteggio (ispettorato, periodo, inizio, fine, impegno, segreto, pubblicato_il) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [ispettorato, periodo, inizio, fine, row.impegno, segreto, row.pubblicatoIl],
    );
    return row;
  }

  /** The period; its secret only once revealed (withSecret: for the draw itself, never for an API answer). */
  async periodo(ispettorato: string, periodo: string, withSecret = false, m: EntityManager = this.db.manager): Promise<PeriodoRow | null> {
    const [r] = await m.query('SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 AND periodo = $2', [ispettorato, periodo]);
    if (!r) return null;
    return {
      ispettorato: r.ispettorato, periodo: r.periodo, inizio: r.inizio, fine: r.fine, impegno: r.impegno,
      segreto: withSecret || r.rivelato_il ? r.segreto : null, pubblicatoIl: r.pubblicato_il, rivelatoIl: r.rivelato_il,
    };
  }

  /** The period a request registered at `at` is drawn in: it contains `at`, and its commitment was published before. */
  async periodoPer(ispettorato: string, at: Date, m: EntityManager = this.db.manager): Promise<PeriodoRow | null> {
    const [r] = await m.query(
      'SELECT periodo FROM periodi_sorteggio WHERE ispettorato = $1 AND inizio <= $2 AND $2 < fine AND pubblicato_il < $2 ORDER BY inizio DESC LIMIT 1',
      [ispettorato, at],
    );
    return r ? this.periodo(ispettorato, r.periodo, true, m) : null;
  }

  async periodi(ispettorato: string): Promise<PeriodoRow[]> {
    const rows: { periodo: string }[] = await this.db.query('SELECT periodo FROM periodi_sorteggio WHERE ispettorato = $1 ORDER BY inizio', [ispettorato]);
    return Promise.all(rows.map((r) => this.periodo(ispettorato, r.periodo).then((p) => p!)));
  }

  async rivela(ispettorato: string, periodo: string): Promise<void> {
    await this.db.query('UPDATE periodi_sorteggio SET rivelato_il = COALESCE(rivelato_il, now()) WHERE ispettorato = $1 AND periodo = $2', [ispettorato, periodo]);
  }

  // ---- the chain of draws ----

  async sorteggioDi(richiestaId: string, tentativo: number, m: EntityManager = this.db.manager): Promise<SorteggioRow | null> {
    const [r] = await m.query('SELECT * FROM sorteggi WHERE richiesta_id = $1 AND tentativo = $2', [richiestaId, tentativo]);
    return r ? sorteggio(r) : null;
  }

  async sorteggioById(id: string): Promise<SorteggioRow | null> {
    const [r] = await this.db.query('SELECT * FROM sorteggi WHERE id = $1', [id]);
    return r ? sorteggio(r) : null;
  }

  async sorteggiDelPeriodo(ispettorato: string, periodo: string): Promise<SorteggioRow[]> {
    return (await this.db.query('SELECT * FROM sorteggi WHERE ispettorato = $1 AND periodo = $2 ORDER BY seq', [ispettorato, periodo])).map(sorteggio);
  }

  async tuttiISorteggi(): Promise<SorteggioRow[]> {
    return (await this.db.query('SELECT * FROM sorteggi ORDER BY seq')).map(sorteggio);
  }

  /** Appends a transcript to the chain inside `m`'s transaction (one writer at a time); unique per (request, attempt). */
  async registraSorteggio(m: EntityManager, t: TrascrizioneSorteggio): Promise<SorteggioRow> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [last] = await m.query('SELECT hash FROM sorteggi ORDER BY seq DESC LIMIT 1');
    const prevHash: string = last?.hash ?? GENESIS;
    const hash = hashTrascrizione(prevHash, t);
    const [r] = await m.query(
      `INSERT INTO sorteggi (id, richiesta_id, tentativo, ispettorato, periodo, ispettore_id, trascrizione, prev_hash, hash, registrato_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [randomUUID(), t.richiestaId, t.tentativo, t.ispettorato, t.periodo, t.estrazione.scelto, JSON.stringify(t), prevHash, hash, t.registratoIl],
    );
    return sorteggio(r);
  }
}
