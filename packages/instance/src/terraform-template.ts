/**
 * Text that Terraform will read as a template string (user data inside the synthesized JSON). Literal `${` and
 * `%{` must reach the instance unchanged, so they are escaped; caller values — Terraform tokens such as a database
 * endpoint, or plain strings — must stay unescaped so Terraform substitutes them. Rendering with markers in place
 * of the values keeps the two apart without ever looking inside a value.
 */
export class TerraformTemplate {
  private readonly values: string[] = [];

  /** A marker that stands for `raw` in rendered text until `render` puts the value back. */
  value(raw: string | number): string {
    this.values.push(String(raw));
    return `@@sigma-value-${this.values.length - 1}@@`;
  }

  /** The Terraform template string: literal text escaped, each marker replaced by its raw value. */
  render(text: string): string {
    // Replacement functions, not strings: in a replacement string `$$` means a single `$`.
    const escaped = text.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
    const rendered = escaped.replace(
      /@@sigma-value-(\d+)@@/g,
      (_, index: string) => this.values[Number(index)]!,
    );
    if (rendered.includes('@@sigma-value-')) throw new Error('A value contains a template marker');
    return rendered;
  }
}

/** What the instance receives from a template string whose values were plain strings (for tests and review). */
export function terraformTemplateToText(template: string): string {
  return template.replaceAll('$${', () => '${').replaceAll('%%{', () => '%{');
}
