import { describe, expect, it } from 'vitest';
import { checkListenAddress } from './listen.ts';

describe('checkListenAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1'])('lets %s listen without auth', (host) => {
    expect(() => checkListenAddress(host, false)).not.toThrow();
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'ferry.example.com'])('refuses %s without auth, accepts it with auth', (host) => {
    expect(() => checkListenAddress(host, false)).toThrow(`refusing to listen on ${host} without authentication`);
    expect(() => checkListenAddress(host, true)).not.toThrow();
  });
});
