// The JSON Lines CLI core of `amends detect` (src/cli/detect.ts).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDetect } from '../../cli/detect.ts';

async function run(input: string): Promise<{ lines: string[]; result: { lines: number; errors: number } }> {
  const inp = new PassThrough();
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  inp.end(input);
  const result = await runDetect(inp, out);
  return { lines: chunks.join('').split('\n').filter(Boolean), result };
}

describe('runDetect', () => {
  it('writes one line per input line, in order, and reports bad lines', async () => {
    const { lines, result } = await run(
      [
        JSON.stringify({ text: 'WHERE IS MY MONEY??? Three weeks!!!' }),
        'this is not json',
        JSON.stringify({ text: 'Thanks, all perfect!', language: 'en' }),
        JSON.stringify({ nope: 1 }),
        JSON.stringify({ text: 'Жду возврат уже месяц, подаю в суд.' }),
      ].join('\n'),
    );
    expect(result).toEqual({ lines: 5, errors: 2 });
    expect(lines).toHaveLength(5);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[0]).toMatchObject({ language: 'en', dissatisfied: true });
    expect(parsed[1].error.code).toBe('INVALID_LINE');
    expect(parsed[2]).toMatchObject({ language: 'en', dissatisfied: false, signals: [] });
    expect(parsed[3].error.code).toBe('INVALID_LINE');
    expect(parsed[4].language).toBe('ru');
    expect(parsed[4].signals.map((s: { type: string }) => s.type)).toContain('legal');
    expect(Object.keys(parsed[0]).sort()).toEqual(['dissatisfied', 'intensity', 'language', 'score', 'signals']);
  });

  it('handles thousands of lines', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ text: `order ${i} is late again` })).join('\n');
    const { lines, result } = await run(input);
    expect(result.lines).toBe(3000);
    expect(lines).toHaveLength(3000);
  });
});
