/**
 * Idempotent namespace set-up after the Temporal server starts: creates the namespace if missing, raises its
 * retention (the dev server's default keeps closed workflows only 24 h), and registers the search attributes the
 * procedures use. Usage: tsx infra/scripts/temporal-setup.ts [namespace...] (default: TEMPORAL_NAMESPACE).
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../../libs/infrastructure/src/config/app-config';
import { temporalConnectionOptions } from '../../libs/infrastructure/src/temporal/connection-options';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const RETENTION_DAYS = Number(process.env.TEMPORAL_RETENTION_DAYS ?? 365);
const INDEXED = temporal.api.enums.v1.IndexedValueType;
const TYPE_OF: Record<string, number> = {
  KEYWORD: INDEXED.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: INDEXED.INDEXED_VALUE_TYPE_TEXT,
  INT: INDEXED.INDEXED_VALUE_TYPE_INT,
  DATETIME: INDEXED.INDEXED_VALUE_TYPE_DATETIME,
  BOOL: INDEXED.INDEXED_VALUE_TYPE_BOOL,
  DOUBLE: INDEXED.INDEXED_VALUE_TYPE_DOUBLE,
  KEYWORD_LIST: INDEXED.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

async function retry<T>(fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if ((e as { code?: number }).code !== 5 /* NOT_FOUND */ || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function setup(connection: Connection, namespace: string) {
  const retention = msToTs(RETENTION_DAYS * 24 * 3600 * 1000);
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention });
    console.log(`[infra] temporal: namespace ${namespace} created`);
  }
  // A new namespace takes a few seconds to reach the server's namespace cache: retry until it answers.
  await retry(() => connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: retention } }));
  const existing = await retry(() => connection.operatorService.listSearchAttributes({ namespace }));
  const missing = SEARCH_ATTRIBUTES.filter((k) => !(k.name in (existing.customAttributes ?? {})));
  if (missing.length) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, TYPE_OF[k.type]])),
    });
  }
  console.log(
    `[infra] temporal: namespace ${namespace} ready (retention ${RETENTION_DAYS} days, search attributes ${SEARCH_ATTRIBUTES.map((k) => k.name).join(', ')}${missing.length ? `; registered ${missing.map((k) => k.name).join(', ')}` : ''})`,
  );
}

async function main() {
  const config = loadConfig();
  const namespaces = process.argv.slice(2).length ? process.argv.slice(2) : [config.TEMPORAL_NAMESPACE];
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    for (const ns of namespaces) await setup(connection, ns);
  } finally {
    await connection.close();
  }
}

main().catch((e) => {
  console.error(`[infra] error: temporal set-up: ${(e as Error).message}`);
  process.exit(1);
});
