import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Actor, RuleViolation, actsFor, canSeeOffice, isExternal, seesEveryOffice } from '@app/domain';
import { ProgettoFormativo, TipoDocumentoTirocinio, GIORNI_DECISIONE, calcolaIndicatoriTirocini, prossimaAzione } from '@app/domain/tirocini';
import { DOCUMENTI_CARICABILI, STATI_MODIFICABILI, campiFissiCambiati, statiCaricamento } from '@app/domain/tirocini/modifiche';
import { Orologio, oggi } from '@app/domain/tirocini/orologio';
import {
  AppConfig,
  AuditTrail,
  ColonneProgetto,
  DocumentsService,
  SoggettiRepository,
  StoredDocument,
  TirociniRepository,
  TirocinioRow,
} from '@app/infrastructure';
import type { EntityManager } from 'typeorm';
import { tirocinioWorkflowId } from '../../../../workflows/tirocini/tirocinio.types';
import { leggiCursoreIstante, pagina } from '../common/paginazione';
import { ProblemException, notFound } from '../common/problem';
import { RegistroTirociniService } from './registro-tirocini.service';
import { TirocinantiService } from './tirocinanti.service';
import { BozzaDto, ElencoTirociniQuery, PeriodoQuery } from './tirocini.dto';
import { rifiuto } from '../common/rifiuto';

export const stateConflict = (found: string, allowed: string[], what: string) =>
  new ProblemException(409, 'stato-non-ammesso', 'Operazione non ammessa nello stato attuale', `${what}: ammesso solo nello stato ${allowed.join(', ')}`, [
    { field: 'stato', rule: 'stato-non-ammesso', message: `${what}: ammesso solo nello stato ${allowed.join(', ')}`, found, limit: allowed },
  ]);

/** Drafts and the reading views of tirocini; the procedure's steps once submitted are ProceduraTirociniService's. */
@Injectable()
export class TirociniService {
  constructor(
    private readonly repo: TirociniRepository,
    private readonly soggettiRepo: SoggettiRepository,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
    private readonly config: AppConfig,
    private readonly registro: RegistroTirociniService,
    private readonly tirocinanti: TirocinantiService,
  ) {}

  /**
   * Whether the caller is on the practice: staff of its office (or a role that sees every office); an external user
   * acting for its promotore (with the promotore role) or its ospitante (with the ospitante role).
   */
  static parte(r: Pick<TirocinioRow, 'ufficio' | 'codiciPromotore' | 'codiciOspitante'>, actor: Actor): boolean {
    if (!canSeeOffice(actor, r.ufficio)) return false;
    if (!isExternal(actor)) return true;
    return (
      (actor.roles.includes('promotore') && actsFor(actor, ...r.codiciPromotore)) || (actor.roles.includes('ospitante') && actsFor(actor, ...r.codiciOspitante))
    );
  }

  /** The practice, if the caller is on it (see `parte`); any other is not found, exactly like a missing one. */
  async trova(id: string, actor: Actor, m?: EntityManager, lock = false): Promise<TirocinioRow> {
    const r = await this.repo.tirocinio(id, m, lock);
    if (!r || !TirociniService.parte(r, actor)) throw notFound(`tirocinio ${id}`);
    return r;
  }

  /**
   * Checks every reference of the draft exists, fits (site of the host, tutors of each side, a trainee of the site's
   * office) and is one the caller may use (an external promotore only itself, and the hosts, trainees and
   * convenzioni it sees); returns the site. What the caller may not use is answered as not registered.
   */
  async risolvi(p: BozzaDto['progetto'], actor: Actor) {
    const r = await this.riferimenti(p, actor);
    if (r.violazioni.length) throw rifiuto('Riferimenti non validi', r.violazioni);
    return { sede: r.sede!, tirocinante: r.tirocinante! };
  }

  /** What `risolvi` checks, with the violations returned (named under `campo`) and each record read once per `memo`. */
  async riferimenti(p: BozzaDto['progetto'], actor: Actor, campo = 'progetto', memo?: Map<string, Promise<unknown>>) {
    // A batch (the migration import) reads each registry record once: the same host, site and tutors recur.
    const una = <T>(k: string, f: () => Promise<T>): Promise<T> => {
      if (!memo) return f();
      if (!memo.has(k)) memo.set(k, f());
      return memo.get(k) as Promise<T>;
    };
    const [promotore, ospitante, sede, tirocinante, tutorOsp, tutorPro, conv] = await Promise.all([
      una(`soggetto:${p.promotoreId}`, () => this.soggettiRepo.soggetto(p.promotoreId)),
      una(`ospitante:${p.ospitanteId}`, () => this.registro.soggettoVisibile(p.ospitanteId, actor)),
      una(`sede:${p.sedeId}`, () => this.soggettiRepo.sede(p.sedeId)),
      una(`tirocinante:${p.tirocinanteId}`, () => this.tirocinanti.tirocinanteVisibile(p.tirocinanteId, actor)),
      una(`tutor:${p.tutorOspitanteId}`, () => this.soggettiRepo.tutor(p.tutorOspitanteId)),
      una(`tutor:${p.tutorPromotoreId}`, () => this.soggettiRepo.tutor(p.tutorPromotoreId)),
      p.convenzioneId ? una(`convenzione:${p.convenzioneId}`, () => this.registro.convenzioneVisibile(p.convenzioneId!, actor)) : Promise.resolve(null),
    ]);
    const v: RuleViolation[] = [];
    const ref = (ok: boolean, field: string, message: string, found: unknown) =>
      ok || v.push({ rule: 'riferimento-non-valido', field: `${campo}.${field}`, message, found });
    const promotoreProprio = !isExternal(actor) || (!!promotore && actsFor(actor, promotore.codiceFiscale, promotore.partitaIva));
    ref(promotore?.ruolo === 'promotore' && promotoreProprio, 'promotoreId', 'non è un soggetto promotore registrato', p.promotoreId);
    ref(ospitante?.ruolo === 'ospitante', 'ospitanteId', 'non è un soggetto ospitante registrato', p.ospitanteId);
    ref(!!sede && sede.soggettoId === p.ospitanteId, 'sedeId', "non è una sede dell'ospitante", p.sedeId);
    ref(
      !!tirocinante && (!sede || tirocinante.ufficio === sede.cpi),
      'tirocinanteId',
      "non è un tirocinante registrato nell'ufficio della sede",
      p.tirocinanteId,
    );
    ref(tutorOsp?.soggettoId === p.ospitanteId, 'tutorOspitanteId', "non è un tutor dell'ospitante", p.tutorOspitanteId);
    ref(tutorPro?.soggettoId === p.promotoreId, 'tutorPromotoreId', 'non è un tutor del promotore', p.tutorPromotoreId);
    if (p.convenzioneId) ref(!!conv, 'convenzioneId', 'non è una convenzione registrata', p.convenzioneId);
    return { violazioni: v, sede, tirocinante };
  }

  colonne(p: BozzaDto['progetto'], sede: { cpi: string; regione: string }, svantaggiato: boolean): ColonneProgetto {
    const progetto: ProgettoFormativo = { ...p, svantaggiato, dichiarazioni: { ...p.dichiarazioni } };
    return {
      ufficio: sede.cpi,
      regione: sede.regione,
      promotoreId: p.promotoreId,
      ospitanteId: p.ospitanteId,
      sedeId: p.sedeId,
      tirocinanteId: p.tirocinanteId,
      tutorOspitanteId: p.tutorOspitanteId,
      tutorPromotoreId: p.tutorPromotoreId,
      dataInizio: p.dataInizio,
      dataFine: p.dataFine,
      progetto,
    };
  }

  async creaBozza(dto: BozzaDto, actor: Actor, requestId?: string) {
    const { sede, tirocinante } = await this.risolvi(dto.progetto, actor);
    if (!canSeeOffice(actor, sede.cpi)) {
      throw rifiuto('Ufficio non competente', [
        {
          rule: 'ufficio-competente',
          field: 'progetto.sedeId',
          message: `la sede è di ${sede.cpi}, non del tuo ufficio ${actor.office}`,
          found: actor.office,
          limit: sede.cpi,
        },
      ]);
    }
    const id = randomUUID();
    await this.repo.transazione(async (m) => {
      await this.repo.creaTirocinio(m, {
        id,
        workflowId: tirocinioWorkflowId(id),
        ...this.colonne(dto.progetto, sede, tirocinante.svantaggiato),
        creatoDa: actor.sub,
      });
      await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: 'tirocinio',
        entitaId: id,
        azione: 'bozza-creata',
        requestId,
        dopo: { progetto: dto.progetto },
      });
    });
    return this.dettaglio(id, actor);
  }

  async aggiornaBozza(id: string, dto: BozzaDto, actor: Actor, requestId?: string) {
    await this.trova(id, actor);
    const { sede, tirocinante } = await this.risolvi(dto.progetto, actor);
    await this.repo.transazione(async (m) => {
      const r = await this.trova(id, actor, m, true);
      if (!(STATI_MODIFICABILI as readonly string[]).includes(r.stato)) throw stateConflict(r.stato, [...STATI_MODIFICABILI], 'la modifica del progetto');
      if (r.stato === 'integrazioni-richieste') {
        const cambiati = campiFissiCambiati(r.progetto, dto.progetto);
        if (cambiati.length) {
          throw rifiuto(
            'Campi non modificabili in integrazione',
            cambiati.map((k) => ({
              field: `progetto.${k}`,
              rule: 'campo-fissato-all-invio',
              message: 'parti, date e ore sono fissate all’invio: per cambiarle la pratica va respinta e ne va inviata una nuova',
              found: dto.progetto[k],
              limit: r.progetto[k],
            })),
            `${cambiati.join(', ')}: non modificabili durante un’integrazione`,
          );
        }
      }
      if (sede.cpi !== r.ufficio)
        throw rifiuto('Ufficio non competente', [
          {
            rule: 'sede-non-competente',
            field: 'progetto.sedeId',
            message: `la pratica è di ${r.ufficio}: scegliere una sede di quell’ufficio`,
            found: sede.cpi,
            limit: r.ufficio,
          },
        ]);
      await this.repo.aggiornaProgetto(m, id, this.colonne(dto.progetto, sede, tirocinante.svantaggiato), actor.sub);
      await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: 'tirocinio',
        entitaId: id,
        azione: 'progetto-modificato',
        requestId,
        prima: { progetto: r.progetto },
        dopo: { progetto: dto.progetto },
      });
    });
    return this.dettaglio(id, actor);
  }

  /** A document of the practice; `firmato` records the uploader's declaration that the parties signed it. */
  async caricaDocumento(
    id: string,
    tipo: string,
    firmato: boolean,
    nomeFile: string,
    body: Readable,
    actor: Actor,
    requestId?: string,
  ): Promise<StoredDocument> {
    const r = await this.trova(id, actor);
    if (!(DOCUMENTI_CARICABILI as readonly string[]).includes(tipo)) {
      body.resume();
      throw rifiuto('Tipo di documento non ammesso', [
        { rule: 'tipo-documento', field: 'tipo', message: `tipo: uno tra ${DOCUMENTI_CARICABILI.join(', ')}`, found: tipo, limit: DOCUMENTI_CARICABILI },
      ]);
    }
    const allowed: string[] = [...statiCaricamento(tipo as TipoDocumentoTirocinio)];
    if (!allowed.includes(r.stato)) {
      body.resume();
      throw stateConflict(r.stato, allowed, `il caricamento di ${tipo}`);
    }
    const doc = await this.documents.upload(
      { procedura: 'tirocini', entitaId: id, ufficio: r.ufficio, tipo, nomeFile, actor, requestId, firmato, esamina: true },
      body,
    );
    await this.repo.transazione(async (m) => {
      await this.repo.tirocinio(id, m, true);
      await this.repo.segnaModifica(m, id, actor.sub, { tipo, firmato });
    });
    return doc;
  }

  /**
   * Deletes a draft never submitted, with its documents (rows now, bytes right after; the reconciliation removes any
   * the deletion missed). The audit trail keeps that it existed, who deleted it and when.
   */
  async eliminaBozza(id: string, actor: Actor, requestId?: string): Promise<void> {
    const chiavi = await this.repo.transazione(async (m) => {
      const r = await this.trova(id, actor, m, true);
      if (r.stato !== 'bozza') throw stateConflict(r.stato, ['bozza'], "l'eliminazione (una richiesta inviata si ritira: POST .../ritiro)");
      const docs = await this.repo.eliminaBozza(m, id);
      await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: 'tirocinio',
        entitaId: id,
        azione: 'bozza-eliminata',
        requestId,
        prima: { stato: r.stato, promotoreId: r.promotoreId, ospitanteId: r.ospitanteId, tirocinanteId: r.tirocinanteId, dataInizio: r.dataInizio },
        dopo: { documentiEliminati: docs.map((d) => d.id) },
      });
      return docs.map((d) => d.storageKey);
    });
    for (const key of chiavi) await this.documents.scarta({ key }).catch(() => undefined);
  }

  orologio(r: TirocinioRow): Orologio {
    return { unitaMs: this.config.TIROCINI_UNITA_GIORNO_MS, origine: (r.inviataIl ?? r.creatoIl).toISOString() };
  }

  async dettaglio(id: string, actor: Actor) {
    const r = await this.trova(id, actor);
    // Each version with its own declaration (who declared it signed, when); one uploaded before declarations were kept per version has none.
    const documenti = (await this.documents.listFor({ procedura: 'tirocini', entitaId: id })).map((d) => ({ ...d, firmato: d.firma?.firmato === true }));
    // Its own steps, and the uploads of its documents (recorded under each document, with the practice as owner).
    const timeline = await this.audit.timeline({ entitaId: id, documenti: true }, 2000);
    const state = r.statoProcedura;
    // The host's head count (controlloSede, recorded with each check of its limit) is the host's and the offices'
    // to read: a promotore sees the practice's steps without it (docs/accesso.md).
    const vedeOrganico = !isExternal(actor) || (actor.roles.includes('ospitante') && actsFor(actor, ...r.codiciOspitante));
    const dopo = (x: unknown) => {
      if (vedeOrganico || !x || typeof x !== 'object' || !('controlloSede' in x)) return x;
      const { controlloSede: _organico, ...resto } = x as Record<string, unknown>;
      return resto;
    };
    return this.vista(actor, {
      id: r.id,
      ufficio: r.ufficio,
      regione: r.regione,
      stato: r.stato,
      versioneRegole: r.versioneRegole,
      progetto: r.progetto,
      dataInizio: r.dataInizio,
      /** The date on the procedure's clock (the calendar date unless TIROCINI_UNITA_GIORNO shrinks the day). */
      oggi: oggi(this.orologio(r), new Date()),
      dataFine: r.dataFine,
      prossimaAzione: state ? (prossimaAzione(state) ?? null) : { azione: 'invio', chi: 'operatore o promotore' },
      documenti,
      procedura: state,
      timeline: timeline.map((a) => ({
        il: a.registratoIl,
        chi: a.attore,
        ruoli: a.ruoli,
        cosa: a.azione === 'caricato' ? `documento-caricato` : a.azione,
        perche: a.motivazione,
        prima: a.prima,
        dopo: dopo(a.dopo),
      })),
      creatoDa: r.creatoDa,
      creatoIl: r.creatoIl.toISOString(),
      ultimaModificaDa: r.ultimaModificaDa,
      versione: r.versione,
    });
  }

  /**
   * The practice as the caller may see it: a host (an external user on the ospitante side only) does not learn
   * whether the trainee is disabled or disadvantaged, wherever the practice mentions it.
   */
  private vista<T>(actor: Actor, v: T): T {
    if (!isExternal(actor) || actor.roles.includes('promotore')) return v;
    const senza = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(senza);
      if (x && typeof x === 'object' && !(x instanceof Date))
        return Object.fromEntries(
          Object.entries(x)
            .filter(([k]) => k !== 'svantaggiato')
            .map(([k, y]) => [k, senza(y)]),
        );
      return x;
    };
    return senza(v) as T;
  }

  /** Newest first, a page at a time: after the cursor `dopo` (keyset), or skipping `offset` (old clients). */
  async elenco(q: ElencoTirociniQuery, actor: Actor) {
    if (q.dopo && q.offset)
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'offset e dopo insieme', [
        { field: 'offset', rule: 'parametri-alternativi', message: 'offset: non insieme a dopo, che indica già da dove continuare' },
      ]);
    const cross = seesEveryOffice(actor);
    const uffici = q.ufficio ? (canSeeOffice(actor, q.ufficio) ? [q.ufficio] : []) : cross ? undefined : [actor.office];
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const parte = isExternal(actor)
      ? { codice: actor.soggetto!, come: (['promotore', 'ospitante'] as const).filter((c) => actor.roles.includes(c)) }
      : undefined;
    const { totale, totaleCompleto, righe } = await this.repo.lista(
      {
        uffici,
        stato: q.stato,
        ospitanteId: q.ospitante,
        promotoreId: q.promotore,
        scadenzaEntro: q.scadenzaEntro,
        tirocinanteCodiceFiscale: q.tirocinante,
        parte,
      },
      { dopo: q.dopo ? leggiCursoreIstante(q.dopo) : undefined, offset, limit: limit + 1 },
    );
    const { elementi, successivo } = pagina(righe, limit, (r) => [r.istante, r.id]);
    return { totale, totaleCompleto, limit, offset, elementi: elementi.map((r) => this.riassunto(r)), successivo: successivo ?? null };
  }

  private riassunto(r: TirocinioRow) {
    const state = r.statoProcedura;
    return {
      id: r.id,
      ufficio: r.ufficio,
      stato: r.stato,
      ospitanteId: r.ospitanteId,
      promotoreId: r.promotoreId,
      tirocinanteId: r.tirocinanteId,
      // Names, so a list reads without opening every practice (the callers are parties to it or the office's staff).
      ospitante: r.nomeOspitante,
      promotore: r.nomePromotore,
      tirocinante: r.nomeTirocinante,
      dataInizio: r.dataInizio,
      dataFine: r.dataFine,
      scadenza: r.scadenza,
      prossimaAzione: state ? (prossimaAzione(state) ?? null) : null,
      inviataIl: r.inviataIl?.toISOString() ?? null,
    };
  }

  /** The responsabile's inbox: practices of their office waiting for a decision, oldest deadline first. */
  async daDecidere(actor: Actor) {
    return (await this.repo.inbox(actor.office)).map((r) => this.riassunto(r));
  }

  async indicatori(q: PeriodoQuery, actor: Actor) {
    const cross = seesEveryOffice(actor);
    const righe = await this.repo.righeIndicatori(cross ? undefined : [actor.office]);
    return calcolaIndicatoriTirocini(righe, { dal: q.dal, al: q.al }, q.standardGiorni ?? GIORNI_DECISIONE);
  }
}
