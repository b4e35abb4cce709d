import { User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ConfigConsole } from '../config';

/** Who is logged in, as the console shows it: from the ID token's claims (the API trusts only the access token). */
export interface Utente {
  sub: string;
  nome: string;
  ruoli: string[];
  ufficio: string;
  soggetto?: string;
  /** The organisation's name, when the provider gives it. */
  organizzazione?: string;
}

interface Sessione {
  utente?: Utente;
  token?: string;
  /** The session ended (expired and could not be renewed): the user is asked to log in again. */
  scaduta: boolean;
  accedi: (ritorno?: string) => Promise<void>;
  esci: () => Promise<void>;
  /** The API refused the token (401): try a renewal once, else the session has ended. */
  tokenRifiutato: () => Promise<void>;
}

const Contesto = createContext<Sessione | undefined>(undefined);

export function creaGestore(config: ConfigConsole): UserManager {
  const base = new URL(import.meta.env.BASE_URL, window.location.origin).toString();
  return new UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    redirect_uri: `${base}callback`,
    post_logout_redirect_uri: base,
    response_type: 'code',
    scope: config.oidc.scope,
    // Tokens stay in this tab (sessionStorage): closing it ends the session on this device.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // Renewed with the refresh token shortly before the access token expires.
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
  });
}

function utenteDa(user: User): Utente {
  const c = user.profile as Record<string, unknown>;
  const nome = [c.given_name, c.family_name].filter(Boolean).join(' ') || (c.name as string) || user.profile.sub;
  return {
    sub: user.profile.sub,
    nome,
    ruoli: Array.isArray(c.roles) ? (c.roles as string[]) : [],
    ufficio: typeof c.office === 'string' ? c.office : '',
    ...(typeof c.soggetto === 'string' ? { soggetto: c.soggetto } : {}),
    ...(typeof c.organizzazione === 'string' ? { organizzazione: c.organizzazione } : {}),
  };
}

export function SessioneProvider({ gestore, children }: { gestore: UserManager; children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [pronto, setPronto] = useState(false);
  const [scaduta, setScaduta] = useState(false);

  useEffect(() => {
    let attivo = true;
    void gestore.getUser().then((u) => {
      if (!attivo) return;
      setUser(u && !u.expired ? u : null);
      if (u?.expired) setScaduta(true);
      setPronto(true);
    });
    const caricato = (u: User) => {
      setUser(u);
      setScaduta(false);
    };
    const finita = () => {
      setUser(null);
      setScaduta(true);
    };
    gestore.events.addUserLoaded(caricato);
    gestore.events.addAccessTokenExpired(finita);
    gestore.events.addSilentRenewError(finita);
    gestore.events.addUserSignedOut(finita);
    return () => {
      attivo = false;
      gestore.events.removeUserLoaded(caricato);
      gestore.events.removeAccessTokenExpired(finita);
      gestore.events.removeSilentRenewError(finita);
      gestore.events.removeUserSignedOut(finita);
    };
  }, [gestore]);

  const accedi = useCallback((ritorno?: string) => gestore.signinRedirect({ state: { ritorno: ritorno ?? window.location.pathname } }), [gestore]);
  const esci = useCallback(async () => {
    const u = await gestore.getUser();
    await gestore.removeUser();
    await gestore.signoutRedirect({ id_token_hint: u?.id_token });
  }, [gestore]);
  const tokenRifiutato = useCallback(async () => {
    try {
      const u = await gestore.signinSilent();
      if (u) return setUser(u);
    } catch {
      // renewal refused: the session is over
    }
    await gestore.removeUser();
    setUser(null);
    setScaduta(true);
  }, [gestore]);

  const valore = useMemo<Sessione>(
    () => ({ utente: user ? utenteDa(user) : undefined, token: user?.access_token, scaduta, accedi, esci, tokenRifiutato }),
    [user, scaduta, accedi, esci, tokenRifiutato],
  );
  if (!pronto) return null;
  return <Contesto.Provider value={valore}>{children}</Contesto.Provider>;
}

export function useSessione(): Sessione {
  const s = useContext(Contesto);
  if (!s) throw new Error('useSessione fuori da SessioneProvider');
  return s;
}

/** The user holds one of these roles. */
export function haRuolo(utente: Utente | undefined, ...ruoli: string[]): boolean {
  return !!utente && utente.ruoli.some((r) => ruoli.includes(r));
}
