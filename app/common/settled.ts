/**
 * Waits for a promise to settle, whatever its outcome: for ordering only (a write after the one
 * before it, a logout after a renewal in flight). Its failure is reported where it is handled.
 */
export async function settled(promise: Promise<unknown> | undefined): Promise<void> {
  await promise?.then(
    () => undefined,
    () => undefined,
  );
}
