import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from './self-signed.ts';

describe('createSelfSignedCertificate', () => {
  const notBefore = new Date('2026-03-01T10:00:00Z');
  const made = createSelfSignedCertificate({ notBefore, hosts: ['10.1.2.3', 'cluster.example', '::1'], validDays: 30 });
  const cert = new X509Certificate(made.cert);

  it('is a self-signed CA for localhost, 127.0.0.1 and the given names and addresses', () => {
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject).toContain('CN=ferry-embedded-cluster');
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:10.1.2.3, DNS:cluster.example, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.checkHost('cluster.example')).toBe('cluster.example');
    expect(cert.checkIP('10.1.2.3')).toBe('10.1.2.3');
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2026-03-31T10:00:00.000Z');
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
  });

  it('serves TLS that a client trusting only this certificate accepts', async () => {
    const current = createSelfSignedCertificate({ notBefore: new Date(Date.now() - 60_000) });
    const server = createServer({ key: current.key, cert: current.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const body = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', ca: current.cert }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve(text));
        }).on('error', reject).end();
      });
      expect(body).toBe('ok');
    } finally {
      server.close();
    }
  });
});
