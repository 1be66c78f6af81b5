// A search: live progress, fitness per generation, leaderboard, Pareto front, lineage of the best loss,
// export, and the trials in flight. Read from GET /api/v1/searches/{id}, .../generations, .../leaderboard,
// .../hall-of-fame, .../candidates, /api/v1/losses/{hash}/export and /api/v1/trainers; refreshed every
// two seconds until the search has ended.
'use strict';

(() => {
  const {api, el, fill, formula, percent, signedPoints} = LF;
  const id = LF.idFromPath();
  const base = '/searches/' + encodeURIComponent(id);
  const latexByHash = new Map();
  let generationChart = null;
  let paretoChart = null;
  let exported = null;
  let exportChosen = false;
  let lineageOf = null;

  async function latex(hash) {
    if (!latexByHash.has(hash)) {
      latexByHash.set(hash, (await api('/losses/' + hash + '/export?format=latex', 'text/plain')).trim());
    }
    return latexByHash.get(hash);
  }

  function showSummary(search, finished) {
    document.getElementById('search-name').textContent = search.name || search.id;
    document.title = (search.name || 'Search') + ' · LossForge';
    const state = document.getElementById('state');
    state.textContent = search.state;
    state.className = 'state ' + search.state;
    const t = search.task;
    document.getElementById('task').textContent = t.dataset + ' / ' + t.model + ' · ' + t.trainSamples
      + ' training samples · ' + t.epochs + ' epoch(s) · population ' + search.search.populationSize;
    const progress = document.getElementById('progress');
    progress.max = search.generationLimit;
    progress.value = finished;
    document.getElementById('progress-label').textContent =
      finished + ' of ' + search.generationLimit + ' generations finished';
    const c = search.counts;
    const screened = Object.values(c.screenedOut).reduce((a, b) => a + b, 0);
    const counts = [['candidates', c.candidates], ['trained', c.evaluated], ['pending', c.pending],
      ['cache hits', c.cacheHits], ['equivalent', c.equivalent], ['screened out', screened],
      ['does not learn', c.doesNotLearn], ['diverged', c.diverged], ['failed', c.failed],
      ['unevaluated', c.unevaluated]];
    fill(document.getElementById('counts'),
      counts.map(([name, n]) => el('li', {'data-count': name}, name + ' ', el('b', {}, n))));
    const message = document.getElementById('search-message');
    message.textContent = search.blockedReason || search.message || '';
    message.hidden = !message.textContent;
  }

  function showGenerations(generations) {
    const labels = generations.map((g) => 'gen ' + g.generation);
    const best = generations.map((g) => g.bestFitness);
    const median = generations.map((g) => g.medianFitness);
    if (!generationChart) {
      generationChart = new Chart(document.getElementById('generation-chart'), {
        type: 'line',
        data: {labels, datasets: [
          {label: 'best fitness', data: best, borderColor: '#2f6fdb', backgroundColor: '#2f6fdb'},
          {label: 'median fitness', data: median, borderColor: '#e08a1e', backgroundColor: '#e08a1e'}]},
        options: {animation: false, maintainAspectRatio: false,
          scales: {y: {title: {display: true, text: 'validation accuracy'}}}},
      });
    } else {
      generationChart.data.labels = labels;
      generationChart.data.datasets[0].data = best;
      generationChart.data.datasets[1].data = median;
      generationChart.update();
    }
  }

  function showPareto(rows, front) {
    const point = (r) => ({x: r.nodes, y: r.fitness, label: r.expression});
    const datasets = [
      {label: 'evolved families', data: rows.filter((r) => !r.baseline).map(point), backgroundColor: '#2f6fdb'},
      {label: 'baselines', data: rows.filter((r) => r.baseline).map(point), backgroundColor: '#888', pointStyle: 'rect'},
      {label: 'Pareto front', data: front.map(point), type: 'line', stepped: 'before', borderColor: '#1f8a4c',
        backgroundColor: '#1f8a4c', pointRadius: 5}];
    // One node of room on either side, so that no point sits on the chart's edge.
    const nodes = rows.map((r) => r.nodes);
    const x = {min: Math.min(...nodes, 1) - 1, max: Math.max(...nodes, 1) + 1,
      title: {display: true, text: 'nodes (complexity)'}};
    if (!paretoChart) {
      paretoChart = new Chart(document.getElementById('pareto-chart'), {
        type: 'scatter',
        data: {datasets},
        options: {animation: false, maintainAspectRatio: false, scales: {
          x, y: {grace: '5%', title: {display: true, text: 'validation accuracy'}}}},
      });
    } else {
      paretoChart.options.scales.x = x;
      paretoChart.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
      paretoChart.update();
    }
  }

  function leaderboardRow(r) {
    const interval = r.fitnessLow === null ? '' : ' [' + percent(r.fitnessLow) + ' – ' + percent(r.fitnessHigh) + ']';
    const button = el('button', {class: 'small', type: 'button'}, 'export');
    button.addEventListener('click', () => {
      exportChosen = true;
      showExport(r.hash, r.expression);
    });
    return el('tr', {'data-hash': r.hash},
      el('td', {class: 'number'}, r.rank),
      el('td', {}, formula(r.latex)),
      el('td', {class: 'number'}, percent(r.fitness), el('span', {class: 'interval'}, interval)),
      el('td', {class: 'number'}, signedPoints(r.deltaVsCe)),
      el('td', {class: 'number'}, r.pValueVsCe === null ? '–' : r.pValueVsCe.toFixed(3)),
      el('td', {class: 'number'}, r.nodes),
      el('td', {}, r.family ? r.family.slice(0, 8) + (r.forms > 1 ? ' (' + r.forms + ' forms)' : '') : '–'),
      el('td', {}, r.baseline ? 'baseline ' + r.baseline : r.source.toLowerCase() + ', gen ' + r.generation),
      el('td', {}, button));
  }

  function showLeaderboard(rows) {
    const section = document.getElementById('leaderboard');
    fill(section.querySelector('tbody'), rows.map(leaderboardRow));
    section.querySelector('.empty').hidden = rows.length > 0;
  }

  async function showExport(hash, expression) {
    exported = hash;
    const [pytorch, tex] = await Promise.all([
      api('/losses/' + hash + '/export?format=pytorch', 'text/plain'), latex(hash)]);
    document.getElementById('export-which').textContent = '(' + expression + ')';
    document.getElementById('export-formula').replaceChildren(formula(tex));
    document.getElementById('export-pytorch').textContent = pytorch;
    document.getElementById('export-latex').textContent = tex;
    for (const format of ['pytorch', 'latex']) {
      const link = document.getElementById('export-' + format + '-link');
      link.href = '/api/v1/losses/' + hash + '/export?format=' + format;
      link.download = 'loss-' + hash + (format === 'pytorch' ? '.py' : '.tex');
    }
  }

  /** The candidates of the previous generation each candidate was bred from, back to generation 0. */
  async function lineageNode(candidate, byPlace, budget) {
    budget.left--;
    const fitness = candidate.fitness === null ? '' : ' · ' + percent(candidate.fitness);
    const item = el('li', {class: 'ancestor'}, formula(await latex(candidate.hash)),
      el('span', {class: 'muted'}, '  gen ' + candidate.generation + ' #' + candidate.position + ' · '
        + candidate.source.toLowerCase() + fitness));
    const parents = candidate.parents.map((p) => byPlace.get((candidate.generation - 1) + ':' + p)).filter(Boolean);
    if (parents.length > 0 && budget.left > 0) {
      const list = el('ul');
      for (const parent of parents) {
        if (budget.left > 0) list.append(await lineageNode(parent, byPlace, budget));
      }
      item.append(list);
    }
    return item;
  }

  async function showLineage(search, candidates) {
    const section = document.getElementById('lineage');
    section.querySelector('.empty').hidden = search.best !== null;
    if (!search.best || lineageOf === search.best.hash + candidates.length) return;
    lineageOf = search.best.hash + candidates.length;
    const byPlace = new Map();
    for (const c of candidates) {
      const place = c.generation + ':' + c.position;
      if (!byPlace.has(place)) byPlace.set(place, c);
    }
    const best = candidates.find((c) => c.hash === search.best.hash && c.generation === search.best.generation);
    const tree = best ? [await lineageNode(best, byPlace, {left: 40})] : [];
    document.getElementById('lineage-tree').replaceChildren(...tree);
  }

  function showInFlight(trainers, candidates) {
    const losses = new Map();
    for (const c of candidates) if (c.evaluationId !== null) losses.set(c.evaluationId, c.expression);
    const rows = [];
    for (const t of trainers) {
      const mine = t.attempts.filter((a) => losses.has(a.evaluationId));
      const trainer = [el('td', {}, t.url), el('td', {}, el('span', {class: 'state ' + t.state}, t.state)),
        el('td', {class: 'number'}, t.busy + ' of ' + t.slots)];
      if (mine.length === 0) {
        rows.push(el('tr', {class: 'idle'}, ...trainer, el('td', {colspan: 4, class: 'muted'}, 'none of this search')));
      }
      for (const a of mine) {
        const batches = a.batchesTotal ? a.batchesDone + ' of ' + a.batchesTotal : '–';
        rows.push(el('tr', {class: 'attempt', 'data-evaluation': a.evaluationId}, ...trainer.map((n) => n.cloneNode(true)),
          el('td', {class: 'number'}, a.evaluationId), el('td', {}, el('code', {}, losses.get(a.evaluationId))),
          el('td', {}, a.phase || a.state), el('td', {class: 'number'}, batches)));
      }
    }
    const section = document.getElementById('in-flight');
    fill(section.querySelector('tbody'), rows);
    const count = rows.filter((r) => r.classList.contains('attempt')).length;
    document.getElementById('in-flight-count').textContent = '(' + count + ')';
    section.querySelector('.empty').hidden = count > 0;
  }

  async function refresh() {
    const search = await api(base);
    const [generations, rows, front, candidates, trainers] = await Promise.all([
      api(base + '/generations'), api(base + '/leaderboard?limit=100'), api(base + '/hall-of-fame'),
      api(base + '/candidates?size=1000'), api('/trainers')]);
    showSummary(search, generations.length);
    showGenerations(generations);
    showPareto(rows, front);
    showLeaderboard(rows);
    showInFlight(trainers, candidates.items);
    await showLineage(search, candidates.items);
    const pick = search.best || rows[0];
    // The best loss, until the person picks another row to export.
    if (pick && !exportChosen && pick.hash !== exported) await showExport(pick.hash, pick.expression);
    return LF.FINAL_SEARCH.includes(search.state);
  }

  document.addEventListener('DOMContentLoaded', () => LF.poll(refresh, 2000));
})();
