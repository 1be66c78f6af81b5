// A study: its progress (GET /api/v1/studies/{id}) and its report in the paper's shape
// (GET /api/v1/studies/{id}/report?format=json), refreshed every three seconds while it runs.
'use strict';

(() => {
  const {api, el, fill, percent, signedPoints} = LF;
  const base = '/studies/' + encodeURIComponent(LF.idFromPath());

  function showSummary(study) {
    document.getElementById('study-name').textContent = study.name || study.id;
    document.title = (study.name || 'Study') + ' · LossForge';
    const state = document.getElementById('state');
    state.textContent = study.state;
    state.className = 'state ' + study.state;
    document.getElementById('study-setup').textContent = study.losses.length + ' losses · ' + study.tasks.length
      + ' task(s) · ' + study.seeds + ' seeds · budgets ' + study.budgets.join(', ') + ' · reference ' + study.reference;
    const p = study.progress;
    const progress = document.getElementById('progress');
    progress.max = p.trials;
    progress.value = p.finished + p.unevaluated;
    const eta = study.state !== 'RUNNING' || p.etaSeconds === null ? '' : ' · about ' + Math.round(p.etaSeconds) + ' s left';
    document.getElementById('progress-label').textContent =
      p.finished + ' of ' + p.trials + ' trials finished, ' + p.running + ' running' + eta;
  }

  function verdicts(cell) {
    if (!cell.paperVerdict && !cell.intervalVerdict) return '';
    return el('span', {}, ' ',
      el('span', {class: 'verdict-' + cell.paperVerdict}, (cell.paperVerdict || '–').toLowerCase()), ' / ',
      el('span', {class: 'verdict-' + cell.intervalVerdict}, (cell.intervalVerdict || '–').toLowerCase()));
  }

  function cellText(cell, reference) {
    if (!cell) return el('td', {class: 'number'}, '–');
    if (reference) {
      const sd = cell.sdAccuracy === null ? '' : ' ± ' + (100 * cell.sdAccuracy).toFixed(2);
      return el('td', {class: 'number'}, percent(cell.meanAccuracy) + sd);
    }
    const interval = cell.deltaLow === null ? ''
      : ' [' + signedPoints(cell.deltaLow) + ', ' + signedPoints(cell.deltaHigh) + ']';
    return el('td', {class: 'number'}, signedPoints(cell.delta), el('span', {class: 'interval'}, interval), verdicts(cell));
  }

  function showReport(report) {
    const table = document.querySelector('#report table');
    fill(table.querySelector('thead'), [el('tr', {}, el('th', {}, 'Loss'),
      report.columns.map((c) => el('th', {class: 'number'}, c.label + (c.budget === 1 ? '' : ' ×' + c.budget))))]);
    fill(table.querySelector('tbody'), report.rows.map((row) => {
      const reference = row.loss === report.reference;
      const cells = report.columns.map((c) => row.cells.find((x) => x.task === c.task && x.budget === c.budget));
      return el('tr', {'data-loss': row.loss}, el('td', {}, el('code', {}, row.loss), reference ? ' (reference)' : ''),
        cells.map((cell) => cellText(cell, reference)));
    }));
    const warnings = document.getElementById('warnings');
    fill(warnings.querySelector('ul'), report.warnings.map((w) => el('li', {}, w)));
    warnings.hidden = report.warnings.length === 0;
  }

  async function refresh() {
    const [study, report] = await Promise.all([api(base), api(base + '/report?format=json')]);
    showSummary(study);
    showReport(report);
    return study.state !== 'RUNNING';
  }

  document.addEventListener('DOMContentLoaded', () => LF.poll(refresh, 3000));
})();
