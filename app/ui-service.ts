import type { AccountInput } from './account-input';
import { usageError } from './errors';
import { Listeners } from './listeners';
import type { AccountView, RemoveOutcome } from './model';
import type { ProviderMeta } from './providers/provider';
import type {
  AddUiOptions,
  CopyKind,
  CopyResult,
  SecretOptions,
  SecretStoreInfo,
  SignInQueueState,
  UiApi,
  UiEvent,
} from './ui-contract';
import type { SignInQueue } from './auth/oauth/sign-in-queue';
import { secretStoreInfo } from './secrets/open-secret-store';
import type { Wallet } from './wallet';
import { log } from './log/current';

export interface UiServiceOptions {
  wallet: Wallet;
  /** When the host can write the clipboard itself (Electron), the text never reaches the renderer. */
  writeClipboard?: (text: string, clearAfterMs: number) => void | Promise<void>;
  clearAfterMs?: number;
  /** The scheduler's next renewal time of an account, where a scheduler runs in this host. */
  nextRenewalAt?: (accountId: string) => number | null;
  /** Schedule changes (renewed, failed, backing off) of the host's scheduler, to refresh views. */
  onScheduleChange?: (listener: (accountId: string) => void) => () => void;
  /** The host's queue of browser/device sign-ins, where it has one. */
  signIns?: SignInQueue;
}

export const defaultClipboardClearMs = 30_000;

/**
 * The host side of the dashboard: UiApi over the wallet, plus change events as account views.
 * Both the Electron main process and the browser-mode server use it, so they cannot drift.
 */
export class UiService implements UiApi {
  private readonly wallet: Wallet;
  private readonly options: UiServiceOptions;
  private readonly listeners = new Listeners<UiEvent>();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeSchedule: () => void;
  private readonly unsubscribeSignIns: () => void;

  constructor(options: UiServiceOptions) {
    this.wallet = options.wallet;
    this.options = options;
    this.unsubscribe = this.wallet.onEvent((event) => {
      if (event.type === 'account-removed') {
        this.emit({ type: 'removed', accountId: event.accountId });
        return;
      }
      this.pushView(event.accountId);
    });
    this.unsubscribeSchedule = options.onScheduleChange?.((accountId) => this.pushView(accountId)) ?? (() => undefined);
    this.unsubscribeSignIns =
      options.signIns?.onChange((queue) => this.emit({ type: 'sign-in-queue', queue })) ?? (() => undefined);
  }

  /** Views are re-read after every change so the pushed state is exactly what list() would return. */
  private pushView(accountId: string): void {
    // With no dashboard or window open (a headless agent), nobody would see it: ~5 views a renewal saved.
    if (this.listeners.size === 0) return;
    void this.wallet
      .get(accountId)
      .then((account) => this.emit({ type: 'account', account: this.decorate(account) }))
      // Removed meanwhile: its 'removed' event follows. Anything else is worth a line in the log.
      .catch((error: unknown) => log.debug({ accountId, cause: error }, 'no view pushed to the dashboard'));
  }

  dispose(): void {
    this.unsubscribe();
    this.unsubscribeSchedule();
    this.unsubscribeSignIns();
    this.listeners.clear();
  }

  onEvent(listener: (event: UiEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  emit(event: UiEvent): void {
    this.listeners.emit(event);
  }

  private decorate(account: AccountView): AccountView {
    return this.options.nextRenewalAt === undefined
      ? account
      : { ...account, nextRenewalAt: this.options.nextRenewalAt(account.id) };
  }

  async list(): Promise<AccountView[]> {
    return (await this.wallet.list()).map((account) => this.decorate(account));
  }

  providers(): Promise<ProviderMeta[]> {
    return this.wallet.providers();
  }

  async add(input: AccountInput, password: string, options: AddUiOptions = {}): Promise<AccountView> {
    // The form's Save checks first, as the CLI's add does; "Save without checking" leaves it out.
    const verify = options.verify === true ? { verify: true } : {};
    return this.decorate(await this.wallet.add(input, password, { ...clientSecretOf(options), ...verify }));
  }

  async update(
    name: string,
    input: Partial<AccountInput>,
    password?: string,
    options: SecretOptions = {},
  ): Promise<AccountView> {
    return this.decorate(await this.wallet.update(name, input, password, clientSecretOf(options)));
  }

  remove(name: string): Promise<RemoveOutcome> {
    return this.wallet.remove(name);
  }

  async renew(name: string): Promise<AccountView> {
    return this.decorate(await this.wallet.renew(name));
  }

  async test(name: string): Promise<AccountView> {
    return this.decorate(await this.wallet.test(name));
  }

  async logout(name: string): Promise<AccountView> {
    return this.decorate(await this.wallet.logout(name));
  }

  async login(name: string): Promise<AccountView> {
    return this.decorate(await this.wallet.login(name));
  }

  testNew(input: AccountInput, password: string, options: SecretOptions = {}): Promise<void> {
    return this.wallet.testNew(input, password, options.clientSecret);
  }

  async signInQueue(): Promise<SignInQueueState> {
    return this.options.signIns?.state() ?? { active: null, waiting: [] };
  }

  secretStore(): Promise<SecretStoreInfo> {
    return secretStoreInfo(this.wallet.home);
  }

  async copy(name: string, kind: CopyKind): Promise<CopyResult> {
    const clearAfterMs = this.options.clearAfterMs ?? defaultClipboardClearMs;
    let text: string;
    let expiresAt: number;
    if (kind === 'token') {
      const fresh = await this.wallet.freshToken(name);
      text = fresh.token;
      expiresAt = fresh.expiresAt;
    } else if (kind === 'curl' || kind === 'httpie' || kind === 'header') {
      const snippet = await this.wallet.snippet(name, kind);
      text = snippet.text;
      expiresAt = snippet.expiresAt;
    } else {
      throw usageError(`unknown copy kind "${String(kind)}"`);
    }
    if (this.options.writeClipboard !== undefined) {
      await this.options.writeClipboard(text, clearAfterMs);
      return { expiresAt, clearAfterMs };
    }
    return { expiresAt, clearAfterMs, text };
  }
}

/** Only the client secret crosses from the dashboard (add's `verify` is passed on by add itself). */
function clientSecretOf(options: SecretOptions): SecretOptions {
  return options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret };
}
