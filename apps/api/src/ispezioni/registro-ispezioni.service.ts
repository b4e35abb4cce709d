import { Injectable, Logger } from '@nestjs/common';
import { Actor, RuleViolation, canSeeOffice } from '@app/domain';
import { PoliticaIspettorato, politicaIspettorato } from '@app/domain/ispezioni/politica';
import { AuditTrail, IspettoriRepository, RichiesteRepository, TemporalClientHolder } from '@app/infrastructure';
import { riprovaSorteggioSignal } from '../../../../workflows/ispezioni/ispezione.messages';
import { ProblemException, notFound } from '../common/problem';
import { violationsToErrors } from '../common/problem.filter';
import { AssenzaDto, AziendaDto, ConflittiQuery, ConflittoDto, IspettoratoDto, IspettoreDto, RevocaConflittoDto } from './registro-ispezioni.dto';
import { rifiuto } from '../common/rifiuto';

/** An inspectorate's staff act for it: their token's office is the inspectorate's code. */
export function assertInspectorate(actor: Actor, ispettorato: string): void {
  if (!canSeeOffice(actor, ispettorato)) throw notFound(`ispettorato ${ispettorato}`);
}

const isDirigente = (actor: Actor) => actor.roles.includes('dirigente');

/** The inspectorate's policy merged with the defaults, or a 400 with every reason it is not valid. */
export function politicaValida(impostazioni: unknown): PoliticaIspettorato {
  const p = politicaIspettorato(impostazioni);
  if (!p.ok)
    throw new ProblemException(400, 'validazione', 'Richiesta non valida', "la politica dell'ispettorato non è valida", violationsToErrors(p.violations));
  return p.value;
}

/**
 * The inspectorates' registry (inspectors, absences, companies, conflicts of interest); their commit-reveal periods
 * are PeriodiSorteggioService's. Every change that could unblock a request waiting for its draw (a new inspector, a
 * revoked conflict, a published period) wakes the waiting requests' workflows.
 */
@Injectable()
export class RegistroIspezioniService {
  private readonly log = new Logger(RegistroIspezioniService.name);

  constructor(
    private readonly registro: IspettoriRepository,
    private readonly richieste: RichiesteRepository,
    private readonly audit: AuditTrail,
    private readonly temporal: TemporalClientHolder,
  ) {}

  private async record(
    actor: Actor,
    entita: string,
    entitaId: string,
    azione: string,
    dopo: Record<string, unknown>,
    requestId?: string,
    motivazione?: string,
  ) {
    await this.registro.transazione((m) => this.audit.append(m, { actor, procedura: 'ispezioni', entita, entitaId, azione, dopo, requestId, motivazione }));
  }

  /** Signals the workflows of the inspectorate's requests waiting for a draw; a failure only delays them (they retry daily). */
  async risveglia(ispettorato: string): Promise<void> {
    for (const id of await this.richieste.inAttesa(ispettorato)) {
      await this.temporal.client.workflow
        .getHandle(id)
        .signal(riprovaSorteggioSignal)
        .catch((e) => this.log.warn(`cannot wake ${id}: ${(e as Error).message}`));
    }
  }

  async creaIspettorato(dto: IspettoratoDto, actor: Actor, rid?: string) {
    if (await this.registro.ispettorato(dto.codice)) {
      throw new ProblemException(409, 'duplicato', 'Risorsa già esistente', `l'ispettorato ${dto.codice} esiste già`, [
        { field: 'codice', rule: 'univoco', message: 'codice già usato', found: dto.codice },
      ]);
    }
    politicaValida(dto.politica ?? {});
    await this.registro.creaIspettorato(dto.codice, dto.nome, dto.territori, dto.politica ?? {});
    await this.record(actor, 'ispettorato', dto.codice, 'creato', { ...dto }, rid);
    return dto;
  }

  /** The inspectorate's one policy: what it set, and the merged values the service applies. */
  async politica(codice: string, actor: Actor) {
    assertInspectorate(actor, codice);
    const isp = await this.registro.ispettorato(codice);
    if (!isp) throw notFound(`ispettorato ${codice}`);
    return { ispettorato: codice, impostazioni: isp.politica ?? {}, politica: politicaValida(isp.politica ?? {}) };
  }

  async creaIspettore(codice: string, dto: IspettoreDto, actor: Actor, rid?: string) {
    assertInspectorate(actor, codice);
    if (!(await this.registro.ispettorato(codice))) throw notFound(`ispettorato ${codice}`);
    if (await this.registro.ispettore(dto.id)) {
      throw new ProblemException(409, 'duplicato', 'Risorsa già esistente', `l'ispettore ${dto.id} esiste già`, [
        { field: 'id', rule: 'univoco', message: 'un ispettore per login', found: dto.id },
      ]);
    }
    await this.registro.creaIspettore({ ispettorato: codice, ...dto });
    await this.record(actor, 'ispettore', dto.id, 'creato', { ispettorato: codice, ...dto }, rid);
    await this.risveglia(codice);
    return { ispettorato: codice, ...dto };
  }

  /** Inspectors with their open caseload and absences; the reason of an absence (often health) only to a dirigente. */
  async ispettori(codice: string, actor: Actor) {
    assertInspectorate(actor, codice);
    if (!(await this.registro.ispettorato(codice))) throw notFound(`ispettorato ${codice}`);
    const motivi = isDirigente(actor);
    return (await this.registro.ispettori(codice)).map((i) => ({ ...i, assenze: i.assenze.map((a) => (motivi ? a : { dal: a.dal, al: a.al })) }));
  }

  /**
   * An absence. The inspector enters their own (in force at once); a dirigente (or administrator) may enter one for an
   * inspector, but it counts in draws only once a second dirigente confirms it: nobody alone can narrow a draw down to
   * the inspector they want by sending the others on leave. The reason is kept for dirigenti, not for the audit trail.
   */
  async registraAssenza(id: string, dto: AssenzaDto, actor: Actor, rid?: string) {
    const i = await this.registro.ispettore(id);
    const perSe = id === actor.sub;
    if (!perSe && !isDirigente(actor) && !actor.roles.includes('amministratore')) {
      throw rifiuto('Registrazione non ammessa', [
        {
          rule: 'dichiarazione-per-altri',
          field: 'id',
          message: 'un ispettore registra solo le proprie assenze; per un collega lo fa un dirigente',
          found: id,
          limit: actor.sub,
        },
      ]);
    }
    if (!i || !canSeeOffice(actor, i.ispettorato)) throw notFound(`ispettore ${id}`);
    if (dto.al < dto.dal)
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'al precede dal', [
        { field: 'al', rule: 'date-invertite', message: 'al non può precedere dal', found: dto.al, limit: dto.dal },
      ]);
    const row = await this.registro.transazione(async (m) => {
      const a = await this.registro.aggiungiAssenza(m, id, dto, actor.sub, perSe);
      await this.audit.append(m, {
        actor,
        procedura: 'ispezioni',
        entita: 'ispettore',
        entitaId: id,
        azione: 'assenza',
        requestId: rid,
        dopo: { assenzaId: a.id, dal: a.dal, al: a.al, stato: a.stato },
      });
      return a;
    });
    return row;
  }

  /** The inspectorate's absences (a dirigente: to confirm those awaiting a second dirigente, `?stato=da-confermare`). */
  async assenze(codice: string, stato: string | undefined, actor: Actor) {
    assertInspectorate(actor, codice);
    if (!(await this.registro.ispettorato(codice))) throw notFound(`ispettorato ${codice}`);
    return this.registro.assenzeDi(codice, stato);
  }

  /** A second dirigente confirms (or refuses) an absence someone else entered; never the one who entered it. */
  async decidiAssenza(id: string, assenzaId: string, esito: 'confermata' | 'respinta', actor: Actor, rid?: string) {
    const i = await this.registro.ispettore(id);
    const a = await this.registro.assenza(assenzaId);
    if (!i || !a || a.ispettoreId !== id || !canSeeOffice(actor, i.ispettorato)) throw notFound(`assenza ${assenzaId}`);
    if (a.inseritaDa === actor.sub) {
      throw rifiuto('Conferma non ammessa', [
        { rule: 'separazione-compiti', field: 'actor', message: "chi ha registrato l'assenza non può confermarla", found: actor.sub },
      ]);
    }
    const row = await this.registro.transazione(async (m) => {
      const r = await this.registro.decidiAssenza(m, assenzaId, actor.sub, esito === 'confermata' ? 'in-vigore' : 'respinta');
      if (r)
        await this.audit.append(m, {
          actor,
          procedura: 'ispezioni',
          entita: 'ispettore',
          entitaId: id,
          azione: `assenza-${esito}`,
          requestId: rid,
          dopo: { assenzaId, stato: r.stato },
        });
      return r;
    });
    if (!row) throw rifiuto('Già decisa', [{ rule: 'gia-decisa', field: 'id', message: `l'assenza è ${a.stato}`, found: a.stato, limit: 'da-confermare' }]);
    return row;
  }

  async registraAzienda(dto: AziendaDto, actor: Actor, rid?: string) {
    const id = await this.registro.creaAzienda(dto);
    await this.record(actor, 'azienda', id, 'creata', { ...dto }, rid);
    return { id, ...dto };
  }

  /**
   * A conflict of interest is declared by the inspector concerned, for themselves (in force at once), or by a dirigente
   * of the inspector's office, stating where it is known from, in force once a second dirigente confirms it. Nobody
   * alone can exclude another inspector from a company's draws.
   */
  async dichiaraConflitto(dto: ConflittoDto, actor: Actor, rid?: string) {
    const i = await this.registro.ispettore(dto.ispettoreId);
    const dirigente = isDirigente(actor);
    if (!dirigente && dto.ispettoreId !== actor.sub) {
      throw rifiuto('Dichiarazione non ammessa', [
        {
          rule: 'dichiarazione-per-altri',
          field: 'ispettoreId',
          message: 'un ispettore dichiara un conflitto di interessi solo per sé; per un collega lo fa un dirigente, indicandone la fonte',
          found: dto.ispettoreId,
          limit: actor.sub,
        },
      ]);
    }
    if (!i || !canSeeOffice(actor, i.ispettorato)) throw notFound(`ispettore ${dto.ispettoreId}`);
    const v: RuleViolation[] = [];
    if (dirigente && dto.ispettoreId !== actor.sub && !dto.fonte?.trim()) {
      v.push({ rule: 'fonte-obbligatoria', field: 'fonte', message: 'un dirigente che dichiara il conflitto di un ispettore ne indica la fonte' });
    }
    if (!(await this.registro.azienda(dto.aziendaId)))
      v.push({ rule: 'azienda-sconosciuta', field: 'aziendaId', message: "registrare prima l'azienda", found: dto.aziendaId });
    if (dto.al !== undefined && dto.al < dto.dal)
      v.push({ rule: 'date-invertite', field: 'al', message: 'al non può precedere dal', found: dto.al, limit: dto.dal });
    if (v.length) throw rifiuto('Dichiarazione non registrabile', v);
    const row = await this.registro.transazione(async (m) => {
      const c = await this.registro.creaConflitto(
        {
          ispettoreId: dto.ispettoreId,
          aziendaId: dto.aziendaId,
          motivo: dto.motivo.trim(),
          dal: dto.dal,
          al: dto.al,
          dichiaratoDa: actor.sub,
          ruolo: dirigente ? 'dirigente' : 'ispettore',
          fonte: dto.fonte?.trim() || null,
          inVigore: dto.ispettoreId === actor.sub,
        },
        m,
      );
      await this.audit.append(m, {
        actor,
        procedura: 'ispezioni',
        entita: 'conflitto-interesse',
        entitaId: c.id,
        azione: 'dichiarato',
        requestId: rid,
        dopo: { ispettoreId: c.ispettoreId, aziendaId: c.aziendaId, dal: c.dal, al: c.al, fonte: c.fonte, ruolo: c.dichiaratoRuolo, stato: c.stato },
      });
      return c;
    });
    return row;
  }

  /** A second dirigente confirms (or refuses) a dirigente's declaration for an inspector; never the one who made it. */
  async decidiConflitto(id: string, esito: 'confermata' | 'respinta', actor: Actor, rid?: string) {
    const c = await this.registro.conflitto(id);
    const i = c ? await this.registro.ispettore(c.ispettoreId) : null;
    if (!c || !i || !canSeeOffice(actor, i.ispettorato)) throw notFound(`conflitto di interessi ${id}`);
    if (c.dichiaratoDa === actor.sub || c.ispettoreId === actor.sub) {
      throw rifiuto('Conferma non ammessa', [
        {
          rule: 'separazione-compiti',
          field: 'actor',
          message: "la dichiarazione la conferma un dirigente diverso da chi l'ha fatta e dall'ispettore interessato",
          found: actor.sub,
        },
      ]);
    }
    const row = await this.registro.transazione(async (m) => {
      const r = await this.registro.decidiConflitto(m, id, actor.sub, esito === 'confermata' ? 'in-vigore' : 'respinta');
      if (r)
        await this.audit.append(m, {
          actor,
          procedura: 'ispezioni',
          entita: 'conflitto-interesse',
          entitaId: id,
          azione: `dichiarazione-${esito}`,
          requestId: rid,
          dopo: { stato: r.stato },
        });
      return r;
    });
    if (!row)
      throw rifiuto('Già decisa', [
        { rule: 'gia-decisa', field: 'id', message: `la dichiarazione è ${c.revocatoIl ? 'revocata' : c.stato}`, found: c.stato, limit: 'da-confermare' },
      ]);
    return row;
  }

  /** A dirigente lists the office's declarations; an inspector only their own. */
  async conflitti(q: ConflittiQuery, actor: Actor) {
    const ispettorato = q.ispettorato ?? actor.office;
    assertInspectorate(actor, ispettorato);
    const ispettoreId = isDirigente(actor) ? q.ispettore : actor.sub;
    if (!isDirigente(actor) && q.ispettore !== undefined && q.ispettore !== actor.sub) return [];
    return await this.registro.elencoConflitti(ispettorato, { ispettoreId, aziendaId: q.azienda });
  }

  /**
   * Revokes a declaration, with a reason: a dirigente of the office any of them; the inspector concerned only one
   * they declared themselves. Draws made afterwards no longer exclude the inspector for it.
   */
  async revocaConflitto(id: string, dto: RevocaConflittoDto, actor: Actor, rid?: string) {
    const c = await this.registro.conflitto(id);
    const i = c ? await this.registro.ispettore(c.ispettoreId) : null;
    const proprio = c?.ispettoreId === actor.sub;
    if (!c || !i || !canSeeOffice(actor, i.ispettorato) || (!isDirigente(actor) && !proprio)) throw notFound(`conflitto di interessi ${id}`);
    if (!isDirigente(actor) && c.dichiaratoDa !== actor.sub) {
      throw rifiuto('Revoca non ammessa', [
        {
          rule: 'revoca-non-ammessa',
          field: 'id',
          message: 'un ispettore revoca solo i conflitti che ha dichiarato lui stesso; gli altri li revoca un dirigente',
          found: c.dichiaratoDa,
        },
      ]);
    }
    const row = await this.registro.transazione(async (m) => {
      const r = await this.registro.revocaConflitto(m, id, actor.sub, dto.motivo.trim());
      if (r) {
        await this.audit.append(m, {
          actor,
          procedura: 'ispezioni',
          entita: 'conflitto-interesse',
          entitaId: id,
          azione: 'revocato',
          motivazione: r.motivoRevoca,
          requestId: rid,
          dopo: { ispettoreId: r.ispettoreId, aziendaId: r.aziendaId, revocatoIl: r.revocatoIl },
        });
      }
      return r;
    });
    if (!row)
      throw rifiuto('Già revocato', [
        { rule: 'conflitto-revocato', field: 'id', message: `la dichiarazione è già stata revocata il ${c.revocatoIl}`, found: c.revocatoIl },
      ]);
    await this.risveglia(i.ispettorato);
    return row;
  }

  /**
   * The dirigente's queue: the inspectorate's requests assigned to nobody, oldest first, each with why it waits and,
   * for "no eligible inspector", every inspector's reasons.
   */
  async coda(codice: string, actor: Actor) {
    assertInspectorate(actor, codice);
    if (!(await this.registro.ispettorato(codice))) throw notFound(`ispettorato ${codice}`);
    return (await this.richieste.coda(codice)).map((r) => ({
      id: r.id,
      registrataIl: r.registrataIl.toISOString(),
      fonte: r.fonte,
      aziendaId: r.aziendaId,
      territorio: r.territorio,
      tipoPratica: r.tipoPratica,
      priorita: r.priorita,
      tentativo: r.tentativo,
      attesa: r.attesa ?? { motivo: 'in-sorteggio', dettaglio: 'il sorteggio è in corso', dal: r.aggiornataIl.toISOString(), tentativo: r.tentativo + 1 },
    }));
  }
}
