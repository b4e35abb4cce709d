import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import * as ExcelJS from 'exceljs';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Actor, RuleViolation, actsFor, canSeeOffice, isExternal, seesEveryOffice } from '@app/domain';
import { italianHolidays } from '@app/domain/calendar/festivita';
import type { Datore, Iscritto, Offerta } from '@app/domain/collocamento/collocamento.types';
import { calcolaGraduatoria, dimensioneRosaOfferta, hashGraduatoria, vistaDatore } from '@app/domain/collocamento/graduatoria';
import { regoleGraduatoriaPerData, regoleGraduatoriaPerVersione } from '@app/domain/collocamento/graduatoria.regole';
import {
  COLONNE_DATORI, COLONNE_ISCRITTI, COLONNE_OBBLIGATORIE_DATORI, COLONNE_OBBLIGATORIE_ISCRITTI, ErroreImport, importaDatori, importaIscritti,
} from '@app/domain/collocamento/import';
import { decodificaCsv, separatoreCsv, verificaIntestazione } from '@app/domain/collocamento/csv';
import { Dimensione, calcolaIndicatori, indicatoriCsv, rigaIndicatori } from '@app/domain/collocamento/indicatori';
import { OffertaState, decideOfferta, decideRichiesta } from '@app/domain/collocamento/offerta.machine';
import { quotaObbligo, scopertura } from '@app/domain/collocamento/quota';
import { scadenzeOfferta } from '@app/domain/collocamento/sla';
import { AppConfig, AuditTrail, canonicalJson, CollocamentoRepository, DatoreRegistro, DocumentsService, IscrittoRegistro, OffertaRow, StoredDocument, TemporalClientHolder } from '@app/infrastructure';
import * as messages from '../../../../workflows/offerta/offerta.messages';
import { OffertaWorkflowInput, offertaWorkflowId } from '../../../../workflows/offerta/offerta.types';
import { LIMITE_PAGINA, leggiCursore, pagina } from '../common/paginazione';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ProblemException, ProblemFieldError, notFound, proceduraConclusa } from '../common/problem';
import { violationsToErrors } from '../common/problem.filter';
import { CongruitaDto, EsitoDto, IndicatoriQuery, OffertaDto, RettificaEsitoDto, UFFICIO } from './collocamento.dto';

type UpdateName = Exclude<keyof typeof messages, 'statoOffertaQuery'>;
const CPI_ROLES = ['operatore', 'responsabile', 'dirigente', 'amministratore'];
const MAX_CSV_BYTES = 64 * 1024 * 1024;

const refused = (title: string, violations: RuleViolation[], status = 422) =>
  new ProblemException(status, 'regola-violata', title, violations.map((v) => v.message).join('; '), violationsToErrors(violations));
const isStaff = (a: Actor) => a.roles.some((r) => CPI_ROLES.includes(r));
/** Who works a person's enrolment, and so reads its health and economic data (GDPR art. 9): the office's CPI staff. */
const gestisceIscrizioni = (a: Actor) => a.roles.some((r) => r === 'operatore' || r === 'responsabile');

/**
 * A person's enrolment as the caller may see it: the CPI's operatori and responsabili see it all; a dirigente or an
 * administrator, who oversee and do not place people, see the enrolment without health data (invalidity, the
 * relazione conclusiva and its compatibility notes) and without economic and family data.
 */
export function vistaIscritto(i: IscrittoRegistro, actor: Actor) {
  if (gestisceIscrizioni(actor) && actor.office === i.ufficio) return i;
  const { percentualeInvalidita: _p, compatibilita: _c, relazioneDocumentoId: _d, relazioneSha256: _h, iseeCent: _i, familiariACarico: _f, ...resto } = i;
  return resto;
}
/**
 * How an employer knows a candidate of its rosa: a reference of the offer, not the person's registry id (often their
 * codice fiscale, which tells birth date and sex). The CPI, which knows who it is, puts them in touch.
 */
export const riferimentoCandidato = (offertaId: string, iscrittoId: string) =>
  `C-${createHash('sha256').update(`${offertaId}:${iscrittoId}`).digest('hex').slice(0, 10).toUpperCase()}`;

/** The UUID an enrolment's documents are filed under: stable, from its office and registry id. */
export function uuidIscrizione(ufficio: string, id: string): string {
  const h = createHash('sha256').update(`iscrizione:${ufficio}/${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An import error of a CSV: its row and column. */
const erroreDiRiga = (e: ErroreImport): ProblemFieldError => ({ field: `riga ${e.riga}: ${e.campo}`, rule: e.regola, message: e.messaggio, found: e.riga });

const trasferita = (i: IscrittoRegistro) =>
  refused('Iscrizione trasferita', [{ rule: 'iscrizione-trasferita', field: 'id', message: `l'iscrizione è stata trasferita a ${i.trasferitoA} il ${i.trasferitoIl?.toISOString().slice(0, 10)}`, found: i.trasferitoA }], 409);

async function leggiTutto(body: Readable, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.resume();
      throw new ProblemException(413, 'dimensione-massima', 'File troppo grande', `il CSV supera ${max} byte`);
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

/** The L. 68/99 registry (with bulk CSV import), the employers' requests and their procedure, verification, indicators. */
@Injectable()
export class CollocamentoService {
  private readonly festivi: ReturnType<typeof italianHolidays>;

  constructor(
    private readonly repo: CollocamentoRepository,
    private readonly temporal: TemporalClientHolder,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
    private readonly config: AppConfig,
  ) {
    this.festivi = italianHolidays(this.patroniDeployment());
  }

  private patroniDeployment(): string[] {
    return this.config.COLLOCAMENTO_PATRONI ? this.config.COLLOCAMENTO_PATRONI.split(',') : [];
  }

  /** The office's settings (region, largest rosa, patron days), or the deployment's defaults when it set none. */
  /** An office the caller may act on; a code no office could have is as missing as another office's (not a 500 from the database). */
  private ufficioAccessibile(ufficio: string, actor: Actor): void {
    if (!UFFICIO.test(ufficio) || !canSeeOffice(actor, ufficio)) throw notFound(`impostazioni dell’ufficio ${ufficio.slice(0, 60)}`);
  }

  async impostazioni(ufficio: string, actor: Actor) {
    this.ufficioAccessibile(ufficio, actor);
    const i = await this.repo.impostazioniUfficio(ufficio);
    return i ?? { ufficio, regione: null, dimensioneRosaMassima: 20, patroni: [], predefinite: true };
  }

  async salvaImpostazioni(ufficio: string, dto: { regione: string; dimensioneRosaMassima: number; patroni: string[]; motivazione: string }, actor: Actor, requestId?: string) {
    this.ufficioAccessibile(ufficio, actor);
    const patroni = [...new Set(dto.patroni)].sort();
    const v: RuleViolation[] = [];
    patroni.forEach((p, i) => {
      const [mm, gg] = p.split('-').map(Number);
      if (!/^\d{2}-\d{2}$/.test(p) || mm < 1 || mm > 12 || gg < 1 || gg > new Date(Date.UTC(2024, mm, 0)).getUTCDate()) {
        v.push({ rule: 'giorno-non-valido', field: `patroni[${i}]`, message: 'patroni: giorni MM-GG esistenti (es. 06-24)', found: p });
      }
    });
    if (v.length) throw refused('Impostazioni non valide', v);
    return this.repo.db.transaction(async (m) => {
      const r = await this.repo.salvaImpostazioniUfficio(m, { ufficio, regione: dto.regione, dimensioneRosaMassima: dto.dimensioneRosaMassima, patroni, aggiornatoDa: actor.sub });
      await this.audit.append(m, {
        actor, procedura: 'collocamento', entita: 'impostazioni-ufficio', entitaId: ufficio, azione: r.prima ? 'modificate' : 'impostate', requestId, motivazione: dto.motivazione,
        prima: r.prima ? { regione: r.prima.regione, dimensioneRosaMassima: r.prima.dimensioneRosaMassima, patroni: r.prima.patroni } : undefined,
        dopo: { regione: r.dopo.regione, dimensioneRosaMassima: r.dopo.dimensioneRosaMassima, patroni: r.dopo.patroni },
      });
      return r.dopo;
    });
  }

  // ---- registry -------------------------------------------------------------------------------------------------

  /**
   * Imports people or employers from CSV (';' or ',' separated, header row with the column names of import.ts).
   * Every row is checked first; with any error nothing is written and the answer lists every error by row and
   * column. Rows that duplicate someone already registered are errors too. Otherwise all rows go in one transaction.
   */
  async importa(tipo: string, body: Readable, actor: Actor, requestId?: string) {
    if (tipo !== 'iscritti' && tipo !== 'datori') {
      body.resume();
      throw refused('Tipo di importazione non ammesso', [{ rule: 'valore-ammesso', field: 'tipo', message: 'tipo: iscritti oppure datori', found: tipo, limit: ['iscritti', 'datori'] }]);
    }
    // As Italian Excel writes it: UTF-8 (BOM or not) or Windows-1252, ';' or ',' as the header shows.
    const decodificato = decodificaCsv(await leggiTutto(body, MAX_CSV_BYTES));
    if ('errore' in decodificato) throw new ProblemException(422, 'csv-non-valido', 'CSV non leggibile', decodificato.errore, [{ field: 'file', rule: 'codifica', message: decodificato.errore }]);
    let righe: string[][];
    try {
      righe = parse(decodificato.testo, { delimiter: separatoreCsv(decodificato.testo), trim: true, skip_empty_lines: true, relax_column_count: false });
    } catch (e) {
      throw new ProblemException(422, 'csv-non-valido', 'CSV non leggibile', (e as Error).message, [{ field: 'file', rule: 'formato', message: (e as Error).message }]);
    }
    const [intestazione, ...dati] = righe;
    if (!intestazione) throw new ProblemException(422, 'csv-non-valido', 'CSV non leggibile', 'il file è vuoto', [{ field: 'file', rule: 'formato', message: 'il file è vuoto: serve almeno la riga di intestazione' }]);
    const errori = tipo === 'iscritti'
      ? verificaIntestazione(intestazione, COLONNE_ISCRITTI, COLONNE_OBBLIGATORIE_ISCRITTI)
      : verificaIntestazione(intestazione, COLONNE_DATORI, COLONNE_OBBLIGATORIE_DATORI);
    if (errori.length) {
      throw new ProblemException(422, 'importazione-rifiutata', 'Importazione rifiutata', `l'intestazione ha ${errori.length} errori: nulla è stato importato`,
        errori.map((e) => ({ field: `riga 1: ${e.campo}`, rule: e.regola, message: e.messaggio, found: e.riga })));
    }
    const records = dati.map((r) => Object.fromEntries(intestazione.map((c, i) => [c, r[i] ?? ''])));
    return this.registra(tipo, records, actor, requestId);
  }

  /**
   * Registers the records (CSV rows, or one JSON body mapped to a row) under the import's rules; `errore` names where
   * each error is: a CSV's row and column by default, a JSON body's field when it came as one (collocamento.dto.ts).
   */
  async registra(tipo: 'iscritti' | 'datori', records: Record<string, string>[], actor: Actor, requestId?: string, errore = erroreDiRiga) {
    const esito = tipo === 'iscritti' ? importaIscritti(records) : importaDatori(records);
    const errori: ErroreImport[] = [...esito.errori];
    const validi = esito.validi as Array<Iscritto | Datore>;
    // The CSV row of each valid record (the first data row is 2, after the header), for the error report.
    const riga = new Map<string, number>();
    records.forEach((r, i) => {
      const cf = String(r.codice_fiscale ?? '').trim().toUpperCase();
      if (!riga.has(cf)) riga.set(cf, i + 2);
    });
    const rigaDi = (v: Iscritto | Datore) => riga.get(v.codiceFiscale) ?? 0;
    if (tipo === 'iscritti') {
      for (const r of validi as Iscritto[]) {
        if (!canSeeOffice(actor, r.ufficio)) errori.push({ riga: rigaDi(r), campo: 'ufficio', regola: 'non-ammesso', messaggio: `solo il proprio ufficio (${actor.office}) può iscrivere persone` });
      }
    }
    return this.repo.db.transaction(async (m) => {
      // Each office keeps its own list: a person is a duplicate only of an enrolment of the same office (whether
      // another office has them is nobody's business here). Employers are one regional registry.
      const chiave = (v: Iscritto | Datore) => (tipo === 'iscritti' ? `${(v as Iscritto).ufficio}|` : '');
      const gia = tipo === 'iscritti'
        ? (await this.repo.iscrittiEsistenti(m, (validi as Iscritto[]).map((v) => ({ ufficio: v.ufficio, id: v.id, cf: v.codiceFiscale })))).map((g) => ({ ...g, k: `${g.ufficio}|` }))
        : (await this.repo.datoriEsistenti(m, validi.map((v) => v.id), validi.map((v) => v.codiceFiscale))).map((g) => ({ ...g, k: '' }));
      const ids = new Set(gia.map((g) => g.k + g.id));
      const cfs = new Set(gia.map((g) => g.k + g.cf));
      for (const v of validi) {
        if (ids.has(chiave(v) + v.id) || cfs.has(chiave(v) + v.codiceFiscale)) {
          const dove = tipo === 'iscritti' ? `nell'elenco di ${(v as Iscritto).ufficio}` : 'nel registro regionale dei datori di lavoro';
          errori.push({ riga: rigaDi(v), campo: 'codice_fiscale', regola: 'duplicato', messaggio: `${v.codiceFiscale} è già registrato ${dove}` });
        }
      }
      if (errori.length) {
        errori.sort((a, b) => a.riga - b.riga || a.campo.localeCompare(b.campo));
        throw new ProblemException(422, 'importazione-rifiutata', 'Importazione rifiutata', `${errori.length} errori in ${new Set(errori.map((e) => e.riga)).size} righe: nulla è stato importato`,
          errori.map(errore));
      }
      try {
        if (tipo === 'iscritti') await this.repo.inserisciIscritti(m, validi as Iscritto[], actor.sub);
        else await this.repo.inserisciDatori(m, validi as Datore[], actor.sub, actor.office);
      } catch (e) {
        // The same people entered concurrently by someone else of the office: nothing of this import is written.
        if ((e as { code?: string }).code === '23505') {
          throw new ProblemException(409, 'importazione-rifiutata', 'Importazione rifiutata', 'alcune righe sono state registrate nel frattempo da un altro utente: nulla è stato importato', [
            { field: 'codice_fiscale', rule: 'duplicato', message: 'già registrato nel frattempo' },
          ]);
        }
        throw e;
      }
      await this.audit.append(m, {
        actor, procedura: 'collocamento', entita: tipo, entitaId: randomUUID(), azione: 'importati', requestId,
        dopo: { righe: validi.length, ids: validi.slice(0, 1000).map((v) => v.id) },
      });
      return { importati: validi.length, ids: validi.map((v) => v.id) };
    });
  }

  /** The enrolment in the list of the caller's office (another office's with `ufficio`, for roles that see every office). */
  private async trovaIscritto(id: string, actor: Actor, ufficio?: string): Promise<IscrittoRegistro> {
    const u = ufficio ?? actor.office;
    const i = canSeeOffice(actor, u) ? await this.repo.iscritto(u, id) : null;
    if (!i) throw notFound(`iscritto ${id}`);
    return i;
  }

  /** People of an office's list found by id or codice fiscale (another office's list only for roles that see every office: else none). */
  async cercaIscritti(cerca: string, actor: Actor, ufficio?: string) {
    const u = ufficio ?? actor.office;
    return canSeeOffice(actor, u) ? this.repo.cercaIscritti(u, cerca) : [];
  }

  /** Employers found by codice fiscale or name: those the caller's office registered or serves (every one for regional roles). */
  async cercaDatori(cerca: string, actor: Actor) {
    return this.repo.cercaDatori(cerca, seesEveryOffice(actor) ? undefined : actor.office);
  }

  /** A person's enrolment, for the staff of its office (health data only to those who place people: see vistaIscritto). */
  async iscritto(id: string, actor: Actor, ufficio?: string) {
    return vistaIscritto(await this.trovaIscritto(id, actor, ufficio), actor);
  }

  /** The relazione conclusiva (medical report) as a document; the compatibility notes stay data on the record. */
  async caricaRelazione(id: string, nomeFile: string, body: Readable, actor: Actor, requestId?: string): Promise<StoredDocument> {
    const i = await this.trovaIscritto(id, actor).catch((e) => {
      body.resume();
      throw e;
    });
    if (i.trasferitoIl) {
      body.resume();
      throw trasferita(i);
    }
    // Documents belong to an entity by UUID; an enrolment is keyed by office and registry id (often the codice fiscale).
    const doc = await this.documents.upload({ procedura: 'collocamento', entitaId: uuidIscrizione(i.ufficio, id), ufficio: i.ufficio, tipo: 'relazione-conclusiva', nomeFile, actor, requestId, esamina: true }, body);
    await this.repo.allegaRelazione(i.ufficio, id, doc.id, doc.sha256);
    return doc;
  }

  /**
   * Moves a person's enrolment to another office's list (the person moved): a responsabile's action, with its
   * reason, recorded in the audit trail. The enrolment here closes (kept for the offers it was in); the other
   * office's opens with the same data and seniority. Refused while the person is in an offer not yet ranked here.
   */
  async trasferisci(id: string, verso: string, motivazione: string, actor: Actor, requestId?: string) {
    const i = await this.trovaIscritto(id, actor);
    if (i.trasferitoIl) throw trasferita(i);
    const v: RuleViolation[] = [];
    if (verso === i.ufficio) v.push({ rule: 'ufficio-diverso', field: 'ufficio', message: "l'ufficio di destinazione è quello attuale", found: verso });
    if (v.length) throw refused('Trasferimento non ammesso', v);
    return this.repo.db.transaction(async (m) => {
      const bloccata = await this.repo.iscritto(i.ufficio, id, m, true);
      if (!bloccata || bloccata.trasferitoIl) throw trasferita(i);
      const aperte = await this.repo.adesioniAperte(m, i.ufficio, id);
      if (aperte.length) {
        throw refused('Trasferimento non ammesso', [{ rule: 'adesioni-in-corso', field: 'id', message: 'la persona ha adesioni a offerte non ancora graduate: ritirarle o attendere la graduatoria', found: aperte }], 409);
      }
      if (!(await this.repo.trasferisci(m, i.ufficio, id, verso, actor.sub))) {
        throw refused('Trasferimento non ammesso', [{ rule: 'gia-iscritto', field: 'ufficio', message: "la persona ha già un'iscrizione in vigore presso l'ufficio di destinazione", found: verso }], 409);
      }
      await this.audit.append(m, {
        actor, procedura: 'collocamento', entita: 'iscritto', entitaId: `${i.ufficio}/${id}`, azione: 'trasferito', motivazione, requestId,
        prima: { ufficio: i.ufficio }, dopo: { ufficio: verso },
      });
      return { id, da: i.ufficio, a: verso, stato: 'trasferita' };
    });
  }

  /**
   * An employer the caller may see: staff of the office that registered it or that it asked for candidates (or a
   * role that sees every office); the employer's own users. Any other is not found.
   */
  private async datoreVisibile(id: string, actor: Actor): Promise<DatoreRegistro | null> {
    const d = await this.repo.datore(id);
    if (!d) return null;
    if (isExternal(actor)) return actsFor(actor, d.codiceFiscale) ? d : null;
    if (seesEveryOffice(actor) || d.ufficio === actor.office || (await this.repo.datoreServitoDa(id, actor.office))) return d;
    return null;
  }

  async datore(id: string, actor: Actor) {
    const d = await this.datoreVisibile(id, actor);
    if (!d) throw notFound(`datore ${id}`);
    return { ...d, quota: quotaObbligo(d.dipendentiComputabili), scopertura: scopertura(d) };
  }

  // ---- offers ---------------------------------------------------------------------------------------------------

  /** The offer, for the staff of its office and its employer's users; any other is not found, like a missing one. */
  private async find(id: string, actor: Actor): Promise<OffertaRow> {
    const o = await this.repo.offerta(id);
    let mine = !!o && canSeeOffice(actor, o.ufficio);
    if (o && mine && !isStaff(actor)) mine = actsFor(actor, (await this.repo.datore(o.datoreId))?.codiceFiscale);
    if (!o || !mine) throw notFound(`offerta ${id}`);
    return o;
  }

  /** An employer's request, entered by the CPI or by the employer: checked, stored, and its procedure started. */
  async crea(dto: OffertaDto, actor: Actor, requestId?: string) {
    // Any office may take a request of a registered employer (the registry is regional); an employer's user only its own.
    const datore = await this.repo.datore(dto.datoreId);
    if (!datore || (!isStaff(actor) && !actsFor(actor, datore.codiceFiscale))) {
      throw refused('Datore non registrato', [{ rule: 'datore-sconosciuto', field: 'datoreId', message: 'datore di lavoro non registrato', found: dto.datoreId }]);
    }
    // The office decides the region (its ranking rules), the largest rosa and its patron days; not the request.
    const ufficio = await this.repo.impostazioniUfficio(actor.office);
    if (ufficio && dto.dimensioneRosa !== undefined && dto.dimensioneRosa > ufficio.dimensioneRosaMassima) {
      throw refused('Richiesta non valida', [{ rule: 'rosa-oltre-massimo', field: 'dimensioneRosa', message: `candidati per posto: al massimo ${ufficio.dimensioneRosaMassima} in questo ufficio`, found: dto.dimensioneRosa, limit: ufficio.dimensioneRosaMassima }]);
    }
    const regione = ufficio?.regione ?? dto.regione ?? 'piemonte';
    const festivi = ufficio?.patroni.length ? italianHolidays([...this.patroniDeployment(), ...ufficio.patroni]) : this.festivi;
    const id = randomUUID();
    const now = new Date();
    const offerta: Offerta = {
      id, datoreId: dto.datoreId, ufficio: actor.office, territorio: dto.territorio, profilo: dto.profilo, mansioni: dto.mansioni, luogo: dto.luogo,
      contratto: dto.contratto as Offerta['contratto'], ...(dto.durataMesi !== undefined ? { durataMesi: dto.durataMesi } : {}), oreSettimanali: dto.oreSettimanali,
      posti: dto.posti, competenzeRichieste: dto.competenzeRichieste, categoria: dto.categoria as Offerta['categoria'], dimensioneRosa: dto.dimensioneRosa ?? Math.min(3, ufficio?.dimensioneRosaMassima ?? 3),
      dataRichiesta: now.toISOString().slice(0, 10),
    };
    const sla = scadenzeOfferta({ richiestaIl: now.toISOString() }, {
      giorniStandard: 5, avvisoDopoGiorni: 3, patroni: festivi, unitaMs: this.config.COLLOCAMENTO_UNITA_GIORNO_MS, origine: 'richiesta',
    });
    const d = decideRichiesta(offerta, actor, now, sla, datore.codiceFiscale);
    if (!d.ok) throw refused('Richiesta non valida', d.violations);
    const state: OffertaState = { ...d.value.state, adesioniEsterne: true };
    await this.repo.db.transaction(async (m) => {
      await this.repo.creaOfferta(m, { id, workflowId: offertaWorkflowId(id), ufficio: actor.office, regione, datoreId: dto.datoreId, stato: state.stato, offerta, statoProcedura: state as unknown as Record<string, unknown>, creataDa: actor.sub, slaScadenza: sla.scadenza });
      await this.audit.append(m, {
        actor, procedura: 'collocamento', entita: 'offerta', entitaId: id, azione: 'richiesta', requestId, dopo: { offerta: offerta as unknown as Record<string, unknown>, slaScadenza: sla.scadenza },
        idempotencyKey: `offerta:${id}:richiesta`,
      });
    });
    const input: OffertaWorkflowInput = {
      offertaId: id, state, promemoriaEsitiMs: this.config.COLLOCAMENTO_PROMEMORIA_ESITI_GIORNI * this.config.COLLOCAMENTO_UNITA_GIORNO_MS,
      codaMs: this.config.COLLOCAMENTO_CODA_ESITI_GIORNI * this.config.COLLOCAMENTO_UNITA_GIORNO_MS,
    };
    await this.temporal.client.workflow.start('offertaWorkflow', { taskQueue: this.temporal.taskQueue, workflowId: offertaWorkflowId(id), args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    return this.get(id, actor);
  }

  async get(id: string, actor: Actor) {
    const o = await this.find(id, actor);
    const state = o.statoProcedura as unknown as OffertaState;
    const adesioni = await this.repo.contaAdesioni(id);
    const base = {
      id: o.id, ufficio: o.ufficio, regione: o.regione, stato: o.stato, offerta: o.offerta, richiestaIl: o.richiestaIl.toISOString(), finestra: state.finestra ?? null,
      sla: state.sla ?? null, graduatoria: state.graduatoria ? { hash: state.graduatoria.hash, versioneRegole: state.graduatoria.versioneRegole, pubblicataIl: state.graduatoria.pubblicataIl } : null,
      adesioni,
    };
    if (!isStaff(actor)) {
      const rif = (c: string) => riferimentoCandidato(id, c);
      return {
        ...base, rosa: state.rosa ? { inviataIl: state.rosa.inviataIl, candidati: state.rosa.candidati.map(rif) } : null,
        esiti: state.esiti.map(({ iscrittoId, esito }) => ({ candidato: rif(iscrittoId), esito })),
      };
    }
    const timeline = await this.audit.list({ entitaId: id });
    return {
      ...base, procedura: { ...state, adesioni: undefined }, creataDa: o.creataDa,
      timeline: timeline.map((a) => ({ il: a.registratoIl, chi: a.attore, cosa: a.azione, perche: a.motivazione, prima: a.prima, dopo: a.dopo })),
    };
  }

  /** Newest first, a page at a time (see common/paginazione); an employer's user sees only its own requests. */
  async list(actor: Actor, q: { stato?: string; datore?: string; dopo?: string; limite?: number } = {}) {
    const cross = seesEveryOffice(actor);
    const limite = q.limite ?? LIMITE_PAGINA;
    const ambito = isStaff(actor) ? { uffici: cross ? undefined : [actor.office], datoreCodiceFiscale: q.datore } : { uffici: [actor.office], datoreCodiceFiscale: actor.soggetto ?? '' };
    const rows = await this.repo.offerte({ ...ambito, stato: q.stato, dopo: q.dopo ? leggiCursore(q.dopo) : undefined }, limite + 1);
    const { elementi, successivo } = pagina(rows, limite, (o) => ({ il: o.richiestaIl, id: o.id }));
    return {
      offerte: elementi.map((o) => ({ id: o.id, ufficio: o.ufficio, stato: o.stato, datoreId: o.datoreId, profilo: o.offerta.profilo, richiestaIl: o.richiestaIl.toISOString(), slaScadenza: o.slaScadenza, slaViolata: o.slaViolata })),
      successivo,
    };
  }

  private async update(o: OffertaRow, update: UpdateName, args: Record<string, unknown>, actor: Actor, requestId?: string) {
    try {
      await this.temporal.aggiorna(o.workflowId, messages[update], [{ ...args, actor, requestId }]);
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
      throw proceduraConclusa("l'offerta", (await this.repo.offerta(o.id))?.stato ?? o.stato);
    }
  }

  async congruita(id: string, dto: CongruitaDto, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    const finestra = dto.esito === 'congrua' ? { apertaIl: new Date().toISOString(), chiudeIl: dto.chiusuraAdesioni ?? '' } : undefined;
    await this.update(o, 'congruitaUpdate', { esito: dto.esito, motivo: dto.motivo, finestra, motivoOltreSla: dto.motivoOltreSla }, actor, requestId);
    return this.get(id, actor);
  }

  /**
   * An application, registered by CPI staff for an enrolled person. The rules (state, open window, enrolment,
   * duplicates) are the offer machine's, checked against the stored state and this person's application; the row
   * lock on the offer orders it against the close, so no application slips in after the ranking read them.
   */
  async aderisci(id: string, iscrittoId: string, actor: Actor, requestId?: string) {
    await this.find(id, actor);
    return this.repo.db.transaction(async (m) => {
      const [lock] = await m.query('SELECT stato_procedura FROM cm_offerte WHERE id = $1 FOR SHARE', [id]);
      const state = lock.stato_procedura as OffertaState;
      const iscritto = await this.repo.iscritto(state.ufficio, iscrittoId, m);
      const prec = await this.repo.adesione(m, id, iscrittoId);
      const proiezione: OffertaState = {
        ...state, adesioni: prec ? { [iscrittoId]: { iscrittoId, il: prec.aderitoIl.toISOString(), registrataDa: null, ...(prec.ritirataIl ? { ritirataIl: prec.ritirataIl.toISOString() } : {}) } } : {},
      };
      const enrolled = !!iscritto && !iscritto.trasferitoIl;
      const d = decideOfferta(proiezione, { type: 'adesione', actor, iscrittoId, iscritto: enrolled }, new Date());
      if (!d.ok) {
        const status = d.violations.some((v) => v.rule === 'adesione-duplicata') ? 409 : d.violations.some((v) => v.rule === 'stato-non-ammesso' || v.rule === 'finestra-chiusa') ? 409 : 422;
        const violations = d.violations.map((v) => (v.rule === 'non-iscritto' && !iscritto ? { ...v, message: `${iscrittoId} non è iscritto all'elenco L. 68/99 (collocamento mirato) di ${state.ufficio}: iscriverlo prima` } : v));
        throw refused('Adesione non ammessa', violations, status);
      }
      if (!(await this.repo.aderisci(m, id, iscrittoId, actor.sub))) throw refused('Adesione non ammessa', [{ rule: 'adesione-duplicata', field: 'iscrittoId', message: 'adesione già presente', found: iscrittoId }], 409);
      await this.audit.append(m, { actor, procedura: 'collocamento', entita: 'offerta', entitaId: id, azione: 'adesione', requestId, dopo: { iscrittoId } });
      return { offertaId: id, iscrittoId, stato: 'attiva' };
    });
  }

  async ritira(id: string, iscrittoId: string, actor: Actor, requestId?: string) {
    await this.find(id, actor);
    return this.repo.db.transaction(async (m) => {
      const [lock] = await m.query('SELECT stato_procedura FROM cm_offerte WHERE id = $1 FOR SHARE', [id]);
      const state = lock.stato_procedura as OffertaState;
      const prec = await this.repo.adesione(m, id, iscrittoId);
      const proiezione: OffertaState = { ...state, adesioni: prec && !prec.ritirataIl ? { [iscrittoId]: { iscrittoId, il: prec.aderitoIl.toISOString(), registrataDa: null } } : {} };
      const d = decideOfferta(proiezione, { type: 'ritiro', actor, iscrittoId }, new Date());
      if (!d.ok) throw refused('Ritiro non ammesso', d.violations, d.violations.some((v) => v.rule === 'adesione-inesistente') ? 404 : 409);
      await this.repo.ritira(m, id, iscrittoId);
      await this.audit.append(m, { actor, procedura: 'collocamento', entita: 'offerta', entitaId: id, azione: 'ritiro', requestId, dopo: { iscrittoId } });
      return { offertaId: id, iscrittoId, stato: 'ritirata' };
    });
  }

  /** The full graduatoria with each candidate's points by criterion and tie-break chain (CPI staff), a page at a time. */
  async graduatoria(id: string, actor: Actor, limit = 100, offset = 0) {
    const o = await this.find(id, actor);
    if (!isStaff(actor)) throw notFound(`graduatoria dell’offerta ${id}`);
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    if (!g) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non ancora calcolata', 'la graduatoria si calcola alla chiusura delle adesioni');
    const state = o.statoProcedura as unknown as OffertaState;
    return {
      hash: g.hash, versioneRegole: g.versioneRegole, pubblicata: !!state.graduatoria, formula: g.risultato.formula, dataRiferimento: g.dataRiferimento,
      totali: { idonei: g.risultato.idonei.length, esclusi: g.risultato.esclusi.length }, idonei: g.risultato.idonei.slice(offset, offset + limit),
      esclusi: g.risultato.esclusi.slice(offset, offset + limit),
    };
  }

  /**
   * The ranking as it would be now, computed live from the current applications and the registry (nothing is
   * stored): for operators while the window is open. The same computation the close runs, with the pack in force today.
   */
  async anteprima(id: string, actor: Actor, limit = 100, offset = 0) {
    const o = await this.find(id, actor);
    if (!isStaff(actor)) throw notFound(`graduatoria dell’offerta ${id}`);
    const oggi = new Date().toISOString().slice(0, 10);
    const regole = regoleGraduatoriaPerData(o.regione, oggi);
    if (!regole) throw new ProblemException(409, 'regole-mancanti', 'Regole di graduatoria mancanti', `nessun pacchetto di regole di graduatoria per ${o.regione} al ${oggi}`);
    const candidati = await this.repo.iscrittiAderenti(this.repo.db.manager, id);
    const g = calcolaGraduatoria({ offerta: o.offerta, candidati, regole, dataRiferimento: oggi, dataChiusura: oggi });
    return {
      anteprima: true, hash: hashGraduatoria(g), versioneRegole: regole.versione, dataRiferimento: oggi, formula: g.formula,
      totali: { candidati: candidati.length, idonei: g.idonei.length, esclusi: g.esclusi.length },
      // Both lists a page at a time (offset pages both), the excluded with the reasons, as in the stored graduatoria.
      idonei: g.idonei.slice(offset, offset + limit), esclusi: g.esclusi.slice(offset, offset + limit),
    };
  }

  async pubblica(id: string, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    if (!g) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non ancora calcolata', 'la graduatoria si calcola alla chiusura delle adesioni');
    const n = dimensioneRosaOfferta(o.offerta);
    await this.update(o, 'pubblicazioneGraduatoriaUpdate', {
      hash: g.hash, versioneRegole: g.versioneRegole, ordine: g.risultato.idonei.slice(0, n).map((v) => v.iscrittoId),
      totali: { idonei: g.risultato.idonei.length, esclusi: g.risultato.esclusi.length },
    }, actor, requestId);
    return this.get(id, actor);
  }

  /**
   * The stored inputs of the graduatoria, for a third party to recompute it: the offer and each applicant's data as
   * ranked, the rule pack itself, the dates and the hash, as canonical JSON (keys sorted, no whitespace). CPI staff,
   * dirigente and amministratore only: the applicants' data include health data.
   */
  async datiGraduatoria(id: string, actor: Actor): Promise<{ nome: string; json: string }> {
    const o = await this.find(id, actor);
    if (!isStaff(actor)) throw notFound(`graduatoria dell’offerta ${id}`);
    const g = await this.repo.graduatoria(o.id, { input: true });
    if (!g) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non ancora calcolata', 'la graduatoria si calcola alla chiusura delle adesioni');
    const regole = regoleGraduatoriaPerVersione(g.versioneRegole);
    return {
      nome: `graduatoria-${o.id}-dati.json`,
      json: canonicalJson({
        offertaId: o.id, regione: o.regione, versioneRegole: g.versioneRegole, regole: regole ?? null, dataRiferimento: g.dataRiferimento,
        dataChiusura: g.dataChiusura, offerta: g.inputOfferta, candidati: g.inputCandidati, hash: g.hash,
      }),
    };
  }

  /**
   * Recomputes the published graduatoria from its stored inputs (the offer, each applicant's data as ranked, the
   * rule pack of the recorded version) and compares the SHA-256 of its canonical form with the published one.
   */
  async verifica(id: string, actor: Actor) {
    const o = await this.find(id, actor);
    const state = o.statoProcedura as unknown as OffertaState;
    const g = await this.repo.graduatoria(o.id, { input: true });
    if (!g || !state.graduatoria) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non pubblicata', 'si verifica solo una graduatoria pubblicata');
    const regole = regoleGraduatoriaPerVersione(g.versioneRegole);
    if (!regole) return { corrisponde: false, motivo: `regole ${g.versioneRegole} non disponibili`, hashPubblicato: state.graduatoria.hash };
    let ricalcolato: string;
    try {
      ricalcolato = hashGraduatoria(calcolaGraduatoria({ offerta: g.inputOfferta, candidati: g.inputCandidati, regole, dataRiferimento: g.dataRiferimento, dataChiusura: g.dataChiusura }));
    } catch (e) {
      return { corrisponde: false, motivo: `i dati conservati non si possono graduare: ${(e as Error).message}`, hashPubblicato: state.graduatoria.hash, versioneRegole: g.versioneRegole };
    }
    const corrisponde = ricalcolato === state.graduatoria.hash && g.hash === state.graduatoria.hash;
    return {
      corrisponde, hashPubblicato: state.graduatoria.hash, hashRicalcolato: ricalcolato, versioneRegole: g.versioneRegole, candidati: g.inputCandidati.length,
      ...(corrisponde ? {} : { motivo: 'la graduatoria ricalcolata dai dati conservati differisce da quella pubblicata' }),
    };
  }

  async inviaRosa(id: string, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    const state = o.statoProcedura as unknown as OffertaState;
    const candidati = (state.graduatoria?.ordine ?? []).slice(0, dimensioneRosaOfferta(o.offerta));
    await this.update(o, 'rosaUpdate', { candidati }, actor, requestId);
    return this.rosa(id, actor);
  }

  /**
   * Another sending after negative outcomes: the next candidates of the stored graduatoria still eligible now, never
   * anyone sent before. The workflow reads them itself (the graduatoria and the registry) and sends those: nobody
   * names them.
   */
  async inviaRosaSuccessiva(id: string, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    await this.update(o, 'rosaSuccessivaUpdate', {}, actor, requestId);
    return this.rosa(id, actor);
  }

  /** The rosa as the employer sees it: position, compatibility and the required skills held; no health data. */
  async rosa(id: string, actor: Actor) {
    const o = await this.find(id, actor);
    const state = o.statoProcedura as unknown as OffertaState;
    if (!state.rosa) throw new ProblemException(409, 'stato-non-ammesso', 'Rosa non ancora inviata', 'la rosa si invia dopo la pubblicazione della graduatoria');
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    const inviati = new Set(state.rosa.candidati);
    const voci = new Map((g?.risultato.idonei ?? []).filter((v) => inviati.has(v.iscrittoId)).map((v) => [v.iscrittoId, v]));
    // Which sending each candidate came in: 1 the rosa, 2 the first later one, ...
    const invio = new Map<string, number>(state.rosa.candidati.map((c) => [c, 1]));
    (state.rosaSuccessive ?? []).forEach((r, i) => r.candidati.forEach((c) => invio.set(c, i + 2)));
    const perDatore = !isStaff(actor);
    return {
      offertaId: id, inviataIl: state.rosa.inviataIl, hashGraduatoria: state.graduatoria?.hash,
      candidati: state.rosa.candidati.map((c) => {
        const { iscrittoId, ...voce } = vistaDatore(voci.get(c)!);
        const esito = state.esiti.find((e) => e.iscrittoId === c)?.esito ?? null;
        return perDatore ? { candidato: riferimentoCandidato(id, iscrittoId), ...voce, esito, invio: invio.get(c) } : { iscrittoId, ...voce, esito, invio: invio.get(c) };
      }),
    };
  }

  /** An outcome: CPI staff name the person by registry id, the employer by the reference its rosa shows. */
  /** Who applied: the person (codice fiscale), their category, territory and employment status, when, by whom, and a withdrawal. */
  async adesioni(id: string, actor: Actor, limit = 100, offset = 0) {
    const o = await this.find(id, actor);
    if (!isStaff(actor)) throw notFound(`adesioni dell’offerta ${id}`);
    return this.repo.elencoAdesioni(o.id, limit, offset);
  }

  async annulla(id: string, motivo: string, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    await this.update(o, 'annullamentoUpdate', { motivo }, actor, requestId);
    return this.get(id, actor);
  }

  async esito(id: string, dto: EsitoDto, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    const rosa = (o.statoProcedura as unknown as OffertaState).rosa?.candidati ?? [];
    const iscrittoId = isStaff(actor) ? dto.iscrittoId : rosa.find((c) => riferimentoCandidato(id, c) === dto.iscrittoId) ?? dto.iscrittoId;
    if (!isStaff(actor) && (o.statoProcedura as unknown as OffertaState).esiti.some((e) => e.iscrittoId === iscrittoId)) {
      // Said here so the answer names the candidate by its reference, as the employer knows it.
      throw refused('Esito non ammesso', [{ rule: 'esito-duplicato', field: 'iscrittoId', message: "l'esito di questa persona è già registrato", found: dto.iscrittoId }], 409);
    }
    await this.update(o, 'esitoUpdate', { iscrittoId, esito: dto.esito, motivo: dto.motivo }, actor, requestId);
    return this.get(id, actor);
  }

  async rettificaEsito(id: string, dto: RettificaEsitoDto, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    await this.update(o, 'rettificaEsitoUpdate', { iscrittoId: dto.iscrittoId, esito: dto.esito, motivo: dto.motivo }, actor, requestId);
    return this.get(id, actor);
  }

  // ---- indicators -----------------------------------------------------------------------------------------------

  async indicatori(q: IndicatoriQuery, actor: Actor): Promise<{ contentType: string; body: string | Buffer; filename?: string } | object> {
    const cross = seesEveryOffice(actor);
    const rows = (await this.repo.offerte({ uffici: cross ? undefined : [actor.office] }, 100_000)).filter((o) => {
      const d = o.richiestaIl.toISOString().slice(0, 10);
      return (!q.dal || d >= q.dal) && (!q.al || d <= q.al);
    });
    const states = rows.map((o) => o.statoProcedura as unknown as OffertaState);
    const partecipanti = await this.repo.partecipanti(rows.map((o) => o.id));
    // Each office's people from its own list (ids are unique within an office only).
    const anagrafiche = new Map<string, Awaited<ReturnType<CollocamentoRepository['anagrafiche']>>>();
    for (const ufficio of new Set(states.map((s) => s.ufficio))) {
      const persone = [...new Set(states.filter((s) => s.ufficio === ufficio).flatMap((s) => partecipanti.get(s.offertaId)?.aderenti ?? []))];
      anagrafiche.set(ufficio, await this.repo.anagrafiche(ufficio, persone));
    }
    const righe = states.map((s) => rigaIndicatori(s, anagrafiche.get(s.ufficio)!, partecipanti.get(s.offertaId)));
    const raggruppa = (q.raggruppa ? q.raggruppa.split(',').filter(Boolean) : ['ufficio']) as Dimensione[];
    const tabella = calcolaIndicatori(righe, { raggruppa, periodo: q.periodo, isHoliday: this.festivi, giorniStandard: 5 });
    if (q.formato === 'csv') return { contentType: 'text/csv; charset=utf-8', body: indicatoriCsv(tabella), filename: 'indicatori-collocamento.csv' };
    if (q.formato === 'xlsx') {
      const wb = new ExcelJS.Workbook();
      wb.creator = 'workflow-engine';
      const ws = wb.addWorksheet('Indicatori');
      ws.columns = tabella.colonne.map((c) => ({ header: c.intestazione, key: c.chiave, width: Math.max(12, c.intestazione.length + 2) }));
      for (const r of tabella.righe) {
        ws.addRow(Object.fromEntries(tabella.colonne.map((c) => [c.chiave, c.tipo === 'centesimi' && typeof r[c.chiave] === 'number' ? (r[c.chiave] as number) / 100 : r[c.chiave]])));
      }
      ws.getRow(1).font = { bold: true };
      return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from(await wb.xlsx.writeBuffer()), filename: 'indicatori-collocamento.xlsx' };
    }
    return tabella;
  }
}

