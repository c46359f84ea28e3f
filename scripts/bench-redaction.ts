// The redaction section of `npm run bench`: the cost of scrubbing one log line while 10,000 accounts
// hold a password and a session each (and 10,000 replaced tokens are remembered), as the agent does.
import { redactText, registerSecret } from '../app/log/redact';
import { round } from './bench-support';

export function benchRedaction(accounts: number): Record<string, unknown> {
  for (let index = 0; index < accounts; index += 1) {
    const accountId = `bench-${index}`;
    registerSecret(`pw-${index}-Zq8xLmAbc`, { accountId, kind: 'password' });
    for (let round = 0; round < 2; round += 1) {
      const signature = `${index}s${round}`.padEnd(43, 'q');
      registerSecret(`eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaC0${index}x${round}.${signature}`, {
        accountId,
        kind: 'access',
      });
      registerSecret(`refresh-${round}-${index}-${'z'.repeat(40)}`, { accountId, kind: 'refresh' });
    }
  }
  const line =
    '{"level":40,"account":"acct-4711","server":"https://sbc.example.com",' +
    '"msg":"renewal failed: connection refused; retrying in 30 s"}';
  const lines = 2000;
  for (let index = 0; index < 200; index += 1) redactText(`${line}${index}`);
  const start = process.hrtime.bigint();
  for (let index = 0; index < lines; index += 1) redactText(`${line}${index}`);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    bench: 'redaction',
    accounts,
    registrations: accounts * 5,
    msPerLogLine: round(ms / lines, 4),
    note: 'a warning line scrubbed of every registered secret and secret shape (app/log/redact.ts)',
  };
}
