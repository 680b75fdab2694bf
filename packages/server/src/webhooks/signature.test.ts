import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.js';

const SECRET = 'whsec_test';
const BODY = '{"interactionIdentifier":"x","status":"processed","errorMessage":null}';

describe('webhook signatures', () => {
  it('is HMAC-SHA256 over "<t>.<body>" with the secret, as documented', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, BODY, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signature and refuses another body, secret or an old timestamp', () => {
    const header = signWebhook(SECRET, BODY, 1700000000);
    const at = { nowSeconds: 1700000100 };
    expect(verifyWebhook(SECRET, BODY, header, at)).toBe(true);
    expect(verifyWebhook(SECRET, BODY.replace('processed', 'processingFailed'), header, at)).toBe(false);
    expect(verifyWebhook('whsec_other', BODY, header, at)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, { nowSeconds: 1700000000 + 301 })).toBe(false);
    expect(verifyWebhook(SECRET, BODY, 'garbage', at)).toBe(false);
  });
});
