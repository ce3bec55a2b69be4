// Retry rules without a server: which outcomes are retried, and how long the client waits.
import { backoffDelayMs, decideRetry, isIdempotent, resolveRetryPolicy, retryAfterMs } from '../../lib/http/retry-policy';

const policy = resolveRetryPolicy();
const NOW = Date.parse('2026-01-01T00:00:00Z');
const midway = () => 0.5;

describe('isIdempotent', () => {
  it.each([
    ['GET', undefined, true],
    ['PUT', undefined, true],
    ['DELETE', undefined, true],
    ['POST', undefined, false],
    ['PATCH', undefined, false],
    ['POST', true, true],
    ['GET', false, false],
  ] as const)('given %s declared %s, then idempotent is %s', (method, declared, expected) => {
    expect(isIdempotent(method, declared)).toBe(expected);
  });
});

describe('decideRetry', () => {
  it.each([
    [503, true, true],
    [500, true, true],
    [502, true, true],
    [504, true, true],
    [501, true, false],
    [400, true, false],
    [409, true, false],
    [503, false, false],
    [429, false, true],
  ])('given status %i and idempotent=%s, then retry is %s', (status, idempotent, retry) => {
    expect(decideRetry({ kind: 'status', status }, 1, idempotent, policy, NOW, midway).retry).toBe(retry);
  });

  it.each([
    ['ECONNREFUSED', false, true],
    ['CONNECT_TIMEOUT', false, true],
    ['ECONNRESET', false, false],
    ['EPIPE', false, false],
    ['RESPONSE_TIMEOUT', false, false],
    ['ECONNRESET', true, true],
    ['EPIPE', true, true],
    ['RESPONSE_TIMEOUT', true, true],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', true, false],
    ['ENOTFOUND', true, false],
  ])('given transport failure %s and idempotent=%s, then retry is %s', (code, idempotent, retry) => {
    expect(decideRetry({ kind: 'transport', code }, 1, idempotent, policy, NOW, midway).retry).toBe(retry);
  });

  it('given the last attempt, then nothing is retried', () => {
    expect(decideRetry({ kind: 'status', status: 503 }, policy.maxAttempts, true, policy, NOW, midway)).toEqual({ retry: false });
  });

  it('given a 429 or 503 with Retry-After, then the wait is what the server asked', () => {
    expect(decideRetry({ kind: 'status', status: 429, retryAfter: '3' }, 1, false, policy, NOW, midway)).toEqual({ retry: true, delayMs: 3000 });
    expect(decideRetry({ kind: 'status', status: 503, retryAfter: '2' }, 1, true, policy, NOW, midway)).toEqual({ retry: true, delayMs: 2000 });
  });

  it('given a Retry-After above maxRetryAfterMs, then the client stops instead of waiting', () => {
    expect(decideRetry({ kind: 'status', status: 429, retryAfter: '61' }, 1, true, policy, NOW, midway)).toEqual({ retry: false });
  });

  it('given a Retry-After on a 500, then it is ignored in favour of backoff', () => {
    expect(decideRetry({ kind: 'status', status: 500, retryAfter: '30' }, 1, true, policy, NOW, midway)).toEqual({ retry: true, delayMs: 100 });
  });
});

describe('backoffDelayMs', () => {
  it('given attempts 1..6, then the ceiling doubles from baseDelayMs up to maxDelayMs', () => {
    const almostOne = () => 0.999999;

    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, policy, almostOne) + 1);

    expect(ceilings).toEqual([200, 400, 800, 1600, 3200, 5000]);
  });

  it('given the lowest draw, then there is no wait at all (full jitter)', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    [['7', '9'], 7_000],
  ] as const)('given %j, then the wait is %i ms', (header, expected) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });

  it.each([undefined, '', 'soon', '1.5', '-3'])('given %j, then there is no usable value', (header) => {
    expect(retryAfterMs(header, NOW)).toBeUndefined();
  });
});

describe('resolveRetryPolicy', () => {
  it('given nothing, then the documented defaults apply', () => {
    expect(resolveRetryPolicy()).toEqual({ maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 60000 });
  });

  it('given maxAttempts 0, then one attempt is still made', () => {
    expect(resolveRetryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
  });
});
