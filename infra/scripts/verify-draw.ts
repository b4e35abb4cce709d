/**
 * Verifies a draw from its transcript, its period and the period's revealed secret (docs/assignment.md, "How to verify"):
 *   npm run -s verify-draw -- FILE [--segreto HEX]
 * FILE is the answer of GET /api/v1/assegnazioni/{id} saved as it is, or JSON { "trascrizione": {...}, "segreto": "<hex>",
 * "periodo": { "periodo", "inizio", "fine", "pubblicatoIl", "rivelatoIl" } } (optional "impegnoPubblicato", "prevHash",
 * "hash", "n"). Prints VALIDO or NON VALIDO with every reason; exits 0 valid, 1 not valid, 2 bad input.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { verificaDaCli } from '../../libs/domain/src/ispezioni/verifica-cli';

// `npm run` starts scripts in the package root: resolve FILE against the directory the command was typed in.
const cwd = process.env.INIT_CWD ?? process.cwd();
const esito = verificaDaCli(process.argv.slice(2), (file) => readFileSync(resolve(cwd, file), 'utf8'));
if (esito.codice === 2) console.error(esito.testo);
else console.log(esito.testo);
process.exit(esito.codice);
