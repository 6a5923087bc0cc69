// The pages "not found" (404.html, which the server also answers for an
// unknown page and for a browser that goes to an address of the API) and
// "not allowed" (403.html): in the app's layout and the reader's language,
// with a way back.  Whoever is logged in keeps the header with their menu.
import { boot, problemPage } from './page.js';

async function main() {
  await boot({ optional: true });
  let kind = document.body.dataset.problem || 'notFound';
  if (window.location.pathname.startsWith('/api/')) kind = 'api';
  problemPage(kind, null);
}

main();
