import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module specifier a file imports or requires (static, dynamic, type-only, re-exports). */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]!);
  return specs;
}

const layerOf = (file: string): string | null => {
  const rel = path.relative(path.join(ROOT, 'src'), file).split(path.sep);
  return rel.length > 1 ? rel[0]! : null;
};

/** Which internal layers each layer may import, and which packages it must not. */
const RULES: Record<string, { layers: string[]; forbidden: RegExp[] }> = {
  domain: { layers: ['domain'], forbidden: [/^(?!luxon$)(?![./])/] },
  application: { layers: ['domain', 'application'], forbidden: [/^(?!luxon$)(?![./])/] },
  infrastructure: { layers: ['domain', 'application', 'infrastructure'], forbidden: [/^koa$/, /^@koa\//] },
  interfaces: { layers: ['domain', 'application', 'interfaces'], forbidden: [/^typeorm$/, /^sqlite3$/, /^inversify$/] },
  // The composition root wires the layers together; only container.ts, the server's entry (main.ts, server.ts) and cli.ts import it.
  composition: { layers: ['domain', 'application', 'infrastructure', 'interfaces', 'composition'], forbidden: [] },
};

/** Each src file's internal imports, resolved to files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const targets = importsOf(fs.readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.resolve(path.dirname(file), spec))
      .map((t) => (fs.existsSync(`${t}.ts`) ? `${t}.ts` : path.join(t, 'index.ts')))
      .filter((t) => t.startsWith(path.join(ROOT, 'src')));
    graph.set(file, targets);
  }
  return graph;
}

/** The import cycles of a graph, each as the files around it (Tarjan's strongly connected components). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('architecture: the dependency rule (ARCHITECTURE.md §2)', () => {
  for (const [layer, rule] of Object.entries(RULES)) {
    it(`${layer} imports only ${rule.layers.join(', ')} and allowed packages`, () => {
      const files = sourceFiles(path.join(ROOT, 'src', layer));
      expect(files.length, `no files found under src/${layer}`).to.be.greaterThan(0);
      const violations: string[] = [];
      for (const file of files) {
        const source = fs.readFileSync(file, 'utf8');
        for (const spec of importsOf(source)) {
          if (spec.startsWith('.')) {
            const target = path.resolve(path.dirname(file), spec);
            const targetLayer = target.startsWith(path.join(ROOT, 'src') + path.sep) ? layerOf(target) : 'outside-src';
            if (targetLayer === null || !rule.layers.includes(targetLayer)) {
              // infrastructure and the composition root may read the migration registry at the repository root.
              const allowedMigrations =
                (layer === 'infrastructure' || layer === 'composition') && target.startsWith(path.join(ROOT, 'migrations'));
              if (!allowedMigrations) violations.push(`${path.relative(ROOT, file)} → ${spec}`);
            }
          } else if (rule.forbidden.some((re) => re.test(spec))) {
            violations.push(`${path.relative(ROOT, file)} → ${spec}`);
          }
        }
      }
      expect(violations).to.deep.equal([]);
    });
  }

  for (const layer of ['domain', 'application']) {
    it(`${layer} reads no environment, filesystem or wall clock`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(path.join(ROOT, 'src', layer))) {
        const source = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        for (const [re, what] of [
          [/process\.env/, 'process.env'],
          [/new Date\(\s*\)/, 'new Date()'],
          [/Date\.now\(/, 'Date.now()'],
          [/DateTime\.(now|local|utc)\(\s*\)/, 'DateTime.now()'],
          [/@\w+\(/, 'a decorator'],
        ] as const) {
          if (re.test(source)) violations.push(`${path.relative(ROOT, file)} uses ${what}`);
        }
      }
      expect(violations).to.deep.equal([]);
    });
  }

  it('migrations import nothing but themselves', () => {
    const violations = sourceFiles(path.join(ROOT, 'migrations')).flatMap((file) =>
      importsOf(fs.readFileSync(file, 'utf8'))
        .filter((spec) => !spec.startsWith('./'))
        .map((spec) => `${path.relative(ROOT, file)} → ${spec}`),
    );
    expect(violations).to.deep.equal([]);
  });

  it('no module imports itself back through others: the import graph has no cycle', () => {
    const cycles = cyclesOf(importGraph()).map((c) =>
      c
        .map((f) => path.relative(ROOT, f))
        .sort()
        .join(' ↔ '),
    );
    expect(cycles).to.deep.equal([]);
  });

  it('only the entry points import the composition root', () => {
    const allowed = ['container.ts', 'main.ts', 'server.ts', 'cli.ts', 'index.ts'].map((f) => path.join(ROOT, 'src', f));
    const violations = [...importGraph()]
      .filter(([file]) => !allowed.includes(file) && layerOf(file) !== 'composition')
      .flatMap(([file, targets]) =>
        targets
          .filter((t) => layerOf(t) === 'composition' || t === path.join(ROOT, 'src', 'container.ts'))
          .map((t) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, t)}`),
      );
    expect(violations).to.deep.equal([]);
  });

  it('detects a cycle (the cycle finder itself works)', () => {
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).to.have.length(1);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).to.deep.equal([]);
  });

  it('detects a forbidden import (the checker itself works)', () => {
    expect(importsOf("import { DataSource } from 'typeorm';\nconst x = require('koa');")).to.deep.equal(['typeorm', 'koa']);
    expect(RULES.domain!.forbidden.some((re) => re.test('typeorm'))).to.equal(true);
    expect(RULES.domain!.forbidden.some((re) => re.test('luxon'))).to.equal(false);
    expect(RULES.application!.forbidden.some((re) => re.test('node:fs'))).to.equal(true);
  });
});
