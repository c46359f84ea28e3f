import { parseXml, xmlText } from '../auth/recipes/extract';
import { WalletError } from '../errors';
import { checkToken } from './responses';

/**
 * The Ribbon SBC is a recipe now (app/auth/recipes/builtin/ribbon-sbc.ts): XML token, fixed ten
 * minutes, early re-authentication with the current token. This is its XML extraction, as the
 * recipe's `from: xml` does it (fast-xml-parser, entities and DOCTYPE off).
 */
/** Extracts `<response><data><accessToken>` from the SBC's answer. */
export function parseRibbonToken(text: string, server: string): string {
  const token = xmlText(parseXml(text, server), ['response', 'data', 'accessToken'], server);
  if (token === undefined || token === '')
    throw new WalletError('unexpected', 'answered without <accessToken>', { server });
  return checkToken(token, server, '<accessToken>');
}
