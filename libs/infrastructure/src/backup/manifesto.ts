/**
 * The manifest of a backup (`npm run backup`): what each file of the copy holds and its SHA-256, so a restore checks
 * the copy before it writes anything, and every object version of the buckets with its original order. Pure: the I/O
 * is in infra/scripts/backup.ts.
 */

export const FORMATO_BACKUP = 1;

/** Which bucket of the service an object came from: restored into the bucket of the same role, whatever its name. */
export type RuoloBucket = 'documenti' | 'ancore';

export interface FileCopiato {
  file: string;
  byte: number;
  sha256: string;
}

export interface VersioneCopiata {
  ruolo: RuoloBucket;
  chiave: string;
  /** The version's id in the source bucket (a restored version gets a new one: nothing in the database names it). */
  versione: string | null;
  /** When the source stored it: versions of one key are restored oldest first, so the newest stays the current one. */
  modificato: string;
  /** A delete marker holds no bytes: it is restored as a delete of the key. */
  marcatoreCancellazione: boolean;
  /** The bytes (none for a delete marker). */
  contenuto?: FileCopiato;
  /** Content-Type and user metadata, as stored. */
  metadati?: Record<string, string>;
  /** Write-once retention (the anchors' bucket): restored as long as it has not ended. */
  ritenzione?: { modo: string; fino: string };
}

export interface Manifesto {
  formato: typeof FORMATO_BACKUP;
  creatoIl: string;
  /** pg_dump (custom format) of the application database. */
  database: FileCopiato & { nome: string };
  /** Temporal's persistence: the dev server's SQLite file, or a pg_dump per database of a self-hosted server. */
  temporal: { tipo: 'sqlite' | 'postgres'; file: Array<FileCopiato & { nome: string }> } | { tipo: 'nessuno' };
  bucket: Array<{ ruolo: RuoloBucket; nome: string }>;
  versioni: VersioneCopiata[];
}

/** Versions in the order a restore writes them: per key oldest first (ties keep the source's listing order, reversed). */
export function ordineRipristino(versioni: readonly VersioneCopiata[]): VersioneCopiata[] {
  return versioni
    .map((v, i) => ({ v, i }))
    .sort(
      (a, b) =>
        a.v.ruolo.localeCompare(b.v.ruolo) || a.v.chiave.localeCompare(b.v.chiave) || Date.parse(a.v.modificato) - Date.parse(b.v.modificato) || b.i - a.i,
    )
    .map(({ v }) => v);
}

/** The manifest's own consistency, before any file is read: the problems found, none if it can be restored. */
export function problemiManifesto(m: unknown): string[] {
  const p: string[] = [];
  const x = m as Partial<Manifesto> | null;
  if (!x || typeof x !== 'object') return ['il manifesto non è un oggetto JSON'];
  if (x.formato !== FORMATO_BACKUP) p.push(`formato ${String(x.formato)} non supportato (atteso ${FORMATO_BACKUP})`);
  if (!x.database?.file || !x.database.sha256) p.push('manca la copia del database');
  if (!x.temporal || !['sqlite', 'postgres', 'nessuno'].includes(x.temporal.tipo)) p.push('manca la copia di Temporal');
  if (!Array.isArray(x.versioni)) p.push("manca l'elenco delle versioni degli oggetti");
  const file = new Set<string>();
  const nomi = [
    x.database?.file,
    ...(x.temporal && 'file' in x.temporal ? x.temporal.file.map((f) => f.file) : []),
    ...(x.versioni ?? []).map((v) => v.contenuto?.file),
  ];
  for (const f of nomi) {
    if (f === undefined) continue;
    // Files are named by the backup itself: a name that climbs out of its folder is a tampered manifest.
    if (typeof f !== 'string' || !/^[A-Za-z0-9._/-]+$/.test(f) || f.split('/').some((s) => s === '..' || s === ''))
      p.push(`nome di file non ammesso: ${String(f)}`);
    else if (file.has(f)) p.push(`file elencato due volte: ${f}`);
    else file.add(f);
  }
  for (const v of x.versioni ?? []) {
    if (!v.marcatoreCancellazione && !v.contenuto) p.push(`${v.ruolo}/${v.chiave}: versione senza contenuto`);
    if (Number.isNaN(Date.parse(v.modificato))) p.push(`${v.ruolo}/${v.chiave}: data di modifica non valida`);
  }
  return p;
}
