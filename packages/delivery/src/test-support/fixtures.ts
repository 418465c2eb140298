import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePlan, type TerraformPlan } from '../terraform-plan';

export const FIXTURES = resolve(__dirname, '..', '..', 'fixtures');
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8'));
}

export function planFixture(name: string): TerraformPlan {
  return parsePlan(readFileSync(fixturePath(name), 'utf8'), name);
}
