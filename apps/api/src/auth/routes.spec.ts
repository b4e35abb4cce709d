import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AppModule } from '../app.module';
import { EXTERNAL_ROLES } from '@app/domain';
import { PUBLIC_KEY, ROLES_KEY, SCOPE_KEY } from './auth.decorators';

type Ctor = { new (...args: never[]): unknown; name: string };
/** What a module's `imports` holds: a module class, or a dynamic module (e.g. the metrics controller's PrometheusModule). */
type Importato = Ctor | { module: Ctor; controllers?: Ctor[]; imports?: unknown[] };

/** The controllers of a module and of every module it imports, each once. */
function controllersOf(root: Ctor): Ctor[] {
  const found = new Set<Ctor>();
  const seen = new Set<unknown>();
  const visit = (m: unknown) => {
    if (!m || seen.has(m) || (typeof m !== 'function' && typeof m !== 'object')) return;
    seen.add(m);
    const dinamico = typeof m === 'object' && 'module' in m ? (m as Exclude<Importato, Ctor>) : undefined;
    const classe = dinamico ? dinamico.module : (m as Ctor);
    for (const c of [...((Reflect.getMetadata('controllers', classe) ?? []) as Ctor[]), ...(dinamico?.controllers ?? [])]) found.add(c);
    for (const i of [...((Reflect.getMetadata('imports', classe) ?? []) as unknown[]), ...(dinamico?.imports ?? [])]) visit(i);
  };
  visit(root);
  return [...found];
}

/** Every route of every controller the API registers, with whether it is public and which roles it admits. */
function routes() {
  return controllersOf(AppModule).flatMap((c) => {
    const proto = c.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto)
      .filter((m) => m !== 'constructor' && typeof proto[m] === 'function' && Reflect.getMetadata(METHOD_METADATA, proto[m] as object) !== undefined)
      .map((m) => {
        const handler = proto[m] as object;
        return {
          route: `${c.name}.${m} ${Reflect.getMetadata(PATH_METADATA, c)}/${Reflect.getMetadata(PATH_METADATA, handler)}`,
          isPublic: Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, c)),
          roles: (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, c) ?? []) as string[],
          scopes: (Reflect.getMetadata(SCOPE_KEY, handler) ?? Reflect.getMetadata(SCOPE_KEY, c) ?? []) as string[],
        };
      });
  });
}

describe('route guards', () => {
  it('finds the API routes', () => {
    expect(routes().length).toBeGreaterThan(10);
  });

  it('gives every route either @Public or at least one role', () => {
    const open = routes()
      .filter((r) => !r.isPublic && r.roles.length === 0)
      .map((r) => r.route);
    expect(open).toEqual([]);
  });

  it('keeps public only the health checks and metrics', () => {
    const pub = routes()
      .filter((r) => r.isPublic)
      .map((r) => r.route.split(' ')[0])
      .sort();
    expect(pub).toEqual(['HealthController.prontezza', 'HealthController.vitalita', 'MetricsController.index']);
  });
});

/**
 * Whose records each route reaches (docs/accesso.md). A new route, or a route whose scope changes, must be added
 * here on purpose: the e2e matrix (test/e2e/ambiti.e2e-spec.ts) then tries it as every role of another office and
 * of another organisation.
 */
const SCOPE: Record<string, string> = {
  'PraticheController.*': 'ufficio',
  'DocumentiController.*': 'ufficio soggetto',
  'AuditController.elenco': 'ufficio',
  'AuditController.verifica': 'sistema',
  'PianiController.*': 'ufficio',
  'NotificheController.*': 'destinatario',
  'RubricaController.elenco': 'ufficio',
  'RubricaController.imposta': 'ufficio',
  'RubricaController.mia': 'destinatario',
  'RubricaController.impostaMia': 'destinatario',
  'RubricaController.impostaOrganizzazione': 'ufficio soggetto',
  'RegistroIspezioniController.*': 'ufficio',
  'RichiesteController.*': 'ufficio',
  'AssegnazioniController.*': 'ufficio',
  'PianiVigilanzaController.*': 'ufficio',
  'RegistroTirociniController.creaSoggetto': 'regionale soggetto',
  'RegistroTirociniController.soggetti': 'regionale soggetto',
  'RegistroTirociniController.soggetto': 'regionale soggetto',
  'RegistroTirociniController.aggiungiSede': 'regionale',
  'RegistroTirociniController.registraDipendenti': 'regionale',
  'RegistroTirociniController.rettificaTirocinante': 'ufficio',
  'RegistroTirociniController.*': 'ufficio soggetto',
  'TirociniController.*': 'ufficio soggetto',
  'RegistroCollocamentoController.registraDatore': 'regionale',
  'RegistroCollocamentoController.datore': 'regionale soggetto',
  'RegistroCollocamentoController.*': 'ufficio',
  'OfferteController.*': 'ufficio soggetto',
  'AttivitaController.*': 'ufficio soggetto',
};
const scopeAtteso = (route: string) => {
  const [name] = route.split(' ');
  return SCOPE[name] ?? SCOPE[`${name.split('.')[0]}.*`];
};

describe('route scopes', () => {
  const authenticated = () => routes().filter((r) => !r.isPublic);

  it('gives every authenticated route the scope listed here', () => {
    const diff = authenticated()
      .map((r) => ({
        route: r.route,
        declared: [...r.scopes].sort().join(' '),
        expected: (scopeAtteso(r.route) ?? '(none listed)').split(' ').sort().join(' '),
      }))
      .filter((r) => r.declared !== r.expected);
    expect(diff).toEqual([]);
  });

  it('admits external roles only on routes scoped to their organisation (or addressed to them)', () => {
    const wrong = authenticated()
      .filter((r) => r.roles.some((x) => (EXTERNAL_ROLES as readonly string[]).includes(x)))
      .filter((r) => !r.scopes.includes('soggetto') && !r.scopes.includes('destinatario'))
      .map((r) => r.route);
    expect(wrong).toEqual([]);
  });

  it('scopes every route that reaches records by office, by organisation or by addressee', () => {
    const unscoped = authenticated()
      .filter((r) => !r.scopes.some((x) => ['ufficio', 'regionale', 'destinatario', 'sistema'].includes(x)))
      .map((r) => r.route);
    expect(unscoped).toEqual([]);
  });
});
