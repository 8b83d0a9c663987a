import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../plugin/host/Host';

/**
 * AES-256-GCM under a fixed test key, like the host's box: sealed values are random-IV
 * ciphertext, so the plaintext never appears in what the plugin stores.
 */
export class TestSecretBox implements SecretBox {
  private readonly key = createHash('sha256').update('rindegastos plugin test key').digest();
  opened = 0;

  async seal(plaintext: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `tsb1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  async open(sealed: string): Promise<string> {
    if (!sealed.startsWith('tsb1:')) throw new Error('not sealed by this box');
    const raw = Buffer.from(sealed.slice(5), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    this.opened++;
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
