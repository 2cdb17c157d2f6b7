// The dashboard's pages: each reads its data from the JSON API under /horizon/api and reads it
// again every 3 seconds while the tab is visible. Text is always set as text, never as HTML.
(() => {
  'use strict';

  const REFRESH_MS = 3000;
  const PAGE_SIZE = 50;
  const main = document.querySelector('main');
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
  const csrf = { header: meta('csrf-header'), token: meta('csrf-token') };

  // ---- talking to the API ------------------------------------------------------------------

  async function api(path, { method = 'GET', body } = {}) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers[csrf.header] = csrf.token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`/horizon/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      location.assign('/horizon/login');
      throw new Error('Signed out');
    }
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      try {
        message = (await response.json()).message || message;
      } catch (ignored) {
        // not JSON: keep the status line
      }
      throw new Error(message);
    }
    return response.status === 204 ? null : response.json();
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') {
        search.set(key, value);
      }
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  }

  /** Runs `refresh` now and every few seconds while the page is visible, one run at a time. */
  function live(refresh) {
    let running = false;
    const tick = async () => {
      if (running || document.hidden) {
        return;
      }
      running = true;
      try {
        await refresh();
      } catch (e) {
        toast(e.message, true);
      } finally {
        running = false;
      }
    };
    tick();
    setInterval(tick, REFRESH_MS);
    document.addEventListener('visibilitychange', tick);
    return tick;
  }

  // ---- building the page -------------------------------------------------------------------

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) {
        continue;
      }
      if (key === 'class') {
        node.className = value;
      } else if (key.startsWith('on')) {
        node.addEventListener(key.slice(2), value);
      } else {
        node.setAttribute(key, value === true ? '' : value);
      }
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  function fill(tbody, rows, columns, emptyText) {
    tbody.replaceChildren(
      ...(rows.length ? rows : [el('tr', {}, el('td', { class: 'empty', colspan: columns }, emptyText))]),
    );
  }

  const badge = (status) => el('span', { class: `badge ${status}` }, status);
  const tags = (list) => (list || []).map((t) => el('span', { class: 'tag' }, t));
  const jobLink = (job) =>
    el('td', {}, el('a', { href: `/horizon/jobs/${job.id}` }, job.name || '(unknown type)'), el('span', { class: 'sub' }, job.id));

  function when(epochSeconds) {
    if (epochSeconds === null || epochSeconds === undefined) {
      return '–';
    }
    const date = new Date(epochSeconds * 1000);
    return el('span', { title: date.toISOString() }, `${date.toLocaleString()} (${ago(epochSeconds)})`);
  }

  function ago(epochSeconds) {
    const seconds = Math.max(0, Math.round(Date.now() / 1000 - epochSeconds));
    if (seconds < 60) return `${seconds} s ago`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
    if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
    return `${Math.floor(seconds / 86400)} d ago`;
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    if (seconds < 60) return `${seconds} s`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
    return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  }

  let toastTimer;
  function toast(message, bad = false) {
    const node = document.getElementById('toast');
    node.textContent = message;
    node.className = bad ? 'show bad' : 'show';
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (node.className = ''), 4000);
  }

  /** Asks before an action; resolves true when confirmed. */
  function confirmed(text, action = 'Confirm') {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-text').textContent = text;
    document.getElementById('confirm-ok').textContent = action;
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    });
  }

  /** An action button's click: confirm (when asked to), run, say how it went, refresh. */
  async function act(run, { confirm, done, refresh }) {
    if (confirm && !(await confirmed(confirm.text, confirm.action))) {
      return;
    }
    try {
      const result = await run();
      toast(typeof done === 'function' ? done(result) : done);
      if (refresh) await refresh();
    } catch (e) {
      toast(e.message, true);
    }
  }

  /** Newer/Older buttons: `load(startingAt)` with Horizon's starting_at (the last index shown). */
  function pager(onChange) {
    let page = 0;
    const label = main.querySelector('[data-page-label]');
    const buttons = main.querySelectorAll('[data-page-step]');
    const control = {
      startingAt: () => page * PAGE_SIZE - 1,
      reset: () => (page = 0),
      show(total) {
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        page = Math.min(page, pages - 1);
        label.textContent = `page ${page + 1} of ${pages}`;
        buttons[0].disabled = page === 0;
        buttons[1].disabled = page >= pages - 1;
      },
    };
    buttons.forEach((button) =>
      button.addEventListener('click', () => {
        page = Math.max(0, page + Number(button.dataset.pageStep));
        onChange();
      }),
    );
    return control;
  }

  function formValues(form) {
    const values = Object.fromEntries(new FormData(form).entries());
    for (const input of form.querySelectorAll('input[type=datetime-local]')) {
      values[input.name] = input.value ? new Date(input.value).toISOString() : '';
    }
    return values;
  }

  // ---- pages -------------------------------------------------------------------------------

  const pages = {};

  pages.dashboard = () => {
    const stat = (name) => main.querySelector(`[data-stat="${name}"]`);
    const workload = main.querySelector('#workload tbody');
    const supervisors = main.querySelector('#supervisors tbody');

    const refresh = live(async () => {
      const [stats, queues, masters] = await Promise.all([api('/stats'), api('/workload'), api('/masters')]);
      stat('status').replaceChildren(badge(stats.status));
      stat('jobsPerMinute').textContent = stats.jobsPerMinute.toLocaleString();
      stat('recentJobs').textContent = stats.recentJobs.toLocaleString();
      stat('failedJobs').textContent = stats.failedJobs.toLocaleString();
      stat('processes').textContent = stats.processes;
      const [waitQueue, waitSeconds] = Object.entries(stats.wait)[0] || [];
      stat('maxWait').replaceChildren(
        waitQueue ? el('span', {}, duration(waitSeconds), ' ', el('small', {}, waitQueue)) : '–',
      );
      stat('queueWithMaxRuntime').textContent = stats.queueWithMaxRuntime || '–';
      stat('queueWithMaxThroughput').textContent = stats.queueWithMaxThroughput || '–';

      fill(
        workload,
        queues.map((q) =>
          el(
            'tr',
            { 'data-queue': q.name },
            el('td', {}, q.name),
            el('td', {}, q.length),
            el('td', {}, q.delayed),
            el('td', {}, q.reserved),
            el('td', {}, duration(q.wait)),
            el('td', {}, q.processes),
            el('td', {}, badge(q.paused ? 'paused' : 'running')),
            el(
              'td',
              {},
              q.paused
                ? el('button', { class: 'small secondary', onclick: () => queueAction(q.name, 'resume') }, 'Resume')
                : el('button', { class: 'small secondary', onclick: () => queueAction(q.name, 'pause') }, 'Pause'),
            ),
          ),
        ),
        8,
        'No queues configured.',
      );

      const rows = [];
      for (const master of Object.values(masters)) {
        for (const supervisor of master.supervisors) {
          rows.push(
            el(
              'tr',
              {},
              el('td', {}, el('strong', {}, supervisor.name), el('span', { class: 'sub' }, supervisor.options.queue)),
              el('td', {}, master.node),
              el('td', {}, master.pid),
              el('td', {}, badge(supervisor.status)),
              el('td', {}, `${supervisor.workers.length} workers`),
              el('td', {}, ''),
              el('td', {}, when(master.heartbeat_at)),
            ),
          );
          for (const worker of supervisor.workers) {
            rows.push(
              el(
                'tr',
                { class: 'worker' },
                el('td', {}, worker.name, el('span', { class: 'sub' }, worker.queues.join(', '))),
                el('td', {}, master.node),
                el('td', {}, ''),
                el('td', {}, badge(worker.status)),
                el('td', {}, worker.job ? el('a', { href: `/horizon/jobs/${worker.job}` }, worker.job) : '–'),
                el('td', {}, duration(worker.job_runtime_seconds)),
                el('td', {}, ''),
              ),
            );
          }
        }
      }
      fill(supervisors, rows, 7, 'No supervisor is running: no node reads the queues.');
    });

    function queueAction(queue, action) {
      act(() => api(`/queues/${encodeURIComponent(queue)}/${action}`, { method: 'POST' }), {
        confirm:
          action === 'pause'
            ? { text: `Pause the ${queue} queue? Its jobs wait until you resume it.`, action: 'Pause' }
            : null,
        done: `Queue ${queue} ${action === 'pause' ? 'paused' : 'resumed'}.`,
        refresh,
      });
    }

    document.getElementById('pause-all').addEventListener('click', () =>
      act(() => api('/pause', { method: 'POST' }), {
        confirm: { text: 'Pause every worker on every node? Jobs wait until you continue.', action: 'Pause' },
        done: 'Paused.',
        refresh,
      }),
    );
    document.getElementById('continue-all').addEventListener('click', () =>
      act(() => api('/continue', { method: 'POST' }), { done: 'Continuing.', refresh }),
    );
  };

  pages.jobs = () => {
    const status = main.dataset.status;
    const tbody = main.querySelector('#jobs tbody');
    const paging = pager(() => refresh());
    const refresh = live(async () => {
      const page = await api(`/jobs/${status}${query({ starting_at: paging.startingAt() })}`);
      main.querySelector('#total').textContent = `${page.total.toLocaleString()} in the past hour`;
      paging.show(page.total);
      fill(
        tbody,
        page.jobs.map((job) =>
          el(
            'tr',
            {},
            jobLink(job),
            el('td', {}, job.queue),
            el('td', {}, tags(job.tags)),
            el('td', {}, job.attempts),
            el('td', {}, when(job.pushed_at)),
            el('td', {}, status === 'completed' ? when(job.completed_at) : badge(job.status)),
          ),
        ),
        6,
        `No ${status} jobs.`,
      );
    });
  };

  pages.failed = () => {
    const tbody = main.querySelector('#failed tbody');
    const filterForm = document.getElementById('filter');
    const selected = new Set();
    let filter = {};
    let shown = [];
    const buttons = {
      retry: document.getElementById('retry-selected'),
      remove: document.getElementById('delete-selected'),
      all: document.getElementById('select-all'),
    };
    const paging = pager(() => refresh());

    function showSelection() {
      buttons.retry.disabled = buttons.remove.disabled = selected.size === 0;
      document.getElementById('selected').textContent = selected.size ? `${selected.size} selected` : '';
      buttons.all.checked = shown.length > 0 && shown.every((id) => selected.has(id));
    }

    const refresh = live(async () => {
      const page = await api(`/jobs/failed${query({ ...filter, starting_at: paging.startingAt() })}`);
      main.querySelector('#total').textContent = `${page.total.toLocaleString()} failed`;
      paging.show(page.total);
      shown = page.jobs.map((job) => job.id);
      fill(
        tbody,
        page.jobs.map((job) =>
          el(
            'tr',
            { 'data-job': job.id },
            el(
              'td',
              {},
              el('input', {
                type: 'checkbox',
                'aria-label': `Select ${job.id}`,
                checked: selected.has(job.id),
                onchange: (e) => {
                  e.target.checked ? selected.add(job.id) : selected.delete(job.id);
                  showSelection();
                },
              }),
            ),
            el('td', {}, el('a', { href: `/horizon/failed/${job.id}` }, job.name || '(unknown type)'), el('span', { class: 'sub' }, job.id)),
            el('td', {}, job.queue),
            el('td', {}, tags(job.tags)),
            el('td', { class: 'exception', title: firstLine(job.exception) }, firstLine(job.exception)),
            el('td', {}, when(job.failed_at)),
            el('td', {}, el('button', { class: 'small', onclick: () => retry([job.id]) }, 'Retry')),
          ),
        ),
        7,
        'No failed jobs.',
      );
      showSelection();
    });

    function retry(ids) {
      act(() => api('/jobs/retry', { method: 'POST', body: { ids } }), {
        confirm: { text: `Retry ${ids.length === 1 ? 'this job' : `${ids.length} jobs`}?`, action: 'Retry' },
        done: (result) => `${result.retried.length} queued again.`,
        refresh: () => {
          ids.forEach((id) => selected.delete(id));
          return refresh();
        },
      });
    }

    buttons.all.addEventListener('change', () => {
      shown.forEach((id) => (buttons.all.checked ? selected.add(id) : selected.delete(id)));
      refresh();
    });
    buttons.retry.addEventListener('click', () => retry([...selected]));
    buttons.remove.addEventListener('click', () => {
      const ids = [...selected];
      act(() => api('/jobs/failed/delete', { method: 'POST', body: { ids } }), {
        confirm: { text: `Delete ${ids.length} failed job(s)? They cannot be retried afterwards.`, action: 'Delete' },
        done: (result) => `${result.deleted.length} deleted.`,
        refresh: () => {
          selected.clear();
          return refresh();
        },
      });
    });
    document.getElementById('retry-matching').addEventListener('click', async () => {
      const count = (await api(`/jobs/failed${query(filter)}`)).total;
      act(() => api('/jobs/retry', { method: 'POST', body: { filter } }), {
        confirm: { text: `Retry all ${count} failed job(s) matching the filter?`, action: 'Retry all' },
        done: (result) => `${result.retried.length} queued again.`,
        refresh,
      });
    });
    filterForm.addEventListener('submit', (e) => {
      e.preventDefault();
      filter = formValues(filterForm);
      paging.reset();
      refresh();
    });
    filterForm.addEventListener('reset', () => {
      filter = {};
      paging.reset();
      setTimeout(refresh);
    });
  };

  const firstLine = (text) => (text || '').split('\n')[0];

  pages.job = () => {
    const id = main.dataset.job;
    const retryButton = document.getElementById('retry-job');
    const deleteButton = document.getElementById('delete-job');
    const fact = (name, value) => [el('dt', {}, name), el('dd', {}, value)];

    const refresh = live(async () => {
      const job = await api(`/jobs/${encodeURIComponent(id)}`);
      document.getElementById('job-name').textContent = job.name || 'Job';
      const retries = job.retried_by || [];
      document.getElementById('facts').replaceChildren(
        ...fact('ID', job.id),
        ...fact('Type', job.name),
        ...fact('Queue', job.queue),
        ...fact('Status', badge(job.status)),
        ...fact('Attempts', job.attempts),
        ...fact('Tags', job.tags.length ? tags(job.tags) : '–'),
        ...fact('Pushed', when(job.pushed_at)),
        ...fact('Reserved', when(job.reserved_at)),
        ...fact('Completed', when(job.completed_at)),
        ...fact('Failed', when(job.failed_at)),
        ...fact(
          'Retried as',
          retries.length
            ? retries.map((r) => el('span', {}, el('a', { href: `/horizon/jobs/${r.id}` }, r.id), ' ', badge(r.status), ' ', when(r.retried_at)))
            : '–',
        ),
      );
      document.getElementById('payload').textContent = JSON.stringify(job.payload, null, 2);
      const card = document.getElementById('exception-card');
      card.hidden = !job.exception;
      document.getElementById('exception').textContent = job.exception || '';
      retryButton.hidden = deleteButton.hidden = job.status !== 'failed';
    });

    retryButton.addEventListener('click', () =>
      act(() => api(`/jobs/retry/${id}`, { method: 'POST' }), {
        confirm: { text: 'Retry this job?', action: 'Retry' },
        done: 'Queued again.',
        refresh,
      }),
    );
    deleteButton.addEventListener('click', () =>
      act(() => api(`/jobs/failed/${id}`, { method: 'DELETE' }), {
        confirm: { text: 'Delete this failed job? It cannot be retried afterwards.', action: 'Delete' },
        done: 'Deleted.',
        refresh: () => location.assign('/horizon/failed'),
      }),
    );
  };

  pages.search = () => {
    const form = document.getElementById('search');
    const tbody = main.querySelector('#results tbody');
    const initial = new URLSearchParams(location.search);
    for (const [key, value] of initial) {
      if (form.elements[key] && form.elements[key].type !== 'datetime-local') form.elements[key].value = value;
    }
    let criteria = null;
    const refresh = live(async () => {
      if (!criteria) {
        fill(tbody, [], 5, 'Search by uuid, type, tag or a part of the payload.');
        return;
      }
      const found = await api(`/search${query(criteria)}`);
      document.getElementById('scanned').textContent = found.complete
        ? `${found.jobs.length} found.`
        : `${found.jobs.length} found among the newest ${found.scanned.toLocaleString()} records.`;
      fill(
        tbody,
        found.jobs.map((job) =>
          el('tr', {}, jobLink(job), el('td', {}, job.queue), el('td', {}, tags(job.tags)), el('td', {}, badge(job.status)), el('td', {}, when(job.pushed_at))),
        ),
        5,
        'Nothing matches.',
      );
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      criteria = formValues(form);
      history.replaceState(null, '', `/horizon/search${query(criteria)}`);
      refresh();
    });
    if ([...initial.keys()].length) {
      criteria = Object.fromEntries(initial);
      refresh();
    }
  };

  pages.monitoring = () => {
    const tbody = main.querySelector('#tags tbody');
    const form = document.getElementById('monitor');
    const refresh = live(async () => {
      const monitored = await api('/monitoring');
      fill(
        tbody,
        monitored.map((m) =>
          el(
            'tr',
            {},
            el('td', {}, el('a', { href: `/horizon/monitoring/${encodeURIComponent(m.tag)}` }, m.tag)),
            el('td', {}, m.count),
            el(
              'td',
              {},
              el(
                'button',
                {
                  class: 'small secondary',
                  onclick: () =>
                    act(() => api(`/monitoring/${encodeURIComponent(m.tag)}`, { method: 'DELETE' }), {
                      confirm: { text: `Stop monitoring ${m.tag}?`, action: 'Stop' },
                      done: `No longer monitoring ${m.tag}.`,
                      refresh,
                    }),
                },
                'Stop monitoring',
              ),
            ),
          ),
        ),
        3,
        'No tag is monitored. Monitor one to follow its jobs and failures.',
      );
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const tag = form.elements.tag.value.trim();
      act(() => api('/monitoring', { method: 'POST', body: { tag } }), {
        done: `Monitoring ${tag}.`,
        refresh: () => {
          form.reset();
          return refresh();
        },
      });
    });
  };

  pages.tag = () => {
    const tag = main.dataset.tag;
    const tbody = main.querySelector('#jobs tbody');
    const paging = pager(() => refresh());
    const refresh = live(async () => {
      const page = await api(`/monitoring/${encodeURIComponent(tag)}${query({ starting_at: paging.startingAt() + 1, limit: PAGE_SIZE })}`);
      main.querySelector('#total').textContent = `${page.total.toLocaleString()} jobs`;
      paging.show(page.total);
      fill(
        tbody,
        page.jobs.map((job) =>
          el(
            'tr',
            {},
            jobLink(job),
            el('td', {}, job.queue),
            el('td', {}, badge(job.status)),
            el('td', {}, job.attempts),
            el('td', {}, when(job.pushed_at)),
            el('td', { class: 'exception' }, firstLine(job.exception)),
          ),
        ),
        6,
        'No job with this tag yet.',
      );
    });
  };

  pages.metrics = () => {
    const subject = document.getElementById('subject');
    const period = document.querySelector('#chart-options select[name=period]');
    const params = new URLSearchParams(location.search);
    const charts = {};

    function draw(id, label, points, value, stroke) {
      const target = document.getElementById(id);
      const data = [points.map((p) => p.time), points.map(value)];
      if (!charts[id]) {
        charts[id] = create(target, label, stroke, points, data);
      } else {
        charts[id].setData(data);
      }
      // The axis spans the chosen period, ending now, however few snapshots there are yet.
      const now = Date.now() / 1000;
      charts[id].setScale('x', { min: now - (period.value === 'month' ? 30 * 86400 : 2 * 3600), max: now });
    }

    function create(target, label, stroke, points, data) {
      return new uPlot(
        {
          width: target.clientWidth,
          height: 240,
          scales: { x: { auto: false } },
          series: [{}, { label, stroke, fill: `${stroke}22`, width: 2, points: { show: points.length < 40 } }],
          axes: [{}, { size: 60 }],
        },
        data,
        target,
      );
    }

    const refresh = live(async () => {
      if (!subject.options.length) {
        const [queues, jobs] = await Promise.all([api('/metrics/queues'), api('/metrics/jobs')]);
        const wanted = params.get('job') ? `jobs/${params.get('job')}` : `queues/${params.get('queue') || queues[0] || ''}`;
        subject.replaceChildren(
          el('optgroup', { label: 'Queues' }, queues.map((q) => el('option', { value: `queues/${q}`, selected: `queues/${q}` === wanted }, q))),
          el('optgroup', { label: 'Job types' }, jobs.map((j) => el('option', { value: `jobs/${j}`, selected: `jobs/${j}` === wanted }, j))),
        );
        period.value = params.get('period') === 'month' ? 'month' : 'day';
      }
      if (!subject.value) {
        document.getElementById('no-data').hidden = false;
        return;
      }
      const [kind, ...name] = subject.value.split('/');
      const points = await api(`/metrics/${kind}/${encodeURIComponent(name.join('/'))}${query({ period: period.value })}`);
      document.getElementById('no-data').hidden = points.length > 0;
      draw('throughput-chart', 'Jobs', points, (p) => p.throughput, '#4f46e5');
      draw('runtime-chart', 'Runtime (ms)', points, (p) => p.runtime, '#059669');
    });

    document.getElementById('chart-options').addEventListener('change', () => {
      const [kind, ...name] = subject.value.split('/');
      const key = kind === 'jobs' ? 'job' : 'queue';
      history.replaceState(null, '', `/horizon/metrics${query({ [key]: name.join('/'), period: period.value })}`);
      refresh();
    });
    addEventListener('resize', () => {
      for (const [id, chart] of Object.entries(charts)) {
        chart.setSize({ width: document.getElementById(id).clientWidth, height: 240 });
      }
    });
  };

  pages.audit = () => {
    const tbody = main.querySelector('#audit tbody');
    const paging = pager(() => refresh());
    const refresh = live(async () => {
      const page = await api(`/audit${query({ starting_at: paging.startingAt() })}`);
      main.querySelector('#total').textContent = `${page.total.toLocaleString()} entries`;
      paging.show(page.total);
      fill(
        tbody,
        page.entries.map((entry) =>
          el(
            'tr',
            {},
            el('td', {}, when(Date.parse(entry.at) / 1000)),
            el('td', {}, entry.actor),
            el('td', {}, entry.action),
            el(
              'td',
              {},
              entry.jobs.slice(0, 5).map((id) => el('a', { class: 'sub', href: `/horizon/jobs/${id}` }, id)),
              entry.jobs.length > 5 ? el('span', { class: 'sub' }, `and ${entry.jobs.length - 5} more`) : null,
            ),
            el('td', {}, entry.detail || ''),
          ),
        ),
        5,
        'Nothing done through the dashboard yet.',
      );
    });
  };

  pages[document.body.dataset.page]?.();
})();
