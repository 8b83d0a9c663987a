import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AesGcmSecretBox, loadOrCreateKeyFile, SecretBoxError } from '../../../host/runtime/AesGcmSecretBox';

describe('host SecretBox (AES-256-GCM)', () => {
  const box = new AesGcmSecretBox(randomBytes(32));

  it('opens what it sealed, including non-ASCII text', async () => {
    for (const plain of ['', 'token-abc123', 'ñandú — contraseña 🇨🇱', 'x'.repeat(10_000)]) {
      expect(await box.open(await box.seal(plain))).to.equal(plain);
    }
  });

  it('seals the same text differently each time (random IV) in the versioned format', async () => {
    const a = await box.seal('same');
    const b = await box.seal('same');
    expect(a).to.not.equal(b);
    expect(a).to.match(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/);
    expect(a).to.not.include('same');
  });

  it('detects tampering with the ciphertext, the IV or the tag', async () => {
    const sealed = await box.seal('rindegastos-token-1234');
    const [v, iv, tag, data] = sealed.split(':');
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64url');
      buf[0] ^= 1;
      return buf.toString('base64url');
    };
    for (const bad of [
      [v, iv, tag, flip(data)],
      [v, flip(iv), tag, data],
      [v, iv, flip(tag), data],
      ['v2', iv, tag, data],
      [v, iv, tag],
    ]) {
      await expect(box.open(bad.join(':'))).to.be.rejectedWith(SecretBoxError);
    }
  });

  it('refuses a value sealed under another key, naming RG_SECRET_KEY', async () => {
    const other = new AesGcmSecretBox(randomBytes(32));
    await expect(box.open(await other.seal('x'))).to.be.rejectedWith(/RG_SECRET_KEY/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new AesGcmSecretBox(randomBytes(16))).to.throw(SecretBoxError);
  });

  describe('key file', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-key-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('creates data/secret.key with mode 0600 and reuses it on the next start', async () => {
      const dataDir = path.join(dir, 'data');
      const first = loadOrCreateKeyFile(dataDir);
      expect(first.created).to.equal(true);
      expect(first.file).to.equal(path.join(dataDir, 'secret.key'));
      expect(fs.statSync(first.file).mode & 0o777).to.equal(0o600);
      expect(first.key).to.have.length(32);
      const second = loadOrCreateKeyFile(dataDir);
      expect(second.created).to.equal(false);
      expect(second.key.equals(first.key)).to.equal(true);
      const sealed = await new AesGcmSecretBox(first.key).seal('persisted');
      expect(await new AesGcmSecretBox(second.key).open(sealed)).to.equal('persisted');
    });

    it('refuses a key file others can read, saying how to fix it', () => {
      const { file } = loadOrCreateKeyFile(dir);
      fs.chmodSync(file, 0o644);
      expect(() => loadOrCreateKeyFile(dir)).to.throw(SecretBoxError, /chmod 600/);
    });
  });
});
