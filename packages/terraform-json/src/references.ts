/** One `type.name[.attribute]` reference found inside a `${...}` interpolation. */
export interface Reference {
  /** `aws_lb.alb_1234` or `data.aws_iam_policy_document.tls_5678`. */
  address: string;
  /** The attribute read, when one follows (`arn`, `id`, ...). */
  attribute?: string;
}

// Terraform resource types have a provider prefix and at least one underscore: `aws_lb`, `cloudflare_ruleset`.
const REFERENCE =
  /(?<![\w.])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_]\w*))?/g;

/** The bodies of every `${...}` interpolation in a string, with nested braces balanced. */
export function interpolations(text: string): string[] {
  const bodies: string[] = [];
  let index = text.indexOf('${');
  while (index !== -1) {
    let depth = 1;
    let cursor = index + 2;
    while (cursor < text.length && depth > 0) {
      const char = text[cursor];
      if (char === '{') depth += 1;
      else if (char === '}') depth -= 1;
      cursor += 1;
    }
    bodies.push(text.slice(index + 2, cursor - 1));
    index = text.indexOf('${', cursor);
  }
  return bodies;
}

/** Every reference in a configuration value (strings, arrays and nested blocks), in order of appearance. */
export function findReferences(value: unknown): Reference[] {
  const found: Reference[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const body of interpolations(node)) {
        for (const match of body.matchAll(REFERENCE)) {
          const address = match[1] as string;
          found.push(match[2] === undefined ? { address } : { address, attribute: match[2] });
        }
      }
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) if (key !== '//') visit(child);
    }
  };
  visit(value);
  return found;
}

/** True when the value is (or contains) an interpolation, i.e. it is only known at plan time. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}
