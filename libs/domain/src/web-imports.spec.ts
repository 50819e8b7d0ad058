/**
 * The web UI imports some domain files directly (`@forebyg/domain/<file>` in apps/web). Those files, and the domain
 * files they import in turn, must import no package (date-holidays, zod, node:crypto…): the browser bundle would carry
 * it. Type-only imports are erased by the build and do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DOMAIN = __dirname;
const WEB = path.resolve(__dirname, '../../../apps/web/src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const STATEMENT = /^(?:import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?'([^']+)'/gm;

/** The specifiers a file imports or re-exports values from (`import type` and all-`type` lists left out). */
function valueImports(code: string): string[] {
  const out: string[] = [];
  for (const [, typeOnly, clause, specifier] of code.matchAll(STATEMENT)) {
    if (typeOnly) continue;
    const names = /^\{([^}]*)\}$/.exec(clause?.trim() ?? '')?.[1];
    const specifiers = names
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (specifiers && specifiers.length > 0 && specifiers.every((s) => s.startsWith('type '))) continue;
    out.push(specifier!);
  }
  return out;
}

describe('domain files the web UI imports', () => {
  const fromWeb = new Set(
    sourceFiles(WEB).flatMap((f) =>
      valueImports(readFileSync(f, 'utf8'))
        .filter((s) => s.startsWith('@forebyg/domain/'))
        .map((s) => s.slice('@forebyg/domain/'.length)),
    ),
  );

  it('are found (the web imports its closed lists from here)', () => {
    expect(fromWeb.size).toBeGreaterThan(3);
    expect(fromWeb).toContain('stages');
  });

  it('import no package, directly or through other domain files', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    const visit = (name: string, via: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const code = readFileSync(path.join(DOMAIN, `${name}.ts`), 'utf8');
      for (const specifier of valueImports(code)) {
        if (specifier.startsWith('./')) visit(specifier.slice(2).replace(/\.js$/, ''), `${via} → ${name}`);
        else problems.push(`${via} → ${name} imports ${specifier}`);
      }
    };
    for (const name of [...fromWeb].sort()) visit(name, 'web');
    expect(problems).toEqual([]);
  });
});
