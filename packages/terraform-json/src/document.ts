import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findReferences, type Reference } from './references';

/** A JSON object of Terraform configuration: a resource body or one of its nested blocks. */
export type TfBlock = Record<string, unknown>;

export interface TfResource {
  mode: 'resource' | 'data';
  type: string;
  name: string;
  /** `aws_s3_bucket.main_1A2B3C4D`, or `data.aws_iam_policy_document.tls_only_ABCD` for data sources. */
  address: string;
  /** The CDKTF construct path inside the stack (`storage/main-bucket/bucket`), or the name when absent. */
  path: string;
  config: TfBlock;
}

interface RawDocument {
  '//'?: { metadata?: { stackName?: string } };
  locals?: Record<string, unknown>;
  resource?: Record<string, Record<string, TfBlock>>;
  data?: Record<string, Record<string, TfBlock>>;
}

function isBlock(value: unknown): value is TfBlock {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A nested block as a list: CDKTF writes single blocks as an object and repeated ones as an array,
 * and an absent block as nothing at all.
 */
export function blocks(value: unknown): TfBlock[] {
  if (Array.isArray(value)) return value.filter(isBlock);
  return isBlock(value) ? [value] : [];
}

/** The first nested block named `key`, or an empty block. */
export function block(parent: TfBlock, key: string): TfBlock {
  return blocks(parent[key])[0] ?? {};
}

/** Reads a nested value by keys, descending into the first element of block lists. */
export function valueAt(parent: TfBlock, ...keys: string[]): unknown {
  let current: unknown = parent;
  for (const key of keys) {
    const next = blocks(current)[0];
    if (!next) return undefined;
    current = next[key];
  }
  return current;
}

/** A synthesized stack: its resources and data sources, indexed by address, and the references between them. */
export class TerraformDocument {
  readonly stackName: string;
  /** The `locals` block: CDKTF writes large values there (`TerraformLocal`), referenced as `local.<name>`. */
  readonly locals: Readonly<Record<string, unknown>>;
  private readonly byAddress = new Map<string, TfResource>();
  /** Who references whom: target address → references made to it. */
  private readonly inbound = new Map<string, { from: TfResource; reference: Reference; key: string }[]>();

  constructor(json: unknown, fallbackName = 'stack') {
    const raw = (isBlock(json) ? json : {}) as RawDocument;
    this.stackName = raw['//']?.metadata?.stackName ?? fallbackName;
    this.locals = isBlock(raw.locals) ? raw.locals : {};
    const prefix = `${this.stackName}/`;
    for (const mode of ['resource', 'data'] as const) {
      for (const [type, instances] of Object.entries(raw[mode] ?? {})) {
        for (const [name, config] of Object.entries(instances)) {
          const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
          const metadataPath = (config['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
          const path = metadataPath?.startsWith(prefix)
            ? metadataPath.slice(prefix.length)
            : (metadataPath ?? name);
          this.byAddress.set(address, { mode, type, name, address, path, config });
        }
      }
    }
    for (const from of this.byAddress.values()) {
      for (const [key, value] of Object.entries(from.config)) {
        if (key === '//') continue;
        for (const reference of findReferences(value)) {
          if (!this.byAddress.has(reference.address)) continue;
          const list = this.inbound.get(reference.address) ?? [];
          list.push({ from, reference, key });
          this.inbound.set(reference.address, list);
        }
      }
    }
  }

  static fromFile(file: string): TerraformDocument {
    return new TerraformDocument(JSON.parse(readFileSync(file, 'utf8')), file);
  }

  /** Resources (not data sources), optionally of one type, in address order. */
  resources(type?: string): TfResource[] {
    return [...this.byAddress.values()]
      .filter((resource) => resource.mode === 'resource' && (type === undefined || resource.type === type))
      .sort((a, b) => a.address.localeCompare(b.address));
  }

  /**
   * The values of the locals an expression reads (`${base64gzip(local.user_data)}` → the user data), followed
   * through locals that read other locals. Unknown names are skipped.
   */
  localValues(value: unknown): unknown[] {
    const found: unknown[] = [];
    const seen = new Set<string>();
    const visit = (node: unknown): void => {
      const text = typeof node === 'string' ? node : JSON.stringify(node ?? null);
      for (const match of text.matchAll(/\blocal\.([A-Za-z_][\w-]*)/g)) {
        const name = match[1] as string;
        if (seen.has(name) || !(name in this.locals)) continue;
        seen.add(name);
        found.push(this.locals[name]);
        visit(this.locals[name]);
      }
    };
    visit(value);
    return found;
  }

  get(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  /** The resources and data sources that `value` (a whole config, or one attribute) refers to. */
  referencedIn(value: unknown, type?: string): TfResource[] {
    const found = new Map<string, TfResource>();
    for (const reference of findReferences(value)) {
      const target = this.byAddress.get(reference.address);
      if (target && (type === undefined || target.type === type)) found.set(target.address, target);
    }
    return [...found.values()];
  }

  /**
   * Resources that point at `target` through a reference, optionally only of `type` and only through the
   * top-level attribute `key` (e.g. the `bucket` of a public-access block, the `resource_arn` of a WAF association).
   */
  referencing(target: TfResource, type?: string, key?: string): TfResource[] {
    const found = new Map<string, TfResource>();
    for (const edge of this.inbound.get(target.address) ?? []) {
      if (type !== undefined && edge.from.type !== type) continue;
      if (key !== undefined && edge.key !== key) continue;
      found.set(edge.from.address, edge.from);
    }
    return [...found.values()].sort((a, b) => a.address.localeCompare(b.address));
  }

  /**
   * How many real instances a resource declares: its literal `count`, the size of a literal `for_each`, 1
   * otherwise. An expression count (unknown before plan) is returned as `undefined`.
   */
  instanceCount(resource: TfResource): number | undefined {
    const { count, for_each: forEach } = resource.config;
    if (count !== undefined) return typeof count === 'number' ? count : undefined;
    if (Array.isArray(forEach)) return forEach.length;
    if (isBlock(forEach)) return Object.keys(forEach).length;
    if (forEach !== undefined) return undefined;
    return 1;
  }
}

export interface SynthesizedStack {
  /** Directory name under `stacks/`, which CDKTF sets to the stack name. */
  stack: string;
  file: string;
  document: TerraformDocument;
}

/** Every `<outdir>/stacks/<stack>/cdk.tf.json`, sorted by stack name. */
export function loadSynthOutput(outdir: string): SynthesizedStack[] {
  const stacksDir = join(outdir, 'stacks');
  let entries: string[];
  try {
    entries = readdirSync(stacksDir);
  } catch {
    throw new Error(`no synthesized stacks in ${stacksDir}: run \`pnpm synth\` first`);
  }
  return entries.sort().map((stack) => {
    const file = join(stacksDir, stack, 'cdk.tf.json');
    return { stack, file, document: TerraformDocument.fromFile(file) };
  });
}
