import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Actor, RuleViolation, canSeeOffice, seesEveryOffice } from '@app/domain';
import { italianHolidays } from '@app/domain/calendar/festivita';
import type { Datore, Iscritto, Offerta } from '@app/domain/collocamento/collocamento.types';
import { calcolaGraduatoria, dimensioneRosaOfferta, hashGraduatoria, vistaDatore } from '@app/domain/collocamento/graduatoria';
import { regoleGraduatoriaPerData, regoleGraduatoriaPerVersione } from '@app/domain/collocamento/graduatoria.regole';
import { ErroreImport, importaDatori, importaIscritti } from '@app/domain/collocamento/import';
import { Dimensione, calcolaIndicatori, indicatoriCsv, rigaIndicatori } from '@app/domain/collocamento/indicatori';
import { OffertaState, decideOfferta, decideRichiesta } from '@app/domain/collocamento/offerta.machine';
import { quotaObbligo, scopertura } from '@app/domain/collocamento/quota';
import { scadenzeOfferta } from '@app/domain/collocamento/sla';
import { AppConfig, AuditTrail, CollocamentoRepository, DocumentsService, OffertaRow, StoredDocument, TemporalClientHolder } from '@app/infrastructure';
import * as messages from '../../../../workflows/offerta/offerta.messages';
import { OffertaWorkflowInput, offertaWorkflowId } from '../../../../workflows/offerta/offerta.types';
import { ProblemException, notFound } from '../common/problem';
import { violationsToErrors } from '../common/problem.filter';
import { CongruitaDto, EsitoDto, IndicatoriQuery, OffertaDto } from './collocamento.dto';

type UpdateName = Exclude<keyof typeof messages, 'statoOffertaQuery'>;
const CPI_ROLES = ['operatore', 'responsabile', 'dirigente', 'amministratore'];
const MAX_CSV_BYTES = 64 * 1024 * 1024;

const refused = (title: string, violations: RuleViolation[], status = 422) =>
  new ProblemException(status, 'regola-violata', title, violations.map((v) => v.message).join('; '), violationsToErrors(violations));
const isStaff = (a: Actor) => a.roles.some((r) => CPI_ROLES.includes(r));

async function leggiTutto(body: Readable, max: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.resume();
      throw new ProblemException(413, 'dimensione-massima', 'File troppo grande', `the CSV exceeds ${max} bytes`);
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
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
    this.festivi = italianHolidays(config.COLLOCAMENTO_PATRONI ? config.COLLOCAMENTO_PATRONI.split(',') : []);
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
      throw refused('Tipo di importazione non ammesso', [{ rule: 'valore-ammesso', field: 'tipo', message: 'tipo must be iscritti or datori', found: tipo, limit: ['iscritti', 'datori'] }]);
    }
    const text = await leggiTutto(body, MAX_CSV_BYTES);
    let records: Record<string, string>[];
    try {
      records = parse(text, { columns: true, delimiter: [';', ','], bom: true, trim: true, skip_empty_lines: true, relax_column_count: false });
    } catch (e) {
      throw new ProblemException(422, 'csv-non-valido', 'CSV non leggibile', (e as Error).message, [{ field: 'file', rule: 'formato', message: (e as Error).message }]);
    }
    return this.registra(tipo, records, actor, requestId);
  }

  async registra(tipo: 'iscritti' | 'datori', records: Record<string, string>[], actor: Actor, requestId?: string) {
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
        if (!canSeeOffice(actor, r.ufficio)) errori.push({ riga: rigaDi(r), campo: 'ufficio', regola: 'non-ammesso', messaggio: `only your office (${actor.office}) can enrol people` });
      }
    }
    return this.repo.db.transaction(async (m) => {
      const gia = await this.repo.esistenti(m, tipo === 'iscritti' ? 'cm_iscritti' : 'cm_datori', validi.map((v) => v.id), validi.map((v) => v.codiceFiscale));
      const ids = new Set(gia.map((g) => g.id));
      const cfs = new Set(gia.map((g) => g.cf));
      for (const v of validi) {
        if (ids.has(v.id) || cfs.has(v.codiceFiscale)) {
          errori.push({ riga: rigaDi(v), campo: 'codice_fiscale', regola: 'duplicato', messaggio: `${v.codiceFiscale} is already registered` });
        }
      }
      if (errori.length) {
        errori.sort((a, b) => a.riga - b.riga || a.campo.localeCompare(b.campo));
        throw new ProblemException(422, 'importazione-rifiutata', 'Importazione rifiutata', `${errori.length} error(s) in ${new Set(errori.map((e) => e.riga)).size} row(s): nothing was imported`,
          errori.map((e) => ({ field: `riga ${e.riga}: ${e.campo}`, rule: e.regola, message: e.messaggio, found: e.riga })));
      }
      if (tipo === 'iscritti') await this.repo.inserisciIscritti(m, validi as Iscritto[], actor.sub);
      else await this.repo.inserisciDatori(m, validi as Datore[], actor.sub);
      await this.audit.append(m, {
        actor, procedura: 'collocamento', entita: tipo, entitaId: randomUUID(), azione: 'importati', requestId,
        dopo: { righe: validi.length, ids: validi.slice(0, 1000).map((v) => v.id) },
      });
      return { importati: validi.length, ids: validi.map((v) => v.id) };
    });
  }

  /** A person's record, for CPI staff of their office (it holds health data). */
  async iscritto(id: string, actor: Actor) {
    const i = await this.repo.iscritto(id);
    if (!i || !canSeeOffice(actor, i.ufficio)) throw notFound(`iscritto ${id}`);
    return i;
  }

  /** The relazione conclusiva (medical report) as a document; the compatibility notes stay data on the record. */
  async caricaRelazione(id: string, nomeFile: string, body: Readable, actor: Actor, requestId?: string): Promise<StoredDocument> {
    const i = await this.iscritto(id, actor).catch((e) => {
      body.resume();
      throw e;
    });
    const doc = await this.documents.upload({ procedura: 'collocamento', entitaId: id, ufficio: i.ufficio, tipo: 'relazione-conclusiva', nomeFile, actor, requestId }, body);
    await this.repo.allegaRelazione(id, doc.id, doc.sha256);
    return doc;
  }

  async datore(id: string) {
    const d = await this.repo.datore(id);
    if (!d) throw notFound(`datore ${id}`);
    return { ...d, quota: quotaObbligo(d.dipendentiComputabili), scopertura: scopertura(d) };
  }

  // ---- offers ---------------------------------------------------------------------------------------------------

  private async find(id: string, actor: Actor): Promise<OffertaRow> {
    const o = await this.repo.offerta(id);
    const mine = o && (canSeeOffice(actor, o.ufficio) && (isStaff(actor) || o.datoreId === actor.sub));
    if (!o || !mine) throw notFound(`offerta ${id}`);
    return o;
  }

  /** An employer's request, entered by the CPI or by the employer: checked, stored, and its procedure started. */
  async crea(dto: OffertaDto, actor: Actor, requestId?: string) {
    if (!(await this.repo.datore(dto.datoreId))) throw refused('Datore non registrato', [{ rule: 'datore-sconosciuto', field: 'datoreId', message: 'register the employer first', found: dto.datoreId }]);
    const id = randomUUID();
    const now = new Date();
    const offerta: Offerta = {
      id, datoreId: dto.datoreId, ufficio: actor.office, territorio: dto.territorio, profilo: dto.profilo, mansioni: dto.mansioni, luogo: dto.luogo,
      contratto: dto.contratto as Offerta['contratto'], ...(dto.durataMesi !== undefined ? { durataMesi: dto.durataMesi } : {}), oreSettimanali: dto.oreSettimanali,
      posti: dto.posti, competenzeRichieste: dto.competenzeRichieste, categoria: dto.categoria as Offerta['categoria'], dimensioneRosa: dto.dimensioneRosa ?? 3,
      dataRichiesta: now.toISOString().slice(0, 10),
    };
    const sla = scadenzeOfferta({ richiestaIl: now.toISOString() }, {
      giorniStandard: 5, avvisoDopoGiorni: 3, patroni: this.festivi, unitaMs: this.config.COLLOCAMENTO_UNITA_GIORNO_MS, origine: 'richiesta',
    });
    const d = decideRichiesta(offerta, actor, now, sla);
    if (!d.ok) throw refused('Richiesta non valida', d.violations);
    const state: OffertaState = { ...d.value.state, adesioniEsterne: true };
    await this.repo.db.transaction(async (m) => {
      await this.repo.creaOfferta(m, { id, workflowId: offertaWorkflowId(id), ufficio: actor.office, regione: dto.regione ?? 'piemonte', datoreId: dto.datoreId, stato: state.stato, offerta, statoProcedura: state as unknown as Record<string, unknown>, creataDa: actor.sub, slaScadenza: sla.scadenza });
      await this.audit.append(m, {
        actor, procedura: 'collocamento', entita: 'offerta', entitaId: id, azione: 'richiesta', requestId, dopo: { offerta: offerta as unknown as Record<string, unknown>, slaScadenza: sla.scadenza },
        idempotencyKey: `offerta:${id}:richiesta`,
      });
    });
    const input: OffertaWorkflowInput = { offertaId: id, state, promemoriaEsitiMs: this.config.COLLOCAMENTO_PROMEMORIA_ESITI_GIORNI * this.config.COLLOCAMENTO_UNITA_GIORNO_MS };
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
    if (!isStaff(actor)) return { ...base, rosa: state.rosa ? { inviataIl: state.rosa.inviataIl, candidati: state.rosa.candidati } : null, esiti: state.esiti.map(({ iscrittoId, esito }) => ({ iscrittoId, esito })) };
    const timeline = await this.audit.list({ entitaId: id });
    return {
      ...base, procedura: { ...state, adesioni: undefined }, creataDa: o.creataDa,
      timeline: timeline.map((a) => ({ il: a.registratoIl, chi: a.attore, cosa: a.azione, perche: a.motivazione, prima: a.prima, dopo: a.dopo })),
    };
  }

  async list(actor: Actor) {
    const cross = seesEveryOffice(actor);
    const rows = await this.repo.offerte(isStaff(actor) ? { uffici: cross ? undefined : [actor.office] } : { uffici: [actor.office], datoreId: actor.sub });
    return rows.map((o) => ({ id: o.id, ufficio: o.ufficio, stato: o.stato, datoreId: o.datoreId, profilo: o.offerta.profilo, richiestaIl: o.richiestaIl.toISOString(), slaScadenza: o.slaScadenza, slaViolata: o.slaViolata }));
  }

  private async update(o: OffertaRow, update: UpdateName, args: Record<string, unknown>, actor: Actor, requestId?: string) {
    await this.temporal.client.workflow.getHandle(o.workflowId).executeUpdate(messages[update] as never, { args: [{ ...args, actor, requestId }] } as never);
  }

  async congruita(id: string, dto: CongruitaDto, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    const finestra = dto.esito === 'congrua' ? { apertaIl: new Date().toISOString(), chiudeIl: dto.chiusuraAdesioni ?? '' } : undefined;
    await this.update(o, 'congruitaUpdate', { esito: dto.esito, motivo: dto.motivo, finestra }, actor, requestId);
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
      const iscritto = await this.repo.iscritto(iscrittoId, m);
      const prec = await this.repo.adesione(m, id, iscrittoId);
      const proiezione: OffertaState = {
        ...state, adesioni: prec ? { [iscrittoId]: { iscrittoId, il: prec.aderitoIl.toISOString(), registrataDa: null, ...(prec.ritirataIl ? { ritirataIl: prec.ritirataIl.toISOString() } : {}) } } : {},
      };
      const enrolled = !!iscritto && iscritto.ufficio === state.ufficio;
      const d = decideOfferta(proiezione, { type: 'adesione', actor, iscrittoId, iscritto: enrolled }, new Date());
      if (!d.ok) {
        const status = d.violations.some((v) => v.rule === 'adesione-duplicata') ? 409 : d.violations.some((v) => v.rule === 'stato-non-ammesso' || v.rule === 'finestra-chiusa') ? 409 : 422;
        const violations = d.violations.map((v) => (v.rule === 'non-iscritto' && !iscritto ? { ...v, message: `${iscrittoId} is not enrolled in the L. 68/99 list (collocamento mirato) of ${state.ufficio}: enrol them first` } : v));
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
    if (!isStaff(actor)) throw notFound(`graduatoria of ${id}`);
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    if (!g) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non ancora calcolata', 'the graduatoria is computed when applications close');
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
  async anteprima(id: string, actor: Actor, testa = 20) {
    const o = await this.find(id, actor);
    if (!isStaff(actor)) throw notFound(`graduatoria of ${id}`);
    const oggi = new Date().toISOString().slice(0, 10);
    const regole = regoleGraduatoriaPerData(o.regione, oggi);
    if (!regole) throw new ProblemException(409, 'regole-mancanti', 'Regole di graduatoria mancanti', `no ranking rule pack for ${o.regione} on ${oggi}`);
    const candidati = await this.repo.iscrittiAderenti(this.repo.db.manager, id);
    const g = calcolaGraduatoria({ offerta: o.offerta, candidati, regole, dataRiferimento: oggi, dataChiusura: oggi });
    return {
      anteprima: true, hash: hashGraduatoria(g), versioneRegole: regole.versione, dataRiferimento: oggi, formula: g.formula,
      totali: { candidati: candidati.length, idonei: g.idonei.length, esclusi: g.esclusi.length }, idonei: g.idonei.slice(0, testa),
    };
  }

  async pubblica(id: string, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    if (!g) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non ancora calcolata', 'the graduatoria is computed when applications close');
    const n = dimensioneRosaOfferta(o.offerta);
    await this.update(o, 'pubblicazioneGraduatoriaUpdate', {
      hash: g.hash, versioneRegole: g.versioneRegole, ordine: g.risultato.idonei.slice(0, n).map((v) => v.iscrittoId),
      totali: { idonei: g.risultato.idonei.length, esclusi: g.risultato.esclusi.length },
    }, actor, requestId);
    return this.get(id, actor);
  }

  /**
   * Recomputes the published graduatoria from its stored inputs (the offer, each applicant's data as ranked, the
   * rule pack of the recorded version) and compares the SHA-256 of its canonical form with the published one.
   */
  async verifica(id: string, actor: Actor) {
    const o = await this.find(id, actor);
    const state = o.statoProcedura as unknown as OffertaState;
    const g = await this.repo.graduatoria(o.id, { input: true });
    if (!g || !state.graduatoria) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non pubblicata', 'only a published graduatoria can be verified');
    const regole = regoleGraduatoriaPerVersione(g.versioneRegole);
    if (!regole) return { corrisponde: false, motivo: `rule pack ${g.versioneRegole} not available`, hashPubblicato: state.graduatoria.hash };
    let ricalcolato: string;
    try {
      ricalcolato = hashGraduatoria(calcolaGraduatoria({ offerta: g.inputOfferta, candidati: g.inputCandidati, regole, dataRiferimento: g.dataRiferimento, dataChiusura: g.dataChiusura }));
    } catch (e) {
      return { corrisponde: false, motivo: `stored inputs cannot be ranked: ${(e as Error).message}`, hashPubblicato: state.graduatoria.hash, versioneRegole: g.versioneRegole };
    }
    const corrisponde = ricalcolato === state.graduatoria.hash && g.hash === state.graduatoria.hash;
    return {
      corrisponde, hashPubblicato: state.graduatoria.hash, hashRicalcolato: ricalcolato, versioneRegole: g.versioneRegole, candidati: g.inputCandidati.length,
      ...(corrisponde ? {} : { motivo: 'the graduatoria recomputed from the stored inputs differs from the published one' }),
    };
  }

  async inviaRosa(id: string, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    const state = o.statoProcedura as unknown as OffertaState;
    const candidati = (state.graduatoria?.ordine ?? []).slice(0, dimensioneRosaOfferta(o.offerta));
    await this.update(o, 'rosaUpdate', { candidati }, actor, requestId);
    return this.rosa(id, actor);
  }

  /** The rosa as the employer sees it: position, compatibility and the required skills held; no health data. */
  async rosa(id: string, actor: Actor) {
    const o = await this.find(id, actor);
    const state = o.statoProcedura as unknown as OffertaState;
    if (!state.rosa) throw new ProblemException(409, 'stato-non-ammesso', 'Rosa non ancora inviata', 'the rosa is sent after the graduatoria is published');
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    const voci = new Map((g?.risultato.idonei ?? []).slice(0, state.rosa.candidati.length).map((v) => [v.iscrittoId, v]));
    return {
      offertaId: id, inviataIl: state.rosa.inviataIl, hashGraduatoria: state.graduatoria?.hash,
      candidati: state.rosa.candidati.map((c) => ({ ...vistaDatore(voci.get(c)!), esito: state.esiti.find((e) => e.iscrittoId === c)?.esito ?? null })),
    };
  }

  async esito(id: string, dto: EsitoDto, actor: Actor, requestId?: string) {
    const o = await this.find(id, actor);
    await this.update(o, 'esitoUpdate', { iscrittoId: dto.iscrittoId, esito: dto.esito, motivo: dto.motivo }, actor, requestId);
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
    const persone = [...new Set([...partecipanti.values()].flatMap((p) => p.aderenti))];
    const anagrafica = await this.repo.anagrafiche(persone);
    const righe = states.map((s) => rigaIndicatori(s, anagrafica, partecipanti.get(s.offertaId)));
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

