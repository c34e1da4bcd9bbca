import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TemplateSet } from '../gotemplate/index.ts';
import { bcryptHash, bcryptSaltOf } from './bcrypt.ts';
import { helmFuncMap, seededRuntime } from './index.ts';

const NOW = new Date('2026-03-04T05:06:07.123Z');

function render(template: string, data: unknown = {}, seed = 7): string {
  const set = new TemplateSet('gotpl', { missingKey: 'zero', funcs: helmFuncMap(seededRuntime(NOW, seed)) });
  set.parse('t', template);
  return set.execute('t', data);
}

describe('time comes from the injected runtime', () => {
  it.each([
    ['{{ now | date "2006-01-02T15:04:05.000Z07:00" }}', '2026-03-04T05:06:07.123Z'],
    ['{{ now | unixEpoch }}', String(Math.floor(NOW.getTime() / 1000))],
    ['{{ now | htmlDate }}', '2026-03-04'],
    ['{{ now }}', '2026-03-04 05:06:07.123 +0000 UTC'],
    ['{{ ago (now | dateModify "-90s") }}', '1m30s'],
    ['{{ dateInZone "15:04 MST" now "America/New_York" }}', '00:06 EST'],
    ['{{ date "2006" 86400 }}', '1970'],
    ['{{ date "2006-01-02" "not a date" }}', '2026-03-04'],
  ])('%s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

describe('randomness comes from the injected runtime', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const template = '{{ randAlphaNum 16 }} {{ randAlpha 8 }} {{ randNumeric 6 }} {{ randAscii 5 }} {{ uuidv4 }} {{ randBytes 8 }} {{ randInt 10 20 }} {{ shuffle "abcdef" }}';
    expect(render(template, {}, 1)).toBe(render(template, {}, 1));
    expect(render(template, {}, 1)).not.toBe(render(template, {}, 2));
  });

  it.each([
    ['{{ randAlphaNum 32 }}', /^[A-Za-z0-9]{32}$/],
    ['{{ randAlpha 20 }}', /^[A-Za-z]{20}$/],
    ['{{ randNumeric 12 }}', /^[0-9]{12}$/],
    ['{{ randAscii 20 }}', /^[\x20-\x7e]{20}$/],
    ['{{ uuidv4 }}', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
    ['{{ randBytes 12 }}', /^[A-Za-z0-9+/]{16}$/],
    ['{{ randInt 3 5 }}', /^[34]$/],
  ])('%s has the right shape', (template, shape) => {
    expect(render(template)).toMatch(shape);
  });
});

describe('bcrypt and htpasswd', () => {
  it('matches the OpenBSD test vector', () => {
    const vector = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
    expect(bcryptHash(new TextEncoder().encode('U*U'), bcryptSaltOf(vector), 5)).toBe(vector);
  });

  it('htpasswd writes user:bcrypt and refuses a colon in the user', () => {
    expect(render('{{ htpasswd "admin" "secret" }}')).toMatch(/^admin:\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(render('{{ htpasswd "a:b" "secret" }}')).toBe('invalid username: a:b');
  });
});

describe('keys and certificates', () => {
  it('genCA and genSignedCert make a chain that verifies', () => {
    const out = render(
      '{{ $ca := genCA "my-ca" 365 }}{{ $c := genSignedCert "svc" (list "10.0.0.1") (list "svc.ns.svc") 30 $ca }}{{ $ca.Cert }}|{{ $c.Cert }}|{{ $c.Key }}',
    );
    const [caPem, certPem, keyPem] = out.split('|') as [string, string, string];
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(certPem);
    expect(ca.subject).toBe('CN=my-ca');
    expect(ca.ca).toBe(true);
    expect(cert.subject).toBe('CN=svc');
    expect(cert.issuer).toBe('CN=my-ca');
    expect(cert.subjectAltName).toBe('DNS:svc.ns.svc, IP Address:10.0.0.1');
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-03-04T05:06:07.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2026-04-03T05:06:07.000Z');
  });

  it('genSelfSignedCertWithKey and genPrivateKey', () => {
    const out = render('{{ $k := genPrivateKey "ecdsa" }}{{ $c := genSelfSignedCertWithKey "x" nil (list "a.example") 1 $k }}{{ $k }}|{{ $c.Cert }}');
    const [keyPem, certPem] = out.split('|') as [string, string];
    expect(keyPem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    const cert = new X509Certificate(certPem);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(render('{{ genPrivateKey "nope" }}')).toBe('Unknown type nope');
  });

  it.each([
    ['{{ genSignedCert "x" nil nil 1 (buildCustomCert "bm9wZQ==" "bm9wZQ==") }}', 'unable to decode certificate'],
    ['{{ genSelfSignedCert "x" (list "not-an-ip") nil 1 }}', 'error parsing ip: not-an-ip'],
    ['{{ genCAWithKey "x" 1 "garbage" }}', 'parsing private key: no PEM data in input'],
  ])('%s fails clearly', (template, message) => {
    expect(() => render(template)).toThrow(message);
  });
});
