// The operations console: a page of this backend that calls its admin API with the admin's token.
// No framework and no build step; every value shown is inserted as text, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'chorizaurio-ops-token';
  let token = sessionStorage.getItem(TOKEN_KEY);

  /** A DOM element with text (never HTML) and attributes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat())
      if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  /** Replaces a node's content, skipping absent (null) parts. */
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
  }

  function say(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.className = isError ? 'status error' : 'status';
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await res.json().catch(() => null);
    if (res.status === 401 && path !== '/api/login') signOut('La sesión venció: ingrese de nuevo.');
    if (!res.ok) throw new ApiError(res.status, (data && (data.detail || data.error)) || `Error ${res.status}`);
    return data;
  }

  const age = (iso) => {
    const hours = (Date.now() - Date.parse(iso)) / 3_600_000;
    if (!Number.isFinite(hours)) return '-';
    if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} min`;
    if (hours < 48) return `${hours.toFixed(1)} h`;
    return `${Math.round(hours / 24)} días`;
  };
  const when = (iso) => (iso ? new Date(iso).toLocaleString('es-UY') : '-');
  const KIND = {
    manual: 'manual',
    interval: 'periódico',
    daily: 'diario',
    'pre-restore': 'antes de restaurar',
    'pre-migration': 'antes de migrar',
    upload: 'subido',
    startup: 'al iniciar',
    original: 'del sistema anterior',
  };
  const kindLabel = (k) => KIND[k] || k;

  // ---------- sign-in ----------
  function showConsole(username) {
    $('login-section').hidden = true;
    $('console').hidden = false;
    $('who').hidden = false;
    $('who-name').textContent = username;
  }
  function signOut(message) {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    $('console').hidden = true;
    $('who').hidden = true;
    $('login-section').hidden = false;
    if (message) say(message, true);
    $('username').focus();
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    say('Ingresando…');
    const res = await fetch('/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: $('username').value, password: $('password').value }),
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) return say((data && data.detail) || `No se pudo ingresar (${res.status})`, true);
    token = data.access_token;
    try {
      const me = await api('GET', '/api/users/me');
      if (me.rol !== 'admin' && me.rol !== 'administrador') {
        signOut('Esta consola es solo para administradores.');
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, token);
      $('password').value = '';
      showConsole(me.username);
      say(`Bienvenido, ${me.username}.`);
      await refreshAll();
      $('main').focus();
    } catch (e) {
      say(e.message, true);
    }
  });
  $('logout').addEventListener('click', async () => {
    await api('POST', '/api/logout').catch(() => undefined);
    signOut();
    say('Sesión cerrada.');
  });

  // ---------- health and backups ----------
  async function loadHealth() {
    const [health, status] = await Promise.all([api('GET', '/api/health'), api('GET', '/api/admin/backup-status')]);
    const ok = health.status === 'healthy';
    const reasons = [];
    if (health.database !== 'ok') reasons.push(`Base de datos: ${health.database}`);
    if (health.backups !== 'ok') reasons.push(`Respaldos: ${health.backups}`);
    if (status.problem) reasons.push(status.problem);
    if (status.rotted_backups && status.rotted_backups.length) reasons.push(`Respaldos dañados apartados: ${status.rotted_backups.length}`);
    fill(
      $('health'),
      el(
        'p',
        {},
        el('span', { class: ok ? 'pill' : 'pill bad', id: 'health-status' }, ok ? 'Sano' : 'Degradado'),
        ` Versión ${health.version} · ${health.environment}`,
      ),
      reasons.length
        ? el(
            'ul',
            { class: 'bad' },
            reasons.map((r) => el('li', {}, r)),
          )
        : el('p', { class: 'ok' }, 'Nada degrada el servicio.'),
    );
    const s = status.scheduler;
    fill(
      $('schedule'),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, 'Programados'),
        el(
          'dd',
          {},
          s.enabled
            ? `cada ${s.interval_hours} h y diario a las ${s.daily_hour}:00 (${s.timezone})`
            : 'desactivados (BACKUP_ENABLED=false)',
        ),
        el('dt', {}, 'Próximos'),
        el(
          'dd',
          { id: 'next-runs' },
          (s.next_runs || []).length ? s.next_runs.map((r) => `${when(r.utc)} (${kindLabel(r.kind)})`).join(' · ') : '-',
        ),
        el('dt', {}, 'Último'),
        el(
          'dd',
          {},
          s.last_run ? `${when(s.last_run.at)} — ${s.last_run.ok ? 'bien' : `falló: ${s.last_run.error}`}` : 'ninguno desde el inicio',
        ),
        el('dt', {}, 'Instancia líder'),
        el(
          'dd',
          { id: 'scheduler-leader' },
          s.leader
            ? `${s.leader.instance}${s.leader.this_instance ? ' (esta)' : ''}${s.leader.since ? ` desde ${when(s.leader.since)}` : ''}`
            : 'ninguna en este momento',
          s.last_scheduled_backup ? ` — último programado ${when(s.last_scheduled_backup.created_at)}` : '',
        ),
        el('dt', {}, 'Carpeta'),
        el('dd', {}, el('code', {}, s.backup_dir), s.backup_dir_writable ? '' : ' (no se puede escribir)'),
      ),
    );
  }

  async function loadBackups() {
    const list = await api('GET', '/api/admin/backups');
    const rows = list.backups.map((b) =>
      el(
        'tr',
        { 'data-filename': b.filename },
        el('td', {}, el('code', {}, b.filename)),
        el('td', {}, kindLabel(b.kind)),
        el('td', { class: 'num' }, b.size_human),
        el('td', {}, age(b.created_at)),
        el('td', {}, b.verified ? el('span', { class: 'pill' }, 'verificado') : el('span', { class: 'pill bad' }, 'no')),
        el('td', {}, el('span', { class: 'hash', title: b.sha256 }, `${b.sha256.slice(0, 12)}…`)),
        el(
          'td',
          {},
          el(
            'div',
            { class: 'actions' },
            el(
              'button',
              { type: 'button', class: 'secondary', onclick: () => download(b.filename), 'aria-label': `Descargar ${b.filename}` },
              'Descargar',
            ),
            el(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => preview(b.filename),
                'aria-label': `Vista previa de restaurar ${b.filename}`,
              },
              'Vista previa',
            ),
          ),
        ),
      ),
    );
    fill($('backups-table').tBodies[0], ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 7 }, 'Todavía no hay respaldos.'))]));
  }

  $('backup-now').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    say('Respaldando…');
    try {
      const r = await api('POST', '/api/admin/backup-now');
      say(`Respaldo ${r.backup.filename} creado y verificado (${r.backup.size_human}).`);
      await Promise.all([loadBackups(), loadHealth(), loadAudit()]);
    } catch (e) {
      say(`No se pudo respaldar: ${e.message}`, true);
    } finally {
      button.disabled = false;
    }
  });

  async function download(filename) {
    say(`Descargando ${filename}…`);
    try {
      const res = await fetch(`/api/admin/backups/${encodeURIComponent(filename)}`, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`Error ${res.status}`);
      const blob = await res.blob();
      const link = el('a', { href: URL.createObjectURL(blob), download: filename });
      document.body.append(link);
      link.click();
      link.remove();
      say(`Descargado ${filename} (SHA-256 ${res.headers.get('X-Backup-SHA256') || '?'}).`);
    } catch (e) {
      say(`No se pudo descargar: ${e.message}`, true);
    }
  }

  // ---------- restore ----------
  let previewed = null;
  async function preview(filename) {
    say(`Revisando ${filename}…`);
    $('restore-result').hidden = true;
    try {
      const p = await api('GET', `/api/admin/backups/${encodeURIComponent(filename)}/restore-preview`);
      previewed = p.filename;
      $('preview-title').textContent = `Vista previa: ${p.filename}`;
      fill(
        $('preview-facts'),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, 'Tipo'),
          el('dd', {}, kindLabel(p.kind)),
          el('dt', {}, 'Creado'),
          el('dd', {}, `${when(p.created_at)} (hace ${age(p.created_at)})`),
          el('dt', {}, 'Tamaño'),
          el('dd', {}, p.size_human),
          el('dt', {}, 'Verificación'),
          el('dd', {}, p.verification.now),
          el('dt', {}, 'Migraciones a aplicar'),
          el('dd', { id: 'preview-migrations' }, p.migrations_to_run.length ? p.migrations_to_run.join(', ') : 'ninguna'),
          el('dt', {}, 'Se puede restaurar'),
          el('dd', { class: p.restorable ? 'ok' : 'bad' }, p.restorable ? 'sí' : `no: ${p.problem}`),
        ),
      );
      fill(
        $('preview-table').tBodies[0],
        ...p.tables.map((t) =>
          el(
            'tr',
            { class: t.difference ? 'warn' : '' },
            el('td', {}, t.table),
            el('td', { class: 'num' }, t.current ?? '-'),
            el('td', { class: 'num' }, t.backup ?? '-'),
            el('td', { class: 'num' }, t.difference > 0 ? `+${t.difference}` : t.difference),
          ),
        ),
      );
      $('confirm-name').textContent = p.filename;
      $('confirm').value = '';
      $('restore-button').disabled = true;
      $('confirm').disabled = !p.restorable;
      $('preview').hidden = false;
      say(
        p.restorable ? 'Revise la vista previa y escriba el nombre para confirmar.' : `Este respaldo no se puede restaurar: ${p.problem}`,
        !p.restorable,
      );
      location.hash = 'restaurar';
      $('confirm').focus();
    } catch (e) {
      say(`No se pudo revisar: ${e.message}`, true);
    }
  }
  $('confirm').addEventListener('input', () => {
    $('restore-button').disabled = $('confirm').value.trim() !== previewed;
  });
  $('restore-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if ($('confirm').value.trim() !== previewed) return;
    await restore(previewed, $('confirm').value.trim(), false);
  });

  async function restore(filename, confirm, isRollback) {
    $('restore-button').disabled = true;
    say(isRollback ? `Deshaciendo: restaurando ${filename}…` : `Restaurando ${filename}… (los pedidos esperan unos segundos)`);
    try {
      const r = await api('POST', `/api/admin/backups/${encodeURIComponent(filename)}/restore`, { confirm });
      $('preview').hidden = true;
      const result = $('restore-result');
      fill(
        result,
        el('h3', {}, isRollback ? 'Restauración deshecha' : 'Restauración hecha'),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, 'Restaurado'),
          el('dd', { id: 'restored-name' }, r.restored),
          el('dt', {}, 'Migraciones aplicadas'),
          el('dd', {}, r.migrations_applied.length ? r.migrations_applied.join(', ') : 'ninguna'),
          el('dt', {}, 'Pausa de escritura'),
          el('dd', {}, `${r.writes_paused_ms} ms`),
          el('dt', {}, 'Contenido anterior'),
          el('dd', {}, r.pre_restore_backup ? el('code', {}, r.pre_restore_backup) : r.warning || 'sin respaldo previo'),
        ),
        r.rollback
          ? el(
              'button',
              {
                type: 'button',
                id: 'rollback',
                class: 'danger',
                onclick: () => restore(r.pre_restore_backup, r.rollback.body.confirm, true),
              },
              'Deshacer esta restauración',
            )
          : null,
      );
      result.hidden = false;
      say(
        `${isRollback ? 'Deshecho' : 'Restaurado'}: ${r.restored}.${r.pre_restore_backup ? ` El contenido anterior quedó en ${r.pre_restore_backup}.` : ''}`,
      );
      await Promise.all([loadBackups(), loadHealth(), loadAudit(), loadMigrations()]);
      ($('rollback') || result).focus();
    } catch (e) {
      say(`No se restauró nada: ${e.message}`, true);
      $('restore-button').disabled = false;
    }
  }

  // ---------- migrations ----------
  async function loadMigrations() {
    const m = await api('GET', '/api/admin/migrations');
    fill(
      $('migrations'),
      el('p', { id: 'migration-summary' }, `${m.executed.length} aplicadas, ${m.pending.length} pendientes, ${m.failed.length} fallidas.`),
      m.pending.length ? el('p', {}, 'Pendientes: ', m.pending.join(', ')) : null,
      m.failed.length
        ? el(
            'ul',
            { class: 'bad' },
            m.failed.map((f) => el('li', {}, `${f.name}: ${f.error}`)),
          )
        : null,
      m.problem ? el('p', { class: 'bad' }, m.problem.message || String(m.problem)) : null,
    );
  }
  $('dry-run').addEventListener('click', async () => {
    say('Probando las migraciones en una copia…');
    try {
      const r = await api('POST', '/api/admin/migrations/dry-run');
      fill(
        $('dry-run-result'),
        el(
          'p',
          { id: 'dry-run-summary', class: r.would_succeed ? 'ok' : 'bad' },
          r.pending.length
            ? r.would_succeed
              ? `Las ${r.pending.length} pendientes se aplicarían bien (${r.total_ms} ms).`
              : 'Alguna migración fallaría:'
            : 'No hay migraciones pendientes.',
        ),
        r.results.length
          ? el(
              'ul',
              {},
              r.results.map((x) => el('li', {}, `${x.id}: ${x.status}${x.error ? ` — ${x.error}` : ''}`)),
            )
          : null,
      );
      say('Prueba terminada; la base en uso no se tocó.');
    } catch (e) {
      say(`No se pudo probar: ${e.message}`, true);
    }
  });

  // ---------- audit ----------
  /** What changed, in a line: a restore says what it restored and where the previous content went. */
  const detail = (row) => {
    const after = row.datos_despues || {};
    const before = row.datos_antes || {};
    if (row.accion === 'RESTORE' && after.restored_from)
      return `restaurado desde ${after.restored_from}${before.pre_restore_backup ? `; contenido anterior en ${before.pre_restore_backup}` : ''}`;
    const parts = [];
    if (row.datos_despues !== null && row.datos_despues !== undefined) parts.push(`después: ${JSON.stringify(row.datos_despues)}`);
    if (row.datos_antes !== null && row.datos_antes !== undefined) parts.push(`antes: ${JSON.stringify(row.datos_antes)}`);
    const text = parts.join(' · ');
    return text.length > 220 ? `${text.slice(0, 220)}…` : text;
  };
  async function loadAudit() {
    const a = await api('GET', '/api/admin/audit-log?limit=50');
    fill(
      $('audit-table').tBodies[0],
      ...a.entries.map((r) =>
        el(
          'tr',
          {},
          el('td', {}, r.timestamp),
          el('td', {}, r.usuario),
          el('td', {}, r.accion),
          el('td', {}, r.tabla),
          el('td', { class: 'num' }, r.registro_id ?? ''),
          el('td', {}, detail(r)),
        ),
      ),
    );
  }

  async function refreshAll() {
    try {
      await Promise.all([loadHealth(), loadBackups(), loadMigrations(), loadAudit()]);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) say(`No se pudo cargar: ${e.message}`, true);
    }
  }
  $('refresh').addEventListener('click', async () => {
    await refreshAll();
    say('Actualizado.');
  });

  // A token from earlier in this tab: check it is still an admin's.
  if (token) {
    api('GET', '/api/users/me')
      .then((me) => {
        if (me.rol !== 'admin' && me.rol !== 'administrador') return signOut('Esta consola es solo para administradores.');
        showConsole(me.username);
        return refreshAll();
      })
      .catch(() => signOut());
  }
})();
