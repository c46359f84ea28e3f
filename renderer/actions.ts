import type { AccountInput, AccountView, RemoveOutcome } from '../app/model';
import type { CopyKind, CopyResult, SecretStoreInfo, SignInQueueState } from '../app/ui-contract';
import type { SortOrder, StateGroup } from './account-state';
import { keepFocusAfterRemoval } from './focus';
import { call, dropAccount, showToast, upsert, useDashboard, type EditorState } from './store';
import { formatClockTime, statusLabels } from '../app/common/account-time';
import { formatDuration } from '../app/common/format';

/** What the form typed for the grant's secrets; absent: none typed (kept as stored when editing). */
export interface FormSecrets {
  password?: string;
  clientSecret?: string;
}

/** update's password slot is null (over JSON: unchanged) when only a client secret follows. */
function updateArgs(password: string | undefined, options: object[]): unknown[] {
  if (options.length === 0) return password === undefined ? [] : [password];
  return [password ?? null, ...options];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs an account action, marking the row busy and reporting failures in plain words. */
async function act<T>(account: AccountView, label: string, run: () => Promise<T>): Promise<T | undefined> {
  useDashboard.setState((state) => ({ busy: { ...state.busy, [account.id]: label } }));
  try {
    return await run();
  } catch (error) {
    showToast(`${account.name}: ${messageOf(error)}`, 'error');
    return undefined;
  } finally {
    useDashboard.setState((state) => {
      const { [account.id]: _done, ...rest } = state.busy;
      return { busy: rest };
    });
  }
}

export const copyLabels: Record<CopyKind, string> = {
  token: 'token',
  curl: 'curl command',
  httpie: 'HTTPie command',
  header: 'Authorization header',
};

/**
 * What happens to the clipboard afterwards, truthfully. Electron clears it itself (if it still holds
 * our copy); a web page cannot read the clipboard back without a permission prompt, so in browser
 * mode nothing clears it and the toast says so.
 */
export function clipboardWords(result: CopyResult): string {
  if (result.text !== undefined) return 'It stays on the clipboard until you copy something else.';
  return `The clipboard is cleared in ${Math.round(result.clearAfterMs / 1000)} s if it still holds it.`;
}

function providerLabel(account: AccountView): { label: string; hasLogout: boolean } {
  const meta = useDashboard.getState().providers.find((candidate) => candidate.kind === account.provider);
  return { label: meta?.label ?? account.provider, hasLogout: meta?.hasLogout === true };
}

/** The toast after a logout, from the account as the host returned it, so toast and card agree. */
export function logoutWords(before: AccountView, after: AccountView, hasLogout: boolean, label: string): string {
  if (after.status !== 'logged-out')
    return `${after.name}: its token was forgotten here; it now reads “${statusLabels[after.status]}”.`;
  if (hasLogout || before.expiresAt === null || before.expiresAt <= Date.now())
    return `Logged out ${after.name}. Nothing renews it until you log in or ask for a token.`;
  return (
    `Logged out ${after.name}: ${label} has no logout, so the token was forgotten here; the server accepts it ` +
    `until ${formatClockTime(before.expiresAt)}.`
  );
}

function validFor(account: AccountView): string {
  return account.expiresAt === null
    ? ''
    : `: valid for ${formatDuration(account.expiresAt - Date.now(), { countdown: true })}`;
}

export const actions = {
  setFilter: (filter: string) => useDashboard.setState({ filter }),
  setSort: (sort: SortOrder) => useDashboard.setState({ sort }),
  setGroup: (group: StateGroup | null) => useDashboard.setState({ group }),
  openEditor: (editor: EditorState) => useDashboard.setState({ editor }),
  askRemove: (accountId: string | null) => useDashboard.setState({ confirmRemove: accountId }),
  dismissToast: () => useDashboard.setState({ toast: null }),

  copy: (account: AccountView, kind: CopyKind) =>
    act(account, 'copying', async () => {
      const result = await call<CopyResult>('copy', account.name, kind);
      // Browser mode: the host hands the text over; in Electron it wrote the clipboard itself.
      if (result.text !== undefined) await navigator.clipboard.writeText(result.text);
      showToast(
        `Copied ${copyLabels[kind]} for ${account.name}: valid for ` +
          `${formatDuration(result.expiresAt - Date.now(), { countdown: true })}. ${clipboardWords(result)}`,
      );
    }),
  renew: (account: AccountView) =>
    act(account, 'renewing', async () => {
      const renewed = await call<AccountView>('renew', account.name);
      upsert(renewed);
      showToast(`Renewed ${account.name}${validFor(renewed)}`, 'ok', {
        accountId: account.id,
        statuses: ['fresh', 'expiring'],
      });
    }),
  login: (account: AccountView) =>
    act(account, 'logging in', async () => {
      const renewed = await call<AccountView>('login', account.name);
      upsert(renewed);
      showToast(`Logged in ${account.name}${validFor(renewed)}`, 'ok', {
        accountId: account.id,
        statuses: ['fresh', 'expiring'],
      });
    }),
  /** A browser/device account: a person signs in (the host takes one sign-in at a time). */
  signIn: (account: AccountView) =>
    act(account, 'signing in', async () => {
      const signedIn = await call<AccountView>('login', account.name);
      upsert(signedIn);
      showToast(`Signed in ${account.name}${validFor(signedIn)}`, 'ok', {
        accountId: account.id,
        statuses: ['fresh', 'expiring'],
      });
    }),
  /** Who signs in and who waits, as the host has it now (changes arrive as events). */
  loadSignInQueue: async (): Promise<void> => {
    useDashboard.setState({ signIns: await call<SignInQueueState>('signInQueue') });
  },
  /** Where the secrets are: said in the header (and in the words of an empty wallet). */
  loadSecretStore: async (): Promise<void> => {
    useDashboard.setState({ secretStore: await call<SecretStoreInfo>('secretStore') });
  },
  test: (account: AccountView) =>
    act(account, 'testing', async () => {
      upsert(await call<AccountView>('test', account.name));
      showToast(`${account.name}: the server accepted the credentials`);
    }),
  logout: (account: AccountView) =>
    act(account, 'logging out', async () => {
      const after = await call<AccountView>('logout', account.name);
      upsert(after);
      const { label, hasLogout } = providerLabel(account);
      showToast(logoutWords(account, after, hasLogout, label), 'ok', {
        accountId: account.id,
        statuses: [after.status],
      });
    }),
  remove: async (account: AccountView) => {
    useDashboard.setState({ confirmRemove: null });
    await act(account, 'removing', async () => {
      const outcome = await call<RemoveOutcome>('remove', account.name);
      dropAccount(account.id);
      keepFocusAfterRemoval();
      if (outcome.serverSession !== 'left-open') showToast(`Removed ${account.name} and its secrets`);
      else {
        const why = outcome.reason ?? 'no reason given';
        showToast(
          `Removed ${account.name}; its server session was not ended (${why}): it ends when its token expires`,
          'error',
        );
      }
    });
  },
  /** Add or edit. Throws HostError so the form can show the message beside its field. */
  /** `verify`: a new account is saved only once the server accepts its credentials (one login, kept). */
  save: async (
    input: AccountInput,
    secrets: FormSecrets,
    editing: AccountView | null,
    verify = false,
  ): Promise<AccountView> => {
    const options = secrets.clientSecret === undefined ? [] : [{ clientSecret: secrets.clientSecret }];
    const addOptions = { ...(options[0] ?? {}), ...(verify ? { verify: true } : {}) };
    const saved =
      editing === null
        ? await call<AccountView>('add', input, secrets.password ?? '', addOptions)
        : await call<AccountView>('update', editing.name, input, ...updateArgs(secrets.password, options));
    upsert(saved);
    useDashboard.setState({ editor: null });
    showToast(editing === null ? `Added ${saved.name}` : `Saved ${saved.name}`);
    return saved;
  },
  testNew: (input: AccountInput, secrets: FormSecrets): Promise<void> =>
    call(
      'testNew',
      input,
      secrets.password ?? '',
      ...(secrets.clientSecret === undefined ? [] : [{ clientSecret: secrets.clientSecret }]),
    ),
};
