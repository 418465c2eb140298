import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../src/errors';
import {
  assertPrecondition,
  etagFor,
  ifMatchAccepts,
  optionalIfMatch,
  parseIfMatch,
  requireIfMatch,
} from '../../src/lib/etag';

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ProblemError ? error.statusCode : -1;
  }
  return undefined;
}

describe('ETag / If-Match', () => {
  it('issues strong tags from the version', () => {
    expect(etagFor(7)).toBe('"7"');
  });

  it('matches a listed version, any version for *, and never a weak or foreign tag', () => {
    expect(ifMatchAccepts(parseIfMatch('"7"'), 7)).toBe(true);
    expect(ifMatchAccepts(parseIfMatch('"6", "7"'), 7)).toBe(true);
    expect(ifMatchAccepts(parseIfMatch(' * '), 42)).toBe(true);
    expect(ifMatchAccepts(parseIfMatch('"6"'), 7)).toBe(false);
    expect(ifMatchAccepts(parseIfMatch('W/"7"'), 7)).toBe(false);
    expect(ifMatchAccepts(parseIfMatch('7'), 7)).toBe(false);
    expect(ifMatchAccepts(parseIfMatch('"abc"'), 7)).toBe(false);
  });

  it('requires If-Match on conditional writes with 428', () => {
    expect(statusOf(() => requireIfMatch(undefined))).toBe(428);
    expect(statusOf(() => requireIfMatch('  '))).toBe(428);
    expect(requireIfMatch('"3"')).toEqual({ any: false, versions: [3] });
  });

  it('treats If-Match as optional where asked', () => {
    expect(optionalIfMatch(undefined)).toBeUndefined();
    expect(optionalIfMatch(['"1"', '"2"'])).toEqual({ any: false, versions: [1, 2] });
  });

  it('fails a stale precondition with 412 and passes a current or absent one', () => {
    expect(statusOf(() => assertPrecondition(parseIfMatch('"2"'), 3))).toBe(412);
    expect(statusOf(() => assertPrecondition(parseIfMatch('"3"'), 3))).toBeUndefined();
    expect(statusOf(() => assertPrecondition(undefined, 3))).toBeUndefined();
  });
});
