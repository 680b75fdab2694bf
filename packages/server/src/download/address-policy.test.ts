import { describe, expect, it } from 'vitest';
import { whyBlocked } from './address-policy.js';

describe('whyBlocked', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:192.168.0.1',
  ])('refuses %s', (address) => {
    expect(whyBlocked(address)).toBeDefined();
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:2800:220:1:248:1893:25c8:1946',
    '::ffff:8.8.8.8',
  ])('allows public %s', (address) => {
    expect(whyBlocked(address)).toBeUndefined();
  });
});
