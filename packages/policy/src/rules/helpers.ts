import { block, blocks, type TfBlock, type TfResource } from '@sigma-pli/terraform-json';
import type { ResourceRule, RuleContext, StackRule } from '../types';

/** Terraform accepts `true` and `"true"` for booleans; CDKTF tokens may carry either. */
export const isTrue = (value: unknown): boolean => value === true || value === 'true';
export const isFalse = (value: unknown): boolean => value === false || value === 'false';

export const toNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
};

export const stringList = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);

/** Fails unless `config[key]` is true. */
export const requireTrue =
  (key: string, message = `${key} is not true`) =>
  (resource: TfResource): string | undefined =>
    isTrue(resource.config[key]) ? undefined : message;

/** Fails unless `config[key]` is set to something non-empty. */
export const requireSet =
  (key: string, message = `${key} is not set`) =>
  (resource: TfResource): string | undefined => {
    const value = resource.config[key];
    return value === undefined || value === null || value === '' ? message : undefined;
  };

export const resourceRule = (rule: Omit<ResourceRule, 'kind'>): ResourceRule => ({
  kind: 'resource',
  ...rule,
});
export const stackRule = (rule: Omit<StackRule, 'kind'>): StackRule => ({ kind: 'stack', ...rule });

/** Companion resources of `type` that point at `resource` through `key` (e.g. a bucket's versioning). */
export const companions = (
  context: RuleContext,
  resource: TfResource,
  type: string,
  key: string,
): TfResource[] => context.document.referencing(resource, type, key);

export { block, blocks, type TfBlock };
