import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Actor, seesEveryOffice, RuleViolation, canSeeOffice } from '@app/domain';
import { PianoDocumento, ValutazionePiano, valutaPiano, verificaPiano } from '@app/domain/cronoprogramma';
import { copiaPianoPerAnno } from '@app/domain/cronoprogramma/modifiche';
import { dataItaliana } from '@app/domain/calendar/ora-italiana';
import { applicaMonitoraggio, applicaRevisione, differenzePianificate } from '@app/domain/cronoprogramma/modifiche';
import { AuditTrail, PianiRepository, PianoEntity, PianoRevisioneEntity, TemporalClientHolder } from '@app/infrastructure';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Scadenza } from '@app/domain/cronoprogramma/scadenze';
import { pianoModificatoSignal, prossimaScadenzaQuery } from '../../../../workflows/cronoprogramma/cronoprogramma.messages';
import { pianoWorkflowId } from '../../../../workflows/cronoprogramma/cronoprogramma.types';
import { LIMITE_PAGINA, leggiCursoreNumeroId, pagina } from '../common/paginazione';
import { notFound } from '../common/problem';
import { ApprovazioneDto, DecisioneRevisioneDto, MonitoraggioDto, PianoView, RevisioneDto, RevisioneView } from './piani.dto';
import { rifiuto } from '../common/rifiuto';

const plain = <T>(dto: unknown): T => JSON.parse(JSON.stringify(dto)) as T;
const oggi = () => new Date().toISOString().slice(0, 10);

function toView(p: PianoEntity): PianoView {
  return {
    id: p.id,
    ufficio: p.ufficio,
    anno: p.anno,
    titolo: p.titolo,
    stato: p.stato,
    baseline: p.baseline,
    versione: p.versione,
    workflowId: p.workflowId,
    creatoDa: p.creatoDa,
    creatoIl: p.creatoIl.toISOString(),
    aggiornatoIl: p.aggiornatoIl.toISOString(),
    documento: p.documento,
  };
}

/**
 * Plans and their life: draft → approved (baseline 1, deadlines tracked by a workflow) → revisions approved by a
 * second dirigente (new baselines, timers re-planned) → frozen at the close date. Monitoring updates need no
 * approval. PostgreSQL holds the plan; the workflow only chases its deadlines.
 */
@Injectable()
export class PianiService {
  constructor(
    private readonly repo: PianiRepository,
    private readonly temporal: TemporalClientHolder,
    private readonly audit: AuditTrail,
  ) {}

  private async find(id: string, actor: Actor, m?: EntityManager, lock = false): Promise<PianoEntity> {
    const p = await this.repo.piano(id, m, lock);
    if (!p || !canSeeOffice(actor, p.ufficio)) throw notFound(`piano ${id}`);
    return p;
  }

  private check(doc: PianoDocumento): void {
    const violations = verificaPiano(doc, { oggi: dataItaliana(new Date()) });
    if (violations.length) throw rifiuto('Operazione rifiutata dalle regole del piano', violations, `il piano viola ${violations.length} regole`);
  }

  /** Tells the plan's workflow to plan again, starting it if it is not running (heals a start that failed). */
  private async replan(p: PianoEntity): Promise<void> {
    if (p.stato !== 'attivo') return;
    await this.temporal.client.workflow.signalWithStart('cronoprogrammaWorkflow', {
      workflowId: p.workflowId,
      taskQueue: this.temporal.taskQueue,
      args: [{ pianoId: p.id, ufficio: p.ufficio }],
      signal: pianoModificatoSignal,
    });
  }

  /** A draft for `anno` (default: the next year) copied from a plan the caller sees: see copiaPianoPerAnno. */
  async copia(id: string, anno: number | undefined, actor: Actor, requestId?: string): Promise<PianoView> {
    const origine = await this.find(id, actor);
    return this.crea(copiaPianoPerAnno(origine.documento, anno ?? origine.anno + 1), actor, requestId, origine.id);
  }

  async crea(dto: unknown, actor: Actor, requestId?: string, copiatoDa?: string): Promise<PianoView> {
    const doc = plain<PianoDocumento>(dto);
    if (doc.ufficio !== actor.office && !seesEveryOffice(actor)) {
      throw rifiuto(
        'Operazione rifiutata dalle regole del piano',
        [{ rule: 'ufficio-competente', field: 'ufficio', message: 'un piano si crea solo per il proprio ufficio', found: doc.ufficio, limit: actor.office }],
        `agisci per l’ufficio ${actor.office}`,
      );
    }
    this.check(doc);
    const now = new Date();
    const p: PianoEntity = {
      id: randomUUID(),
      ufficio: doc.ufficio,
      anno: doc.anno,
      titolo: doc.titolo,
      stato: 'bozza',
      documento: doc,
      baseline: 0,
      workflowId: pianoWorkflowId(doc.ufficio, doc.anno),
      creatoDa: actor.sub,
      creatoIl: now,
      aggiornatoDa: actor.sub,
      aggiornatoIl: now,
      versione: 1,
    };
    const creato = await this.repo.crea(p, async (m) => {
      await this.audit.append(m, {
        actor,
        procedura: 'cronoprogramma',
        entita: 'piano',
        entitaId: p.id,
        azione: 'creato',
        dopo: { titolo: p.titolo, anno: p.anno, stato: 'bozza', ...(copiatoDa ? { copiatoDa } : {}) },
        requestId,
      });
    });
    if (!creato) {
      throw rifiuto(
        'Operazione rifiutata dalle regole del piano',
        [{ rule: 'piano-esistente', field: 'anno', message: 'un piano per ufficio e anno', found: doc.anno }],
        `l’ufficio ${doc.ufficio} ha già un piano per il ${doc.anno}`,
      );
    }
    return toView(p);
  }

  /** Newest year first, a page at a time (see common/paginazione): the office's plans, every office's for an amministratore. */
  async elenco(actor: Actor, q: { dopo?: string; limite?: number } = {}): Promise<{ piani: PianoView[]; successivo?: string }> {
    const limite = q.limite ?? LIMITE_PAGINA;
    const dopo = q.dopo ? leggiCursoreNumeroId(q.dopo) : undefined;
    const rows = await this.repo.elenco(
      { ufficio: seesEveryOffice(actor) ? undefined : actor.office, dopo: dopo && { anno: dopo.n, id: dopo.id } },
      limite + 1,
    );
    const { elementi, successivo } = pagina(rows, limite, (p) => [p.anno, p.id]);
    return { piani: elementi.map(toView), ...(successivo ? { successivo } : {}) };
  }

  async dettaglio(id: string, actor: Actor): Promise<PianoView> {
    return toView(await this.find(id, actor));
  }

  async documento(id: string, actor: Actor): Promise<PianoDocumento> {
    return (await this.find(id, actor)).documento;
  }

  /** Replaces a draft whole. An approved plan changes only through a revision. */
  async sostituisci(id: string, dto: unknown, actor: Actor, requestId?: string): Promise<PianoView> {
    const doc = plain<PianoDocumento>(dto);
    return this.repo.transazione(async (m) => {
      const p = await this.find(id, actor, m, true);
      if (p.stato !== 'bozza') {
        throw rifiuto(
          'Operazione rifiutata dalle regole del piano',
          [{ rule: 'piano-non-in-bozza', field: 'stato', message: 'si sostituisce solo una bozza', found: p.stato, limit: 'bozza' }],
          'un piano approvato si modifica con una revisione (POST .../revisioni)',
        );
      }
      const fixed = (['ufficio', 'anno'] as const).filter((f) => doc[f] !== p[f]);
      if (fixed.length)
        throw rifiuto(
          'Operazione rifiutata dalle regole del piano',
          fixed.map((f) => ({ rule: 'campo-non-modificabile', field: f, message: `${f}: non modificabile`, found: doc[f], limit: p[f] })),
          'ufficio e anno identificano il piano',
        );
      this.check(doc);
      Object.assign(p, { documento: doc, titolo: doc.titolo, aggiornatoDa: actor.sub, aggiornatoIl: new Date(), versione: p.versione + 1 });
      await this.repo.salva(m, p);
      await this.audit.append(m, {
        actor,
        procedura: 'cronoprogramma',
        entita: 'piano',
        entitaId: p.id,
        azione: 'sostituito',
        dopo: { titolo: p.titolo, versione: p.versione },
        requestId,
      });
      return toView(p);
    });
  }

  /** A dirigente other than whoever wrote the draft approves it: it becomes baseline 1 and its deadlines are tracked. */
  async approva(id: string, dto: ApprovazioneDto, actor: Actor, requestId?: string): Promise<PianoView> {
    const p = await this.repo.transazione(async (m) => {
      const p = await this.find(id, actor, m, true);
      const violations: RuleViolation[] = [];
      if (p.stato !== 'bozza')
        violations.push({ rule: 'piano-non-in-bozza', field: 'stato', message: 'si approva solo una bozza', found: p.stato, limit: 'bozza' });
      if ([p.creatoDa, p.aggiornatoDa].includes(actor.sub))
        violations.push({ rule: 'separazione-compiti', field: 'actor', message: 'chi ha scritto il piano non può approvarlo', found: actor.sub });
      if (violations.length) throw rifiuto('Operazione rifiutata dalle regole del piano', violations, 'il piano non è approvabile');
      const now = new Date();
      await this.repo.inserisciRevisione(m, {
        pianoId: p.id,
        numero: 1,
        documento: p.documento,
        motivo: 'Approvazione del piano',
        stato: 'approvata',
        propostaDa: p.aggiornatoDa,
        propostaIl: p.aggiornatoIl,
        decisaDa: actor.sub,
        decisaIl: now,
        motivazioneDecisione: dto.nota ?? null,
      });
      Object.assign(p, { stato: 'attivo', baseline: 1, aggiornatoIl: now, versione: p.versione + 1 });
      await this.repo.salva(m, p);
      await this.audit.append(m, {
        actor,
        procedura: 'cronoprogramma',
        entita: 'piano',
        entitaId: p.id,
        azione: 'approvato',
        motivazione: dto.nota ?? null,
        prima: { stato: 'bozza' },
        dopo: { stato: 'attivo', baseline: 1 },
        requestId,
      });
      return p;
    });
    await this.replan(p);
    return toView(p);
  }

  async registraMonitoraggio(id: string, dto: MonitoraggioDto, actor: Actor, requestId?: string): Promise<PianoView> {
    const changes = plain<Parameters<typeof applicaMonitoraggio>[1]>(dto);
    const p = await this.repo.transazione(async (m) => {
      const p = await this.find(id, actor, m, true);
      const { piano, violations } = applicaMonitoraggio(p.documento, changes);
      if (violations.length) throw rifiuto('Operazione rifiutata dalle regole del piano', violations, 'l’aggiornamento cita voci che il piano non ha');
      this.check(piano);
      Object.assign(p, { documento: piano, aggiornatoIl: new Date(), versione: p.versione + 1 });
      await this.repo.salva(m, p);
      await this.audit.append(m, {
        actor,
        procedura: 'cronoprogramma',
        entita: 'piano',
        entitaId: p.id,
        azione: 'monitoraggio',
        requestId,
        dopo: { fasi: (changes.fasi ?? []).map((f) => ({ ...f })), indicatori: (changes.indicatori ?? []).map((i) => ({ ...i })) },
      });
      return p;
    });
    await this.replan(p);
    return toView(p);
  }

  async proponiRevisione(id: string, dto: RevisioneDto, actor: Actor, requestId?: string): Promise<RevisioneView> {
    const proposta = plain<PianoDocumento>(dto.documento);
    return this.repo.transazione(async (m) => {
      const p = await this.find(id, actor, m, true);
      if (p.stato !== 'attivo') {
        throw rifiuto(
          'Operazione rifiutata dalle regole del piano',
          [{ rule: 'piano-non-attivo', field: 'stato', message: 'le revisioni valgono per un piano attivo', found: p.stato, limit: 'attivo' }],
          'si rivede solo un piano approvato e non ancora congelato',
        );
      }
      const { piano, violations } = applicaRevisione(p.documento, proposta);
      if (violations.length) throw rifiuto('Operazione rifiutata dalle regole del piano', violations, 'la revisione cambia ciò che non è rivedibile');
      this.check(piano);
      const differenze = differenzePianificate(p.documento, piano);
      if (!differenze.length && piano.titolo === p.documento.titolo) {
        throw rifiuto(
          'Operazione rifiutata dalle regole del piano',
          [{ rule: 'nessuna-modifica', field: 'documento', message: 'niente da rivedere' }],
          'la revisione non cambia nulla dei dati pianificati',
        );
      }
      const open = await this.repo.revisioneAperta(m, p.id);
      if (open)
        throw rifiuto(
          'Operazione rifiutata dalle regole del piano',
          [{ rule: 'revisione-in-attesa', field: 'stato', message: 'decidere prima la revisione aperta', found: open.numero }],
          `la revisione ${open.numero} attende una decisione`,
        );
      const next = await this.repo.prossimoNumeroRevisione(m, p.id);
      const r: PianoRevisioneEntity = {
        pianoId: p.id,
        numero: next,
        documento: piano,
        motivo: dto.motivo,
        stato: 'proposta',
        propostaDa: actor.sub,
        propostaIl: new Date(),
        decisaDa: null,
        decisaIl: null,
        motivazioneDecisione: null,
      };
      await this.repo.inserisciRevisione(m, r);
      await this.audit.append(m, {
        actor,
        procedura: 'cronoprogramma',
        entita: 'piano',
        entitaId: p.id,
        azione: 'revisione-proposta',
        motivazione: dto.motivo,
        dopo: { numero: r.numero, differenze },
        requestId,
      });
      return this.revisionView(r, p.documento);
    });
  }

  async decidiRevisione(id: string, numero: number, dto: DecisioneRevisioneDto, actor: Actor, requestId?: string): Promise<RevisioneView> {
    const { p, r, prima } = await this.repo.transazione(async (m) => {
      const p = await this.find(id, actor, m, true);
      const r = await this.repo.revisione(m, p.id, numero);
      if (!r) throw notFound(`revisione ${numero}`);
      const violations: RuleViolation[] = [];
      if (r.stato !== 'proposta') violations.push({ rule: 'revisione-gia-decisa', field: 'stato', message: `la revisione è già ${r.stato}`, found: r.stato });
      if (p.stato !== 'attivo') violations.push({ rule: 'piano-non-attivo', field: 'stato', message: 'il piano non è più attivo', found: p.stato });
      if (r.propostaDa === actor.sub)
        violations.push({ rule: 'separazione-compiti', field: 'actor', message: 'chi ha proposto la revisione non può deciderla', found: actor.sub });
      if (violations.length) throw rifiuto('Operazione rifiutata dalle regole del piano', violations, 'la revisione non è decidibile');
      const prima = p.documento;
      Object.assign(r, { stato: dto.esito, decisaDa: actor.sub, decisaIl: new Date(), motivazioneDecisione: dto.motivazione });
      await this.repo.salvaRevisione(m, r);
      if (dto.esito === 'approvata') {
        // Monitoring reported since the proposal is kept: merge the revised plan onto the current one again.
        const merged = applicaRevisione(p.documento, r.documento).piano;
        Object.assign(p, { documento: merged, titolo: merged.titolo, baseline: r.numero, aggiornatoIl: new Date(), versione: p.versione + 1 });
        await this.repo.salva(m, p);
      }
      await this.audit.append(m, {
        actor,
        procedura: 'cronoprogramma',
        entita: 'piano',
        entitaId: p.id,
        azione: `revisione-${dto.esito}`,
        motivazione: dto.motivazione,
        prima: { baseline: dto.esito === 'approvata' ? r.numero - 1 : p.baseline },
        dopo: { numero: r.numero, baseline: p.baseline },
        requestId,
      });
      return { p, r, prima };
    });
    if (dto.esito === 'approvata') await this.replan(p);
    return this.revisionView(r, prima);
  }

  async revisioni(id: string, actor: Actor): Promise<RevisioneView[]> {
    const p = await this.find(id, actor);
    const rows = await this.repo.revisioni(p.id);
    return rows.map((r, i) => this.revisionView(r, i > 0 ? rows[i - 1].documento : r.documento));
  }

  async revisione(id: string, numero: number, actor: Actor): Promise<RevisioneView> {
    const all = await this.revisioni(id, actor);
    const r = all.find((x) => x.numero === numero);
    if (!r) throw notFound(`revisione ${numero}`);
    return r;
  }

  private revisionView(r: PianoRevisioneEntity, prima: PianoDocumento): RevisioneView {
    return {
      numero: r.numero,
      stato: r.stato,
      motivo: r.motivo,
      propostaDa: r.propostaDa,
      propostaIl: r.propostaIl.toISOString(),
      decisaDa: r.decisaDa,
      decisaIl: r.decisaIl?.toISOString() ?? null,
      motivazioneDecisione: r.motivazioneDecisione,
      differenze: differenzePianificate(prima, r.documento),
      documento: r.documento,
    };
  }

  /** The deadline the plan's workflow is waiting for; null for a draft, a frozen plan or one with none left. */
  async prossimaScadenza(id: string, actor: Actor): Promise<Scadenza | null> {
    const p = await this.find(id, actor);
    if (p.stato !== 'attivo') return null;
    try {
      return await this.temporal.client.workflow.getHandle(p.workflowId).query(prossimaScadenzaQuery);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) return null;
      throw e;
    }
  }

  async valutazione(id: string, actor: Actor, alla?: string): Promise<{ piano: PianoEntity; valutazione: ValutazionePiano }> {
    const piano = await this.find(id, actor);
    return { piano, valutazione: valutaPiano(piano.documento, alla ?? oggi()) };
  }
}
