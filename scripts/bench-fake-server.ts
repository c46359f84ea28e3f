// A fake Vyopta token server in its own process for `npm run bench`, so its CPU is not counted
// against the wallet. Prints its token URL as one JSON line; stops when stdin closes.
import { startFake } from '../test/fakes/index';

const lifetimeSec = Number(process.argv[2] ?? 20);
const spreadSec = Number(process.argv[3] ?? 40);
const fake = await startFake('vyopta', { lifetimeSec });
fake.knobs.lifetimeSpreadSec = spreadSec;
process.stdout.write(`${JSON.stringify({ url: fake.url, tokenUrl: fake.tokenUrl })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void fake.close().then(() => process.exit(0));
});
