import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RigaAttivitaOfferta, StatiAttesaOfferte } from '../../../domain/src/collocamento/offerta.attivita';
import type { RigaAttivitaPiano, StatoPianoAttivita } from '../../../domain/src/cronoprogramma/attivita';
import type { AmbitoAttesaIspezioni, RigaAttivitaIspezione } from '../../../domain/src/ispezioni/ispezione.attivita';
import type { PraticaStato } from '../../../domain/src/pratiche/pratica.state';
import type { RigaAttivitaPratica } from '../../../domain/src/pratiche/pratica.attivita';
import type { RigaAttivitaTirocinio, StatiAttesaTirocini } from '../../../domain/src/tirocini/tirocinio.attivita';
import type { RipresaSenzaScadenza } from '../../../domain/src/attivita/attivita';
import { ORGANIZZAZIONE } from '../tirocini/soggetti.repository';

/** Whose list it is: the office the caller acts for, their subject, and (external users only) their organisation. */
export interface AmbitoAttivita {
  ufficio: string;
  sub: string;
  /** The codice fiscale or partita IVA an external user acts for; absent for staff. */
  soggetto?: string;
}

export interface QueryAttivita {
  text: string;
  values: unknown[];
}

/** A request of the inspectorate as read for the activities, with the inspectorate's settings (its terms). */
export type RigaRichiestaAttivita = Omit<RigaAttivitaIspezione, 'politica'> & { impostazioniIspettorato: unknown };

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

const COLONNE_TIROCINIO = `t.id, t.stato, t.stato_procedura AS "statoProcedura", t.creato_da AS "creatoDa", t.inviata_da AS "inviataDa",
  t.creato_il AS "creatoIl", t.inviata_il AS "inviataIl",
  (SELECT p.cognome || ' ' || p.nome FROM tir_tirocinanti p WHERE p.id = t.tirocinante_id) AS tirocinante,
  (SELECT s.denominazione FROM tir_soggetti s WHERE s.id = t.ospitante_id) AS ospitante`;

const rigaTirocinio = (r: Record<string, unknown>): RigaAttivitaTirocinio => ({
  ...(r as unknown as RigaAttivitaTirocinio),
  creatoIl: iso(r.creatoIl as Date)!,
  inviataIl: iso(r.inviataIl as Date | null),
});

const COLONNE_OFFERTA = `o.id, o.stato, o.stato_procedura - 'adesioni' AS "statoProcedura", o.offerta ->> 'profilo' AS profilo,
  o.offerta ->> 'luogo' AS luogo, (o.offerta ->> 'posti')::int AS posti, o.richiesta_il AS "richiestaIl"`;

const SELECT_RICHIESTA = `SELECT r.id, r.stato, r.stato_procedura AS "statoProcedura", r.ispettore_id AS "ispettoreId", r.priorita, r.tipo_pratica AS "tipoPratica",
  r.registrata_il AS "registrataIl", r.attesa, (SELECT a.ragione_sociale FROM aziende a WHERE a.id = r.azienda_id) AS azienda,
  (SELECT i.politica FROM ispettorati i WHERE i.codice = r.ispettorato) AS "impostazioniIspettorato"
  FROM richieste_intervento r`;

/**
 * The queries of "Le mie attività", one per procedure and kind of caller: each reads one table by office (or the
 * organisation, or the inspector) and the states that wait, as the domain names them (`statiAttesa*`), and is backed
 * by an index (migration AttivitaIndici; the e2e suite `attivita` explains them on seeded tables). Null when the
 * caller's roles find nothing to do in that procedure. Exported so the plans can be checked on exactly this SQL.
 */
export const QUERY_ATTIVITA = {
  /** Submitted cases of the office (to decide); open ones only to whoever opened them (to submit). */
  pratiche(a: AmbitoAttivita, stati: { ufficio: PraticaStato[]; propri: PraticaStato[] }): QueryAttivita | null {
    if (a.soggetto || !(stati.ufficio.length + stati.propri.length)) return null;
    return {
      text: `SELECT p.id, p.stato, p.protocollo, p.oggetto, p.creata_da AS "creataDa", p.creata_il AS "creataIl", p.aggiornata_il AS "aggiornataIl",
          array_remove(ARRAY[p.creata_da, p.inviata_da]
            || ARRAY(SELECT DISTINCT d.caricato_da FROM documenti d WHERE d.procedura = 'pratiche' AND d.entita_id = p.id), NULL) AS autori
        FROM pratiche p
        WHERE p.ufficio = $1 AND p.stato = ANY($2::text[]) AND (p.stato <> ALL($3::text[]) OR p.creata_da = $4)`,
      values: [a.ufficio, [...stati.ufficio, ...stati.propri], stati.propri, a.sub],
    };
  },

  /**
   * Staff: the office's practices in its waiting states (those of `propri` only when the caller drafted or submitted
   * them). External users: the practices of their organisation, by side, whose attestazione is not recorded yet.
   */
  tirocini(a: AmbitoAttivita, stati: StatiAttesaTirocini): QueryAttivita | null {
    if (a.soggetto) {
      if (!stati.promotore.length && !stati.ospitante.length) return null;
      // One arm per side and index: the practices in the states that wait for the side, the active ones apart.
      const bracci: string[] = [];
      const values: unknown[] = [a.ufficio, a.soggetto];
      for (const lato of ['promotore', 'ospitante'] as const) {
        const lista = lato === 'promotore' ? stati.promotore : stati.ospitante;
        const altri = lista.filter((x) => x !== 'attiva');
        if (altri.length) {
          values.push(altri);
          bracci.push(`SELECT id FROM tirocini WHERE ${lato}_id = ANY(ARRAY(${ORGANIZZAZIONE(2)})) AND stato = ANY($${values.length}::text[])
              AND (stato_procedura -> 'attestazione') IS NULL`);
        }
        if (lista.includes('attiva')) {
          // Those that ask from an instant on record are read a page at a time (tirociniDovuti); those whose instant is
          // not known ('-infinity', see the migration) all, and the rules decide.
          bracci.push(`SELECT id FROM tirocini WHERE ${lato}_id = ANY(ARRAY(${ORGANIZZAZIONE(2)})) AND stato = 'attiva'
              AND (stato_procedura -> 'attestazione') IS NULL AND presenze_dovute_il = '-infinity'`);
        }
      }
      return {
        text: `SELECT ${COLONNE_TIROCINIO},
            array_remove(ARRAY[CASE WHEN t.promotore_id = ANY(ARRAY(${ORGANIZZAZIONE(2)})) THEN 'promotore' END,
                               CASE WHEN t.ospitante_id = ANY(ARRAY(${ORGANIZZAZIONE(2)})) THEN 'ospitante' END], NULL) AS lati
          FROM tirocini t
          WHERE t.ufficio = $1 AND t.id IN (${bracci.join('\n            UNION ALL ')})`,
        values,
      };
    }
    if (!stati.ufficio.length && !stati.propri.length) return null;
    return {
      text: `SELECT ${COLONNE_TIROCINIO}, ARRAY[]::text[] AS lati
        FROM tirocini t
        WHERE t.ufficio = $1 AND t.stato = ANY($2::text[]) AND (t.stato <> ALL($3::text[]) OR $4::text IN (t.creato_da, t.inviata_da))`,
      values: [a.ufficio, [...stati.ufficio, ...stati.propri], stati.propri, a.sub],
    };
  },

  /**
   * External users: the active practices of their organisation that ask it for attendance, known from the instant on
   * their row (presenze_dovute_il, migrations PresenzeDovute and PresenzeDovutePagina): each one item with no term, in
   * the order of that instant and then the id. An organisation with thousands of active traineeships has thousands of
   * them once a month is over: `pagina` reads the `limite` after `dopo` (the index gives them in order, office
   * included) and only then their rows; `conteggio` counts them all from the index alone. Null: the roles ask none.
   */
  tirociniDovuti(
    a: AmbitoAttivita,
    stati: StatiAttesaTirocini,
    adesso: Date,
    pagina: { dopo?: RipresaSenzaScadenza; limite: number },
  ): { pagina: QueryAttivita; conteggio: QueryAttivita } | null {
    const lati = (['promotore', 'ospitante'] as const).filter((l) => (l === 'promotore' ? stati.promotore : stati.ospitante).includes('attiva'));
    if (!a.soggetto || !lati.length) return null;
    const values: unknown[] = [a.ufficio, a.soggetto, adesso];
    const bracci = (limite?: string) =>
      lati
        .map(
          (lato) => `SELECT id, presenze_dovute_il AS il FROM tirocini WHERE ${lato}_id = ANY(ARRAY(${ORGANIZZAZIONE(2)})) AND stato = 'attiva'
              AND (stato_procedura -> 'attestazione') IS NULL AND presenze_dovute_il > '-infinity' AND presenze_dovute_il <= $3 AND ufficio = $1${limite ?? ''}`,
        )
        .join('\n            UNION ');
    const conteggio = { text: `SELECT count(*)::int AS n FROM (${bracci()}) d`, values: [...values] };
    const { dopo } = pagina;
    let limite = '';
    if (dopo) {
      const dal = values.push(new Date(dopo.dal));
      if (typeof dopo.pari === 'boolean') limite = ` AND presenze_dovute_il ${dopo.pari ? '>=' : '>'} $${dal}`;
      else {
        // The id compared as text, in code-point order (the domain's), and a cursor's id need not be a UUID.
        const id = values.push(dopo.pari.id);
        limite = ` AND presenze_dovute_il >= $${dal} AND (presenze_dovute_il > $${dal} OR id::text COLLATE "C" ${dopo.pari.incluso ? '>=' : '>'} $${id})`;
      }
    }
    const n = values.push(pagina.limite);
    return {
      conteggio,
      pagina: {
        text: `SELECT ${COLONNE_TIROCINIO},
            array_remove(ARRAY[CASE WHEN t.promotore_id = ANY(ARRAY(${ORGANIZZAZIONE(2)})) THEN 'promotore' END,
                               CASE WHEN t.ospitante_id = ANY(ARRAY(${ORGANIZZAZIONE(2)})) THEN 'ospitante' END], NULL) AS lati
          FROM tirocini t
          WHERE t.id IN (SELECT id FROM (${bracci(limite)}) d ORDER BY il, id LIMIT $${n})`,
        values,
      },
    };
  },

  /** Staff: the office's offers in their waiting states, with the employer's name. The employer: its own offers. */
  offerte(a: AmbitoAttivita, stati: StatiAttesaOfferte): QueryAttivita | null {
    if (a.soggetto) {
      if (!stati.datore.length) return null;
      return {
        text: `SELECT ${COLONNE_OFFERTA}, NULL AS datore FROM cm_offerte o
          WHERE o.ufficio = $1 AND o.datore_id = ANY(ARRAY(SELECT d.id FROM cm_datori d WHERE d.codice_fiscale = upper($2))) AND o.stato = ANY($3::text[])`,
        values: [a.ufficio, a.soggetto, stati.datore],
      };
    }
    if (!stati.ufficio.length) return null;
    return {
      text: `SELECT ${COLONNE_OFFERTA}, (SELECT d.denominazione FROM cm_datori d WHERE d.id = o.datore_id) AS datore FROM cm_offerte o
        WHERE o.ufficio = $1 AND o.stato = ANY($2::text[])`,
      values: [a.ufficio, stati.ufficio],
    };
  },

  /**
   * The inspector's own cases in the states with a step; for a dirigente, the requests waiting for their draw for a
   * reason and those with a reassignment proposed: one arm per index, in one statement.
   */
  richieste(a: AmbitoAttivita, ambito: AmbitoAttesaIspezioni): QueryAttivita | null {
    if (a.soggetto) return null;
    const bracci: string[] = [];
    if (ambito.ispettore.length) bracci.push(`${SELECT_RICHIESTA} WHERE r.ispettorato = $1 AND r.ispettore_id = $2 AND r.stato = ANY($3::text[])`);
    if (ambito.dirigente) {
      bracci.push(`${SELECT_RICHIESTA} WHERE r.ispettorato = $1 AND r.stato = 'registrata' AND r.attesa IS NOT NULL`);
      bracci.push(`${SELECT_RICHIESTA} WHERE r.ispettorato = $1 AND (r.stato_procedura -> 'riassegnazione' ->> 'stato') = 'proposta'`);
    }
    if (!bracci.length) return null;
    return { text: bracci.join('\nUNION ALL\n'), values: ambito.ispettore.length ? [a.ufficio, a.sub, ambito.ispettore] : [a.ufficio] };
  },

  /** The office's plans in the given states, with the revision awaiting a decision, if any. */
  piani(a: AmbitoAttivita, stati: readonly StatoPianoAttivita[]): QueryAttivita | null {
    if (a.soggetto || !stati.length) return null;
    return {
      text: `SELECT p.id, p.stato, p.titolo, p.documento, p.creato_da AS "creatoDa", p.aggiornato_da AS "aggiornatoDa", p.aggiornato_il AS "aggiornatoIl",
          r.numero AS "revisioneNumero", r.proposta_da AS "revisionePropostaDa", r.proposta_il AS "revisionePropostaIl"
        FROM piani p LEFT JOIN piani_revisioni r ON r.piano_id = p.id AND r.stato = 'proposta'
        WHERE p.ufficio = $1 AND p.stato = ANY($2::text[])`,
      values: [a.ufficio, [...stati]],
    };
  },
};

/** What waits for a user in each procedure, read from the procedures' own rows (see QUERY_ATTIVITA). */
@Injectable()
export class AttivitaRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async righe(q: QueryAttivita | null): Promise<Record<string, unknown>[]> {
    return q ? this.db.query(q.text, q.values) : [];
  }

  async pratiche(a: AmbitoAttivita, stati: { ufficio: PraticaStato[]; propri: PraticaStato[] }): Promise<RigaAttivitaPratica[]> {
    return (await this.righe(QUERY_ATTIVITA.pratiche(a, stati))).map((r) => ({
      ...(r as unknown as RigaAttivitaPratica),
      creataIl: iso(r.creataIl as Date)!,
      aggiornataIl: iso(r.aggiornataIl as Date)!,
    }));
  }

  async tirocini(a: AmbitoAttivita, stati: StatiAttesaTirocini): Promise<RigaAttivitaTirocinio[]> {
    return (await this.righe(QUERY_ATTIVITA.tirocini(a, stati))).map(rigaTirocinio);
  }

  /** One page of the active practices asking the organisation for attendance, and how many ask (tirociniDovuti). */
  async tirociniDovuti(
    a: AmbitoAttivita,
    stati: StatiAttesaTirocini,
    adesso: Date,
    pagina: { dopo?: RipresaSenzaScadenza; limite: number },
  ): Promise<{ righe: RigaAttivitaTirocinio[]; totale: number }> {
    const q = QUERY_ATTIVITA.tirociniDovuti(a, stati, adesso, pagina);
    if (!q) return { righe: [], totale: 0 };
    const [righe, [{ n }]] = await Promise.all([this.righe(q.pagina), this.righe(q.conteggio)]);
    return { righe: righe.map(rigaTirocinio), totale: n as number };
  }

  async offerte(a: AmbitoAttivita, stati: StatiAttesaOfferte): Promise<RigaAttivitaOfferta[]> {
    return (await this.righe(QUERY_ATTIVITA.offerte(a, stati))).map((r) => ({
      ...(r as unknown as RigaAttivitaOfferta),
      richiestaIl: iso(r.richiestaIl as Date)!,
    }));
  }

  async richieste(a: AmbitoAttivita, ambito: AmbitoAttesaIspezioni): Promise<RigaRichiestaAttivita[]> {
    return (await this.righe(QUERY_ATTIVITA.richieste(a, ambito))).map((r) => {
      const attesa = r.attesa as { motivo: 'nessun-idoneo' | 'periodo-mancante'; dal: string } | null;
      return {
        ...(r as unknown as RigaRichiestaAttivita),
        registrataIl: iso(r.registrataIl as Date)!,
        attesa: attesa ? { motivo: attesa.motivo, dal: attesa.dal } : null,
      };
    });
  }

  async piani(a: AmbitoAttivita, stati: readonly StatoPianoAttivita[]): Promise<RigaAttivitaPiano[]> {
    return (await this.righe(QUERY_ATTIVITA.piani(a, stati))).map((r) => ({
      id: r.id as string,
      stato: r.stato as StatoPianoAttivita,
      titolo: r.titolo as string,
      documento: r.documento as RigaAttivitaPiano['documento'],
      creatoDa: r.creatoDa as string,
      aggiornatoDa: r.aggiornatoDa as string,
      aggiornatoIl: iso(r.aggiornatoIl as Date)!,
      revisione:
        r.revisioneNumero == null
          ? null
          : { numero: Number(r.revisioneNumero), propostaDa: r.revisionePropostaDa as string, propostaIl: iso(r.revisionePropostaIl as Date)! },
    }));
  }
}
