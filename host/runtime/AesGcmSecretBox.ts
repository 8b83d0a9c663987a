import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretBox } from '../../plugin/index';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds every sealed value to this use, so a ciphertext made elsewhere with the same key never opens here.
const AAD = Buffer.from('rindegastos-host/secretbox/v1');

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * AES-256-GCM with a random 96-bit IV per value and a 128-bit auth tag.
 * Sealed format: `v1:<iv base64url>:<tag base64url>:<ciphertext base64url>`; the version prefix
 * lets a future format (or key rotation) coexist with values already stored.
 */
export class AesGcmSecretBox implements SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new SecretBoxError('La clave de cifrado debe tener 32 bytes.');
    this.key = Buffer.from(key);
  }

  async seal(plaintext: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(AAD);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      iv.toString('base64url'),
      tag.toString('base64url'),
      ciphertext.toString('base64url'),
    ].join(':');
  }

  async open(sealed: string): Promise<string> {
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new SecretBoxError('Valor cifrado con un formato desconocido.');
    }
    const [, ivText, tagText, dataText] = parts;
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretBoxError('Valor cifrado dañado.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // GCM refuses a modified ciphertext, IV or tag, and any value sealed under another key.
      throw new SecretBoxError(
        'No se pudo abrir un valor cifrado: fue alterado o se cifró con otra clave (revise RG_SECRET_KEY).',
      );
    }
  }

  /** A subkey for another purpose (e.g. the store webhook secret), never the key itself. */
  deriveSubkey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `rindegastos-host/${purpose}`, 32));
  }
}

export const SECRET_KEY_FILE = 'secret.key';

/**
 * Reads `dataDir/secret.key`, or creates it (32 random bytes, hex, mode 0600) when missing.
 * Refuses a key file that others may read, because the key opens every stored token.
 */
export function loadOrCreateKeyFile(dataDir: string): { key: Buffer; file: string; created: boolean } {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let created = false;
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new SecretBoxError(
      `El archivo de clave ${file} tiene permisos ${mode.toString(8)}; déjelo legible solo por su dueño: chmod 600 ${file}`,
    );
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new SecretBoxError(`El archivo de clave ${file} no contiene una clave de 32 bytes en hexadecimal.`);
  }
  return { key: Buffer.from(text, 'hex'), file, created };
}
