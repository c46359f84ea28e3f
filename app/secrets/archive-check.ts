import { parseRecipe } from '../auth/recipes/recipe-parse';
import { accountNamePattern } from '../common/account-name';
import { providerIdPattern } from '../common/model-schema';
import { WalletError } from '../errors';
import { validateUrl } from '../url-validation';
import type { WalletArchive } from './wallet-archive';

/**
 * An export file's words are checked as if typed by a stranger before anything is written: an account id becomes
 * a file name (state/<id>.json) and the prefix of keychain items, a name reaches terminals, a recipe replaces code.
 * The file may be someone else's, or an old export of this very wallet.
 */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

function refuse(file: string, what: string): never {
  throw new WalletError('config', `${file} ${what}; nothing was imported`);
}

function checkUrls(account: WalletArchive['accounts'][number], file: string): void {
  const allowHttp = account.allowHttp === true;
  try {
    validateUrl(account.url, 'url', allowHttp);
    for (const key of ['tokenUrl', 'issuer'] as const) {
      const value = account.options?.[key];
      if (value !== undefined) validateUrl(value, key, allowHttp);
    }
    for (const origin of account.allowOrigins ?? []) validateUrl(origin, 'allow-origin', allowHttp);
  } catch {
    refuse(file, `holds account "${account.name}" with a URL the wallet does not accept`);
  }
}

export function checkArchive(archive: WalletArchive, file: string): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  archive.accounts.forEach((account, index) => {
    if (!idPattern.test(account.id)) refuse(file, `holds a malformed account (account ${index + 1}: unsafe id)`);
    if (!accountNamePattern.test(account.name))
      refuse(file, `holds a malformed account (account ${index + 1}: not a valid account name)`);
    if (ids.has(account.id) || names.has(account.name)) refuse(file, `holds account "${account.name}" twice`);
    ids.add(account.id);
    names.add(account.name);
    checkUrls(account, file);
  });
  for (const item of Object.keys(archive.secrets)) {
    const colon = item.indexOf(':');
    if (colon < 1 || !ids.has(item.slice(0, colon))) refuse(file, 'holds a secret for no account it carries');
  }
  for (const [name, text] of Object.entries(archive.recipes)) {
    const kind = name.endsWith('.yaml') ? name.slice(0, -'.yaml'.length) : '';
    if (!providerIdPattern.test(kind)) refuse(file, 'holds a recipe with an unsafe file name');
    let recipeName: string;
    try {
      recipeName = parseRecipe(text, name).name;
    } catch {
      refuse(file, `holds a recipe, ${name}, that does not load`);
    }
    if (recipeName !== kind) refuse(file, `holds a recipe, ${name}, that names itself "${recipeName}"`);
  }
}
