import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpResponse } from '../../app/http/http-client';
import { readJson } from '../../app/providers/responses';

const answer = (body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status: 200,
  headers,
  body: Buffer.from(body, 'utf8'),
  receivedAt: 0,
});

test('an HTML page is told from JSON by its start, with or without white space or a byte-order mark', () => {
  for (const page of ['<!DOCTYPE html><p>sso', ' \r\n\t<html>sso</html>', '\ufeff<!doctype html>', '\u00a0<html>']) {
    assert.throws(() => readJson(answer(page), 'https://sso.example'), /HTML page instead of JSON/, page);
  }
  assert.throws(() => readJson(answer('{}', { 'content-type': 'text/html' }), 's'), /HTML page/);
});

test('a JSON answer, even one with leading white space, is read as JSON', () => {
  assert.deepEqual(readJson(answer(' \n{"access_token":"abc","expires_in":60}'), 's'), {
    access_token: 'abc',
    expires_in: 60,
  });
  assert.throws(() => readJson(answer('<token>abc</token>'), 's'), /malformed JSON/);
  assert.throws(() => readJson(answer(' '.repeat(80) + '<html>'), 's'), /malformed JSON/);
});
