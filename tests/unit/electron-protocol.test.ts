import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/server/http-server';
import { PROTOCOL_HEADERS, resolveProtocolRequest } from '../../src-main/electron/protocol-paths';

const rendererDir = join(sep, 'opt', 'storeroom', 'out', 'renderer');
const resolveGet = (url: string) => resolveProtocolRequest(url, 'GET', { rendererDir });

describe('storeroom:// requests', () => {
  it('serves the renderer from storeroom://app, index.html by default', () => {
    expect(resolveGet('storeroom://app/')).toEqual({ kind: 'file', path: join(rendererDir, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveGet('storeroom://app/index.html#/objects?q=1')).toMatchObject({ kind: 'file', path: join(rendererDir, 'index.html') });
    expect(resolveGet('storeroom://app/assets/index-Ab12.js')).toEqual({
      kind: 'file',
      path: join(rendererDir, 'assets', 'index-Ab12.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveGet('storeroom://app/assets/style.css')).toMatchObject({ contentType: 'text/css; charset=utf-8' });
    expect(resolveGet('storeroom://app/assets/font.woff2')).toMatchObject({ contentType: 'font/woff2' });
    expect(resolveGet('storeroom://app/assets/blob.bin')).toMatchObject({ contentType: 'application/octet-stream' });
    expect(resolveProtocolRequest('storeroom://app/index.html', 'HEAD', { rendererDir })).toMatchObject({ kind: 'file' });
  });

  it('never leaves the renderer folder', () => {
    for (const url of [
      'storeroom://app/../../../etc/passwd',
      'storeroom://app/%2e%2e/%2e%2e/etc/passwd',
      'storeroom://app/..%2f..%2f..%2fetc%2fpasswd',
      'storeroom://app/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
      'storeroom://app/%00index.html',
      'storeroom://app/%E0%A4%A',
    ]) {
      const target = resolveGet(url);
      if (target.kind === 'file') expect(target.path.startsWith(rendererDir + sep), `${url} -> ${target.path}`).toBe(true);
      else expect(target, url).toMatchObject({ kind: 'error' });
    }
  });

  it('hands photo URLs to the core, by id and variant only', () => {
    const id = '01a1fcb5-5059-779a-a5c0-1c07f3363942';
    expect(resolveGet(`storeroom://app/media/${id}/thumb`)).toEqual({ kind: 'media', photoId: id, variant: 'thumb' });
    expect(resolveGet(`storeroom://app/media/${id}/original`)).toEqual({ kind: 'media', photoId: id, variant: 'original' });
    expect(resolveGet(`storeroom://app/media/${id}/secret`)).toMatchObject({ kind: 'error', status: 404 });
    expect(resolveGet(`storeroom://app/media/..%2f..%2fcatalogue.sqlite/original`)).not.toMatchObject({ kind: 'media' });
    expect(resolveGet(`storeroom://app/exports/${id}`)).toEqual({ kind: 'export', exportId: id });
    expect(resolveGet('storeroom://app/exports/..%2fcatalogue.sqlite')).not.toMatchObject({ kind: 'export' });
  });

  it('answers other hosts, schemes and methods with an error', () => {
    expect(resolveGet('storeroom://media/photo.jpg')).toMatchObject({ kind: 'error', status: 404 });
    expect(resolveGet('storeroom://elsewhere/index.html')).toMatchObject({ kind: 'error', status: 404 });
    expect(resolveGet('storeroom://user:pw@app/index.html')).toMatchObject({ kind: 'error', status: 400 });
    expect(resolveGet('https://app/index.html')).toMatchObject({ kind: 'error', status: 400 });
    expect(resolveGet('::::')).toMatchObject({ kind: 'error', status: 400 });
    expect(resolveProtocolRequest('storeroom://app/index.html', 'POST', { rendererDir })).toMatchObject({ kind: 'error', status: 405 });
  });

  it('sends the same strict CSP as the HTTP server, with nosniff', () => {
    expect(PROTOCOL_HEADERS['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(PROTOCOL_HEADERS['x-content-type-options']).toBe('nosniff');
  });
});
