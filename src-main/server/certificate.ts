/**
 * The certificate a catalogue's workshop is served with over HTTPS: phones need a secure context for the camera.
 * It is made once per catalogue, signed by itself, and kept with its key (mode 0600) in `<catalogue>/workshop/`. It is
 * made again with the same key when it no longer names one of this computer's addresses (another network), or nears
 * its end; a phone then asks once more whether to trust it.
 */
// @peculiar/x509 resolves its parts through tsyringe, which needs Reflect's metadata functions: loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export const WORKSHOP_DIR = 'workshop';
export const KEY_FILE = 'key.pem';
export const CERTIFICATE_FILE = 'certificate.pem';

/** A year and a month, the longest a browser accepts from a public authority; renewed a month before it ends. */
const VALID_DAYS = 397;
const RENEW_DAYS = 30;
const DAY = 24 * 3600 * 1000;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface WorkshopCertificate {
  /** PEM. */
  cert: string;
  /** PEM (PKCS #8). */
  key: string;
  /** SHA-256 of the certificate, as browsers show it: 32 pairs of hex digits separated by colons. */
  fingerprint: string;
  /** The addresses and names it is valid for. */
  names: string[];
  notAfter: Date;
}

/** Writes a file whole (a temporary file, then renamed over), readable by its owner only when `secret`. */
function writeWhole(path: string, text: string, secret: boolean): void {
  const part = `${path}.part`;
  rmSync(part, { force: true });
  writeFileSync(part, text, { mode: secret ? 0o600 : 0o644 });
  renameSync(part, path);
}

/** The key, made the first time; a key file others can read is narrowed to its owner (where the system has modes). */
function ensureKey(dir: string): string {
  const path = join(dir, KEY_FILE);
  if (existsSync(path)) {
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return readFileSync(path, 'utf8');
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeWhole(path, pem, true);
  return pem;
}

const sanNames = (certificate: X509Certificate): string[] =>
  (certificate.subjectAltName ?? '')
    .split(',')
    .map((entry) => entry.trim().replace(/^(DNS|IP Address):/, '').toLowerCase())
    .filter(Boolean);

/** The names a certificate must carry: IP addresses as addresses, the rest as DNS names. */
const normalise = (names: readonly string[]) => [...new Set(names.map((name) => name.trim().toLowerCase()).filter(Boolean))];

async function issue(keyPem: string, names: readonly string[], now: Date): Promise<string> {
  const privateKey = createPrivateKey(keyPem);
  const keys: webcrypto.CryptoKeyPair = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), ALGORITHM, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', createPublicKey(privateKey).export({ type: 'spki', format: 'der' }), ALGORITHM, true, ['verify']),
  };
  // A positive serial number of 16 random bytes (RFC 5280, 4.1.2.2).
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial.toString('hex'),
      name: 'CN=Storeroom workshop, O=Storeroom',
      // An hour's grace before now, for a phone whose clock runs a little behind.
      notBefore: new Date(now.getTime() - 3600 * 1000),
      notAfter: new Date(now.getTime() + VALID_DAYS * DAY),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(names.map((name) => (isIP(name) ? { type: 'ip' as const, value: name } : { type: 'dns' as const, value: name }))),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  return certificate.toString('pem');
}

/**
 * The catalogue's workshop certificate, valid for `names` (this computer's addresses and host names): the one kept in
 * the catalogue folder when it still fits, else a new one with the same key.
 */
export async function workshopCertificate(catalogueDir: string, wanted: readonly string[], now = new Date()): Promise<WorkshopCertificate> {
  const dir = join(catalogueDir, WORKSHOP_DIR);
  mkdirSync(dir, { recursive: true });
  const key = ensureKey(dir);
  const names = normalise(wanted);
  const path = join(dir, CERTIFICATE_FILE);
  let pem = existsSync(path) ? readFileSync(path, 'utf8') : null;
  let certificate: X509Certificate | null = null;
  if (pem) {
    try {
      certificate = new X509Certificate(pem);
    } catch {
      certificate = null;
    }
  }
  const fits =
    certificate !== null &&
    certificate.checkPrivateKey(createPrivateKey(key)) &&
    new Date(certificate.validTo).getTime() - now.getTime() > RENEW_DAYS * DAY &&
    new Date(certificate.validFrom).getTime() <= now.getTime() &&
    names.every((name) => sanNames(certificate!).includes(name));
  if (!fits) {
    // Keep the names it had too, so that a laptop that goes back and forth between two networks settles.
    const kept = certificate ? sanNames(certificate) : [];
    pem = await issue(key, normalise([...names, ...kept]).slice(0, 64), now);
    writeWhole(path, pem, false);
    certificate = new X509Certificate(pem);
  }
  return { cert: pem!, key, fingerprint: certificate!.fingerprint256, names: sanNames(certificate!), notAfter: new Date(certificate!.validTo) };
}
