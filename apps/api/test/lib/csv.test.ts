import { describe, expect, it } from 'vitest';
import { csvField, csvLine, csvStream, UTF8_BOM } from '../../src/lib/csv';

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('CSV', () => {
  it('quotes only when needed and doubles embedded quotes', () => {
    expect(csvField('São Paulo')).toBe('São Paulo');
    expect(csvField('Silva, Maria')).toBe('"Silva, Maria"');
    expect(csvField('o "Zé"')).toBe('"o ""Zé"""');
    expect(csvField('linha 1\nlinha 2')).toBe('"linha 1\nlinha 2"');
    expect(csvField(' espaço')).toBe('" espaço"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('neutralizes text that a spreadsheet would run as a formula but keeps numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+55')).toBe("'+55");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(12.5)).toBe('12.5');
  });

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('streams a BOM, the header and one line per row from an async source', async () => {
    async function* rows() {
      yield { nome: 'Ação', total: 2 };
      yield { nome: 'B, C', total: 0 };
    }
    const stream = csvStream(
      [
        { header: 'nome', value: (row: { nome: string; total: number }) => row.nome },
        { header: 'total', value: (row: { nome: string; total: number }) => row.total },
      ],
      rows(),
    );
    const text = await collect(stream);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text.slice(1)).toBe('nome,total\r\nAção,2\r\n"B, C",0\r\n');
  });
});
