/**
 * npm run client: writes libs/client/src/schema.d.ts (generated, not committed), the types of the API's typed client,
 * from openapi.json. As openapi-typescript's CLI does, with one difference: a file (`type: string, format: binary`)
 * is a Blob, not a string, so an upload through the client is typed as what FormData takes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const ROOT = join(__dirname, '../..');
const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'));
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

async function main() {
  const ast = await openapiTS(pathToFileURL(join(ROOT, 'openapi.json')), {
    transform(schema) {
      if (schema.format === 'binary') return schema.nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
      return undefined;
    },
  });
  const out = join(ROOT, 'libs/client/src/schema.d.ts');
  writeFileSync(out, `// Generated from openapi.json by npm run client (infra/scripts/client.ts): do not edit.\n${astToString(ast)}`);
  console.log(`${out}: written`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
