/**
 * A window into the running app for the Electron smoke test, nothing secret. It exists only in the
 * test bundle (dist/main/main-test.js): the production build defines __TOKEN_WALLET_TEST_HOOKS__ as
 * false, so esbuild drops the call in main.ts and this module with it.
 */
export interface TestHooks {
  trayExists(): boolean;
  copy(name: string): Promise<unknown>;
  openDashboard(): void;
}

export function installTestHooks(hooks: TestHooks): void {
  (globalThis as { tokenWalletTest?: TestHooks }).tokenWalletTest = hooks;
}
