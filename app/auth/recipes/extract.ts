import { XMLParser } from 'fast-xml-parser';
import { WalletError } from '../../errors';
import type { HttpResponse } from '../../http/http-client';
import { headerValue, readJson } from '../../providers/responses';

/**
 * Reading values out of an answer: RFC 6901 JSON pointers, header names and XML element paths.
 * A locator names its source: "/json/pointer", "header:Name" or "xml:a/b/c".
 */
export type Locator =
  { source: 'body'; pointer: string[] } | { source: 'header'; name: string } | { source: 'xml'; path: string[] };

const headerNamePattern = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const xmlPathPattern = /^[A-Za-z_][\w.-]*(\/[A-Za-z_][\w.-]*){0,15}$/;

export class LocatorSyntaxError extends Error {}

/** RFC 6901: "" is the whole document, "/a/b~1c" is a → "b/c". */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new LocatorSyntaxError(`"${pointer.slice(0, 60)}" is not a JSON pointer (it starts with "/")`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => {
      if (/~[^01]|~$/.test(segment))
        throw new LocatorSyntaxError(`"${pointer.slice(0, 60)}" has a "~" that is not ~0 or ~1`);
      return segment.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

export function parseXmlPath(path: string): string[] {
  if (!xmlPathPattern.test(path))
    throw new LocatorSyntaxError(`"${path.slice(0, 60)}" is not an element path like response/data/accessToken`);
  return path.split('/');
}

export function parseHeaderName(name: string): string {
  if (!headerNamePattern.test(name)) throw new LocatorSyntaxError(`"${name.slice(0, 60)}" is not an HTTP header name`);
  return name;
}

export function parseLocator(text: string): Locator {
  if (text.startsWith('/')) return { source: 'body', pointer: parseJsonPointer(text) };
  if (text.startsWith('header:')) return { source: 'header', name: parseHeaderName(text.slice('header:'.length)) };
  if (text.startsWith('xml:')) return { source: 'xml', path: parseXmlPath(text.slice('xml:'.length)) };
  throw new LocatorSyntaxError(`"${text.slice(0, 60)}" is not "/json/pointer", "header:Name" or "xml:a/b"`);
}

/** The name a user recognises in "answered without …". */
export function locatorLabel(locator: Locator): string {
  switch (locator.source) {
    case 'body':
      return `"${locator.pointer.at(-1) ?? ''}"`;
    case 'header':
      return `the ${locator.name} header`;
    case 'xml':
      return `<${locator.path.at(-1) ?? ''}>`;
  }
}

const xml = new XMLParser({
  // No entity expansion of any kind and no DOCTYPE processing; documents with a DOCTYPE are refused.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
});

export function parseXml(text: string, server: string): unknown {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new WalletError('unexpected', 'answered with XML containing a DOCTYPE; refused for safety', { server });
  }
  try {
    return xml.parse(text, true) as unknown;
  } catch {
    throw new WalletError('unexpected', 'answered with malformed XML', { server });
  }
}

/** The element at `path`; a missing root means the answer is not the documented one at all. */
export function xmlText(document: unknown, path: readonly string[], server: string): string | undefined {
  const [root, ...rest] = path;
  const top = (document as Record<string, unknown> | null)?.[root ?? ''];
  if (top === undefined || top === null || (rest.length > 0 && typeof top !== 'object')) {
    throw new WalletError('unexpected', `answered with something other than the documented <${root ?? ''}> XML`, {
      server,
    });
  }
  let node: unknown = top;
  for (const segment of rest)
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  if (typeof node !== 'string') return undefined;
  if (node.includes('&'))
    throw new WalletError('unexpected', `answered with an encoded <${path.at(-1) ?? ''}>; refused`, { server });
  return node.trim();
}

export function jsonAt(document: unknown, pointer: readonly string[]): unknown {
  let node = document;
  for (const segment of pointer) {
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(segment)) node = node[Number(segment)];
    else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, segment))
      node = (node as Record<string, unknown>)[segment];
    else return undefined;
  }
  return node;
}

/** One answer, parsed at most once per format. */
export class AnswerReader {
  private json: { value: unknown } | undefined;
  private xmlDocument: { value: unknown } | undefined;

  constructor(
    readonly response: HttpResponse,
    readonly server: string,
  ) {}

  value(locator: Locator): unknown {
    switch (locator.source) {
      case 'header':
        return headerValue(this.response, locator.name);
      case 'body':
        this.json ??= { value: readJson(this.response, this.server) };
        return jsonAt(this.json.value, locator.pointer);
      case 'xml':
        this.xmlDocument ??= { value: parseXml(this.response.body.toString('utf8'), this.server) };
        return xmlText(this.xmlDocument.value, locator.path, this.server);
    }
  }
}
