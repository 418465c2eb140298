import { describe, expect, it } from 'vitest';
import { APP_ENV_NAMES, parseAppEnv } from './app-env';
import { ConfigError } from './errors';

describe('parseAppEnv', () => {
  it('applies development defaults and converts numbers', () => {
    const env = parseAppEnv({ PORT: '8080', UNRELATED: 'x' });
    expect(env.PORT).toBe(8080);
    expect(env.NODE_ENV).toBe('development');
    expect(env.HOST).toBe('127.0.0.1');
    expect(env).not.toHaveProperty('UNRELATED');
  });

  it('treats empty strings as unset', () => {
    expect(parseAppEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable', () => {
    try {
      parseAppEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://db/x', NODE_ENV: 'staging' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const fields = (error as ConfigError).issues.map((issue) => issue.field).sort();
      expect(fields).toEqual(['DATABASE_URL', 'NODE_ENV', 'PORT']);
      expect((error as Error).message).toMatch(/PORT/);
    }
  });

  it('requires DATABASE_URL in production', () => {
    expect(() => parseAppEnv({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: is required in production/);
  });

  it('requires a SESSION_SECRET of at least 32 characters in production', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://app@db.example.internal/sigma' };
    expect(() => parseAppEnv(production)).toThrow(/SESSION_SECRET: is required in production/);
    try {
      parseAppEnv({ ...production, SESSION_SECRET: 'too-short', SESSION_SECRET_PREVIOUS: 'short-too' });
      expect.unreachable();
    } catch (error) {
      const fields = (error as ConfigError).issues.map((issue) => issue.field).sort();
      expect(fields).toEqual(['SESSION_SECRET', 'SESSION_SECRET_PREVIOUS']);
    }
    const secret = 'fake-session-secret-0123456789abcdef';
    expect(parseAppEnv({ ...production, SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
  });

  it('generates one random SESSION_SECRET per process outside production', () => {
    const first = parseAppEnv({ NODE_ENV: 'test' }).SESSION_SECRET;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(parseAppEnv({ NODE_ENV: 'development' }).SESSION_SECRET).toBe(first);
    expect(parseAppEnv({ NODE_ENV: 'test' }).SESSION_SECRET_PREVIOUS).toBeUndefined();
  });

  it('lists the variable names the infrastructure may write', () => {
    expect(APP_ENV_NAMES).toContain('DATABASE_READ_URL');
    expect(APP_ENV_NAMES).toContain('REDIS_URL');
  });
});
