import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Indirizzo, IndirizzoRegistrato } from '../../../domain/src/common/indirizzo';
import type { ConteggioDipendenti } from '../../../domain/src/tirocini/dipendenti';

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

/** The soggetti an organisation (codice fiscale or partita IVA $N) acts as. */
export const ORGANIZZAZIONE = (n: number) => `SELECT id FROM tir_soggetti WHERE upper($${n}) IN (codice_fiscale, partita_iva)`;

/** A user's text for ILIKE: its wildcards and the escape character taken literally; spaces between words match any run. */
export const comeLike = (t: string): string =>
  t
    .trim()
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\s+/g, '%');

/**
 * The tirocini registry of organisations, in plain SQL: promotori and ospitanti with their sites and head counts,
 * their tutors, and the convenzioni between them.
 */
@Injectable()
export class SoggettiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: what the methods given its manager write commits together or not at all. */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** A soggetto with its sites; each site's count holds from `dal` (the day of registration). */
  async creaSoggetto(
    m: EntityManager,
    s: Omit<Soggetto, 'id' | 'sedi' | 'sedeLegale'> & { sedeLegale: Indirizzo; sedi: NuovaSede[] },
    by: string,
    dal: string,
  ): Promise<Soggetto> {
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
  async registraDipendenti(
    m: EntityManager,
    sedeId: string,
    c: Pick<ConteggioDipendenti, 'dipendentiIndeterminato' | 'dal' | 'motivo'>,
    by: string,
  ): Promise<void> {
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

  async creaTutor(t: Omit<Tutor, 'id'>): Promise<Tutor> {
    const id = randomUUID();
    await this.db.query('INSERT INTO tir_tutor (id, soggetto_id, codice_fiscale, nome, cognome) VALUES ($1, $2, $3, $4, $5)', [
      id,
      t.soggettoId,
      t.codiceFiscale,
      t.nome,
      t.cognome,
    ]);
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
}
