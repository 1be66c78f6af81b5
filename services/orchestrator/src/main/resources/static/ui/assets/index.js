// The list of searches and studies (GET /api/v1/searches, GET /api/v1/studies), newest first.
'use strict';

(() => {
  const {el, fill, percent, when} = LF;

  function searchRow(s) {
    return el('tr', {'data-id': s.id},
      el('td', {}, el('a', {href: '/ui/searches/' + encodeURIComponent(s.id)}, s.name || s.id)),
      el('td', {}, el('span', {class: 'state ' + s.state}, s.state)),
      el('td', {}, s.task.dataset + ' / ' + s.task.model),
      el('td', {class: 'number'}, Math.min(s.generation + 1, s.generationLimit) + ' of ' + s.generationLimit),
      el('td', {class: 'number'}, s.best ? percent(s.best.fitness) : '–'),
      el('td', {}, s.createdBy || '–'),
      el('td', {}, when(s.createdAt)));
  }

  function studyRow(s) {
    return el('tr', {'data-id': s.id},
      el('td', {}, el('a', {href: '/ui/studies/' + encodeURIComponent(s.id)}, s.name || s.id)),
      el('td', {}, el('span', {class: 'state ' + s.state}, s.state)),
      el('td', {class: 'number'}, s.progress.finished + ' of ' + s.progress.trials),
      el('td', {}, s.losses.map((l) => l.label).join(', ')),
      el('td', {}, s.createdBy),
      el('td', {}, when(s.createdAt)));
  }

  function show(section, items, row) {
    const node = document.getElementById(section);
    fill(node.querySelector('tbody'), items.map(row));
    node.querySelector('.empty').hidden = items.length > 0;
  }

  async function refresh() {
    const [searches, studies] = await Promise.all([LF.api('/searches?size=100'), LF.api('/studies?size=100')]);
    show('searches', searches.items, searchRow);
    show('studies', studies.items, studyRow);
    return false;
  }

  document.addEventListener('DOMContentLoaded', () => LF.poll(refresh, 5000));
})();
