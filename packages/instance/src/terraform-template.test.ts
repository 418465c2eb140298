import { describe, expect, it } from 'vitest';
import { TerraformTemplate, terraformTemplateToText } from './terraform-template';

describe('TerraformTemplate', () => {
  it('escapes literal ${ and %{ and leaves values verbatim', () => {
    const template = new TerraformTemplate();
    const host = template.value('${aws_db_instance.main.address}');
    const rendered = template.render(`echo \${HOME} %{x} ${host} $$ done`);
    expect(rendered).toBe('echo $${HOME} %%{x} ${aws_db_instance.main.address} $$ done');
  });

  it('round-trips to the literal text for plain values', () => {
    const template = new TerraformTemplate();
    const text = `a \${b} %{c} ${template.value(5432)}`;
    expect(terraformTemplateToText(template.render(text))).toBe('a ${b} %{c} 5432');
  });

  it('refuses a value that carries a marker', () => {
    const template = new TerraformTemplate();
    const marker = template.value('x');
    const other = new TerraformTemplate();
    expect(() => other.render(`${other.value(marker)} ${marker}`)).toThrow(/marker/);
  });
});
