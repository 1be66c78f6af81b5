// LossForge web view: what every page shares. Every figure on a page comes from the public API
// (/api/v1, read with the session cookie); nothing is computed here that the API does not answer.
// Data is only ever written as text (textContent) or through KaTeX, never as markup.
'use strict';

const LF = (() => {
  /** Spring Security's CSRF token, from the cookie it sets (echoed in X-XSRF-TOKEN on every write). */
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  /** GET /api/v1{path}; a session that ended sends the person back to the sign-in page. */
  async function api(path, accept = 'application/json') {
    const response = await fetch('/api/v1' + path, {headers: {Accept: accept}, credentials: 'same-origin'});
    if (response.status === 401) {
      location.assign('/ui/sign-in');
      throw new Error('the session has ended');
    }
    if (!response.ok) {
      throw new Error('GET /api/v1' + path + ' answered ' + response.status);
    }
    return accept === 'application/json' ? response.json() : response.text();
  }

  /** A form POST with the CSRF token; Spring Security answers with a redirect, which the page follows. */
  async function postForm(url, fields) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'X-XSRF-TOKEN': csrfToken(), 'Content-Type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams(fields),
    });
  }

  /** An element with attributes and children (strings become text nodes, never markup). */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'class') node.className = value;
      else if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  /** A loss in LaTeX, typeset by KaTeX (the API's LaTeX export, or LeaderboardRow.latex). */
  function formula(latex) {
    const node = el('span', {class: 'formula'});
    katex.render(latex, node, {throwOnError: false});
    return node;
  }

  const percent = (x, digits = 2) => (x === null || x === undefined ? '–' : (100 * x).toFixed(digits) + ' %');
  const signedPoints = (x) => (x === null || x === undefined ? '–' : (x >= 0 ? '+' : '') + (100 * x).toFixed(2));
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '–');
  const FINAL_SEARCH = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

  /** The id after {@code /ui/<kind>/} in this page's path. */
  function idFromPath() {
    return decodeURIComponent(location.pathname.split('/').filter(Boolean).pop());
  }

  /** Replaces a table body's rows. */
  function fill(tbody, rows) {
    tbody.replaceChildren(...rows);
  }

  /** Runs {@code refresh} now and every {@code ms} until it returns true (the thing shown has ended). */
  function poll(refresh, ms) {
    const tick = async () => {
      let done = false;
      try {
        done = await refresh();
        showProblem(null);
      } catch (e) {
        console.warn(e);
        showProblem('Could not refresh this page: ' + e.message);
      }
      if (!done) setTimeout(tick, ms);
    };
    tick();
  }

  /** Says on the page that what it shows may be out of date (null: it is not). */
  function showProblem(text) {
    let banner = document.getElementById('page-problem');
    if (!banner && text) {
      banner = el('p', {id: 'page-problem', class: 'message error', role: 'alert'});
      document.querySelector('main').prepend(banner);
    }
    if (banner) {
      banner.textContent = text || '';
      banner.hidden = !text;
    }
    document.body.classList.toggle('stale', Boolean(text));
  }

  function wireSignOut() {
    const button = document.getElementById('sign-out');
    if (button) {
      button.addEventListener('click', async () => {
        const response = await postForm('/ui/sign-out', {});
        location.assign(response.url);
      });
    }
  }

  document.addEventListener('DOMContentLoaded', wireSignOut);

  return {api, postForm, csrfToken, el, formula, percent, signedPoints, when, idFromPath, fill, poll, FINAL_SEARCH};
})();
