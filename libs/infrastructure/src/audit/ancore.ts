import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { RETENTION_MODES } from 'minio';
import { AppConfig } from '../config/app-config';
import { ObjectStorage } from '../storage/object-storage';
import { AncoreRepository } from './ancore.repository';
import { GENESIS_HASH, canonicalJson } from './audit-chain';

/**
 * Anchors of the audit trail and of the inspectorates' draw chains, kept where their writer cannot change them: each
 * anchor is an object in a write-once bucket (S3 object lock, COMPLIANCE mode: nobody, the storage's root included,
 * can delete or overwrite it before its retention ends), holding the audit trail's head (last id and hash), each
 * draw chain's head, and the SHA-256 of the previous anchor, so anchors form a chain of their own. Against them the
 * verification detects what the table's own hash chain cannot: a chain re-hashed from an edited row onwards, a
 * forged row inserted and the rest re-hashed, and rows deleted from the tail, up to the last anchor.
 */

export interface Ancora {
  versione: 1;
  registrataIl: string;
  /** Why it was taken: 'periodica' (the schedule), 'rivelazione' (a draw period revealed), 'manuale'. */
  motivo: string;
  /** The audit trail's last row when anchored (null when empty). */
  audit: { id: number; hash: string } | null;
  /** Each inspectorate's draw chain head. */
  catene: Record<string, { n: number; hash: string }>;
  /** SHA-256 (hex) of the previous anchor's bytes; 64 zeros for the first. */
  precedente: string;
}

export interface AncoraLetta {
  chiave: string;
  sha256: string;
  contenuto: Ancora;
}

export interface EsitoAncore {
  valido: boolean;
  verificate: number;
  ultima: { chiave: string; registrataIl: string; auditId: number | null } | null;
  problemi: string[];
  /**
   * The last anchor whose audit row is still there with the anchored hash: the chain up to that row is the one that
   * was anchored unless a row before it was edited leaving its stored hash as it was (a re-hash from any row up to it
   * changes the anchored row's hash, a deleted or inserted row too). The incremental verification walks only the rows
   * after it. Null when no anchor's row matches (or there is no anchor).
   */
  partenza: { chiave: string; auditId: number; hash: string } | null;
}

const PREFISSO = 'ancore/';
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

@Injectable()
export class AncoreAudit implements OnModuleInit {
  private readonly log = new Logger(AncoreAudit.name);
  readonly bucket: string;

  constructor(
    private readonly config: AppConfig,
    private readonly storage: ObjectStorage,
    private readonly repo: AncoreRepository,
  ) {
    this.bucket = config.S3_ANCHOR_BUCKET;
  }

  async onModuleInit(): Promise<void> {
    if (this.config.S3_CREATE_BUCKET) await this.assicuraBucket();
  }

  /** The anchors' bucket, with object lock (hence versioning) on: created if missing. */
  async assicuraBucket(): Promise<void> {
    const c = this.storage.client;
    if (await c.bucketExists(this.bucket)) return;
    try {
      await c.makeBucket(this.bucket, this.config.S3_REGION, { ObjectLocking: true });
      this.log.log(`bucket ${this.bucket} created with object lock, for the audit anchors`);
    } catch (e) {
      if ((e as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw e;
    }
  }

  private async chiavi(): Promise<string[]> {
    const out: string[] = [];
    for await (const o of this.storage.client.listObjectsV2(this.bucket, PREFISSO, true)) if (o.name) out.push(o.name);
    return out.sort();
  }

  private async leggi(chiave: string): Promise<AncoraLetta> {
    const chunks: Buffer[] = [];
    for await (const c of await this.storage.client.getObject(this.bucket, chiave)) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    return { chiave, sha256: sha256(bytes), contenuto: JSON.parse(bytes.toString('utf8')) as Ancora };
  }

  /** Every anchor, oldest first. */
  async elenco(): Promise<AncoraLetta[]> {
    const out: AncoraLetta[] = [];
    for (const k of await this.chiavi()) out.push(await this.leggi(k));
    return out;
  }

  /**
   * Takes an anchor of the current heads, unless nothing changed since the last one. One writer at a time, so the
   * anchors' chain never forks. Returns the anchor written, or null.
   */
  async ancora(motivo: string): Promise<AncoraLetta | null> {
    return this.repo.scrittura(async (m) => {
      const { audit, catene } = await this.repo.teste(m);
      const chiavi = await this.chiavi();
      const ultima = chiavi.length ? await this.leggi(chiavi[chiavi.length - 1]) : null;
      if (ultima && canonicalJson(ultima.contenuto.audit) === canonicalJson(audit) && canonicalJson(ultima.contenuto.catene) === canonicalJson(catene))
        return null;
      const contenuto: Ancora = { versione: 1, registrataIl: new Date().toISOString(), motivo, audit, catene, precedente: ultima?.sha256 ?? GENESIS_HASH };
      const bytes = Buffer.from(canonicalJson(contenuto), 'utf8');
      const chiave = `${PREFISSO}${String(audit?.id ?? 0).padStart(16, '0')}-${Date.now()}-${randomBytes(3).toString('hex')}.json`;
      const put = await this.storage.client.putObject(this.bucket, chiave, bytes, bytes.length, { 'Content-Type': 'application/json' });
      const retainUntilDate = new Date(Date.now() + this.config.ANCORE_RITENZIONE_GIORNI * 86_400_000).toISOString();
      await this.storage.client.putObjectRetention(this.bucket, chiave, { versionId: put.versionId ?? '', mode: RETENTION_MODES.COMPLIANCE, retainUntilDate });
      return { chiave, sha256: sha256(bytes), contenuto };
    });
  }

  /**
   * The anchors against the tables: their own chain (each names the previous one's hash), then, for each, the audit
   * row it anchored (present, same hash) and each draw chain head (present, same hash). Every problem is listed.
   */
  async verifica(): Promise<EsitoAncore> {
    const ancore = await this.elenco();
    const problemi: string[] = [];
    let precedente = GENESIS_HASH;
    for (const a of ancore) {
      if (a.contenuto.precedente !== precedente) problemi.push(`l'ancora ${a.chiave} non segue la precedente: la catena delle ancore è interrotta`);
      precedente = a.sha256;
    }
    const ids = [...new Set(ancore.map((a) => a.contenuto.audit?.id).filter((x): x is number => typeof x === 'number'))];
    const righe = await this.repo.hashAudit(ids);
    const ultimoId = await this.repo.ultimoIdAudit();
    const catene = ancore.flatMap((a) => Object.entries(a.contenuto.catene ?? {}).map(([catena, t]) => ({ catena, n: t.n })));
    const teste = await this.repo.hashTrascrizioni(catene);
    let partenza: EsitoAncore['partenza'] = null;
    for (const a of ancore) {
      const t = a.contenuto.audit;
      if (t) {
        const h = righe.get(t.id);
        if (h === t.hash && (!partenza || t.id >= partenza.auditId)) partenza = { chiave: a.chiave, auditId: t.id, hash: t.hash };
        if (h === undefined) {
          problemi.push(
            t.id > ultimoId
              ? `la riga ${t.id}, ancorata il ${a.contenuto.registrataIl}, manca: le righe fino a ${t.id} sono state cancellate dalla coda del registro`
              : `la riga ${t.id}, ancorata il ${a.contenuto.registrataIl}, manca dal registro`,
          );
        } else if (h !== t.hash) {
          problemi.push(`la riga ${t.id} non ha l'hash ancorato il ${a.contenuto.registrataIl}: il registro è stato riscritto fino a quella riga`);
        }
      }
      for (const [catena, testa] of Object.entries(a.contenuto.catene ?? {})) {
        const h = teste.get(`${catena}#${testa.n}`);
        if (h === undefined) problemi.push(`la catena dei sorteggi ${catena} non ha più la trascrizione ${testa.n}, ancorata il ${a.contenuto.registrataIl}`);
        else if (h !== testa.hash) problemi.push(`la trascrizione ${testa.n} della catena ${catena} non ha l'hash ancorato il ${a.contenuto.registrataIl}`);
      }
    }
    const u = ancore[ancore.length - 1];
    return {
      valido: problemi.length === 0,
      verificate: ancore.length,
      problemi,
      ultima: u ? { chiave: u.chiave, registrataIl: u.contenuto.registrataIl, auditId: u.contenuto.audit?.id ?? null } : null,
      partenza,
    };
  }
}
