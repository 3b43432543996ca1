import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  isAllowedExternalUrl,
  isAppUrl,
  isPermissionAllowed,
  isTrustedSender,
  RE_ORG_URL,
  sanitizeMeta,
} from '../../src-main/electron/security';

describe('the app origin', () => {
  it('is storeroom://app and its pages', () => {
    expect(APP_ORIGIN).toBe('storeroom://app');
    for (const url of [APP_ENTRY_URL, 'storeroom://app/', 'storeroom://app/index.html#/objects', 'storeroom://app/assets/index-abc.js', APP_ORIGIN]) {
      expect(isAppUrl(url), url).toBe(true);
    }
  });

  it('is nothing else: other hosts, schemes, files, credentials, garbage', () => {
    for (const url of [
      'storeroom://media/abc.jpg',
      'storeroom://evil/index.html',
      'storeroom://app.evil.com/index.html',
      'storeroom://user:pw@app/index.html',
      'file:///work/main/out/renderer/index.html',
      'https://app/index.html',
      'http://localhost:5173/',
      'about:blank',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('external links', () => {
  it('opens the RE-ORG, ICCROM, CCI and Spectrum pages', () => {
    for (const url of [
      RE_ORG_URL,
      'https://www.iccrom.org/',
      'https://iccrom.org/news',
      'https://www.canada.ca/en/conservation-institute/services/preventive-conservation.html',
      'https://www.canada.ca/fr/institut-conservation.html'.replace('.html', '/services.html'),
      'https://collectionstrust.org.uk/spectrum/',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(true);
    }
  });

  it('refuses everything else, including look-alikes', () => {
    for (const url of [
      'http://www.iccrom.org/',
      'https://www.iccrom.org.evil.com/',
      'https://evil.com/www.iccrom.org/',
      'https://user@www.iccrom.org/',
      'https://www.iccrom.org:8443/',
      'https://www.canada.ca/en/revenue-agency.html',
      'https://www.canada.ca/en/conservation-institute-fake/x',
      'https://collectionstrust.org.uk/spectrumx',
      'file:///etc/passwd',
      'storeroom://app/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('IPC senders', () => {
  const ok = { frameUrl: 'storeroom://app/index.html#/', isTopFrame: true, fromMainWindow: true };

  it('answers the top frame of the main window showing the app', () => {
    expect(isTrustedSender(ok)).toBe(true);
  });

  it('refuses iframes, other windows, other pages and destroyed frames', () => {
    expect(isTrustedSender({ ...ok, isTopFrame: false })).toBe(false);
    expect(isTrustedSender({ ...ok, fromMainWindow: false })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'https://example.com/' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'file:///work/main/out/renderer/index.html' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: null })).toBe(false);
  });
});

describe('permissions', () => {
  it('grants the camera and microphone to the app only', () => {
    expect(isPermissionAllowed('media', 'storeroom://app/index.html', ['video'])).toBe(true);
    expect(isPermissionAllowed('media', 'storeroom://app', ['video', 'audio'])).toBe(true);
    expect(isPermissionAllowed('media', 'storeroom://app/index.html')).toBe(true);
    expect(isPermissionAllowed('media', 'https://evil.com/', ['video'])).toBe(false);
    expect(isPermissionAllowed('media', null, ['video'])).toBe(false);
    expect(isPermissionAllowed('media', 'storeroom://app/', ['screen' as 'video'])).toBe(false);
  });

  it('denies every other permission, even to the app', () => {
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'midi', 'fullscreen']) {
      expect(isPermissionAllowed(permission, 'storeroom://app/index.html'), permission).toBe(false);
    }
  });
});

describe('call meta', () => {
  it('passes only the person, and only as a string or null', () => {
    expect(sanitizeMeta({ personId: 'p1', admin: true })).toEqual({ personId: 'p1' });
    expect(sanitizeMeta({ personId: null })).toEqual({ personId: null });
    expect(sanitizeMeta({ personId: 42 })).toEqual({});
    expect(sanitizeMeta(undefined)).toEqual({});
    expect(sanitizeMeta('p1')).toEqual({});
  });
});
