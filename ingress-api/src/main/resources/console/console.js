// The operator console: reads the admin API every 10 s and draws it. No framework, no build step:
// one file the browser runs as is (the edge's CSP allows scripts from this origin only, never inline).
// Everything is written into the page as text (textContent), never as HTML, and the API it reads
// carries no user ids and no prompt or answer text.
(() => {
  'use strict';

  const REFRESH_MS = 10_000;
  const KEY_ITEM = 'multi-ai-gateway.admin-key';
  const RANGES = { '1h': 'last hour', '24h': 'last day', '7d': 'last 7 days' };
  const STEP_MS = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 };
  const STEP_NAME = { '1m': 'minute', '1h': 'hour', '1d': 'day' };

  const $ = (id) => document.getElementById(id);
  const charts = {};
  let range = rangeFromHash();
  let timer = null;
  let last = null;

  class ApiError extends Error {
    constructor(status, problem, path) {
      super((problem && problem.detail) || (status ? 'HTTP ' + status : 'the gateway cannot be reached'));
      this.status = status;
      this.problem = problem || {};
      this.path = path;
    }
  }

  // ---- data -------------------------------------------------------------------------------------

  async function get(path) {
    const headers = { accept: 'application/json' };
    const key = sessionStorage.getItem(KEY_ITEM);
    if (key) {
      headers.authorization = 'Bearer ' + key;
    }
    let response;
    try {
      response = await fetch(path, { headers, cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, null, path);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      // not JSON (a proxy's error page): the status says enough
    }
    if (!response.ok) {
      throw new ApiError(response.status, body, path);
    }
    return body;
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const q = '?range=' + encodeURIComponent(range);
      const [status, summary, comparison, alerts, edge, totals] = await Promise.all([
        get('/api/ai/status'),
        get('/api/ai/analytics/summary' + q),
        get('/api/ai/analytics/model-comparison' + q),
        get('/api/ai/alerts'),
        get('/api/ai/analytics/edge'),
        get('/api/ai/metrics'),
      ]);
      last = { status, summary, comparison, alerts, edge, totals };
      $('key-panel').hidden = true;
      $('forget-key').hidden = !sessionStorage.getItem(KEY_ITEM);
      render(last);
      timer = setTimeout(refresh, REFRESH_MS);
    } catch (e) {
      failed(e);
    }
  }

  function failed(e) {
    if (!(e instanceof ApiError)) {
      showState('The console failed: ' + e.message, true);
      timer = setTimeout(refresh, REFRESH_MS);
      return;
    }
    const type = String(e.problem.type || '');
    if (e.status === 401 || (e.status === 403 && type.endsWith(':forbidden'))) {
      // Waits for a key instead of polling: every refused call is an audit event.
      const hadKey = !!sessionStorage.getItem(KEY_ITEM);
      sessionStorage.removeItem(KEY_ITEM);
      askForKey(e.status === 403
        ? 'This key is not an admin key: the console reads admin endpoints (analytics, alerts). Enter a key with the admin role.'
        : hadKey ? 'This key is not valid. Enter an admin API key.' : 'This console needs an admin API key.');
      return;
    }
    const what = e.status === 0 ? 'The gateway cannot be reached'
      : e.status === 429 ? 'Rate-limited by the gateway (retrying)'
      : 'The API answered ' + e.status + ' on ' + e.path;
    showState(what + (e.status && e.message ? ': ' + e.message : '') + (last ? '. Showing the last figures.' : ''), true);
    timer = setTimeout(refresh, REFRESH_MS);
  }

  function askForKey(message) {
    $('dashboard').hidden = true;
    $('state').hidden = true;
    $('forget-key').hidden = true;
    $('key-message').textContent = message;
    $('key-panel').hidden = false;
    $('updated').textContent = 'waiting for a key';
    $('key-input').focus();
  }

  function showState(message, error) {
    const state = $('state');
    state.hidden = !message;
    state.textContent = message || '';
    state.classList.toggle('error', !!error);
  }

  // ---- rendering --------------------------------------------------------------------------------

  function render({ status, summary, comparison, alerts, edge, totals }) {
    $('dashboard').hidden = false;
    const aggregatorUp = status.agents && status.agents.aggregator === 'active';
    if (!totals.totalQueries) {
      showState(aggregatorUp
        ? 'No data yet: the aggregator has not counted any query. Send one to /api/ai/route and the figures appear within seconds.'
        : 'No data yet, and the metrics aggregator is not running (no live member of its consumer group): figures will not appear until it is.', false);
    } else if (!aggregatorUp) {
      showState('The metrics aggregator is not running: the figures below stop at its last update.', false);
    } else if (!summary.overview.totalQueries) {
      showState('No queries in the ' + RANGES[range] + ' (' + totals.totalQueries + ' in all). Choose a longer range.', false);
    } else {
      showState(null);
    }
    renderStatus(status);
    renderTiles(summary, edge);
    renderCharts(summary);
    renderSplits(summary);
    renderComparison(comparison.models);
    renderAlerts(alerts);
    const granularity = summary.range.granularity;
    $('cap-queries').textContent = 'Queries per ' + STEP_NAME[granularity];
    $('cap-cost').textContent = 'Cost per ' + STEP_NAME[granularity] + ' (USD)';
    $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString() + ' · ' + RANGES[range] + ', per ' + STEP_NAME[granularity];
  }

  function renderStatus(status) {
    const overall = $('overall');
    overall.textContent = status.status;
    overall.className = 'pill ' + (status.status === 'operational' ? 'good' : 'bad');
    const agents = $('agents');
    agents.replaceChildren(...Object.entries(status.agents).map(([agent, state]) =>
      el('li', { className: state === 'active' ? 'good' : 'bad' }, agent + ': ' + state)));
    const rows = [];
    for (const [provider, p] of Object.entries(status.providers || {})) {
      for (const [model, m] of Object.entries(p.models || {})) {
        rows.push(row([
          provider, model, p.mode,
          el('span', { className: m.available ? 'good' : 'bad' }, m.available ? 'yes' : 'no'),
          m.circuit || (m.available ? 'closed' : '–'),
          m.available ? '' : [m.reason, m.unavailableOn, m.retryAt ? 'probe at ' + time(m.retryAt) : ''].filter(Boolean).join(' · '),
        ], { model }));
      }
    }
    $('models').tBodies[0].replaceChildren(...rows);
  }

  function renderTiles(summary, edge) {
    const o = summary.overview;
    tile('kpi-queries', o.totalQueries, count(o.totalQueries));
    tile('kpi-success', o.successRate, o.totalQueries ? percent(o.successRate) : '–');
    tile('kpi-latency', o.p95Latency, o.totalCalls ? ms(o.p50Latency) + ' / ' + ms(o.p95Latency) : '–');
    tile('kpi-cost', o.totalCost, usd(o.totalCost));
    tile('kpi-cache', o.cacheHitRate, o.totalQueries ? percent(o.cacheHitRate) : '–');
    tile('kpi-ratelimit', edge.rateLimitRejections.total, count(edge.rateLimitRejections.total));
    $('kpi-ratelimit-since').textContent = time(edge.since);
    const b = summary.budget;
    tile('kpi-budget', b.costToday, usd(b.costToday) + ' of ' + usd(b.dailyBudget)
      + (b.usedShare == null ? '' : ' (' + percent(b.usedShare) + ')'));
    const bar = $('budget-bar');
    bar.style.width = Math.min(100, (b.usedShare || 0) * 100) + '%';  // CSSOM, which the CSP allows
    bar.className = b.usedShare >= 1 ? 'bad' : b.usedShare >= 0.8 ? 'warn' : '';
  }

  function tile(id, raw, text) {
    const node = $(id);
    node.textContent = text;
    node.dataset.value = raw == null ? '' : String(raw);
  }

  function renderSplits(summary) {
    split('split-model', summary.byModel);
    split('split-provider', summary.byProvider);
    split('split-complexity', summary.byComplexity);
    split('split-priority', summary.byCostPriority);
  }

  function split(id, groups) {
    const entries = Object.entries(groups || {}).sort((a, b) => b[1].totalCost - a[1].totalCost);
    const total = entries.reduce((sum, [, f]) => sum + f.totalCost, 0);
    const rows = entries.map(([name, f]) => {
      const share = el('div', { className: 'share' }, el('div'));
      share.firstChild.style.width = (total > 0 ? (f.totalCost / total) * 100 : 0) + '%';
      return row([name, share, usd(f.totalCost), count(f.totalQueries) + ' q'], { group: name }, [null, null, 'num', 'num']);
    });
    $(id).tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(4, 'no traffic in this range')]));
  }

  function renderComparison(models) {
    const rows = models.map((m) => row([
      m.model, count(m.queries), percent(m.successRate), ms(m.averageLatency), ms(m.p95Latency),
      usd(m.totalCost), usd(m.costPerQuery), count(m.cacheHits || 0),
    ], { model: m.model }, [null, 'num', 'num', 'num', 'num', 'num', 'num', 'num']));
    $('comparison').tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(8, 'no provider calls in this range')]));
  }

  function renderAlerts(alerts) {
    const active = alerts.active.map((a) => row([
      a.rule, el('span', { className: a.severity === 'critical' ? 'bad' : 'warn' }, a.severity), a.model || 'all',
      number(a.value), a.comparison + ' ' + number(a.threshold), time(a.time),
    ], { rule: a.rule }, [null, null, null, 'num', 'num', null]));
    $('alerts-active').tBodies[0].replaceChildren(...(active.length ? active : [emptyRow(6, 'none firing')]));
    const recent = alerts.recent.slice(0, 20).map((a) => row([
      time(a.time), a.rule, el('span', { className: a.state === 'FIRING' ? 'bad' : 'good' }, a.state), a.model || 'all',
      number(a.value), a.comparison + ' ' + number(a.threshold),
    ], { rule: a.rule }, [null, null, null, null, 'num', 'num']));
    $('alerts-recent').tBodies[0].replaceChildren(...(recent.length ? recent : [emptyRow(6, 'no alert has changed state')]));
  }

  // ---- charts (uPlot) ---------------------------------------------------------------------------

  /** Every step of the range, so minutes without traffic show as 0 queries (and gaps in rates). */
  function buckets(summary) {
    const step = STEP_MS[summary.range.granularity];
    const byStart = new Map(summary.timeline.map((p) => [Date.parse(p.start), p]));
    const to = Date.parse(summary.range.to);
    const from = summary.range.from ? Date.parse(summary.range.from)
      : summary.timeline.length ? Date.parse(summary.timeline[0].start) : to - step;
    const xs = [], points = [];
    for (let t = Math.floor(from / step) * step; t < to; t += step) {
      xs.push(t / 1000);
      points.push(byStart.get(t) || null);
    }
    return { xs, points };
  }

  function renderCharts(summary) {
    const { xs, points } = buckets(summary);
    const v = (f, empty) => points.map((p) => (p ? f(p) : empty));
    const c = colours();
    chart('queries', [xs, v((p) => p.queries, 0)], [{ label: 'queries', stroke: c.accent, fill: c.accentFill, paths: bars() }], c);
    chart('success', [xs, v((p) => (p.queries ? p.successRate * 100 : null), null)],
      [{ label: 'success %', stroke: c.ok, points: { show: true, size: 4 } }], c, { range: [0, 100] });
    chart('latency', [xs, v((p) => p.p50Latency, null), v((p) => p.p95Latency, null)],
      [{ label: 'p50 ms', stroke: c.accent, points: { show: true, size: 4 } },
        { label: 'p95 ms', stroke: c.accent2, points: { show: true, size: 4 } }], c);
    chart('cost', [xs, v((p) => p.totalCost, 0)], [{ label: 'USD', stroke: c.accent2, fill: c.accent2Fill, paths: bars(),
      value: (u, x) => (x == null ? '–' : usd(x)) }], c, null, (u, ticks) => ticks.map((t) => usd(t)));
  }

  function bars() {
    return uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined;
  }

  function chart(name, data, series, c, yScale, yValues) {
    const target = $('chart-' + name);
    const existing = charts[name];
    if (existing && existing.series.length === series.length + 1) {
      existing.setData(data);
      return;
    }
    if (existing) {
      existing.destroy();
    }
    const axis = { stroke: c.muted, grid: { stroke: c.grid }, ticks: { stroke: c.grid } };
    charts[name] = new uPlot({
      width: Math.max(target.clientWidth, 200),
      height: 200,
      series: [{}, ...series],
      scales: { x: { time: true }, y: yScale || { auto: true } },
      // Costs per minute are fractions of a cent: the y axis prints them as such, not rounded to 0.
      axes: [axis, { ...axis, size: 64, ...(yValues ? { values: yValues } : {}) }],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }, data, target);
  }

  function colours() {
    const css = getComputedStyle(document.documentElement);
    const get = (name) => css.getPropertyValue(name).trim();
    return {
      accent: get('--accent'), accent2: get('--accent2'), ok: get('--ok'), muted: get('--muted'), grid: get('--grid'),
      accentFill: get('--accent') + '55', accent2Fill: get('--accent2') + '55',
    };
  }

  function resizeCharts() {
    for (const [name, u] of Object.entries(charts)) {
      u.setSize({ width: Math.max($('chart-' + name).clientWidth, 200), height: 200 });
    }
  }

  function redrawCharts() {
    for (const name of Object.keys(charts)) {
      charts[name].destroy();
      delete charts[name];
    }
    if (last) {
      renderCharts(last.summary);
    }
  }

  // ---- small helpers ----------------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) {
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function row(cells, data, classes) {
    const tr = el('tr');
    Object.assign(tr.dataset, data || {});
    cells.forEach((cell, i) => {
      const td = el('td', classes && classes[i] ? { className: classes[i] } : {});
      td.append(cell instanceof Node ? cell : String(cell == null ? '–' : cell));
      tr.append(td);
    });
    return tr;
  }

  function emptyRow(columns, text) {
    const td = el('td', { className: 'empty', colSpan: columns }, text);
    return el('tr', {}, td);
  }

  function count(n) { return n == null ? '–' : Number(n).toLocaleString('en-US'); }
  function percent(x) { return x == null ? '–' : (x * 100).toFixed(1) + '%'; }
  function ms(x) { return x == null ? '–' : Math.round(x) + ' ms'; }
  function number(x) { return x == null ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString(); }
  function usd(x) {
    if (x == null) return '–';
    return '$' + (x === 0 ? '0' : x >= 1 ? x.toFixed(2) : Number(x.toPrecision(3)).toString());
  }
  function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : '–'; }

  function rangeFromHash() {
    const wanted = new URLSearchParams(location.hash.slice(1)).get('range');
    return Object.prototype.hasOwnProperty.call(RANGES, wanted) ? wanted : '1h';
  }

  // ---- wiring -----------------------------------------------------------------------------------

  function selectRange(next) {
    range = next;
    for (const button of document.querySelectorAll('[data-range]')) {
      button.setAttribute('aria-pressed', String(button.dataset.range === range));
    }
  }

  document.querySelectorAll('[data-range]').forEach((button) => button.addEventListener('click', () => {
    selectRange(button.dataset.range);
    history.replaceState(null, '', '#range=' + range);
    refresh();
  }));
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('key-input').value.trim();
    if (key) {
      sessionStorage.setItem(KEY_ITEM, key);
      $('key-input').value = '';
      $('key-panel').hidden = true;
      refresh();
    }
  });
  $('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_ITEM);
    clearTimeout(timer);
    askForKey('Key forgotten. Enter an admin API key to continue.');
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redrawCharts);
  new ResizeObserver(resizeCharts).observe(document.querySelector('.charts'));
  selectRange(range);
  refresh();
})();
