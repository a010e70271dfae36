// `amends detect`: scores JSON Lines messages from a stream (P-1.2 "score every inbound message").
// One output line per input line, in order; bad lines get an error line and processing continues.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { detect, fileModelSource, LANGUAGES, parseModelChoices, useDetectionModels, type Language } from '../domain/detection/index.ts';

const LANGUAGE_SET = new Set<string>(LANGUAGES);

function errorLine(message: string): string {
  return JSON.stringify({ error: { code: 'INVALID_LINE', message } });
}

/** Turns one input line into one output line (never throws). */
function processLine(line: string): { out: string; ok: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { out: errorLine('line is not valid JSON'), ok: false };
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { text?: unknown }).text !== 'string') {
    return { out: errorLine('expected an object with a string "text"'), ok: false };
  }
  const { text, language, fallbackLanguage } = parsed as { text: string; language?: unknown; fallbackLanguage?: unknown };
  for (const [name, value] of [['language', language], ['fallbackLanguage', fallbackLanguage]] as const) {
    if (value !== undefined && value !== null && (typeof value !== 'string' || !LANGUAGE_SET.has(value))) {
      return { out: errorLine(`unsupported "${name}"; use one of ${LANGUAGES.join(', ')}`), ok: false };
    }
  }
  const d = detect(text, { language: (language ?? undefined) as Language | undefined, fallbackLanguage: (fallbackLanguage ?? null) as Language | null });
  const out = JSON.stringify({
    language: d.language,
    dissatisfied: d.dissatisfied,
    score: d.score,
    intensity: d.intensity,
    signals: d.signals.map((s) => ({ type: s.type, phrases: s.phrases })),
  });
  return { out, ok: true };
}

/**
 * Reads JSON Lines `{"text", "language"?}` and writes one JSON line per input line, in order,
 * respecting backpressure. Exists so the `amends detect` command and tests share one core.
 */
export async function runDetect(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<{ lines: number; errors: number }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let errors = 0;
  for await (const raw of rl) {
    const line = raw.trim();
    lines++;
    const { out, ok } = line === '' ? { out: errorLine('empty line'), ok: false } : processLine(line);
    if (!ok) errors++;
    if (!output.write(out + '\n')) await once(output, 'drain');
  }
  return { lines, errors };
}

/**
 * The `amends detect` command: applies DETECTION_MODELS, then stdin → stdout. Imports only
 * detection, so it answers in a fraction of a second (bin/amends.js runs it from a cached bundle
 * without tsx, the server, the database or zod). DETECTION_MODELS is read with the same parser
 * config.ts validates it with (STYLE 10: one set of rules; the server reads it via loadConfig).
 */
export async function detectMain(env: Record<string, string | undefined> = process.env): Promise<void> {
  try {
    useDetectionModels(fileModelSource(parseModelChoices(env.DETECTION_MODELS)));
  } catch (err) {
    process.stderr.write(`amends: Invalid configuration:\n  DETECTION_MODELS: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const { lines, errors } = await runDetect(process.stdin, process.stdout);
  if (process.stderr.isTTY) process.stderr.write(`detect: ${lines} lines, ${errors} errors\n`);
}

// Standalone use: `npx tsx src/cli/detect.ts < messages.jsonl`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  detectMain().catch((err: unknown) => {
    process.stderr.write(`detect: ${String(err)}\n`);
    process.exitCode = 1;
  });
}
