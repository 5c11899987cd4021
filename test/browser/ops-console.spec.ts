import { expect } from 'chai';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { copyFixture, tempDir, REPO_ROOT } from '../support/temp';
import { json, loginAt, start } from '../reliability/support';
import type { ServerProcess } from '../support/server-process';
import { queryFile } from '../support/db-digest';

/** Debian's Chromium (`apt-get install chromium`); .ci/run installs it, so CI never skips. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** UPDATE_SCREENSHOTS=1 writes the README's screenshots (docs/screenshots/); otherwise they go to a temporary folder. */
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(REPO_ROOT, 'docs', 'screenshots') : tempDir('shots');

/** The flags this machine needs (its network is closed: no background connections). */
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('browser: the operations console (/ops) and /docs in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: ServerProcess;
  let dir: string;
  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`    (skipped: no Chromium at ${CHROMIUM}; install it with \`apt-get install -y chromium\`, as .ci/run does)`);
      this.skip();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    dir = tempDir('ops');
    copyFixture('original-current.db', dir, 'ventas.db');
    // Scheduled backups on, so the console has next runs to show.
    server = await start(dir, { BACKUP_ENABLED: 'true' });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop('SIGTERM');
  });

  const newPage = async (viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => expect.fail(`script error in the page: ${e.message}`));
    return page;
  };

  /** Signs in with the keyboard only: the form is reachable and submittable without a mouse. */
  const signIn = async (page: Page, username: string, password: string) => {
    await page.goto(`${server.url}/ops`);
    await page.keyboard.press('Tab'); // the skip link
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).to.equal('username');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
  };

  it('an operator backs up, sees it listed, previews a restore, restores, sees the audit row, and rolls back; nothing is lost', async () => {
    const page = await newPage();
    await signIn(page, 'admin', 'friosur2026');
    await page.locator('#health-status').waitFor();
    expect(await page.locator('#who-name').textContent()).to.equal('admin');
    const nextRuns = (await page.locator('#next-runs').textContent())!.split(' · ');
    expect(nextRuns, 'the next three scheduled runs').to.have.length(3);
    for (const run of nextRuns) expect(run).to.match(/^\d{1,2}\/\d{1,2}\/\d{4}, .+ \((periódico|diario)\)$/);
    await page.locator('#audit-table tbody tr').first().waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SHOTS, 'ops-health.png'), fullPage: false });

    // Back up now: the new backup is listed, verified, with its SHA-256.
    await page.getByRole('button', { name: 'Respaldar ahora' }).click();
    await page.locator('#status', { hasText: 'creado y verificado' }).waitFor();
    const filename = /Respaldo (ventas_\S+\.db) creado/.exec((await page.locator('#status').textContent())!)![1]!;
    const row = page.locator(`#backups-table tr[data-filename="${filename}"]`);
    await row.waitFor();
    expect(await row.textContent())
      .to.contain('verificado')
      .and.contain('manual');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'backups', `${filename}.json`), 'utf8')) as { sha256: string };
    expect(await row.locator('.hash').getAttribute('title')).to.equal(manifest.sha256);
    await page.locator('#respaldos').screenshot({ path: path.join(SHOTS, 'ops-backups.png') });

    // Download: the file the browser saves is the backup, byte for byte (its SHA-256 is the manifest's).
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /Descargar/ }).click()]);
    expect(download.suggestedFilename()).to.equal(filename);
    const saved = path.join(tempDir('download'), filename);
    await download.saveAs(saved);
    expect(createHash('sha256').update(fs.readFileSync(saved)).digest('hex')).to.equal(manifest.sha256);
    await page.locator('#status', { hasText: `Descargado ${filename}` }).waitFor();

    // An order taken after the backup: the restore will take it away, the rollback must bring it back.
    const vendedor = await loginAt(server.url, 'vendedor1', 'vendedor2026');
    const placed = await fetch(`${server.url}/api/pedidos`, {
      method: 'POST',
      headers: json(vendedor),
      body: JSON.stringify({ cliente_id: 1, items: [{ producto_id: 1, cantidad: 3 }], notas: 'después del respaldo' }),
    });
    expect(placed.status).to.equal(200);
    const orderId = ((await placed.json()) as { id: number }).id;

    // The preview: row counts now against the backup, migrations to run; restore stays disabled until the name is typed.
    await row.getByRole('button', { name: /Vista previa/ }).click();
    await page.locator('#preview-title', { hasText: filename }).waitFor();
    const pedidos = page.locator('#preview-table tr', { has: page.locator('td', { hasText: /^pedidos$/ }) });
    const cells = await pedidos.locator('td').allTextContents();
    expect(Number(cells[1]) - Number(cells[2]), 'one more order now than in the backup').to.equal(1);
    expect(await page.locator('#preview-migrations').textContent()).to.equal('ninguna');
    expect(await page.locator('#restore-button').isDisabled()).to.equal(true);
    await page.locator('#confirm').fill('ventas_otro.db');
    expect(await page.locator('#restore-button').isDisabled()).to.equal(true);
    await page.locator('#confirm').fill(filename);
    expect(await page.locator('#restore-button').isDisabled()).to.equal(false);
    await page.locator('#restaurar').screenshot({ path: path.join(SHOTS, 'ops-restore-preview.png') });

    // Restore (Enter submits the confirmation form).
    await page.locator('#confirm').press('Enter');
    await page.locator('#restore-result h3', { hasText: 'Restauración hecha' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('#restored-name').textContent()).to.equal(filename);
    expect(await queryFile(path.join(dir, 'ventas.db'), 'SELECT id FROM pedidos WHERE id = ?', [orderId])).to.deep.equal([]);
    // The audit log shows the restore.
    await page.locator('#audit-table tbody tr', { hasText: 'RESTORE' }).first().waitFor();
    await page.locator('#restaurar').screenshot({ path: path.join(SHOTS, 'ops-restore-result.png') });

    const preRestore = (await page.locator('#restore-result dd code').textContent())!;
    expect(preRestore).to.match(/^ventas_\S+\.db$/);

    // One click rolls back: the order taken after the backup is there again.
    await page.getByRole('button', { name: 'Deshacer esta restauración' }).click();
    await page.locator('#restore-result h3', { hasText: 'Restauración deshecha' }).waitFor({ timeout: 60_000 });
    expect(await queryFile(path.join(dir, 'ventas.db'), 'SELECT id, notas FROM pedidos WHERE id = ?', [orderId])).to.deep.equal([
      { id: orderId, notas: 'después del respaldo' },
    ]);
    // The audit log is part of the database: the rollback's row says what it restored (the pre-restore backup).
    const restores = await queryFile<{ datos_despues: string }>(
      path.join(dir, 'ventas.db'),
      "SELECT datos_despues FROM audit_log WHERE accion = 'RESTORE' ORDER BY id DESC LIMIT 1",
    );
    expect((JSON.parse(restores[0]!.datos_despues) as { restored_from: string }).restored_from).to.equal(preRestore);
    await page.locator('#audit-table tbody tr', { hasText: preRestore }).first().waitFor();
    await page.locator('#auditoria').screenshot({ path: path.join(SHOTS, 'ops-audit.png') });

    // Migration status and the dry run.
    expect(await page.locator('#migration-summary').textContent()).to.match(/^\d+ aplicadas, 0 pendientes, 0 fallidas\.$/);
    await page.getByRole('button', { name: /Probar migraciones/ }).click();
    await page.locator('#dry-run-summary', { hasText: 'No hay migraciones pendientes.' }).waitFor();
    // Nothing shown is a placeholder of a missing value.
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).to.not.match(/\bnull\b|\bundefined\b|\bNaN\b|\[object Object\]|Invalid Date/);
    await page.close();
  });

  it('refuses a non-admin, and shows no data to anyone signed out', async () => {
    const page = await newPage();
    await signIn(page, 'vendedor1', 'vendedor2026');
    await page.locator('#status', { hasText: 'solo para administradores' }).waitFor();
    expect(await page.locator('#console').isHidden()).to.equal(true);
    const wrong = await newPage();
    await signIn(wrong, 'admin', 'nope');
    await wrong.locator('#status.error').waitFor();
    expect(await wrong.locator('#console').isHidden()).to.equal(true);
    await page.close();
    await wrong.close();
  });

  it('fits a phone screen: no sideways scrolling of the page, tables scroll inside their box', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, 'admin', 'friosur2026');
    await page.locator('#health-status').waitFor();
    await page.locator('#backups-table tbody tr').first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'horizontal overflow of the page').to.be.at.most(0);
    await page.screenshot({ path: path.join(SHOTS, 'ops-mobile.png'), fullPage: false });
    await page.close();
  });

  it('/docs renders the interactive API documentation from /openapi.json', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock').count()).to.be.greaterThan(100);
    expect(await page.locator('.info .title').textContent()).to.contain('Chorizaurio API');
    await page.screenshot({ path: path.join(SHOTS, 'docs.png') });
    await page.close();
  });
});
