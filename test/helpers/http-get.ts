import http from 'node:http';

export interface GotPage {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A plain GET, optionally with a cookie: what any local process could send, no browser involved. */
export function httpGet(url: string, cookie = ''): Promise<GotPage> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: cookie === '' ? {} : { Cookie: cookie } }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on('error', reject);
  });
}
