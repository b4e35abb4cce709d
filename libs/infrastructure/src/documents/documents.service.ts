import { Injectable } from '@nestjs/common';
import FileType from 'file-type';
import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { AuditActor, AuditTrail } from '../audit/audit.trail';
import { AppConfig } from '../config/app-config';
import type { DocumentoEntity } from '../persistence/entities';
import type { DichiarazioneFirma } from '../persistence/entities/documento.entity';
import { ObjectStorage } from '../storage/object-storage';
import { checkContent } from './content-type';
import { DocumentiRepository, versioneContesa } from './documenti.repository';
import { verificaLeggibilita } from './leggibilita';

export interface DocumentOwner {
  procedura: string;
  entitaId: string;
  ufficio: string;
}

export interface UploadRequest extends DocumentOwner {
  tipo: string;
  nomeFile: string;
  actor: AuditActor;
  requestId?: string;
  /** The uploader's declaration that the parties signed this version (kept with it: who, when). */
  firmato?: boolean;
  /**
   * Open the stored bytes before recording them (a PDF must open and have pages, an image be complete): for
   * documents someone will examine. An unreadable one is discarded and refused ('documento-illeggibile').
   */
  esamina?: boolean;
}

export type DocumentErrorRule = 'dimensione-massima' | 'tipo-non-ammesso' | 'estensione-non-corrispondente' | 'file-vuoto' | 'documento-illeggibile';

/** Larger documents are stored without being opened: reading one back whole would hold that much memory. */
export const ESAME_MASSIMO_BYTE = 64 * 1024 * 1024;

/** A document refused for what it is (size, type): the API renders it as a 4xx problem. */
export class DocumentRejectedError extends Error {
  constructor(
    readonly rule: DocumentErrorRule,
    message: string,
    readonly found?: unknown,
    readonly limit?: unknown,
  ) {
    super(message);
  }
}

/** Counts and hashes the bytes that pass, and fails the stream as soon as it exceeds the limit. */
class HashAndLimit extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(
        new DocumentRejectedError('dimensione-massima', `il file supera la dimensione massima di ${this.maxBytes} byte`, `>${this.maxBytes}`, this.maxBytes),
      );
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

export interface StoredDocument {
  id: string;
  tipo: string;
  versione: number;
  nomeFile: string;
  contentType: string;
  dimensione: number;
  sha256: string;
  caricatoDa: string;
  caricatoIl: string;
  firma?: DichiarazioneFirma;
}

/** Bytes stored under a document id and key, not yet recorded. */
export interface OggettoConservato {
  id: string;
  key: string;
  sha256: string;
  size: number;
  contentType: string;
}

export function toStoredDocument(d: DocumentoEntity): StoredDocument {
  return {
    id: d.id,
    tipo: d.tipo,
    versione: d.versione,
    nomeFile: d.nomeFile,
    contentType: d.contentType,
    dimensione: d.dimensione,
    sha256: d.sha256,
    caricatoDa: d.caricatoDa,
    caricatoIl: d.caricatoIl.toISOString(),
    ...(d.firma ? { firma: d.firma } : {}),
  };
}

/**
 * The documents service shared by every procedure. Bytes stream from the caller to object storage and are never
 * held whole in memory; the type is detected from the first bytes, the SHA-256 computed on the way through.
 * Metadata and its audit row are written in one transaction only after the object is safely stored.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
    private readonly repo: DocumentiRepository,
  ) {}

  get maxBytes(): number {
    return this.config.UPLOAD_MAX_BYTES;
  }

  /** Stores the bytes and records the document (row and audit entry): what every procedure but one does. */
  async upload(req: UploadRequest, source: Readable): Promise<StoredDocument> {
    const obj = await this.conserva(req, source);
    try {
      if (req.esamina) await this.esamina(obj);
      return await this.registra(req, obj);
    } catch (e) {
      await this.storage.discard(obj.key);
      throw e;
    }
  }

  /**
   * Only stores the bytes (checked, hashed, under a new id), recording nothing: for a procedure that records the
   * document itself once it has accepted it (`registra`), so a document is either attached and listed or neither.
   * An object whose row never comes is removed by the reconciliation.
   */
  async conserva(req: UploadRequest, source: Readable): Promise<OggettoConservato> {
    // Counted on the way to the type sniffer, so an empty file is refused for what it is (not as an unknown type).
    const contatore = new ContaByte();
    source.pipe(contatore);
    const typed = await FileType.stream(contatore);
    // Cut short while its type was being read: nothing more will come.
    if (source.errored) {
      typed.destroy();
      throw source.errored;
    }
    if (!typed.fileType && contatore.visti === 0) {
      typed.destroy();
      throw new DocumentRejectedError('file-vuoto', 'il file è vuoto', 0, 1);
    }
    const check = checkContent(typed.fileType?.mime, req.nomeFile);
    if (!check.ok) {
      typed.destroy();
      throw new DocumentRejectedError(check.rule, check.message, check.found, check.limit);
    }
    const id = randomUUID();
    const key = `${req.procedura}/${req.entitaId}/${req.tipo}/${id}`;
    const counter = new HashAndLimit(this.maxBytes);
    const failed = new Promise<never>((_, reject) => {
      const fail = (e: Error) => reject(e);
      // The source too: a body cut short ends it with an error that the type sniffer's stream does not pass on.
      source.once('error', fail);
      typed.once('error', fail);
      counter.once('error', fail);
    });
    failed.catch(() => undefined);
    typed.pipe(counter);
    try {
      // The minio client does not notice a failing source stream, so race it against our own failure.
      await Promise.race([this.storage.put(key, counter, check.contentType), failed]);
    } catch (e) {
      typed.unpipe(counter);
      counter.destroy();
      source.resume();
      await this.storage.discard(key);
      throw e;
    }
    if (counter.size === 0) {
      await this.storage.discard(key);
      throw new DocumentRejectedError('file-vuoto', 'il file è vuoto', 0, 1);
    }
    return { id, key, sha256: counter.digest(), size: counter.size, contentType: check.contentType };
  }

  /** Reads the stored bytes back and refuses what cannot be read (a PDF that does not open, a truncated image). */
  private async esamina(obj: OggettoConservato): Promise<void> {
    if (obj.size > ESAME_MASSIMO_BYTE) return;
    const parti: Buffer[] = [];
    for await (const c of await this.storage.get(obj.key)) parti.push(c as Buffer);
    const esito = await verificaLeggibilita(obj.contentType, Buffer.concat(parti));
    if (!esito.leggibile)
      throw new DocumentRejectedError(
        'documento-illeggibile',
        esito.dettaglio,
        esito.motivo,
        "un PDF che si apre e ha pagine, o un'immagine PNG/JPEG completa",
      );
  }

  /** Discards a stored object that will not be recorded (its procedure refused it). */
  scarta(obj: Pick<OggettoConservato, 'key'>): Promise<void> {
    return this.storage.discard(obj.key);
  }

  /** Stores bytes produced by the service itself (e.g. a generated receipt) under a caller-chosen, stable id. */
  async storeGenerated(req: UploadRequest & { id: string }, body: Buffer, contentType: string): Promise<StoredDocument> {
    const existing = await this.repo.trova(req.id);
    if (existing) return toStoredDocument(existing);
    const key = `${req.procedura}/${req.entitaId}/${req.tipo}/${req.id}`;
    await this.storage.put(key, body, contentType, body.length);
    const sha256 = createHash('sha256').update(body).digest('hex');
    return this.registra(req, { id: req.id, key, sha256, size: body.length, contentType });
  }

  /** Writes the document's row and its audit entry, once (idempotent by document id): after its object is stored. */
  async registra(req: UploadRequest, obj: OggettoConservato): Promise<StoredDocument> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.repo.transazione(async (m) => {
          const existing = await this.repo.trova(obj.id, m);
          if (existing) return toStoredDocument(existing);
          const entity = await this.repo.inserisci(m, {
            id: obj.id,
            procedura: req.procedura,
            entitaId: req.entitaId,
            ufficio: req.ufficio,
            tipo: req.tipo,
            nomeFile: req.nomeFile,
            contentType: obj.contentType,
            dimensione: obj.size,
            sha256: obj.sha256,
            storageKey: obj.key,
            caricatoDa: req.actor.sub,
            caricatoIl: new Date(),
            firma:
              req.firmato === undefined
                ? null
                : { firmato: req.firmato, dichiaratoDa: req.actor.sub, ruoli: [...req.actor.roles].sort().join(','), il: new Date().toISOString() },
          });
          await this.audit.append(m, {
            actor: req.actor,
            procedura: req.procedura,
            entita: 'documento',
            entitaId: obj.id,
            azione: 'caricato',
            dopo: {
              owner: req.entitaId,
              tipo: req.tipo,
              versione: entity.versione,
              sha256: obj.sha256,
              dimensione: obj.size,
              nomeFile: req.nomeFile,
              ...(req.firmato === undefined ? {} : { firmato: req.firmato }),
            },
            requestId: req.requestId,
            idempotencyKey: `documento:${obj.id}`,
          });
          return toStoredDocument(entity);
        });
      } catch (e) {
        // Two uploads of the same kind raced for the same version number: take the next one.
        if (versioneContesa(e) && attempt < 5) continue;
        throw e;
      }
    }
  }

  find(id: string): Promise<DocumentoEntity | null> {
    return this.repo.trova(id);
  }

  async listFor(owner: { procedura: string; entitaId: string }): Promise<StoredDocument[]> {
    return (await this.repo.elenco(owner)).map(toStoredDocument);
  }

  open(doc: DocumentoEntity): Promise<Readable> {
    return this.storage.get(doc.storageKey);
  }

  presign(doc: DocumentoEntity): Promise<string> {
    return this.storage.presignedGet(doc.storageKey, this.config.PRESIGN_TTL_SECONDS, doc.nomeFile);
  }
}

/** Passes bytes through, counting them. */
class ContaByte extends Transform {
  visti = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.visti += chunk.length;
    cb(null, chunk);
  }
}
