import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The code without comments and without the contents of string and template literals. */
export function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'/g, "''")
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/`(?:[^`\\]|\\.)*`/g, '``');
}

/** Property names declared or written in snake_case (`foo_bar:` or `foo_bar?:`). */
export const snakeCaseFields = (code: string): string[] =>
  [...code.matchAll(/\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\??\s*:/g)].map((m) => m[1]!);

const ROLE_FILES = ['src/domain/users/role.ts', 'src/domain/ordering/order-policy.ts'].map((f) => path.join(ROOT, f));

describe('architecture: names (docs/ARCHITECTURE.md)', () => {
  it('application types are camelCase: no snake_case field in src/application (snake_case stays on the wire and in SQL)', () => {
    const found = sourceFiles(path.join(ROOT, 'src/application')).flatMap((f) =>
      snakeCaseFields(codeOnly(fs.readFileSync(f, 'utf8'))).map((name) => `${path.relative(ROOT, f)}: ${name}`),
    );
    expect(found).to.deep.equal([]);
  });

  it('role names appear only in domain/users/role.ts and domain/ordering/order-policy.ts', () => {
    const found: string[] = [];
    for (const f of sourceFiles(path.join(ROOT, 'src'))) {
      if (ROLE_FILES.includes(f)) continue;
      const source = fs
        .readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:\\])\/\/.*$/gm, '$1');
      for (const m of source.matchAll(/['"](administrador|oficina|vendedor)['"]|\brol\w*\s*[!=]==?\s*['"](admin|usuario)['"]/g)) {
        found.push(`${path.relative(ROOT, f)}: ${m[0]}`);
      }
    }
    expect(found).to.deep.equal([]);
  });

  it('folders and files are named in English (the glossary maps the shop’s words)', () => {
    const spanish = /(pedido|cliente|oferta|repartidor|reporte|lista|precio|usuario|plantilla)/;
    const found = sourceFiles(path.join(ROOT, 'src'))
      .map((f) => path.relative(path.join(ROOT, 'src'), f))
      .filter((rel) => spanish.test(rel));
    expect(found).to.deep.equal([]);
  });

  it('the checkers themselves work', () => {
    expect(
      snakeCaseFields(codeOnly("const a = { pedido_id: 1, 'x_y': 2 }; // z_w: 3\ntype T = { fecha_creacion?: string }")),
    ).to.deep.equal(['pedido_id', 'fecha_creacion']);
    expect(snakeCaseFields(codeOnly('const s = `a_b: ${x}`; const t = "c_d: 1";'))).to.deep.equal([]);
  });
});
