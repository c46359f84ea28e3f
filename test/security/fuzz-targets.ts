import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { validateRequest, validateUiRequest } from '../../app/contract-validation';
import { uiMethods } from '../../app/ui-contract';
import { WalletError, stripControls } from '../../app/errors';
import type { HttpResponse } from '../../app/http/http-client';
import type { AccountRecord, ProviderKind } from '../../app/model';
import { parseRibbonToken } from '../../app/providers/ribbon-sbc';
import { providerFor } from '../../app/providers/registry';
import { failureFor, readJson, retryAtFrom, serverReason, throttleFrom } from '../../app/providers/responses';
import { ConfigStore, parseConfig } from '../../app/store/config-store';
import { validateUrl } from '../../app/url-validation';

/**
 * Property-based targets for every parser and validator that takes outside input. Shared by
 * test/security/properties.test.ts (10,000 cases each) and `npm run fuzz` (1,000,000 each).
 * Invariants: only the wallet's typed errors, no hang, no secret in an error message, no partial config.
 */
export interface FuzzTarget {
  name: string;
  /**
   * Cases relative to the run's count: the on-disk config target runs a twentieth (each case writes and locks files).
   */
  share?: number;
  property(): Checkable;
}

/** What fc.assert takes, whatever the property's value types. */
export interface Checkable {
  check(numRuns: number): Promise<void>;
}

function checkable<T extends unknown[]>(property: fc.IProperty<T> | fc.IAsyncProperty<T>): Checkable {
  return { check: async (numRuns) => fc.assert(property, { numRuns }) };
}

const secret = 'Pw-0f-the-user-9c1e';
const controls = /[\u0000-\u001f\u007f-\u009f]/;

/** Only a WalletError, and never with the secret in it. */
function typedFailure(error: unknown): void {
  if (!(error instanceof WalletError)) throw new Error(`not a WalletError: ${String(error)}`);
  if (error.message.includes(secret)) throw new Error(`secret in the message: ${error.message}`);
  if (controls.test(error.message))
    throw new Error(`control character in the message: ${JSON.stringify(error.message)}`);
}

function expectTyped(work: () => unknown): void {
  try {
    work();
  } catch (error) {
    typedFailure(error);
  }
}

const withinMs = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms).unref()),
  ]);

/** Header values as hostile servers send them: numbers, dates, junk, control characters. */
const headerValue = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date({ noInvalidDate: false }).map((date) => String(date)),
  fc.constantFrom('0', '-1', 'NaN', 'Infinity', '1e400', ' 5 '),
);
const headers = fc.record(
  {
    'retry-after': headerValue,
    'x-ratelimit-remaining': headerValue,
    'x-ratelimit-reset': headerValue,
    'x-ratelimit-limit': headerValue,
    'content-type': fc.oneof(fc.constant('application/json'), fc.constant('text/html'), fc.string()),
  },
  { requiredKeys: [] },
);
const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc
    .record(
      {
        access_token: fc.oneof(fc.string(), fc.jsonValue()),
        refresh_token: fc.oneof(fc.string(), fc.jsonValue()),
        expires_in: fc.jsonValue(),
        expires_at: fc.oneof(fc.integer(), fc.double(), fc.string()),
        token: fc.oneof(fc.string(), fc.jsonValue()),
        duration: fc.jsonValue(),
        error: fc.oneof(
          fc.string(),
          fc.constantFrom('invalid_grant', 'invalid_client', 'unsupported_grant_type', 'invalid_scope'),
        ),
        error_description: fc.string(),
        message: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);
const xmlish = fc.oneof(
  fc.string(),
  fc
    .tuple(
      fc.constantFrom('', '<?xml version="1.0"?>', '\uFEFF<?xml?>'),
      fc.string(),
      fc.string(),
      fc.constantFrom('', '<!DOCTYPE x>', '&amp;'),
    )
    .map(
      ([prolog, token, junk, extra]) =>
        `${prolog}<response>${extra}<data>${junk}<accessToken>${token}</accessToken></data></response>`,
    ),
);
const response = fc
  .record({
    status: fc.integer({ min: 100, max: 599 }),
    headers,
    body: fc.oneof(
      jsonish,
      xmlish,
      fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    ),
  })
  .map((reply): HttpResponse => ({
    status: reply.status,
    headers: reply.headers,
    body: Buffer.from(reply.body.replaceAll(secret, '')),
    receivedAt: 1_700_000_000_000,
  }));

const responseParsers: FuzzTarget = {
  name: 'responses: readJson, serverReason, failureFor, Retry-After, X-RateLimit-*',
  property: () =>
    checkable(
      fc.property(response, (reply) => {
        expectTyped(() => readJson(reply, 'https://h'));
        const reason = serverReason(reply);
        if (reason !== undefined && reason.length > 200) throw new Error('reason not capped');
        const failure = failureFor(reply, 'https://h');
        typedFailure(failure);
        const retryAt = retryAtFrom(reply);
        if (retryAt !== undefined && !Number.isFinite(retryAt)) throw new Error(`retryAt ${retryAt}`);
        const throttle = throttleFrom(reply).throttledUntil;
        if (throttle !== undefined && !Number.isFinite(throttle)) throw new Error(`throttledUntil ${throttle}`);
      }),
    ),
};

const ribbonXml: FuzzTarget = {
  name: 'ribbon-sbc XML (<accessToken>)',
  property: () =>
    checkable(
      fc.property(xmlish, (xml) => {
        try {
          const token = parseRibbonToken(xml, 'https://sbc');
          if (!/^[\u0021-\u007e]+$/.test(token)) throw new Error(`token not printable ASCII: ${JSON.stringify(token)}`);
        } catch (error) {
          typedFailure(error);
        }
      }),
    ),
};

function account(provider: ProviderKind): AccountRecord {
  const options = provider === 'oauth2' || provider === 'oidc' ? { tokenUrl: 'https://idp.example/token' } : {};
  return {
    id: 'a1',
    name: 'fuzz',
    provider,
    url: 'https://api.example',
    username: 'alice',
    options,
    createdAt: '2024-01-01T00:00:00.000Z',
  };
}

function providerTarget(kind: ProviderKind): FuzzTarget {
  return {
    name: `${kind} provider: login and renew against any answer`,
    property: () =>
      checkable(
        fc.asyncProperty(response, fc.boolean(), async (reply, renew) => {
          const provider = providerFor(kind);
          const context = {
            account: account(kind),
            password: secret,
            http: async () => reply,
            now: () => reply.receivedAt,
          };
          const current = {
            accessToken: 'cur',
            refreshToken: 'ref',
            issuedAt: 0,
            expiresAt: reply.receivedAt + 60_000,
          };
          try {
            const result = await withinMs(
              renew && provider.renew !== undefined ? provider.renew(context, current) : provider.login(context),
              1000,
            );
            if (!/^[\u0021-\u007e]+$/.test(result.accessToken))
              throw new Error(`token not printable ASCII: ${JSON.stringify(result.accessToken)}`);
            if (!Number.isFinite(result.expiresAt) || !Number.isFinite(result.issuedAt))
              throw new Error('non-finite times');
          } catch (error) {
            typedFailure(error);
          }
        }),
      ),
  };
}

const anyParams = fc.oneof(
  fc.array(fc.jsonValue(), { maxLength: 4 }),
  fc.jsonValue(),
  fc.array(
    fc.oneof(
      fc.string(),
      fc.record(
        { name: fc.string(), provider: fc.string(), url: fc.string(), username: fc.string() },
        { requiredKeys: [] },
      ),
    ),
    { maxLength: 3 },
  ),
);
const walletMethodNames = [
  'list',
  'get',
  'add',
  'update',
  'remove',
  'freshToken',
  'renew',
  'test',
  'logout',
  'snippet',
  'testNew',
  'login',
  'constructor',
  '__proto__',
  'toString',
];
const agentProtocol: FuzzTarget = {
  name: 'agent protocol: validateRequest',
  property: () =>
    checkable(
      fc.property(
        fc.oneof(fc.constantFrom(...walletMethodNames), fc.string(), fc.jsonValue()),
        anyParams,
        (method, params) => expectTyped(() => validateRequest(method, params)),
      ),
    ),
};
const uiPayloads: FuzzTarget = {
  name: 'IPC / WebSocket payloads: validateUiRequest',
  property: () =>
    checkable(
      fc.property(
        fc.oneof(fc.constantFrom(...uiMethods, 'hasOwnProperty'), fc.string(), fc.jsonValue()),
        anyParams,
        (method, params) => expectTyped(() => validateUiRequest(method, params)),
      ),
    ),
};

const urlChars = fc.oneof(
  fc.string(),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'ftp://', 'javascript:', 'file://', ''),
      fc.string(),
      fc.constantFrom('', '@', ':pw@', '#x', '?q'),
    )
    .map((parts) => parts.join('')),
);
const urlValidation: FuzzTarget = {
  name: 'URL validation (typed and discovered URLs)',
  property: () =>
    checkable(
      fc.property(urlChars, fc.boolean(), (value, allowHttp) => {
        try {
          const valid = validateUrl(value, 'url', allowHttp);
          const url = new URL(valid);
          if (url.username !== '' || url.password !== '') throw new Error('credentials accepted');
          if (!['https:', 'http:'].includes(url.protocol)) throw new Error(`scheme ${url.protocol} accepted`);
          if (validateUrl(valid, 'url', allowHttp) !== valid) throw new Error('not idempotent');
        } catch (error) {
          typedFailure(error);
        }
      }),
    ),
};

const controlStripping: FuzzTarget = {
  name: 'stripControls (server text to the terminal)',
  property: () =>
    checkable(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom('\u001b', '[', ']', '\u0007', '\u009b', '\u009d', '\n', '\\'),
            fc.integer({ min: 0, max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint)),
          ),
        }),
        (text) => {
          const clean = stripControls(text);
          if (controls.test(clean)) throw new Error(`left a control character: ${JSON.stringify(clean)}`);
          if (stripControls(clean) !== clean) throw new Error('not idempotent');
        },
      ),
    ),
};

const validAccount = fc.record(
  {
    id: fc.string(),
    name: fc.string(),
    provider: fc.constantFrom('vss', 'sensu', 'oidc', 'bogus'),
    url: fc.string(),
    username: fc.string(),
    options: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const configText = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .record(
      {
        version: fc.oneof(fc.constant(1), fc.jsonValue()),
        walletId: fc.oneof(fc.string(), fc.jsonValue()),
        accounts: fc.oneof(fc.array(fc.oneof(validAccount, fc.jsonValue()), { maxLength: 3 }), fc.jsonValue()),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);
let configHome: string | null = null;
const configParser: FuzzTarget = {
  name: 'config file loader: parseConfig of any config.json text',
  property: () =>
    checkable(
      fc.property(configText, (text) => {
        try {
          const config = parseConfig(text, 'config.json');
          if (!Array.isArray(config.accounts)) throw new Error('accounts not an array');
        } catch (error) {
          typedFailure(error);
        }
      }),
    ),
};

const configLoader: FuzzTarget = {
  name: 'config file on disk: typed errors, left untouched, never half-written',
  share: 0.05,
  property: () =>
    checkable(
      fc.asyncProperty(configText, async (text) => {
        configHome ??= mkdtempSync(path.join(os.tmpdir(), 'tw-fuzz-config-'));
        const file = path.join(configHome, 'config.json');
        writeFileSync(file, text);
        const store = new ConfigStore(configHome, { recheckMs: 0 });
        let readable = true;
        try {
          await store.read();
        } catch (error) {
          typedFailure(error);
          readable = false;
        }
        if (readFileSync(file, 'utf8') !== text) throw new Error('reading changed the file');
        if (!readable) {
          // An update of a corrupt config must fail and write nothing at all.
          try {
            await store.update(() => undefined);
            throw new Error('update of a corrupt config succeeded');
          } catch (error) {
            typedFailure(error);
          }
          if (readFileSync(file, 'utf8') !== text) throw new Error('a failed update wrote the file');
        }
      }),
    ),
};

export function cleanUpFuzzFiles(): void {
  if (configHome !== null) rmSync(configHome, { recursive: true, force: true });
  configHome = null;
}

export const fuzzTargets: FuzzTarget[] = [
  responseParsers,
  ribbonXml,
  ...(['vss', 'ribbon-sbc', 'sensu', 'vyopta', 'veeam-vao', 'oauth2', 'oidc'] as const).map(providerTarget),
  agentProtocol,
  uiPayloads,
  urlValidation,
  controlStripping,
  configParser,
  configLoader,
];
