import type { Client as Pg } from 'pg';

/**
 * Rows for the lists paged by cursor, seeded with SQL (generate_series) under one prefix, `n` of each: tirocini,
 * pratiche, offers, inspection requests, plans, notices, audit rows and assignments. Half of each table belongs to
 * office `<prefisso>-0`, the rest to fifty small offices (`<prefisso>-1` … `-50`), so a list is read both where an
 * office holds tens of thousands and where it holds a few. Times go back from 2027-01-01: every three rows share
 * their time exactly (as the rows one transaction writes do) and two such triples share their millisecond, a
 * microsecond apart, so a cursor that kept milliseconds only, or ignored the id, would skip or repeat rows.
 *
 * References (soggetti, datori) exist for the filters that read them; the rest point nowhere: seed with foreign keys
 * and triggers off (`SET LOCAL session_replication_role = replica`), as the schema's administrator.
 */
export interface Seme {
  /** Up to five capital letters: it leads the organisations' codici fiscali too (`codiceOrganizzazione`). */
  prefisso: string;
  n: number;
  /**
   * Which lists (all when absent). Leave the audit trail and the draws out of rows that are committed: theirs are
   * hash chains, and dummy rows would break them for every later verification.
   */
  liste?: Lista[];
}

export type Lista = 'tirocini' | 'pratiche' | 'offerte' | 'richieste' | 'piani' | 'notifiche' | 'audit' | 'assegnazioni';

/**
 * Office of row g (SQL): half in `-0`, the rest spread over fifty. Every other column is drawn from h = g / 2, so it
 * does not follow the office (a state, a kind, a party equally likely in every office, as the planner assumes).
 */
const ufficio = (p: string) => `'${p}-' || CASE WHEN g % 2 = 0 THEN 0 ELSE 1 + g % 50 END`;
/** Time of row g (SQL): see above. */
const istante = `timestamptz '2027-01-01T00:00:00Z' - (g / 6) * interval '1 millisecond' - ((g / 3) % 2) * interval '1 microsecond'`;
/** The organisations: pairs of promotore (even) and ospitante (odd), each in about 100 practices per 100,000. */
const organizzazioni = (n: number) => Math.max(10, Math.floor(n / 100));
/** The codice fiscale of organisation k of a seed (its promotori are even, its ospitanti odd) and of employer k. */
export const codiceOrganizzazione = (prefisso: string, k: number): string => `${prefisso}${String(k).padStart(11, '0')}`;

export async function semina(pg: Pg, { prefisso: p, n, liste }: Seme): Promise<void> {
  const s = organizzazioni(n);
  const si = (l: Lista) => !liste || liste.includes(l);
  if (si('tirocini')) await seminaTirocini(pg, p, n, s);
  if (si('pratiche')) await seminaPratiche(pg, p, n);
  if (si('offerte')) await seminaOfferte(pg, p, n);
  if (si('richieste')) await seminaRichieste(pg, p, n);
  if (si('piani')) await seminaPiani(pg, p, n);
  if (si('notifiche')) await seminaNotifiche(pg, p, n);
  if (si('audit')) await seminaAudit(pg, p, n);
  if (si('assegnazioni')) await seminaAssegnazioni(pg, p, n);
  for (const t of ['tir_soggetti', 'tirocini', 'pratiche', 'cm_datori', 'cm_offerte', 'richieste_intervento', 'piani', 'notifiche', 'audit_log', 'sorteggi'])
    await pg.query(`ANALYZE ${t}`);
}

async function seminaTirocini(pg: Pg, p: string, n: number, s: number): Promise<void> {
  await pg.query(
    `INSERT INTO tir_soggetti (id, ruolo, denominazione, codice_fiscale, partita_iva, regione, sede_legale, creato_da, creato_il)
     SELECT md5($1 || '-s-' || g)::uuid, CASE WHEN g % 2 = 0 THEN 'promotore' ELSE 'ospitante' END, 'Soggetto ' || g, $1 || lpad(g::text, 11, '0'),
            NULL, 'toscana', '{}', 'seme', now()
     FROM generate_series(0, ${2 * s - 1}) g`,
    [p],
  );
  await pg.query(
    `INSERT INTO tirocini (id, workflow_id, ufficio, regione, stato, promotore_id, ospitante_id, sede_id, tirocinante_id, tutor_ospitante_id,
        tutor_promotore_id, data_inizio, data_fine, progetto, creato_da, creato_il, ultima_modifica_da, aggiornata_il)
     SELECT md5($1 || '-t-' || g)::uuid, $1 || '-t-' || g, ${ufficio(p)}, 'toscana',
            CASE WHEN h % 100 = 7 THEN 'inviata' WHEN h % 10 < 3 THEN 'conclusa' ELSE 'attiva' END,
            md5($1 || '-s-' || (2 * (h % ${s})))::uuid, md5($1 || '-s-' || (2 * (h % ${s}) + 1))::uuid,
            gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '2027-01-01', '2027-06-30', '{}', 'seme', ${istante}, 'seme', now()
     FROM generate_series(1, ${n}) g, LATERAL (SELECT g / 2 AS h) x`,
    [p],
  );
}

async function seminaPratiche(pg: Pg, p: string, n: number): Promise<void> {
  await pg.query(
    `INSERT INTO pratiche (id, workflow_id, ufficio, protocollo, oggetto, stato, creata_da, creata_il, aggiornata_il)
     SELECT md5($1 || '-p-' || g)::uuid, $1 || '-p-' || g, ${ufficio(p)}, $1 || '/' || g, 'seme',
            (ARRAY['approvata', 'respinta', 'inviata', 'aperta'])[1 + h % 4], 'seme', ${istante}, now()
     FROM generate_series(1, ${n}) g, LATERAL (SELECT g / 2 AS h) x`,
    [p],
  );
}

async function seminaOfferte(pg: Pg, p: string, n: number): Promise<void> {
  await pg.query(
    `INSERT INTO cm_datori (id, codice_fiscale, denominazione, dipendenti_computabili, aggiornato_da, aggiornato_il, ufficio)
     SELECT $1 || '-D-' || g, $1 || lpad(g::text, 11, '0'), 'Datore ' || g, 50, 'seme', now(), $1 || '-0' FROM generate_series(0, 999) g`,
    [p],
  );
  await pg.query(
    `INSERT INTO cm_offerte (id, workflow_id, ufficio, regione, datore_id, stato, offerta, stato_procedura, richiesta_il, creata_da, aggiornata_il)
     SELECT md5($1 || '-o-' || g)::uuid, $1 || '-o-' || g, ${ufficio(p)}, 'piemonte', $1 || '-D-' || (h % 1000),
            (ARRAY['conclusa', 'conclusa', 'annullata', 'rosa-inviata', 'richiesta', 'pubblicata'])[1 + h % 6],
            -- The profile every offer has (the lists show it as the row's link: a regional user's console lists these).
            jsonb_build_object('profilo', 'Profilo seme ' || g),
            -- The least of a state the readers of every office's offers use (an amministratore's indicators read them).
            jsonb_build_object('offertaId', md5($1 || '-o-' || g)::uuid::text, 'ufficio', ${ufficio(p)}, 'dataRichiesta', '2026-12-31',
                               'adesioni', '{}'::jsonb, 'esiti', '[]'::jsonb),
            ${istante}, 'seme', now()
     FROM generate_series(1, ${n}) g, LATERAL (SELECT g / 2 AS h) x`,
    [p],
  );
}

async function seminaRichieste(pg: Pg, p: string, n: number): Promise<void> {
  await pg.query(
    `INSERT INTO richieste_intervento (id, workflow_id, ispettorato, fonte, azienda_id, sede, territorio, tipo_pratica, priorita, descrizione, stato,
        ispettore_id, stato_procedura, registrata_da, registrata_il, aggiornata_il)
     SELECT md5($1 || '-r-' || g)::uuid, $1 || '-r-' || g, ${ufficio(p)}, 'esposto', gen_random_uuid(), 'Via', 'PA', 'lavoro-nero', 'alta', 'seme',
            (ARRAY['chiusa', 'chiusa', 'chiusa', 'in-corso', 'assegnata', 'registrata'])[1 + h % 6], $1 || '-isp-' || (h % 500), '{}', 'seme', ${istante}, now()
     FROM generate_series(1, ${n}) g, LATERAL (SELECT g / 2 AS h) x`,
    [p],
  );
}

/** One plan per office and year: a thousand offices, years counting up. */
async function seminaPiani(pg: Pg, p: string, n: number): Promise<void> {
  await pg.query(
    `INSERT INTO piani (id, ufficio, anno, titolo, stato, documento, workflow_id, creato_da, creato_il, aggiornato_da, aggiornato_il)
     SELECT md5($1 || '-pi-' || g)::uuid, $1 || '-' || (g % 1000), 1000 + g / 1000, 'seme', 'congelato', '{}', $1 || '-pi-' || g, 'seme', now(), 'seme', now()
     FROM generate_series(1, ${n}) g, LATERAL (SELECT g / 2 AS h) x`,
    [p],
  );
}

/** Notices to roles, structures, people and organisations of the offices. */
async function seminaNotifiche(pg: Pg, p: string, n: number): Promise<void> {
  await pg.query(
    `INSERT INTO notifiche (id, chiave, ufficio, destinatario_tipo, destinatario, procedura, entita_id, tipo, titolo, testo, creata_il)
     SELECT md5($1 || '-n-' || g)::uuid, $1 || '-n-' || g, ${ufficio(p)},
            (ARRAY['ruolo', 'ruolo', 'ruolo', 'ruolo', 'struttura', 'struttura', 'utente', 'utente', 'utente', 'soggetto'])[1 + h % 10],
            CASE WHEN h % 10 < 4 THEN (ARRAY['responsabile', 'operatore'])[1 + h / 10 % 2] WHEN h % 10 < 6 THEN 'Struttura ' || (h / 10 % 3)
                 WHEN h % 10 < 9 THEN 'utente-' || (h / 10 % 200) ELSE $1 || lpad((h % 3)::text, 11, '0') END,
            'tirocini', md5($1 || '-t-' || g), 'promemoria', 'Promemoria', 'seme', ${istante}
     FROM generate_series(1, ${n}) g, LATERAL (SELECT g / 2 AS h) x`,
    [p],
  );
}

/** Audit rows with dummy hashes: for the list's plans only, never committed. */
async function seminaAudit(pg: Pg, p: string, n: number): Promise<void> {
  await pg.query(
    `INSERT INTO audit_log (registrato_il, attore, ruoli, ufficio, procedura, entita, entita_id, azione, prev_hash, hash)
     SELECT now(), 'seme', 'operatore', ${ufficio(p)}, 'tirocini',
            (ARRAY['tirocinio', 'tirocinio', 'tirocinio', 'documento', 'pratica', 'piano'])[1 + h % 6], md5($1 || '-t-' || (g / 10)), 'seme',
            repeat('0', 64), repeat('0', 64)
     FROM generate_series(1, ${n}) g, LATERAL (SELECT g / 2 AS h) x`,
    [p],
  );
}

/** Three attempts per request, with dummy hashes: never committed. */
async function seminaAssegnazioni(pg: Pg, p: string, n: number): Promise<void> {
  await pg.query(
    `INSERT INTO sorteggi (id, richiesta_id, tentativo, ispettorato, ispettore_id, trascrizione, prev_hash, hash, registrato_il, tipo, catena, n)
     SELECT gen_random_uuid(), md5($1 || '-r-' || (g / 3))::uuid, 1 + g % 3, $1 || '-0', $1 || '-isp-' || (g % 500), '{}', repeat('0', 64), repeat('0', 64),
            now(), 'sorteggio', $1, g
     FROM generate_series(0, ${n - 1}) g`,
    [p],
  );
}
