// The sign-in form: the key goes in a POST body with the CSRF token, never in a URL. Spring Security
// answers with a redirect: to the page asked for (signed in) or back here with ?error (refused).
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('sign-in');
  const error = document.getElementById('sign-in-error');
  const info = document.getElementById('sign-in-info');
  const params = new URLSearchParams(location.search);
  if (params.has('error')) {
    error.textContent = 'That key was refused: it is not an API key of this orchestrator that may view.';
    error.hidden = false;
  } else if (params.has('signed-out')) {
    info.textContent = 'Signed out.';
    info.hidden = false;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = form.elements.key.value;
    form.elements.key.value = '';
    const response = await LF.postForm('/ui/sign-in', {key});
    if (response.redirected) {
      location.assign(response.url);
    } else {
      error.textContent = 'The sign-in was not accepted (' + response.status + '): reload the page and try again.';
      error.hidden = false;
    }
  });
});
